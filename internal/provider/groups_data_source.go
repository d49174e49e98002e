package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
