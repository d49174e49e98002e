package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &groupMembershipResource{}

const groupMembershipType = "mspbackup_group_membership"

// NewGroupMembershipResource manages one user's membership of one group.
func NewGroupMembershipResource() resource.Resource {
	return &groupMembershipResource{entityResource[groupMembershipModel, client.GroupMember]{
		resourceClient: resourceClient{typeName: groupMembershipType},
		description: "One user's membership of one security group (non-authoritative): Terraform adds and removes this " +
			"one pair and leaves the group's other members alone, so memberships can be managed from several places, " +
			"e.g. next to each user. A membership removed outside Terraform, or whose user or group was deleted, is " +
			"planned to be added again (or dropped with its user). Creating a membership the user already has adopts it, " +
			"so destroying the resource then removes it. " + membershipNotCombined,
		attributes: func() map[string]schema.Attribute {
			return map[string]schema.Attribute{
				"id": stableComputed("`<group_id>/<user_id>`, e.g. `grp_0123/usr_4567`; also the import id."),
				"group_id": requiredReference("The group (`grp_...`). Changing it moves the membership: the old one is removed, "+
					"the new one added.", client.PrefixGroup),
				"user_id": requiredReference("The user (`usr_...`). Changing it removes the old user's membership and adds "+
					"the new user's.", client.PrefixUser),
				"created_at": stableComputed("When the user joined the group (RFC 3339, UTC)."),
			}
		},
		// The API answers 404 when the user left the group, or the user or the
		// group is gone: Read drops the membership from the state.
		read: func(ctx context.Context, reads readers, state groupMembershipModel) (*client.GroupMember, error) {
			return reads.groupMember(ctx, state.GroupID.ValueString(), state.UserID.ValueString())
		},
		importer:  byIDs([]string{"group_id", "user_id"}, client.PrefixGroup, client.PrefixUser), // "<group_id>/<user_id>"
		modelFrom: groupMembershipModelFrom,
	}}
}

// groupMembershipResource is the resource shell with its own Create, Update
// and Delete: a membership is a pair of ids, not an object of its own.
type groupMembershipResource struct {
	entityResource[groupMembershipModel, client.GroupMember]
}

// groupMembershipModel is shared by the resource and the data source.
type groupMembershipModel struct {
	ID        types.String `tfsdk:"id"`
	GroupID   types.String `tfsdk:"group_id"`
	UserID    types.String `tfsdk:"user_id"`
	CreatedAt types.String `tfsdk:"created_at"`
}

func groupMembershipModelFrom(m *client.GroupMember) groupMembershipModel {
	return groupMembershipModel{
		ID:        types.StringValue(m.GroupID + "/" + m.UserID),
		GroupID:   types.StringValue(m.GroupID),
		UserID:    types.StringValue(m.UserID),
		CreatedAt: timeString(m.CreatedAt),
	}
}

// membershipNotCombined is said in the descriptions of both membership
// resources (and so in their generated docs).
const membershipNotCombined = "Do not combine `mspbackup_group_membership` and `mspbackup_group_members` on the same group: " +
	"`mspbackup_group_members` removes every member it does not list, so the two would undo each other on every apply."

// Create adds the user to the group. A user that is already a member stays
// one, and Terraform takes the membership over.
func (r *groupMembershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.client.Groups.AddMember(ctx, plan.GroupID.ValueString(), plan.UserID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", groupMembershipType, plan.GroupID.ValueString()+"/"+plan.UserID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, groupMembershipModelFrom(m))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Update is never called with a change (every attribute forces replacement);
// it keeps the plan.
func (r *groupMembershipResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan groupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

func (r *groupMembershipResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteByID(ctx, req, resp, groupMembershipType, func(ctx context.Context, _ string, _ ...client.RequestOption) error {
		return r.client.Groups.RemoveMember(ctx, state.GroupID.ValueString(), state.UserID.ValueString())
	})
}
