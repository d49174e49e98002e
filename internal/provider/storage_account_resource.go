package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ resource.ResourceWithImportState    = &storageAccountResource{}
	_ resource.ResourceWithValidateConfig = &storageAccountResource{}
)

const storageAccountType = "mspbackup_storage_account"

// NewStorageAccountResource manages a storage account: where users' backups go.
func NewStorageAccountResource() resource.Resource {
	return &storageAccountResource{resourceClient{typeName: storageAccountType}}
}

type storageAccountResource struct{ resourceClient }

// storageAccountModel holds what the API returns; it is shared by the
// resource and the data source.
type storageAccountModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Type        types.String `tfsdk:"type"`
	Endpoint    types.String `tfsdk:"endpoint"`
	Region      types.String `tfsdk:"region"`
	AccessKeyID types.String `tfsdk:"access_key_id"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
}

// storageAccountResourceModel adds the write-only secret, which only the
// resource has: the API never returns it.
type storageAccountResourceModel struct {
	storageAccountModel
	SecretAccessKey          types.String `tfsdk:"secret_access_key"`
	SecretAccessKeyWO        types.String `tfsdk:"secret_access_key_wo"`
	SecretAccessKeyWOVersion types.Int64  `tfsdk:"secret_access_key_wo_version"`
}

func storageAccountModelFrom(a *client.StorageAccount) storageAccountModel {
	return storageAccountModel{
		ID:          types.StringValue(a.ID),
		Name:        types.StringValue(a.Name),
		Type:        types.StringValue(a.Type),
		Endpoint:    types.StringValue(a.Endpoint),
		Region:      types.StringValue(a.Region),
		AccessKeyID: types.StringValue(a.AccessKeyID),
		CreatedAt:   timeString(a.CreatedAt),
		UpdatedAt:   timeString(a.UpdatedAt),
	}
}

// withAPI returns m with what the API returned; the secrets and the version
// are Terraform's own (the API never returns a secret).
func (m storageAccountResourceModel) withAPI(a *client.StorageAccount) storageAccountResourceModel {
	m.storageAccountModel = storageAccountModelFrom(a)
	return m
}

func (r *storageAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A storage account: the cloud bucket service or local disk that holds users' backups. " +
			"Users point at it with `storage_account_id` and a `bucket`.",
		Attributes: map[string]schema.Attribute{
			"id":   idAttribute("storage account", client.PrefixStorageAccount),
			"name": nameAttribute("The storage account's name, unique ignoring letter case; " + nameLength + "."),
			"type": schema.StringAttribute{
				Description: "The kind of storage: one of `" + strings.Join(client.StorageTypes, "`, `") + "`. " +
					"The type cannot change: changing it destroys the storage account and creates a new one.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(client.StorageTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"endpoint": optionalString("Where the storage is. Required for `s3_compatible` (an http or https URL such as " +
				"`https://s3.example.net`) and for `local_filesystem` (an absolute directory path such as `/srv/backups`); " +
				"for the other types an optional http or https URL that overrides the provider's default. Defaults to empty."),
			"region": optionalString("The storage region, e.g. `eu-west-2`. Defaults to empty."),
			"access_key_id": optionalString("The access key id (or account name) the console uses to write to the storage. " +
				"Defaults to empty."),
			"secret_access_key_wo": schema.StringAttribute{
				Description: "The secret that goes with `access_key_id`, write-only: Terraform sends it to the console and " +
					"never stores it in the state or the plan (needs Terraform 1.11 or later, or OpenTofu 1.11 or later). " +
					"It is sent when the storage account is created and again only when `secret_access_key_wo_version` " +
					"changes, so set `secret_access_key_wo_version` with it and change that number to send a new secret. " +
					"Cannot be combined with `secret_access_key`.",
				Optional:  true,
				WriteOnly: true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.ConflictsWith(path.MatchRoot("secret_access_key")),
					stringvalidator.AlsoRequires(path.MatchRoot("secret_access_key_wo_version")),
				},
			},
			"secret_access_key_wo_version": schema.Int64Attribute{
				Description: "Any number you choose, kept in the state: changing it sends `secret_access_key_wo` to the " +
					"console again (nothing else about the storage account changes). Needs `secret_access_key_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("secret_access_key_wo"))},
			},
			"secret_access_key": schema.StringAttribute{
				Description: "The secret that goes with `access_key_id`, kept in the state (marked sensitive). For Terraform " +
					"older than 1.11: with Terraform 1.11 or later, or OpenTofu 1.11 or later, use `secret_access_key_wo` " +
					"instead, which keeps the secret out of the state. The API never returns it, " +
					"so Terraform keeps the configured value and cannot see a change made to it outside Terraform " +
					"(change it here to set it again). Imported storage accounts have no value in state until the next apply.",
				Optional:  true,
				Sensitive: true,
			},
			"created_at": createdAtAttribute(),
			"updated_at": updatedAtAttribute(),
		},
	}
}

