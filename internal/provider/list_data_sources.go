package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigure = &readDataSource[usersDataSourceModel]{}

// readDataSource is the one implementation of the data sources that are
// not a lookup by id or name (lookup_data_sources.go): lists, a group's
// members, the catalogues. Each is an entry below: its type name, its
// schema and its read. M is the data source's model, configuration and
// result in one. The audit log's data source, with filters and paging of
// its own, has its own file (audit_events_data_source.go).
type readDataSource[M any] struct {
	dataSourceClient
	typeName string
	schema   func() schema.Schema
	// read asks the API what the configuration cfg asks for and fills the
	// result into cfg; it reports its own errors to diags.
	read func(ctx context.Context, c *client.Client, cfg *M, diags *diag.Diagnostics)
}

func (d *readDataSource[M]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.typeName
}

func (d *readDataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema()
}

func (d *readDataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d.read(ctx, d.client, &cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// NewCustomerAccountsDataSource lists customer accounts, optionally filtered.
func NewCustomerAccountsDataSource() datasource.DataSource {
	return &readDataSource[customerAccountsModel]{typeName: "mspbackup_customer_accounts", schema: customerAccountsSchema, read: readCustomerAccounts}
}

type customerAccountsModel struct {
	Name             types.String           `tfsdk:"name"`
	Status           types.String           `tfsdk:"status"`
	ParentID         types.String           `tfsdk:"parent_id"`
	SubtreeOf        types.String           `tfsdk:"subtree_of"`
	CustomerAccounts []customerAccountModel `tfsdk:"customer_accounts"`
}

func customerAccountsSchema() schema.Schema {
	return schema.Schema{
		Description: "Lists the end-customer accounts the API token can see (every one for MSP staff), in creation order, " +
			"optionally only the one with a given name or those with a given status. Every page of the API's list is read.",
		Attributes: map[string]schema.Attribute{
			"name": filterString("Only the customer account with this name (matched ignoring letter case). Leave it out to list all."),
			"status": filterString("Only the customer accounts with this status: `active`, `suspended` or `pending_deletion`. "+
				"Leave it out to list the active and suspended ones (pending deletions are listed only when asked for).",
				stringvalidator.OneOf(client.CustomerAccountActive, client.CustomerAccountSuspended, client.CustomerAccountPendingDeletion)),
			"parent_id": filterString("Only the customer accounts directly below this reseller account (`ca_...`).",
				idPrefix(client.PrefixCustomerAccount)),
			"subtree_of": filterString("Only this customer account (`ca_...`) and every account below it, at any depth.",
				idPrefix(client.PrefixCustomerAccount)),
			"customer_accounts": schema.ListNestedAttribute{
				Description: "The customer accounts found, oldest first; empty when none match.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: timestampAttributes(map[string]schema.Attribute{
						"id":          computedString("The customer account's id (`ca_...`)."),
						"name":        computedString("The customer's business name or unique identifier."),
						"description": computedString("Free text for the MSP's own notes."),
						"status":      computedString(customerAccountStatusDescription),
						"reseller":    computedBool(resellerDescription),
						"parent_id":   computedString(parentIDDescription),
					}),
				},
			},
		},
	}
}

func readCustomerAccounts(ctx context.Context, c *client.Client, cfg *customerAccountsModel, diags *diag.Diagnostics) {
	items, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: cfg.Name.ValueString(), Status: cfg.Status.ValueString(),
		ParentID: cfg.ParentID.ValueString(), SubtreeOf: cfg.SubtreeOf.ValueString()})
	if err != nil {
		addAPIError(diags, "list", "mspbackup_customer_accounts", "", err)
		return
	}
	cfg.CustomerAccounts = make([]customerAccountModel, 0, len(items))
	for i := range items {
		cfg.CustomerAccounts = append(cfg.CustomerAccounts, customerAccountModelFrom(&items[i]))
	}
}

// NewUsersDataSource lists the users that match optional filters.
func NewUsersDataSource() datasource.DataSource {
	return &readDataSource[usersDataSourceModel]{typeName: "mspbackup_users", schema: usersSchema, read: readUsers}
}

type usersDataSourceModel struct {
	Login             types.String `tfsdk:"login"`
	CustomerAccountID types.String `tfsdk:"customer_account_id"`
	CompanyID         types.String `tfsdk:"company_id"`
	GroupID           types.String `tfsdk:"group_id"`
	Enabled           types.Bool   `tfsdk:"enabled"`
	Users             []userModel  `tfsdk:"users"`
}

