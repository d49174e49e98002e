package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

var (
	_ resource.ResourceWithImportState    = &userResource{}
	_ resource.ResourceWithValidateConfig = &userResource{}
	_ resource.ResourceWithModifyPlan     = &userResource{}
)

const userType = "mspbackup_user"

// NewUserResource manages a user: MSP staff, or a customer account's user.
func NewUserResource() resource.Resource { return &userResource{resourceClient{typeName: userType}} }

type userResource struct{ resourceClient }

// userModel holds what the API returns about a user. It is shared by the
// resource (embedded in userResourceModel), the user data source and the
// elements of the users data source.
type userModel struct {
	ID                 types.String `tfsdk:"id"`
	Login              types.String `tfsdk:"login"`
	Email              types.String `tfsdk:"email"`
	FirstName          types.String `tfsdk:"first_name"`
	LastName           types.String `tfsdk:"last_name"`
	DisplayName        types.String `tfsdk:"display_name"`
	NotificationEmails types.Set    `tfsdk:"notification_emails"`
	CustomerAccountID  types.String `tfsdk:"customer_account_id"`
	CompanyID          types.String `tfsdk:"company_id"`
	StorageAccountID   types.String `tfsdk:"storage_account_id"`
	Bucket             types.String `tfsdk:"bucket"`
	StorageLimitID     types.String `tfsdk:"storage_limit_id"`
	Enabled            types.Bool   `tfsdk:"enabled"`
	LicenseSource      types.String `tfsdk:"license_source"`
	MFAMethod          types.String `tfsdk:"mfa_method"`
	MobilePhone        types.String `tfsdk:"mobile_phone"`
	MaskData           types.Bool   `tfsdk:"mask_data"`
	CreatedAt          types.String `tfsdk:"created_at"`
	UpdatedAt          types.String `tfsdk:"updated_at"`
}

// userResourceModel adds what only Terraform knows: secrets the API never
// returns and create-time switches.
type userResourceModel struct {
	userModel
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	GeneratePassword  types.Bool   `tfsdk:"generate_password"`
	GeneratedPassword types.String `tfsdk:"generated_password"`
	SendWelcomeEmail  types.Bool   `tfsdk:"send_welcome_email"`
	// BackupDataOnDestroy is state only: what Delete does with the user's
	// backed-up data.
	BackupDataOnDestroy types.String `tfsdk:"backup_data_on_destroy"`
}

// What destroying a user does with its computers' backed-up data.
const (
	backupDataKeep   = "keep"
	backupDataDelete = "delete"
)

func userModelFrom(u *client.User) userModel {
	return userModel{
		ID:                 types.StringValue(u.ID),
		Login:              types.StringValue(u.Login),
		Email:              types.StringValue(u.Email),
		FirstName:          types.StringValue(u.FirstName),
		LastName:           types.StringValue(u.LastName),
		DisplayName:        types.StringValue(u.DisplayName),
		NotificationEmails: stringSet(u.NotificationEmails),
		CustomerAccountID:  types.StringPointerValue(u.CustomerAccountID),
		CompanyID:          types.StringPointerValue(u.CompanyID),
		StorageAccountID:   types.StringPointerValue(u.StorageAccountID),
		Bucket:             types.StringValue(u.Bucket),
		StorageLimitID:     types.StringPointerValue(u.StorageLimitID),
		Enabled:            types.BoolValue(u.Enabled),
		LicenseSource:      types.StringValue(u.LicenseSource),
		MFAMethod:          types.StringValue(u.MFAMethod),
		MobilePhone:        types.StringValue(u.MobilePhone),
		MaskData:           types.BoolValue(u.MaskData),
		CreatedAt:          timeString(u.CreatedAt),
		UpdatedAt:          timeString(u.UpdatedAt),
	}
}

