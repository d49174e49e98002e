package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigure = &groupsDataSource{}

// NewGroupsDataSource lists the groups, optionally filtered by name.
func NewGroupsDataSource() datasource.DataSource { return &groupsDataSource{} }

type groupsDataSource struct{ dataSourceClient }

type groupsDataSourceModel struct {
	Name   types.String `tfsdk:"name"`
	Groups []groupModel `tfsdk:"groups"`
}

func (d *groupsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "mspbackup_groups"
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the security groups (including the built-in `Administrators` group), in creation order, " +
			"reading every page; optionally only the one with a given name.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Description: "Only the group with this name, matched ignoring letter case.", Optional: true,
			},
			"groups": schema.ListNestedAttribute{
				Description:  "The matching groups, in creation order.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: groupDataSourceAttributes()},
			},
		},
	}
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	items, err := d.client.Groups.ListAll(ctx, &client.ListOptions{Name: cfg.Name.ValueString()})
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "mspbackup_groups", "", err)
		return
	}
	cfg.Groups = make([]groupModel, 0, len(items))
	for i := range items {
		cfg.Groups = append(cfg.Groups, groupModelFrom(&items[i]))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
