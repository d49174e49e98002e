package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
