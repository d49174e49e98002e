package provider

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// List resources: `terraform query` (Terraform 1.14 and later) finds the
// objects of the console and can write their configuration. Every resource
// type has one, named as the type, and they all share this one
// implementation: a row of listedTypes says which API list it walks, which
// of the API's filters its config takes and what a person calls a result.
//
// With include_resource = true a result carries the whole resource, made by
// the resource's own ImportState and Read, exactly as `terraform import`
// would make it: no second converter that could drift from Read, no summary
// row whose missing fields would plan as "remove on apply", and secrets and
// write-only attributes null as after an import.

var (
	_ list.ListResourceWithConfigure      = &listResource{}
	_ list.ListResourceWithValidateConfig = &listResource{}
)

// listItem is one object an API list returned: its id (the resource's
// identity) and the name a person recognises it by.
type listItem struct {
	id, name string
}

// listItems walks every page of one type's API list with the filters in o.
type listItems func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error]

// listedType is one list resource.
type listedType struct {
	newResource func() resource.Resource
	typeName    string
	noun        string // plural, e.g. "users"
	// parent is the filter without which the type cannot be listed (its
	// objects exist only under a group or a user); "" when there is none.
	parent  string
	filters []string // names in listFilters, parent included
	items   listItems
	note    string // added to the description, when there is more to say
}

// listFilter is a config attribute of list resources and the API list
// filter it sets.
type listFilter struct {
	description string
	validators  []validator.String
	setString   func(*client.ListOptions, string)
	setBool     func(*client.ListOptions, bool) // for a boolean filter
}

var listFilters = map[string]listFilter{
	"customer_account_id": {
		description: "Only those of this customer account (`ca_...`).",
		validators:  []validator.String{idPrefix(client.PrefixCustomerAccount)},
		setString:   func(o *client.ListOptions, v string) { o.CustomerAccountID = v },
	},
	"parent_id": {
		description: "Only the customer accounts directly below this reseller account (`ca_...`).",
		validators:  []validator.String{idPrefix(client.PrefixCustomerAccount)},
		setString:   func(o *client.ListOptions, v string) { o.ParentID = v },
	},
	"subtree_of": {
		description: "Only this customer account (`ca_...`) and every account below it, at any depth.",
		validators:  []validator.String{idPrefix(client.PrefixCustomerAccount)},
		setString:   func(o *client.ListOptions, v string) { o.SubtreeOf = v },
	},
	"company_id": {
		description: "Only those of this company (`co_...`).",
		validators:  []validator.String{idPrefix(client.PrefixCompany)},
		setString:   func(o *client.ListOptions, v string) { o.CompanyID = v },
	},
	"group_id": {
		description: "The security group (`grp_...`) whose memberships are listed.",
		validators:  []validator.String{idPrefix(client.PrefixGroup)},
		setString:   func(o *client.ListOptions, v string) { o.GroupID = v },
	},
	"user_id": {
		description: "Only those of this user (`usr_...`).",
		validators:  []validator.String{idPrefix(client.PrefixUser)},
		setString:   func(o *client.ListOptions, v string) { o.UserID = v },
	},
	"name_prefix": {
		description: "Only those whose name starts with this text, ignoring letter case.",
		validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
		setString:   func(o *client.ListOptions, v string) { o.NamePrefix = v },
	},
	"login_prefix": {
		description: "Only users whose login starts with this text, ignoring letter case (as logins are compared).",
		validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
		setString:   func(o *client.ListOptions, v string) { o.LoginPrefix = v },
	},
	"license_type": {
		description: "Only assignments of this licence type: one of " + licenseTypesText + ".",
		validators:  []validator.String{stringvalidator.OneOf(client.LicenseTypes...)},
		setString:   func(o *client.ListOptions, v string) { o.LicenseType = v },
	},
	"enabled": {
		description: "Only enabled users (`true`) or only disabled ones (`false`).",
		setBool:     func(o *client.ListOptions, v bool) { o.Enabled = &v },
	},
}

