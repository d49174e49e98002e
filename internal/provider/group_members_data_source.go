package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
