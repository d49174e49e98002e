package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
