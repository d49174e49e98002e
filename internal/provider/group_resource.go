package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &groupResource{}

const groupType = "mspbackup_group"

// NewGroupResource manages a security group.
func NewGroupResource() resource.Resource {
	return &groupResource{entityResource[groupModel, client.Group]{
		resourceClient: resourceClient{typeName: groupType},
		description: "A security group: its members hold its permissions. Members are managed with " +
			"`mspbackup_group_membership` (one user at a time) or `mspbackup_group_members` (the whole set), not here. " +
			"Destroying a group also ends its memberships, whoever the members are. " +
			"The built-in `Administrators` group cannot be changed or deleted: the server refuses (409). " +
			"It can be imported; destroying it then only removes it from the Terraform state.",
		attributes: func() map[string]schema.Attribute {
			d := groupDescriptions
			return map[string]schema.Attribute{
				"id":          idAttribute("group", client.PrefixGroup),
				"name":        nameAttribute(d["name"]),
				"description": descriptionAttribute(d["description"]),
				"permissions": schema.SetAttribute{
					Description: d["permissions"],
					ElementType: types.StringType,
					Optional:    true,
					Computed:    true,
					Default:     setdefault.StaticValue(stringSet(nil)),
					Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(client.Permissions...))},
				},
				"built_in": schema.BoolAttribute{
					Description:   d["built_in"],
					Computed:      true,
					PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				},
				"created_at": createdAtAttribute(),
				"updated_at": updatedAtAttribute(),
			}
		},
		create: func(ctx context.Context, c *client.Client, plan groupModel, diags *diag.Diagnostics) (*client.Group, error) {
			permissions := setStrings(ctx, plan.Permissions, diags)
			if diags.HasError() {
				return nil, nil
			}
			return c.Groups.Create(ctx, &client.GroupCreateRequest{
				Name:        plan.Name.ValueString(),
				Description: plan.Description.ValueString(),
				Permissions: permissions,
			})
		},
		read: func(ctx context.Context, reads readers, state groupModel) (*client.Group, error) {
			return reads.group(ctx, state.ID.ValueString())
		},
		// Only what the plan changes is sent.
		update: func(ctx context.Context, c *client.Client, plan, state groupModel, diags *diag.Diagnostics) (*client.Group, error) {
			permissions := changedSet(ctx, plan.Permissions, state.Permissions, diags)
			if diags.HasError() {
				return nil, nil
			}
			return c.Groups.Update(ctx, state.ID.ValueString(), &client.GroupUpdateRequest{
				Name:        changedString(plan.Name, state.Name),
				Description: changedString(plan.Description, state.Description),
				Permissions: permissions,
			})
		},
		delete: func(c *client.Client) deleteCall { return c.Groups.Delete },
		// An id (grp_...) or "name:<name>" (ignoring letter case).
		importer:  byIDOrKey(client.PrefixGroup, "name", "", findGroupByName, func(g *client.Group) string { return g.ID }),
		modelFrom: groupModelFrom,
	}}
}

// groupResource is the resource shell with a Delete of its own, which
// spares the built-in group.
type groupResource struct {
	entityResource[groupModel, client.Group]
}

// groupModel is shared by the resource and the data sources.
type groupModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Permissions types.Set    `tfsdk:"permissions"`
	BuiltIn     types.Bool   `tfsdk:"built_in"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
}

func groupModelFrom(g *client.Group) groupModel {
	return groupModel{
		ID:          types.StringValue(g.ID),
		Name:        types.StringValue(g.Name),
		Description: types.StringValue(g.Description),
		Permissions: stringSet(g.Permissions),
		BuiltIn:     types.BoolValue(g.BuiltIn),
		CreatedAt:   timeString(g.CreatedAt),
		UpdatedAt:   timeString(g.UpdatedAt),
	}
}

// groupDescriptions describe the group's attributes once, for the resource
// and the data sources.
var groupDescriptions = map[string]string{
	"id":          "The group's id, assigned by the server (`grp_...`).",
	"name":        "The group's name. Unique across groups, ignoring letter case; " + nameLength + ".",
	"description": "Free text describing the group; " + descriptionLength + ". Defaults to empty.",
	"permissions": "What the group's members may do: a set of permissions from the catalogue (`customer_accounts:read`, " +
		"`customer_accounts:write`, `companies:read`, `companies:write`, `users:read`, `users:write`, `groups:read`, " +
		"`groups:write`, `licenses:read`, `licenses:write`, `storage:read`, `storage:write`, `audit:read`, " +
		"`outbox:read`, `tokens:write`, `metrics:read`; see the `mspbackup_permissions` data source). A user's permissions are the " +
		"union of its groups'. Defaults to none.",
	"built_in": "Whether this is the built-in `Administrators` group, which holds every permission and can be neither " +
		"changed nor deleted (its members can change).",
	"created_at": "When it was created (RFC 3339, UTC).",
	"updated_at": "When it last changed (RFC 3339, UTC), in Terraform or in the console.",
}

// Delete deletes the group. The built-in Administrators group cannot be
// deleted: it is only removed from state, with a warning.
func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.BuiltIn.ValueBool() {
		resp.Diagnostics.AddWarning("The built-in "+client.AdministratorsGroupName+" group was not deleted",
			"The built-in "+client.AdministratorsGroupName+" group ("+state.ID.ValueString()+") cannot be deleted; "+
				"it has been removed from the Terraform state only and still exists in the console.")
		return
	}
	r.entityResource.Delete(ctx, req, resp)
}

// findGroupByName looks a group up by name, ignoring letter case.
func findGroupByName(ctx context.Context, c *client.Client, name string) (*client.Group, error) {
	items, err := c.Groups.ListAll(ctx, &client.ListOptions{Name: name})
	return findOne(items, err, "group", "name", name)
}