func usersSchema() schema.Schema {
	return schema.Schema{
		Description: "Lists the users that match every filter given (no filter: every user the API token can see), " +
			"in creation order, reading every page.",
		Attributes: map[string]schema.Attribute{
			"login":               filterString("Only the user with this login, matched ignoring letter case."),
			"customer_account_id": filterString("Only users of this customer account (`ca_...`).", idPrefix(client.PrefixCustomerAccount)),
			"company_id":          filterString("Only users of this company (`co_...`).", idPrefix(client.PrefixCompany)),
			"group_id":            filterString("Only members of this group (`grp_...`).", idPrefix(client.PrefixGroup)),
			"enabled": schema.BoolAttribute{
				Description: "Only enabled (`true`) or only disabled (`false`) users.", Optional: true,
			},
			"users": schema.ListNestedAttribute{
				Description:  "The matching users, in creation order.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: userDataSourceAttributes()},
			},
		},
	}
}

func readUsers(ctx context.Context, c *client.Client, cfg *usersDataSourceModel, diags *diag.Diagnostics) {
	items, err := c.Users.ListAll(ctx, &client.ListOptions{
		Login:             cfg.Login.ValueString(),
		CustomerAccountID: cfg.CustomerAccountID.ValueString(),
		CompanyID:         cfg.CompanyID.ValueString(),
		GroupID:           cfg.GroupID.ValueString(),
		Enabled:           cfg.Enabled.ValueBoolPointer(),
	})
	if err != nil {
		addAPIError(diags, "list", "mspbackup_users", "", err)
		return
	}
	cfg.Users = make([]userModel, 0, len(items))
	for i := range items {
		cfg.Users = append(cfg.Users, userModelFrom(&items[i]))
	}
}

// NewGroupsDataSource lists the groups, optionally filtered by name.
func NewGroupsDataSource() datasource.DataSource {
	return &readDataSource[groupsDataSourceModel]{typeName: "mspbackup_groups", schema: groupsSchema, read: readGroups}
}

type groupsDataSourceModel struct {
	Name   types.String `tfsdk:"name"`
	Groups []groupModel `tfsdk:"groups"`
}

func groupsSchema() schema.Schema {
	return schema.Schema{
		Description: "Lists the security groups (including the built-in `Administrators` group), in creation order, " +
			"reading every page; optionally only the one with a given name.",
		Attributes: map[string]schema.Attribute{
			"name": filterString("Only the group with this name, matched ignoring letter case."),
			"groups": schema.ListNestedAttribute{
				Description:  "The matching groups, in creation order.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: groupDataSourceAttributes()},
			},
		},
	}
}

func readGroups(ctx context.Context, c *client.Client, cfg *groupsDataSourceModel, diags *diag.Diagnostics) {
	items, err := c.Groups.ListAll(ctx, &client.ListOptions{Name: cfg.Name.ValueString()})
	if err != nil {
		addAPIError(diags, "list", "mspbackup_groups", "", err)
		return
	}
	cfg.Groups = make([]groupModel, 0, len(items))
	for i := range items {
		cfg.Groups = append(cfg.Groups, groupModelFrom(&items[i]))
	}
}

// NewGroupMembersDataSource reads every member of a group.
func NewGroupMembersDataSource() datasource.DataSource {
	return &readDataSource[groupMembersModel]{typeName: groupMembersType, schema: groupMembersDataSourceSchema, read: readGroupMembersDataSource}
}

func groupMembersDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "Reads every member of one security group (all pages). The `mspbackup_users` data source with " +
			"`group_id` returns the members' details.",
		Attributes: map[string]schema.Attribute{
			"id":       computedString("The group's id."),
			"group_id": requiredID("The group (`grp_...`).", client.PrefixGroup),
			"user_ids": schema.SetAttribute{
				Description: "The ids (`usr_...`) of the group's members.", ElementType: types.StringType, Computed: true,
			},
		},
	}
}

func readGroupMembersDataSource(ctx context.Context, c *client.Client, cfg *groupMembersModel, diags *diag.Diagnostics) {
	groupID := cfg.GroupID.ValueString()
	members, err := c.Groups.ListAllMembers(ctx, groupID)
	if err != nil {
		addAPIError(diags, "read the members of", groupMembersType, groupID, err)
		return
	}
	*cfg = groupMembersModelFrom(groupID, members)
}

// NewGroupMembershipDataSource checks that a user is a member of a group.
func NewGroupMembershipDataSource() datasource.DataSource {
	return &readDataSource[groupMembershipModel]{typeName: groupMembershipType, schema: groupMembershipDataSourceSchema, read: readGroupMembershipDataSource}
}

func groupMembershipDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "Reads one user's membership of one group, and fails when the user is not a member " +
			"(or the user or the group does not exist).",
		Attributes: map[string]schema.Attribute{
			"id":         computedString("`<group_id>/<user_id>`."),
			"group_id":   requiredID("The group (`grp_...`).", client.PrefixGroup),
			"user_id":    requiredID("The user (`usr_...`).", client.PrefixUser),
			"created_at": computedString("When the user joined the group (RFC 3339, UTC)."),
		},
	}
}