// terraformValues returns m's attributes as Terraform values, by name: what
// State.Set of a model holding m writes for them, without its reflection.
func (m userModel) terraformValues(ctx context.Context) (map[string]tftypes.Value, error) {
	attrs := map[string]attr.Value{
		"id": m.ID, "login": m.Login, "email": m.Email, "first_name": m.FirstName, "last_name": m.LastName,
		"display_name": m.DisplayName, "notification_emails": m.NotificationEmails,
		"customer_account_id": m.CustomerAccountID, "company_id": m.CompanyID,
		"storage_account_id": m.StorageAccountID, "bucket": m.Bucket, "storage_limit_id": m.StorageLimitID,
		"enabled": m.Enabled, "license_source": m.LicenseSource, "mfa_method": m.MFAMethod,
		"mobile_phone": m.MobilePhone, "mask_data": m.MaskData, "created_at": m.CreatedAt, "updated_at": m.UpdatedAt,
	}
	values := make(map[string]tftypes.Value, len(attrs))
	for name, a := range attrs {
		v, err := a.ToTerraformValue(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		values[name] = v
	}
	return values, nil
}

// userDescriptions describe the user's attributes once, for the resource
// and the data sources.
var userDescriptions = map[string]string{
	"id": "The user's id, assigned by the server (`usr_...`).",
	"login": "The name the user logs in with: " + nameLength + ", without whitespace, control or format characters " +
		"(such as bidi overrides or zero-width spaces). Unique across all users ignoring letter case and Unicode " +
		"compatibility forms (`ALICE` and fullwidth `Ａlice` are both `alice`), and kept exactly as written.",
	"email":        "The user's e-mail address; login codes (with `mfa_method = \"email\"`) and the welcome e-mail go here. Defaults to empty.",
	"first_name":   "The user's first name. Defaults to empty.",
	"last_name":    "The user's last name. Defaults to empty.",
	"display_name": "The name the console shows for the user. Defaults to empty.",
	"notification_emails": "Extra e-mail addresses that receive the user's backup reports. The consoles take them as one text " +
		"separated by `;`; here they are a set of addresses (order does not matter). Defaults to none.",
	"customer_account_id": "The customer account (`ca_...`) the user belongs to; leave it out for MSP staff. " +
		"A user cannot move to another customer account: changing this destroys the user and creates a new one.",
	"company_id": "The company (`co_...`) the user belongs to; it must be in the user's customer account " +
		"(or at MSP level for MSP staff).",
	"storage_account_id": "The storage account (`sa_...`) the user's backups go to.",
	"bucket":             "The bucket or container within `storage_account_id` that holds the user's backups; needs `storage_account_id`. Defaults to empty.",
	"storage_limit_id":   "The storage limit (`sl_...`) that caps the user's backup storage.",
	"enabled":            "Whether the user can log in and back up. Defaults to `true`.",
	"license_source": "Where the user's computers take licences from: `global_pool` (the user's assignments first, then the " +
		"MSP's pool) or `assigned_only` (only licences assigned to the user). Defaults to `global_pool`.",
	"mfa_method": "The second factor at login: `email` (a code to `email`, which must then be set), `sms` (a code to " +
		"`mobile_phone`, which must then be set) or `none`. Defaults to `email`.",
	"mobile_phone": "The user's mobile phone in E.164 form, e.g. `+441632960961`; needed for `mfa_method = \"sms\"`. Defaults to empty.",
	"mask_data": "Whether the user reads other people's personal data (names, e-mail addresses, phone numbers) masked " +
		"with asterisks. Defaults to `false`.",
	"created_at": "When it was created (RFC 3339, UTC).",
	"updated_at": "When it last changed (RFC 3339, UTC), in Terraform or in the console.",
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := userDescriptions
	generated := stableComputed("The password the server generated when `generate_password` is `true`: sensitive, " +
		"known only from the create answer and kept in state from then on (it does not follow a password changed " +
		"later). Null when `generate_password` is `false`.")
	generated.Sensitive = true
	resp.Schema = schema.Schema{
		Description: "A user: MSP staff (without `customer_account_id`) or a user of an end-customer account, who logs in " +
			"to the console and backs up computers. Group memberships are managed with `mspbackup_group_membership` or " +
			"`mspbackup_group_members`, and licences with `mspbackup_license_assignment`.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("user", client.PrefixUser),
			"login": schema.StringAttribute{
				Description: d["login"],
				Required:    true,
				Validators: []validator.String{
					loginRule(),
				},
			},
			"email":        optionalString(d["email"], emailAddressOrEmpty()),
			"first_name":   optionalString(d["first_name"]),
			"last_name":    optionalString(d["last_name"]),
			"display_name": optionalString(d["display_name"]),
			"notification_emails": schema.SetAttribute{
				Description: d["notification_emails"],
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(stringSet(nil)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(emailAddress())},
			},
			"customer_account_id": optionalReference(d["customer_account_id"], client.PrefixCustomerAccount,
				stringplanmodifier.RequiresReplace()),
			"company_id":         optionalReference(d["company_id"], client.PrefixCompany),
			"storage_account_id": optionalReference(d["storage_account_id"], client.PrefixStorageAccount),
			"bucket":             optionalString(d["bucket"]),
			"storage_limit_id":   optionalReference(d["storage_limit_id"], client.PrefixStorageLimit),
			"enabled": schema.BoolAttribute{
				Description: d["enabled"], Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			},
			"license_source": schema.StringAttribute{
				Description: d["license_source"], Optional: true, Computed: true,
				Default:    stringdefault.StaticString(rules.DefaultLicenseSource),
				Validators: []validator.String{stringvalidator.OneOf(client.LicenseSources...)},
			},
			"mfa_method": schema.StringAttribute{
				Description: d["mfa_method"], Optional: true, Computed: true,
				Default:    stringdefault.StaticString(rules.DefaultMFAMethod),
				Validators: []validator.String{stringvalidator.OneOf(client.MFAMethods...)},
			},
			"mobile_phone": optionalString(d["mobile_phone"], e164Phone()),
			"mask_data": schema.BoolAttribute{
				Description: d["mask_data"], Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			},
			"send_welcome_email": schema.BoolAttribute{
				Description: "Whether the console e-mails the user a welcome message when the user is created (needs `email`). " +
					"Create-time only: changing it later sends nothing, changes nothing in the console and does not " +
					"replace the user; Terraform only records the new value. Defaults to `false`.",
				Optional: true,
			},
			"backup_data_on_destroy": schema.StringAttribute{
				Description: "What destroying the user does with the data its computers have backed up: `keep` (the " +
					"default) keeps it as retained backups of the user's customer account, listed by the API and the " +
					"console, their licences freed, until purged (the `" + purgeBackupDataType + "` action, the console or " +
					"the API); `delete` deletes it with the user. Read only when the user is destroyed: changing it is " +
					"recorded in the state and sends nothing to the console. Defaults to `keep`; imported users get `keep`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(backupDataKeep),
				Validators: []validator.String{stringvalidator.OneOf(backupDataKeep, backupDataDelete)},
			},
			"password_wo": schema.StringAttribute{
				Description: "The user's password, " + passwordLength + ", write-only: Terraform sends it to the console and " +
					"never stores it in the state or the plan (needs Terraform 1.11 or later, or OpenTofu 1.11 or later). " +
					"It is sent when the user is created and again only when `password_wo_version` changes, so set " +
					"`password_wo_version` with it and change that number to set a new password. Cannot be combined with " +
					"`password` or `generate_password = true`.",
				Optional:  true,
				WriteOnly: true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(rules.MinPassword, rules.MaxPassword),
					stringvalidator.ConflictsWith(path.MatchRoot("password")),
					stringvalidator.AlsoRequires(path.MatchRoot("password_wo_version")),
				},
			},
			"password_wo_version": schema.Int64Attribute{
				Description: "Any number you choose, kept in the state: changing it sends `password_wo` to the console again " +
					"(a new password is set in place; nothing else about the user changes). Needs `password_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
			},
			"password": schema.StringAttribute{
				Description: "The user's password, " + passwordLength + ", kept in the state (marked sensitive). For Terraform " +
					"older than 1.11: with Terraform 1.11 or later, or OpenTofu 1.11 or later, use `password_wo` instead, " +
					"which keeps the password out of the state. The API never returns it, " +
					"so Terraform keeps the configured value and cannot see a password changed outside Terraform. " +
					"Changing it here sets the new password in place. Removing it from the configuration leaves the " +
					"current password as it is. Imported users have no password in state until the next apply sets it. " +
					"Cannot be combined with `generate_password = true`; without either, the user cannot log in until a password is set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthBetween(rules.MinPassword, rules.MaxPassword)},
			},
			"generate_password": schema.BoolAttribute{
				Description: "Whether the server generates a strong password when the user is created, returned once in " +
					"`generated_password`. Create-time only: changing it on an existing user destroys the user and creates " +
					"a new one. Defaults to `false`.",
				Optional: true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
						// Null (an imported user) is unknown history: adopting the
						// configured value then replaces nothing.
						resp.RequiresReplace = !req.StateValue.IsNull() && req.StateValue.ValueBool() != req.PlanValue.ValueBool()
					},
					"Changing generate_password on an existing user replaces it.",
					"Changing `generate_password` on an existing user replaces it.",
				)},
			},
			"generated_password": generated,
			"created_at":         createdAtAttribute(),
			"updated_at":         updatedAtAttribute(),
		},
	}
}

