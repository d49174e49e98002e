package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewPermissionsDataSource reads the permission catalogue.
func NewPermissionsDataSource() datasource.DataSource {
	return &readDataSource[permissionsModel]{typeName: "mspbackup_permissions", schema: permissionsSchema, read: readPermissions}
}

type permissionsModel struct {
	Permissions []permissionModel `tfsdk:"permissions"`
	Names       types.Set         `tfsdk:"names"`
}

type permissionModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

func permissionsSchema() schema.Schema {
	return schema.Schema{
		Description: "Reads the catalogue of permissions a security group (`mspbackup_group`) can grant, " +
			"e.g. to give a group every read permission.",
		Attributes: map[string]schema.Attribute{
			"permissions": schema.ListNestedAttribute{
				Description: "Every permission of the catalogue, in the server's order.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name":        computedString("The permission, e.g. `users:write`."),
						"description": computedString("What the permission allows."),
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

func readPermissions(ctx context.Context, c *client.Client, cfg *permissionsModel, diags *diag.Diagnostics) {
	perms, err := c.Permissions.List(ctx)
	if err != nil {
		addAPIError(diags, "read", "mspbackup_permissions", "", err)
		return
	}
	m := permissionsModel{Permissions: make([]permissionModel, 0, len(perms))}
	names := make([]string, 0, len(perms))
	for _, p := range perms {
		m.Permissions = append(m.Permissions, permissionModel{Name: types.StringValue(p.Name), Description: types.StringValue(p.Description)})
		names = append(names, p.Name)
	}
	m.Names = stringSet(names)
	*cfg = m
}
