package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigValidators = &lookupDataSource[customerAccountModel, client.CustomerAccount]{}

// lookupDataSource is the one implementation of the data sources that look
// one object up by id or by a natural key (a name, a login, a user and a
// licence type): each such data source is an entry of this table, below
// in the order of the provider's registry, with its schema. M is the data
// source's model, T the API object.
type lookupDataSource[M, T any] struct {
	dataSourceClient
	typeName    string
	description string
	// attributes are all of the data source's attributes, id and keys
	// included (lookupID and lookupKey build those).
	attributes func() map[string]schema.Attribute
	// keys are the attributes that look up instead of id: exactly one of
	// id and the first is set, and the others go with the first.
	keys []string
	id   func(*M) types.String
	get  func(*client.Client) func(context.Context, string) (*T, error)
	// find looks up by the keys: through the operation's snapshots for a
	// name (see batchedSource.byName), else by a filtered list.
	find  func(context.Context, readers, *M) (*T, error)
	model func(*T) M
}

func (d *lookupDataSource[M, T]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.typeName
}

func (d *lookupDataSource[M, T]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{Description: d.description, Attributes: d.attributes()}
}

func (d *lookupDataSource[M, T]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	v := []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot(d.keys[0]))}
	if len(d.keys) > 1 {
		together := make([]path.Expression, len(d.keys))
		for i, k := range d.keys {
			together[i] = path.MatchRoot(k)
		}
		v = append(v, datasourcevalidator.RequiredTogether(together...))
	}
	return v
}

func (d *lookupDataSource[M, T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		v   *T
		err error
	)
	if id := d.id(&cfg); !id.IsNull() {
		v, err = d.get(d.client)(ctx, id.ValueString())
	} else {
		v, err = d.find(ctx, readers{client: d.client, cache: d.cache}, &cfg)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", d.typeName, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, d.model(v))...)
}

// lookupID is the id attribute of a lookup data source: set, or computed
// when a key is set.
func lookupID(description, prefix string) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true, Computed: true,
		Validators: []validator.String{idPrefix(prefix)}}
}

// lookupKey is a key attribute of a lookup data source: set, or computed
// when id is set.
func lookupKey(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true, Computed: true, Validators: validators}
}

// NewCustomerAccountDataSource looks up one customer account by id or name.
func NewCustomerAccountDataSource() datasource.DataSource {
	return &lookupDataSource[customerAccountModel, client.CustomerAccount]{
		typeName:    customerAccountType,
		description: "Looks up one end-customer account by `id` or by `name` (ignoring letter case).",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":          lookupID("The customer account's id (`ca_...`). Set exactly one of `id` and `name`.", client.PrefixCustomerAccount),
				"name":        lookupKey("The customer account's business name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"description": computedString("Free text for the MSP's own notes."),
				"status":      computedString(customerAccountStatusDescription),
				"reseller":    computedBool(resellerDescription),
				"parent_id":   computedString(parentIDDescription),
			})
		},
		keys: []string{"name"},
		id:   func(m *customerAccountModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.CustomerAccount, error) {
			return c.CustomerAccounts.Get
		},
		find: func(ctx context.Context, r readers, m *customerAccountModel) (*client.CustomerAccount, error) {
			return r.customerAccountByName(ctx, m.Name.ValueString())
		},
		model: customerAccountModelFrom,
	}
}

// NewCompanyDataSource looks up one company by id, or by name within an
// optional customer account.
func NewCompanyDataSource() datasource.DataSource {
	return &lookupDataSource[companyModel, client.Company]{
		typeName: companyType,
		description: "Looks up one company by `id`, or by `name` (ignoring letter case). Company names are unique only " +
			"within a customer account: when several customer accounts have a company of that name, also set " +
			"`customer_account_id`.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":   lookupID("The company's id (`co_...`). Set exactly one of `id` and `name`.", client.PrefixCompany),
				"name": lookupKey("The company's name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"customer_account_id": lookupKey("With `name`: look only in this customer account (`ca_...`). In the result: the customer account "+
					"the company belongs to, or null for a company at MSP level.",
					idPrefix(client.PrefixCustomerAccount), stringvalidator.ConflictsWith(path.MatchRoot("id"))),
				"storage_limit_id": computedString("The storage limit (`sl_...`) that caps the company's users' storage, or null for none."),
				"description":      computedString("Free text for the MSP's own notes."),
			})
		},
		keys: []string{"name"},
		id:   func(m *companyModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.Company, error) { return c.Companies.Get },
		find: func(ctx context.Context, r readers, m *companyModel) (*client.Company, error) {
			return findCompany(ctx, r.client, m.Name.ValueString(), m.CustomerAccountID.ValueStringPointer())
		},
		model: companyModelFrom,
	}
}