// ValidateConfig checks at plan time the rules that tie attributes together,
// the server's own (rules.UserProblems), so a bad combination fails before
// any request. Values that are unknown until apply are left to the server.
func (r *userResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// The configuration's Terraform value is read directly, not through
	// Config.Get and its reflection (see Read). An unknown value reads as
	// the zero value, as with the framework's ValueString and ValueBool.
	var cfg map[string]tftypes.Value
	if err := req.Config.Raw.As(&cfg); err != nil {
		resp.Diagnostics.AddError("Invalid configuration of "+userType, err.Error())
		return
	}
	str := func(name string) (s string) {
		if cfg[name].IsKnown() {
			_ = cfg[name].As(&s)
		}
		return s
	}
	isTrue := func(name string) (b bool) {
		if cfg[name].IsKnown() {
			_ = cfg[name].As(&b)
		}
		return b
	}
	between := rules.User{
		MFAMethod: str("mfa_method"), Email: str("email"), MobilePhone: str("mobile_phone"),
		Bucket: str("bucket"), StorageAccount: !cfg["storage_account_id"].IsNull(),
		SendWelcomeEmail: isTrue("send_welcome_email"), GeneratePassword: isTrue("generate_password"),
		Unknown: map[string]bool{},
	}
	for _, name := range []string{"mfa_method", "email", "mobile_phone", "bucket", "storage_account_id", "send_welcome_email", "generate_password"} {
		between.Unknown[name] = !cfg[name].IsKnown()
	}
	for _, name := range []string{"password", "password_wo"} {
		if !cfg[name].IsNull() {
			between.Passwords = append(between.Passwords, name)
		}
	}
	for _, problem := range rules.UserProblems(between) {
		resp.Diagnostics.AddAttributeError(path.Root(problem.Field), "Invalid "+problem.Field,
			problem.Field+" "+problem.Message+". "+problem.Hint)
	}
	writeOnlyNeedsNewerCLI(req, &resp.Diagnostics, !cfg["password_wo"].IsNull(), "password_wo", "password")
}