// listedTypes are the list resources, one per resource type.
var listedTypes = []listedType{
	{
		newResource: NewCustomerAccountResource, typeName: customerAccountType, noun: "customer accounts",
		filters: []string{"name_prefix", "parent_id", "subtree_of"},
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return mapItems(c.CustomerAccounts.All(ctx, o), func(v client.CustomerAccount) listItem { return listItem{v.ID, v.Name} })
		},
	},
	{
		newResource: NewCompanyResource, typeName: companyType, noun: "companies",
		filters: []string{"customer_account_id", "name_prefix"},
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return mapItems(c.Companies.All(ctx, o), func(v client.Company) listItem { return listItem{v.ID, v.Name} })
		},
	},
	{
		newResource: NewStorageAccountResource, typeName: storageAccountType, noun: "storage accounts",
		filters: []string{"name_prefix"},
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return mapItems(c.StorageAccounts.All(ctx, o), func(v client.StorageAccount) listItem { return listItem{v.ID, v.Name} })
		},
	},
	{
		newResource: NewStorageLimitResource, typeName: storageLimitType, noun: "storage limits",
		filters: []string{"name_prefix"},
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return mapItems(c.StorageLimits.All(ctx, o), func(v client.StorageLimit) listItem { return listItem{v.ID, v.Name} })
		},
	},
	{
		newResource: NewUserResource, typeName: userType, noun: "users",
		filters: []string{"customer_account_id", "company_id", "enabled", "login_prefix"},
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return mapItems(c.Users.All(ctx, o), func(v client.User) listItem { return listItem{v.ID, v.Login} })
		},
	},
	{
		newResource: NewGroupResource, typeName: groupType, noun: "security groups",
		filters: []string{"name_prefix"},
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return mapItems(c.Groups.All(ctx, o), func(v client.Group) listItem { return listItem{v.ID, v.Name} })
		},
	},
	{
		// The members of a group are listed as users, which carry the login.
		newResource: NewGroupMembershipResource, typeName: groupMembershipType, noun: "group memberships",
		parent: "group_id", filters: []string{"group_id", "login_prefix"},
		items: underParent(groupName,
			func(ctx context.Context, c *client.Client, o *client.ListOptions, group string) iter.Seq2[listItem, error] {
				return mapItems(c.Users.All(ctx, o), func(v client.User) listItem {
					return listItem{o.GroupID + "/" + v.ID, v.Login + " in " + group}
				})
			}),
	},
	{
		// One authoritative member set per group: the group itself.
		newResource: NewGroupMembersResource, typeName: groupMembersType, noun: "authoritative member sets",
		parent: "group_id", filters: []string{"group_id"},
		note: "The one result is the group's whole member set. Do not adopt a group's members both this way and " +
			"one by one with `mspbackup_group_membership`.",
		items: underParent(groupName,
			func(_ context.Context, _ *client.Client, o *client.ListOptions, group string) iter.Seq2[listItem, error] {
				return func(yield func(listItem, error) bool) { yield(listItem{o.GroupID, "members of " + group}, nil) }
			}),
	},
	{
		newResource: NewLicenseAssignmentResource, typeName: licenseAssignmentType, noun: "licence assignments",
		parent: "user_id", filters: []string{"user_id", "license_type"},
		items: underParent(userLogin,
			func(ctx context.Context, c *client.Client, o *client.ListOptions, login string) iter.Seq2[listItem, error] {
				return mapItems(c.LicenseAssignments.All(ctx, o), func(v client.LicenseAssignment) listItem {
					return listItem{v.ID, v.LicenseType + " licences of " + login}
				})
			}),
	},
	{
		// A token without a user (made with the bootstrap token) cannot be an
		// mspbackup_api_token, whose user_id is required; login sessions and
		// expired tokens are not configuration. None of them is listed.
		newResource: NewAPITokenResource, typeName: apiTokenType, noun: "API tokens",
		filters: []string{"user_id"},
		note: "Tokens of no user (made with the bootstrap token), login sessions and expired tokens are not listed: " +
			"they are not configuration. An imported token has no `token`: the API never returns the secret.",
		items: func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
			return func(yield func(listItem, error) bool) {
				for t, err := range c.Tokens.All(ctx, o) {
					if err == nil && (t.UserID == nil || rules.TokenNotConfiguration(t.Name, t.ExpiresAt, time.Now()) != "") {
						continue
					}
					if !yield(listItem{t.ID, t.Name}, err) {
						return
					}
				}
			}
		},
	},
}