// NewGroupDataSource looks up one group by id or name.
func NewGroupDataSource() datasource.DataSource {
	return &lookupDataSource[groupModel, client.Group]{
		typeName: groupType,
		description: "Looks up one security group by `id` or by `name` (ignoring letter case), e.g. the built-in `Administrators` group. " +
			"Its members are in the `mspbackup_group_members` data source.",
		attributes: func() map[string]schema.Attribute {
			attrs := groupDataSourceAttributes()
			attrs["id"] = lookupID("The group's id (`grp_...`). Set exactly one of `id` and `name`.", client.PrefixGroup)
			attrs["name"] = lookupKey("The group's name, matched ignoring letter case. Set exactly one of `id` and `name`.")
			return attrs
		},
		keys: []string{"name"},
		id:   func(m *groupModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.Group, error) { return c.Groups.Get },
		find: func(ctx context.Context, r readers, m *groupModel) (*client.Group, error) {
			return r.groupByName(ctx, m.Name.ValueString())
		},
		model: groupModelFrom,
	}
}

// groupDataSourceAttributes are a group's attributes as a data source returns
// them, all computed; shared by mspbackup_group and mspbackup_groups.
func groupDataSourceAttributes() map[string]schema.Attribute {
	return computedAttributes(groupDescriptions, []string{"permissions"}, []string{"built_in"})
}

// NewUserDataSource looks up one user by id or login.
func NewUserDataSource() datasource.DataSource {
	return &lookupDataSource[userModel, client.User]{
		typeName:    userType,
		description: "Looks up one user by `id` or by `login` (ignoring letter case). Passwords are never returned.",
		attributes: func() map[string]schema.Attribute {
			attrs := userDataSourceAttributes()
			attrs["id"] = lookupID("The user's id (`usr_...`). Set exactly one of `id` and `login`.", client.PrefixUser)
			attrs["login"] = lookupKey("The user's login, matched ignoring letter case; the result holds it as the console keeps it. " +
				"Set exactly one of `id` and `login`.")
			return attrs
		},
		keys: []string{"login"},
		id:   func(m *userModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.User, error) { return c.Users.Get },
		find: func(ctx context.Context, r readers, m *userModel) (*client.User, error) {
			return findUserByLogin(ctx, r.client, m.Login.ValueString())
		},
		model: userModelFrom,
	}
}

// userDataSourceAttributes are a user's attributes as a data source returns
// them, all computed; shared by mspbackup_user and mspbackup_users.
func userDataSourceAttributes() map[string]schema.Attribute {
	return computedAttributes(userDescriptions, []string{"notification_emails"}, []string{"enabled", "mask_data"})
}

// NewStorageAccountDataSource looks up one storage account by id or name.
func NewStorageAccountDataSource() datasource.DataSource {
	return &lookupDataSource[storageAccountModel, client.StorageAccount]{
		typeName: storageAccountType,
		description: "Looks up one storage account by `id` or by `name` (ignoring letter case). " +
			"The secret access key is never returned by the API, so it is not available here.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":            lookupID("The storage account's id (`sa_...`). Set exactly one of `id` and `name`.", client.PrefixStorageAccount),
				"name":          lookupKey("The storage account's name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"type":          computedString("The kind of storage, e.g. `amazon_s3` or `local_filesystem`."),
				"endpoint":      computedString("The storage's URL or, for `local_filesystem`, its directory; empty for the type's default."),
				"region":        computedString("The storage region; may be empty."),
				"access_key_id": computedString("The access key id (or account name) the console writes with."),
			})
		},
		keys: []string{"name"},
		id:   func(m *storageAccountModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.StorageAccount, error) {
			return c.StorageAccounts.Get
		},
		find: func(ctx context.Context, r readers, m *storageAccountModel) (*client.StorageAccount, error) {
			return r.storageAccountByName(ctx, m.Name.ValueString())
		},
		model: storageAccountModelFrom,
	}
}

// NewStorageLimitDataSource looks up one storage limit by id or name.
func NewStorageLimitDataSource() datasource.DataSource {
	return &lookupDataSource[storageLimitModel, client.StorageLimit]{
		typeName:    storageLimitType,
		description: "Looks up one storage limit by `id` or by `name` (ignoring letter case).",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":       lookupID("The storage limit's id (`sl_...`). Set exactly one of `id` and `name`.", client.PrefixStorageLimit),
				"name":     lookupKey("The storage limit's name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"limit_gb": computedInt64("The cap in gigabytes."),
			})
		},
		keys: []string{"name"},
		id:   func(m *storageLimitModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.StorageLimit, error) {
			return c.StorageLimits.Get
		},
		find: func(ctx context.Context, r readers, m *storageLimitModel) (*client.StorageLimit, error) {
			return r.storageLimitByName(ctx, m.Name.ValueString())
		},
		model: storageLimitModelFrom,
	}
}

