package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewUsersDataSource lists the users that match optional filters.
func NewUsersDataSource() datasource.DataSource {
	return &readDataSource[usersDataSourceModel]{typeName: "mspbackup_users", schema: usersSchema, read: readUsers}
}

type usersDataSourceModel struct {
	Login             types.String `tfsdk:"login"`
	CustomerAccountID types.String `tfsdk:"customer_account_id"`
	CompanyID         types.String `tfsdk:"company_id"`
	GroupID           types.String `tfsdk:"group_id"`
	Enabled           types.Bool   `tfsdk:"enabled"`
	Users             []userModel  `tfsdk:"users"`
}

func usersSchema() schema.Schema {
	return schema.Schema{
		Description: "Lists the users that match every filter given (no filter: every user the API token can see), " +
			"in creation order, reading every page.",
		Attributes: map[string]schema.Attribute{
			"login":               filterString("Only the user with this login, matched ignoring letter case."),
			"customer_account_id": filterString("Only users of this customer account (`ca_...`).", idPrefix(client.PrefixCustomerAccount)),
			"company_id":          filterString("Only users of this company (`co_...`).", idPrefix(client.PrefixCompany)),
			"group_id":            filterString("Only members of this group (`grp_...`).", idPrefix(client.PrefixGroup)),
			"enabled": schema.BoolAttribute{
				Description: "Only enabled (`true`) or only disabled (`false`) users.", Optional: true,
			},
			"users": schema.ListNestedAttribute{
				Description:  "The matching users, in creation order.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: userDataSourceAttributes()},
			},
		},
	}
}

func readUsers(ctx context.Context, c *client.Client, cfg *usersDataSourceModel, diags *diag.Diagnostics) {
	items, err := c.Users.ListAll(ctx, &client.ListOptions{
		Login:             cfg.Login.ValueString(),
		CustomerAccountID: cfg.CustomerAccountID.ValueString(),
		CompanyID:         cfg.CompanyID.ValueString(),
		GroupID:           cfg.GroupID.ValueString(),
		Enabled:           cfg.Enabled.ValueBoolPointer(),
	})
	if err != nil {
		addAPIError(diags, "list", "mspbackup_users", "", err)
		return
	}
	cfg.Users = make([]userModel, 0, len(items))
	for i := range items {
		cfg.Users = append(cfg.Users, userModelFrom(&items[i]))
	}
}