func readGroupMembershipDataSource(ctx context.Context, c *client.Client, cfg *groupMembershipModel, diags *diag.Diagnostics) {
	groupID, userID := cfg.GroupID.ValueString(), cfg.UserID.ValueString()
	m, err := c.Groups.GetMember(ctx, groupID, userID)
	if client.IsNotFound(err) {
		diags.AddError(fmt.Sprintf("User %s is not a member of group %s", userID, groupID),
			"The management API has no such membership: the user is not in the group, or the user or the group "+
				"does not exist. "+err.Error())
		return
	}
	if err != nil {
		addAPIError(diags, "read", groupMembershipType, groupID+"/"+userID, err)
		return
	}
	*cfg = groupMembershipModelFrom(m)
}

// NewLicensePoolDataSource reads the MSP's stock of licences.
func NewLicensePoolDataSource() datasource.DataSource {
	return &readDataSource[licensePoolModel]{typeName: "mspbackup_license_pool", schema: licensePoolSchema, read: readLicensePool}
}

type licensePoolModel struct {
	Licenses map[string]licensePoolEntryModel `tfsdk:"licenses"`
}

type licensePoolEntryModel struct {
	Total     types.Int64 `tfsdk:"total"`
	Assigned  types.Int64 `tfsdk:"assigned"`
	InUse     types.Int64 `tfsdk:"in_use"`
	Available types.Int64 `tfsdk:"available"`
}

func licensePoolSchema() schema.Schema {
	return schema.Schema{
		Description: "Reads the MSP's licence pool: for each licence type, how many licences were bought, assigned to " +
			"users, used by computers, and still available. The pool is bought, not configured, so there is no resource " +
			"for it. Example: `data.mspbackup_license_pool.this.licenses[\"workstation\"].available`.",
		Attributes: map[string]schema.Attribute{
			"licenses": schema.MapNestedAttribute{
				Description: "One entry per licence type (" + licenseTypesText + "), keyed by the type; every type is present, " +
					"with zeros when none were bought.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"total":    computedInt64("How many licences of this type the MSP bought."),
						"assigned": computedInt64("How many are reserved for users by licence assignments."),
						"in_use":   computedInt64("How many registered computers hold a licence of this type (from an assignment or the pool)."),
						"available": computedInt64("How many new assignments, or computers drawing from the pool, can still take: " +
							"total minus assigned minus computers drawing from the pool."),
					},
				},
			},
		},
	}
}

func readLicensePool(ctx context.Context, c *client.Client, cfg *licensePoolModel, diags *diag.Diagnostics) {
	pool, err := c.LicensePool.Get(ctx)
	if err != nil {
		addAPIError(diags, "read", "mspbackup_license_pool", "", err)
		return
	}
	m := licensePoolModel{Licenses: make(map[string]licensePoolEntryModel, len(pool.Items))}
	for _, e := range pool.Items {
		m.Licenses[e.LicenseType] = licensePoolEntryModel{
			Total:     types.Int64Value(e.Total),
			Assigned:  types.Int64Value(e.Assigned),
			InUse:     types.Int64Value(e.InUse),
			Available: types.Int64Value(e.Available),
		}
	}
	*cfg = m
}

// NewPermissionsDataSource reads the permission catalogue.
func NewPermissionsDataSource() datasource.DataSource {
	return &readDataSource[permissionsModel]{typeName: "mspbackup_permissions", schema: permissionsSchema, read: readPermissions}
}

type permissionsModel struct {
	Permissions []permissionModel `tfsdk:"permissions"`
	Names       types.Set         `tfsdk:"names"`
}

type permissionModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

func permissionsSchema() schema.Schema {
	return schema.Schema{
		Description: "Reads the catalogue of permissions a security group (`mspbackup_group`) can grant, " +
			"e.g. to give a group every read permission.",
		Attributes: map[string]schema.Attribute{
			"permissions": schema.ListNestedAttribute{
				Description: "Every permission of the catalogue, in the server's order.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name":        computedString("The permission, e.g. `users:write`."),
						"description": computedString("What the permission allows."),
					},
				},
			},
			"names": schema.SetAttribute{
				Description: "The names of every permission, as a set, ready for a group's `permissions`.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func readPermissions(ctx context.Context, c *client.Client, cfg *permissionsModel, diags *diag.Diagnostics) {
	perms, err := c.Permissions.List(ctx)
	if err != nil {
		addAPIError(diags, "read", "mspbackup_permissions", "", err)
		return
	}
	m := permissionsModel{Permissions: make([]permissionModel, 0, len(perms))}
	names := make([]string, 0, len(perms))
	for _, p := range perms {
		m.Permissions = append(m.Permissions, permissionModel{Name: types.StringValue(p.Name), Description: types.StringValue(p.Description)})
		names = append(names, p.Name)
	}
	m.Names = stringSet(names)
	*cfg = m
}