// ModifyPlan plans generated_password as null, rather than unknown, for a
// new user that does not have its password generated.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	var generate types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("generate_password"), &generate)...)
	if !generate.IsUnknown() && !generate.ValueBool() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("generated_password"), types.StringNull())...)
	}
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	emails := setStrings(ctx, plan.NotificationEmails, &resp.Diagnostics)
	// A write-only password is only in the configuration, never in the plan.
	password := plan.Password.ValueString()
	if !plan.PasswordWOVersion.IsNull() {
		password = writeOnlyString(ctx, req.Config, "password_wo", &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.client.Users.Create(ctx, &client.UserCreateRequest{
		Login:              plan.Login.ValueString(),
		Email:              plan.Email.ValueString(),
		FirstName:          plan.FirstName.ValueString(),
		LastName:           plan.LastName.ValueString(),
		DisplayName:        plan.DisplayName.ValueString(),
		Password:           password,
		GeneratePassword:   plan.GeneratePassword.ValueBool(),
		NotificationEmails: emails,
		CustomerAccountID:  plan.CustomerAccountID.ValueStringPointer(),
		CompanyID:          plan.CompanyID.ValueStringPointer(),
		StorageAccountID:   plan.StorageAccountID.ValueStringPointer(),
		Bucket:             plan.Bucket.ValueString(),
		StorageLimitID:     plan.StorageLimitID.ValueStringPointer(),
		Enabled:            plan.Enabled.ValueBoolPointer(),
		LicenseSource:      plan.LicenseSource.ValueString(),
		MFAMethod:          plan.MFAMethod.ValueString(),
		MobilePhone:        plan.MobilePhone.ValueString(),
		MaskData:           plan.MaskData.ValueBoolPointer(),
		SendWelcomeEmail:   plan.SendWelcomeEmail.ValueBool(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", userType, "", err)
		return
	}
	plan.userModel = userModelFrom(u)
	plan.GeneratedPassword = types.StringNull()
	if plan.GeneratePassword.ValueBool() {
		plan.GeneratedPassword = types.StringValue(u.GeneratedPassword)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Read refreshes everything the API returns; the password and the
// create-time attributes stay as state has them (the API never returns them).
//
// It works on the state's Terraform value rather than a userResourceModel:
// State.Get and State.Set walk the struct by reflection, parsing its tags and
// checking every field's name with a regexp the framework compiles on each
// call, which was a tenth of the provider's CPU in a no-change plan of 1000
// users. What it writes is what State.Set of the model would
// (TestUserTerraformValuesMatchTheModel).
func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state map[string]tftypes.Value
	var id, accountID string
	err := req.State.Raw.As(&state)
	if err == nil {
		err = errors.Join(state["id"].As(&id), state["customer_account_id"].As(&accountID))
	}
	if err != nil {
		resp.Diagnostics.AddError("Invalid state of "+userType, err.Error())
		return
	}
	u, err := r.reads.user(ctx, accountID, id)
	if removeIfGone(ctx, resp, userType, id, err) {
		return
	}
	fromAPI, err := userModelFrom(u).terraformValues(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Invalid "+userType+" from the API", err.Error())
		return
	}
	maps.Copy(state, fromAPI)
	if state["backup_data_on_destroy"].IsNull() {
		// Imported, or created by a provider without the attribute: the
		// default, so that neither plans a change.
		state["backup_data_on_destroy"] = tftypes.NewValue(tftypes.String, backupDataKeep)
	}
	resp.State.Raw = tftypes.NewValue(req.State.Raw.Type(), state)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Update sends, as one merge patch, only what the plan changes. A change of
// send_welcome_email or generate_password alone (for an imported user) sends
// nothing: it is recorded in state only, and so is backup_data_on_destroy.
func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	patch := client.UserUpdateRequest{
		Login:              changedString(plan.Login, state.Login),
		Email:              changedString(plan.Email, state.Email),
		FirstName:          changedString(plan.FirstName, state.FirstName),
		LastName:           changedString(plan.LastName, state.LastName),
		DisplayName:        changedString(plan.DisplayName, state.DisplayName),
		NotificationEmails: changedSet(ctx, plan.NotificationEmails, state.NotificationEmails, &resp.Diagnostics),
		CompanyID:          changedRef(plan.CompanyID, state.CompanyID),
		StorageAccountID:   changedRef(plan.StorageAccountID, state.StorageAccountID),
		Bucket:             changedString(plan.Bucket, state.Bucket),
		StorageLimitID:     changedRef(plan.StorageLimitID, state.StorageLimitID),
		Enabled:            changedBool(plan.Enabled, state.Enabled),
		LicenseSource:      changedString(plan.LicenseSource, state.LicenseSource),
		MFAMethod:          changedString(plan.MFAMethod, state.MFAMethod),
		MobilePhone:        changedString(plan.MobilePhone, state.MobilePhone),
		MaskData:           changedBool(plan.MaskData, state.MaskData),
	}
	if !plan.Password.IsNull() && !plan.Password.Equal(state.Password) {
		patch.Password = plan.Password.ValueStringPointer()
	}
	// The write-only password is sent only when its version changes: an
	// unrelated change never sends it again.
	if !plan.PasswordWOVersion.IsNull() && !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) {
		pw := writeOnlyString(ctx, req.Config, "password_wo", &resp.Diagnostics)
		patch.Password = &pw
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		u   *client.User
		err error
	)
	if patch == (client.UserUpdateRequest{}) {
		u, err = r.client.Users.Get(ctx, id)
	} else {
		u, err = r.client.Users.Update(ctx, id, &patch)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "update", userType, id, err)
		return
	}
	plan.userModel = userModelFrom(u)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Delete keeps the user's backed-up data as retained backups, unless
// backup_data_on_destroy is "delete".
func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var backupData types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("backup_data_on_destroy"), &backupData)...)
	if resp.Diagnostics.HasError() {
		return
	}
	del := r.client.Users.Delete
	if backupData.ValueString() == backupDataDelete {
		del = r.client.Users.DeleteWithBackupData
	}
	deleteByID(ctx, req, resp, userType, del)
}

// ImportState takes an id (usr_...) or "login:<login>" (ignoring letter case).
// An imported user has no password in state; its backup_data_on_destroy is
// the default, keep (set by Read).
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrKey(ctx, req, resp, userType, client.PrefixUser, "login", "",
		idByKey(r.client, findUserByLogin, func(x *client.User) string { return x.ID }))
}

// findUserByLogin looks a user up by login, ignoring letter case.
func findUserByLogin(ctx context.Context, c *client.Client, login string) (*client.User, error) {
	items, err := c.Users.ListAll(ctx, &client.ListOptions{Login: login})
	return findOne(items, err, "user", "login", login)
}
