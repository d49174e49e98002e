package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &groupDataSource{}
	_ datasource.DataSourceWithConfigValidators = &groupDataSource{}
)

// NewGroupDataSource looks up one group by id or name.
func NewGroupDataSource() datasource.DataSource { return &groupDataSource{} }

type groupDataSource struct{ dataSourceClient }

// groupDataSourceAttributes are a group's attributes as a data source returns
// them, all computed; shared by mspbackup_group and mspbackup_groups.
func groupDataSourceAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for name, desc := range groupDescriptions {
		switch name {
		case "permissions":
			attrs[name] = schema.SetAttribute{Description: desc, ElementType: types.StringType, Computed: true}
		case "built_in":
			attrs[name] = schema.BoolAttribute{Description: desc, Computed: true}
		default:
			attrs[name] = schema.StringAttribute{Description: desc, Computed: true}
		}
	}
	return attrs
}

func (d *groupDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = groupType
}

func (d *groupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := groupDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		Description: "The group's id (`grp_...`). Set exactly one of `id` and `name`.",
		Optional:    true,
		Computed:    true,
		Validators:  []validator.String{idPrefix(client.PrefixGroup)},
	}
	attrs["name"] = schema.StringAttribute{
		Description: "The group's name, matched ignoring letter case. Set exactly one of `id` and `name`.",
		Optional:    true,
		Computed:    true,
	}
	resp.Schema = schema.Schema{
		Description: "Looks up one security group by `id` or by `name` (ignoring letter case), e.g. the built-in `Administrators` group. " +
			"Its members are in the `mspbackup_group_members` data source.",
		Attributes: attrs,
	}
}

func (d *groupDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *groupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	g, err := byIDOrKey(ctx, cfg.ID, cfg.Name, d.client.Groups.Get,
		func(ctx context.Context, key string) (*client.Group, error) {
			return findGroupByName(ctx, d.client, key)
		})
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", groupType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, groupModelFrom(g))...)
}