// ValidateConfig checks at plan time the rules that tie endpoint to type, and
// that the CLI can keep secret_access_key_wo out of the state.
func (r *storageAccountResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var typ, endpoint, secretWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("type"), &typ)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("endpoint"), &endpoint)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_access_key_wo"), &secretWO)...)
	writeOnlyNeedsNewerCLI(req, &resp.Diagnostics, !secretWO.IsNull(), "secret_access_key_wo", "secret_access_key")
	if resp.Diagnostics.HasError() || typ.IsNull() || typ.IsUnknown() || endpoint.IsUnknown() {
		return
	}
	if problem := storageEndpointProblem(typ.ValueString(), endpoint.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid endpoint", problem)
	}
}

var windowsAbsPath = regexp.MustCompile(`^([A-Za-z]:[\\/]|\\\\)`)

// storageEndpointProblem mirrors the server's rule for endpoint given the
// storage type; "" means the value is fine.
func storageEndpointProblem(typ, endpoint string) string {
	switch typ {
	case client.StorageTypeS3Compatible:
		if endpoint == "" {
			return `endpoint is required when type is "s3_compatible": the service's http or https URL, such as https://s3.example.net`
		}
	case client.StorageTypeLocalFilesystem:
		if endpoint == "" {
			return `endpoint is required when type is "local_filesystem": an absolute directory path, such as /srv/backups`
		}
		if !strings.HasPrefix(endpoint, "/") && !windowsAbsPath.MatchString(endpoint) {
			return fmt.Sprintf(`endpoint must be an absolute directory path such as /srv/backups when type is "local_filesystem", got %q`, endpoint)
		}
		return ""
	}
	if endpoint == "" {
		return ""
	}
	if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Sprintf("endpoint must be an http or https URL with a host, such as https://s3.example.net, when type is %q; got %q", typ, endpoint)
	}
	return ""
}

func (r *storageAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan storageAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// A write-only secret is only in the configuration, never in the plan.
	secret := plan.SecretAccessKey.ValueString()
	if !plan.SecretAccessKeyWOVersion.IsNull() {
		secret = writeOnlyString(ctx, req.Config, "secret_access_key_wo", &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.client.StorageAccounts.Create(ctx, &client.StorageAccountCreateRequest{
		Name:            plan.Name.ValueString(),
		Type:            plan.Type.ValueString(),
		Endpoint:        plan.Endpoint.ValueString(),
		Region:          plan.Region.ValueString(),
		AccessKeyID:     plan.AccessKeyID.ValueString(),
		SecretAccessKey: secret,
	})
	setAnswer(ctx, "create", storageAccountType, "", a, err, plan.withAPI, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *storageAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state storageAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.reads.storageAccount(ctx, state.ID.ValueString())
	if removeIfGone(ctx, resp, storageAccountType, state.ID.ValueString(), err) {
		return
	}
	// The secret is never returned: keep what Terraform last set.
	resp.Diagnostics.Append(resp.State.Set(ctx, state.withAPI(a))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

func (r *storageAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state storageAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only what changed is sent. The secret is sent when it changed in the
	// configuration (Terraform cannot see it change elsewhere); removing it
	// from the configuration sends "" to clear it.
	update := &client.StorageAccountUpdateRequest{
		Name:            changedString(plan.Name, state.Name),
		Endpoint:        changedString(plan.Endpoint, state.Endpoint),
		Region:          changedString(plan.Region, state.Region),
		AccessKeyID:     changedString(plan.AccessKeyID, state.AccessKeyID),
		SecretAccessKey: changedString(plan.SecretAccessKey, state.SecretAccessKey),
	}
	// The write-only secret is sent only when its version changes (it wins
	// over clearing the legacy secret when a configuration moves to it).
	if !plan.SecretAccessKeyWOVersion.IsNull() && !plan.SecretAccessKeyWOVersion.Equal(state.SecretAccessKeyWOVersion) {
		secret := writeOnlyString(ctx, req.Config, "secret_access_key_wo", &resp.Diagnostics)
		update.SecretAccessKey = &secret
	}
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.client.StorageAccounts.Update(ctx, state.ID.ValueString(), update)
	setAnswer(ctx, "update", storageAccountType, state.ID.ValueString(), a, err, plan.withAPI, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *storageAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, storageAccountType, r.client.StorageAccounts.Delete)
}

// ImportState takes an id (sa_...) or "name:<name>". The secret access key
// cannot be imported: it stays null until the next apply sets it.
func (r *storageAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrKey(ctx, req, resp, storageAccountType, client.PrefixStorageAccount, "name", "",
		idByKey(r.client, findStorageAccountByName, func(x *client.StorageAccount) string { return x.ID }))
}

func findStorageAccountByName(ctx context.Context, c *client.Client, name string) (*client.StorageAccount, error) {
	items, err := c.StorageAccounts.ListAll(ctx, &client.ListOptions{Name: name})
	return findOne(items, err, "storage account", "name", name)
}