// mapItems turns an API list iterator into listItems.
func mapItems[T any](all iter.Seq2[T, error], item func(T) listItem) iter.Seq2[listItem, error] {
	return func(yield func(listItem, error) bool) {
		for v, err := range all {
			if err != nil {
				yield(listItem{}, err)
				return
			}
			if !yield(item(v), nil) {
				return
			}
		}
	}
}

// underParent lists the objects of one parent (a group, a user): it reads
// the parent first, so that a wrong parent id is one clear error and every
// result can name the parent as a person knows it.
func underParent(parent func(context.Context, *client.Client, *client.ListOptions) (string, error),
	items func(context.Context, *client.Client, *client.ListOptions, string) iter.Seq2[listItem, error]) listItems {
	return func(ctx context.Context, c *client.Client, o *client.ListOptions) iter.Seq2[listItem, error] {
		return func(yield func(listItem, error) bool) {
			name, err := parent(ctx, c, o)
			if err != nil {
				yield(listItem{}, err)
				return
			}
			for item, err := range items(ctx, c, o, name) {
				if !yield(item, err) {
					return
				}
			}
		}
	}
}

// groupName reads the group o.GroupID, the parent of memberships.
func groupName(ctx context.Context, c *client.Client, o *client.ListOptions) (string, error) {
	g, err := c.Groups.Get(ctx, o.GroupID)
	if err != nil {
		return "", err
	}
	return g.Name, nil
}

// userLogin reads the user o.UserID, the parent of licence assignments.
func userLogin(ctx context.Context, c *client.Client, o *client.ListOptions) (string, error) {
	u, err := c.Users.Get(ctx, o.UserID)
	if err != nil {
		return "", err
	}
	return u.Login, nil
}

// ListResources returns a list resource for every resource type.
func (p *mspbackupProvider) ListResources(_ context.Context) []func() list.ListResource {
	out := make([]func() list.ListResource, 0, len(listedTypes))
	for _, t := range listedTypes {
		out = append(out, func() list.ListResource { return &listResource{listedType: t} })
	}
	return out
}

// listResource is the list resource of one listedType.
type listResource struct {
	listedType
	client *client.Client
	// resource is the type's resource, configured like one Terraform uses:
	// it makes include_resource's results through ImportState and Read.
	resource resource.ResourceWithImportState
}

func (l *listResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.typeName
}

func (l *listResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d := fromProviderData(req.ProviderData, &resp.Diagnostics)
	if d == nil {
		return
	}
	l.client = d.client
	r, ok := l.newResource().(resource.ResourceWithImportState)
	if !ok {
		resp.Diagnostics.AddError("Unexpected resource type",
			l.typeName+" cannot be imported, so it cannot be listed. This is a bug in the provider; please report it.")
		return
	}
	if c, ok := r.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
	l.resource = r
}

func (l *listResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attrs := map[string]schema.Attribute{}
	for _, name := range l.filters {
		f := listFilters[name]
		if f.setBool != nil {
			attrs[name] = schema.BoolAttribute{Description: f.description, Optional: true}
			continue
		}
		// The parent is required, but checked by ValidateListResourceConfig
		// rather than the schema: Terraform's own message for a left-out
		// config block would not name it.
		desc := f.description
		if name == l.parent {
			desc = "Required. " + desc
		}
		attrs[name] = schema.StringAttribute{Description: desc, Optional: true, Validators: f.validators}
	}
	desc := fmt.Sprintf("Finds the %s of the console for `terraform query` (Terraform 1.14 and later): each result carries "+
		"the identity `{ id }` of an `%s` and a name a person recognises. With `include_resource = true` it carries the "+
		"whole resource, read as `terraform import` reads it (secrets and write-only attributes are null), and "+
		"`terraform query -generate-config-out=FILE` writes an import block and a resource block for each.", l.noun, l.typeName)
	if l.parent != "" {
		desc += fmt.Sprintf(" They exist only within a %s: `%s` is required.", parentNouns[l.parent], l.parent)
	}
	if l.note != "" {
		desc += " " + l.note
	}
	resp.Schema = schema.Schema{Description: desc, Attributes: attrs}
}