// NewLicenseAssignmentDataSource looks up one licence assignment by id, or by
// user and licence type.
func NewLicenseAssignmentDataSource() datasource.DataSource {
	return &lookupDataSource[licenseAssignmentModel, client.LicenseAssignment]{
		typeName: licenseAssignmentType,
		description: "Looks up one licence assignment by `id`, or by `user_id` and `license_type` together " +
			"(a user has at most one assignment per licence type).",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id": lookupID("The licence assignment's id (`lic_...`). Set either `id`, or `user_id` and `license_type`.",
					client.PrefixLicenseAssignment),
				"user_id": lookupKey("The user (`usr_...`) the licences are reserved for. Set with `license_type` instead of `id`.",
					idPrefix(client.PrefixUser)),
				"license_type": lookupKey("The licence type: one of "+licenseTypesText+". Set with `user_id` instead of `id`.",
					stringvalidator.OneOf(client.LicenseTypes...)),
				"quantity": computedInt64("How many licences are reserved."),
			})
		},
		keys: []string{"user_id", "license_type"},
		id:   func(m *licenseAssignmentModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.LicenseAssignment, error) {
			return c.LicenseAssignments.Get
		},
		find: func(ctx context.Context, r readers, m *licenseAssignmentModel) (*client.LicenseAssignment, error) {
			return findLicenseAssignment(ctx, r.client, m.UserID.ValueString(), m.LicenseType.ValueString())
		},
		model: licenseAssignmentModelFrom,
	}
}

// NewLicenseQuotaDataSource looks up one licence quota by id, or by reseller
// account and licence type.
func NewLicenseQuotaDataSource() datasource.DataSource {
	return &lookupDataSource[licenseQuotaModel, client.LicenseQuota]{
		typeName: licenseQuotaType,
		description: "Looks up one reseller's licence quota by `id`, or by `customer_account_id` and `license_type` " +
			"together, with how much of it the reseller's subtree uses.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id": lookupID("The licence quota's id (`lq_...`). Set either `id`, or `customer_account_id` and `license_type`.",
					client.PrefixLicenseQuota),
				"customer_account_id": lookupKey("The reseller account (`ca_...`). Set with `license_type` instead of `id`.",
					idPrefix(client.PrefixCustomerAccount)),
				"license_type": lookupKey("The licence type: one of "+licenseTypesText+". Set with `customer_account_id` instead of `id`.",
					stringvalidator.OneOf(client.LicenseTypes...)),
				"quota": computedInt64("The most licences of the type the subtree may hold."),
				"used":  computedInt64(licenseQuotaUsedDescription),
			})
		},
		keys: []string{"customer_account_id", "license_type"},
		id:   func(m *licenseQuotaModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.LicenseQuota, error) {
			return c.LicenseQuotas.Get
		},
		find: func(ctx context.Context, r readers, m *licenseQuotaModel) (*client.LicenseQuota, error) {
			return findLicenseQuota(ctx, r.client, m.CustomerAccountID.ValueString(), m.LicenseType.ValueString())
		},
		model: licenseQuotaModelFrom,
	}
}

// NewAPITokenDataSource looks up one API token's metadata by id or name.
func NewAPITokenDataSource() datasource.DataSource {
	return &lookupDataSource[apiTokenModel, client.APIToken]{
		typeName: apiTokenType,
		description: "Looks up one API token's metadata by `id`, or by `name` (ignoring letter case) and optionally " +
			"`user_id`. The secret is shown only when a token is created, so it is never available here.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id": lookupID("The token's id (`tok_...`). Set exactly one of `id` and `name`.", client.PrefixToken),
				"name": lookupKey("The token's name, matched ignoring letter case. Token names need not be unique: " +
					"when several tokens share the name, also set `user_id`, or use `id`. Set exactly one of `id` and `name`."),
				"user_id": lookupKey("With `name`: look only at this user's (`usr_...`) tokens. In the result: the user the token acts "+
					"as, or null for a token of the bootstrap administrator.",
					idPrefix(client.PrefixUser), stringvalidator.ConflictsWith(path.MatchRoot("id"))),
				"expires_at": computedString("When the token stops working (RFC 3339, UTC), or null for never."),
			})
		},
		keys: []string{"name"},
		id:   func(m *apiTokenModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.APIToken, error) { return c.Tokens.Get },
		find: func(ctx context.Context, r readers, m *apiTokenModel) (*client.APIToken, error) {
			return findAPIToken(ctx, r.client, m.Name.ValueString(), m.UserID.ValueString())
		},
		model: func(t *client.APIToken) apiTokenModel { return apiTokenModelFrom(t, types.StringNull()) },
	}
}
