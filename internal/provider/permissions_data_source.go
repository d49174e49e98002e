package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &permissionsDataSource{}

// NewPermissionsDataSource reads the permission catalogue.
func NewPermissionsDataSource() datasource.DataSource { return &permissionsDataSource{} }

type permissionsDataSource struct{ dataSourceClient }

type permissionsModel struct {
	Permissions []permissionModel `tfsdk:"permissions"`
	Names       types.Set         `tfsdk:"names"`
}

type permissionModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

func (d *permissionsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "mspbackup_permissions"
}

func (d *permissionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads the catalogue of permissions a security group (`mspbackup_group`) can grant, " +
			"e.g. to give a group every read permission.",
		Attributes: map[string]schema.Attribute{
			"permissions": schema.ListNestedAttribute{
				Description: "Every permission of the catalogue, in the server's order.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name":        schema.StringAttribute{Description: "The permission, e.g. `users:write`.", Computed: true},
						"description": schema.StringAttribute{Description: "What the permission allows.", Computed: true},
					},
				},
			},
			"names": schema.SetAttribute{
				Description: "The names of every permission, as a set, ready for a group's `permissions`.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func (d *permissionsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	perms, err := d.client.Permissions.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "mspbackup_permissions", "", err)
		return
	}
	m := permissionsModel{Permissions: make([]permissionModel, 0, len(perms))}
	names := make([]string, 0, len(perms))
	for _, p := range perms {
		m.Permissions = append(m.Permissions, permissionModel{Name: types.StringValue(p.Name), Description: types.StringValue(p.Description)})
		names = append(names, p.Name)
	}
	m.Names = stringSet(names)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