// parentNouns name the parent each required parent filter stands for.
var parentNouns = map[string]string{"group_id": "security group", "user_id": "user"}

// ValidateListResourceConfig says, at validate time, that a type listed
// under a parent needs the parent, even when the config block is left out.
func (l *listResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	if l.parent == "" {
		return
	}
	var parent types.String
	if !req.Config.Raw.IsNull() {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(l.parent), &parent)...)
	}
	if !resp.Diagnostics.HasError() && !parent.IsUnknown() && parent.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(path.Root(l.parent), "Missing "+l.parent,
			fmt.Sprintf("The %s of the console exist only within a %s, so %s is required: set it in the list block's "+
				"config, e.g. config { %s = \"...\" }.", l.noun, parentNouns[l.parent], l.parent, l.parent))
	}
}

// options reads the config into the API's list filters.
func (l *listResource) options(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) *client.ListOptions {
	o := &client.ListOptions{}
	if config.Raw.IsNull() {
		return o
	}
	for _, name := range l.filters {
		f := listFilters[name]
		if f.setBool != nil {
			var v types.Bool
			diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
			if !v.IsNull() && !v.IsUnknown() {
				f.setBool(o, v.ValueBool())
			}
			continue
		}
		var v types.String
		diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
		f.setString(o, v.ValueString())
	}
	return o
}

// List streams one result per object, reading page after page and no more
// pages than limit needs. A failed list is an error; an object that cannot
// be read for include_resource is a warning naming it, and the query goes on.
func (l *listResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	o := l.options(ctx, req.Config, &diags)
	if l.client == nil {
		diags.AddError("Provider not configured", "The mspbackup provider was not configured, so "+l.typeName+" cannot be listed.")
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	o.PageSize = 1000 // the API's largest page
	if req.Limit > 0 && req.Limit < int64(o.PageSize) {
		o.PageSize = int(req.Limit)
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for item, err := range l.items(ctx, l.client, o) {
			if err != nil {
				var d diag.Diagnostics
				addAPIError(&d, "list", l.typeName, "", err)
				push(list.ListResult{Diagnostics: d})
				return
			}
			result := l.result(ctx, req, item)
			if !push(result) {
				return
			}
			if result.Identity != nil {
				sent++
			}
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
		}
	}
}

// result is the list result of one object.
func (l *listResource) result(ctx context.Context, req list.ListRequest, item listItem) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = item.name
	result.Diagnostics.Append(result.Identity.Set(ctx, idIdentityModel{ID: types.StringValue(item.id)})...)
	if !req.IncludeResource || result.Diagnostics.HasError() {
		return result
	}
	state, diags := l.importAndRead(ctx, req, item.id, result.Identity)
	if diags.HasError() || state.Raw.IsNull() {
		// Warnings only: the other results still count.
		var d diag.Diagnostics
		detail := "It was listed but could not be read (it may have been deleted since); the other results are unaffected."
		for _, e := range diags {
			detail += "\n\n" + e.Summary() + ": " + e.Detail()
		}
		d.AddWarning(fmt.Sprintf("Skipped %s %q (%s)", l.typeName, item.name, item.id), detail)
		return list.ListResult{Diagnostics: d}
	}
	result.Resource.Raw = state.Raw
	return result
}

// importAndRead makes the state `terraform import` makes: the resource's
// ImportState with the id, then its Read.
func (l *listResource) importAndRead(ctx context.Context, req list.ListRequest, id string, identity *tfsdk.ResourceIdentity) (tfsdk.State, diag.Diagnostics) {
	empty := tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(req.ResourceSchema.Type().TerraformType(ctx), nil)}
	imported := resource.ImportStateResponse{State: empty, Identity: identity}
	l.resource.ImportState(ctx, resource.ImportStateRequest{ID: id}, &imported)
	if imported.Diagnostics.HasError() {
		return empty, imported.Diagnostics
	}
	read := resource.ReadResponse{State: imported.State, Identity: identity}
	l.resource.Read(ctx, resource.ReadRequest{State: imported.State, Identity: identity}, &read)
	diags := append(imported.Diagnostics, read.Diagnostics...)
	return read.State, diags
}
