package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigure = &groupMembershipDataSource{}

// NewGroupMembershipDataSource checks that a user is a member of a group.
func NewGroupMembershipDataSource() datasource.DataSource { return &groupMembershipDataSource{} }

type groupMembershipDataSource struct{ dataSourceClient }

func (d *groupMembershipDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = groupMembershipType
}

func (d *groupMembershipDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads one user's membership of one group, and fails when the user is not a member " +
			"(or the user or the group does not exist).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Description: "`<group_id>/<user_id>`.", Computed: true},
			"group_id": schema.StringAttribute{
				Description: "The group (`grp_...`).", Required: true,
				Validators: []validator.String{idPrefix(client.PrefixGroup)},
			},
			"user_id": schema.StringAttribute{
				Description: "The user (`usr_...`).", Required: true,
				Validators: []validator.String{idPrefix(client.PrefixUser)},
			},
			"created_at": schema.StringAttribute{Description: "When the user joined the group (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *groupMembershipDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupMembershipModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID, userID := cfg.GroupID.ValueString(), cfg.UserID.ValueString()
	m, err := d.client.Groups.GetMember(ctx, groupID, userID)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("User %s is not a member of group %s", userID, groupID),
			"The management API has no such membership: the user is not in the group, or the user or the group "+
				"does not exist. "+err.Error())
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", groupMembershipType, groupID+"/"+userID, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, groupMembershipModelFrom(m))...)
}
