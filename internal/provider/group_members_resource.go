package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &groupMembersResource{}

const groupMembersType = "mspbackup_group_members"

// NewGroupMembersResource manages the whole member set of one group.
func NewGroupMembersResource() resource.Resource {
	return &groupMembersResource{resourceClient{typeName: groupMembersType}}
}

type groupMembersResource struct{ resourceClient }

// groupMembersModel is a group's member set; shared by the resource and the
// data source.
type groupMembersModel struct {
	ID      types.String `tfsdk:"id"`
	GroupID types.String `tfsdk:"group_id"`
	UserIDs types.Set    `tfsdk:"user_ids"`
}

type groupMembersResourceModel struct {
	groupMembersModel
	AllowOverwrite types.Bool `tfsdk:"allow_overwrite"`
}

func groupMembersModelFrom(groupID string, members []client.GroupMember) groupMembersModel {
	return groupMembersModel{
		ID:      types.StringValue(groupID),
		GroupID: types.StringValue(groupID),
		UserIDs: stringSet(memberUserIDs(members)),
	}
}

func memberUserIDs(members []client.GroupMember) []string {
	ids := make([]string, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.UserID)
	}
	return ids
}

func (r *groupMembersResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The complete member set of one security group (authoritative): after apply the group has exactly " +
			"the users in `user_ids`, and members added outside Terraform are planned for removal. To avoid wiping " +
			"members by accident, creating this resource over a group that already has members not in `user_ids` fails " +
			"and lists them: import the resource first (`terraform import " + groupMembersType + ".example grp_...`) or set " +
			"`allow_overwrite = true`. Users deleted outside Terraform leave the group with them. Destroying the resource " +
			"removes the members it lists. " + membershipNotCombined,
		Attributes: map[string]schema.Attribute{
			"id":       stableComputed("The group's id; also the import id."),
			"group_id": requiredReference("The group (`grp_...`) whose members this manages.", client.PrefixGroup),
			"user_ids": schema.SetAttribute{
				Description: "Every member of the group (`usr_...`); an empty set means no members.",
				ElementType: types.StringType,
				Required:    true,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(idPrefix(client.PrefixUser))},
			},
			"allow_overwrite": schema.BoolAttribute{
				Description: "Whether creating this resource may remove members the group already has that are not in " +
					"`user_ids`. Defaults to `false`: creation then fails and lists them.",
				Optional: true,
			},
		},
	}
}

// Create refuses to remove members it does not know about unless
// allow_overwrite is set; then it makes the member set match user_ids.
func (r *groupMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, "create", req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *groupMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupMembersResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.GroupID.ValueString()
	members, err := r.client.Groups.ListAllMembers(ctx, groupID)
	if removeIfGone(ctx, resp, groupMembersType, groupID, err) {
		return
	}
	state.groupMembersModel = groupMembersModelFrom(groupID, members)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Update adds and removes what differs between the group's current members
// and user_ids.
func (r *groupMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, "update", req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// apply makes the group's members match the plan's user_ids, reporting
// every failure; state then holds the members the group really has. A
// create (action) first refuses to remove members the configuration does
// not list, unless allow_overwrite is set.
func (r *groupMembersResource) apply(ctx context.Context, action string, planned tfsdk.Plan, state *tfsdk.State,
	identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	var plan groupMembersResourceModel
	diags.Append(planned.Get(ctx, &plan)...)
	want := setStrings(ctx, plan.UserIDs, diags)
	if diags.HasError() {
		return
	}
	groupID := plan.GroupID.ValueString()
	current, err := r.client.Groups.ListAllMembers(ctx, groupID)
	if err != nil {
		addAPIError(diags, action, groupMembersType, groupID, err)
		return
	}
	have := memberUserIDs(current)
	if unknown := missingFrom(have, want); action == "create" && len(unknown) > 0 && !plan.AllowOverwrite.ValueBool() {
		diags.AddAttributeError(path.Root("user_ids"),
			fmt.Sprintf("Group %s already has members that are not in user_ids", groupID),
			fmt.Sprintf("%s manages every member of the group and would remove %s. To keep them, add them to user_ids. "+
				"To adopt the group's current members first, import the resource: "+
				"terraform import %s.<name> %s. To remove them, set allow_overwrite = true.",
				groupMembersType, r.describeUsers(ctx, groupID, unknown), groupMembersType, groupID))
		return
	}
	plan.groupMembersModel = r.converge(ctx, groupID, have, want, diags)
	diags.Append(state.Set(ctx, plan)...)
	diags.Append(identityFromState(ctx, *state, identity)...)
}

// Delete removes the members in state.
func (r *groupMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupMembersResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	members := setStrings(ctx, state.UserIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.change(ctx, state.GroupID.ValueString(), nil, members, &resp.Diagnostics)
}

// ImportState takes the group's id (grp_...) and adopts its current members.
func (r *groupMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importComposite(ctx, req, resp, groupMembersType, []string{"group_id"}, client.PrefixGroup)
}

// converge makes the group's members (have) match want, then returns the
// member set the group really has afterwards: re-read from the API, or, if
// that read fails, have with the successful changes applied.
func (r *groupMembersResource) converge(ctx context.Context, groupID string, have, want []string, diags *diag.Diagnostics) groupMembersModel {
	added, removed := r.change(ctx, groupID, missingFrom(want, have), missingFrom(have, want), diags)
	members, err := r.client.Groups.ListAllMembers(ctx, groupID)
	if err == nil {
		return groupMembersModelFrom(groupID, members)
	}
	addAPIError(diags, "read the members of", groupMembersType, groupID, err)
	now := append(missingFrom(have, removed), added...)
	return groupMembersModel{ID: types.StringValue(groupID), GroupID: types.StringValue(groupID), UserIDs: stringSet(now)}
}

// change removes and adds members, carrying on after a failure so that every
// failure is reported, and returns what succeeded. Removing a user that is no
// longer a member counts as done.
func (r *groupMembersResource) change(ctx context.Context, groupID string, add, remove []string, diags *diag.Diagnostics) (added, removed []string) {
	for _, userID := range remove {
		if err := r.client.Groups.RemoveMember(ctx, groupID, userID); err != nil && !client.IsNotFound(err) {
			addAPIError(diags, "remove user "+userID+" from", groupMembersType, groupID, err)
			continue
		}
		removed = append(removed, userID)
	}
	for _, userID := range add {
		if _, err := r.client.Groups.AddMember(ctx, groupID, userID); err != nil {
			addAPIError(diags, "add user "+userID+" to", groupMembersType, groupID, err)
			continue
		}
		added = append(added, userID)
	}
	return added, removed
}

// describeUsers names users by id and login, e.g. "usr_1 (alice), usr_2 (bob)";
// it falls back to the ids when the logins cannot be read.
func (r *groupMembersResource) describeUsers(ctx context.Context, groupID string, ids []string) string {
	logins := map[string]string{}
	if users, err := r.client.Users.ListAll(ctx, &client.ListOptions{GroupID: groupID}); err == nil {
		for _, u := range users {
			logins[u.ID] = u.Login
		}
	}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		names = append(names, userSummary(id, logins[id]))
	}
	return strings.Join(names, ", ")
}
