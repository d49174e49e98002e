package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewCustomerAccountDataSource looks up one customer account by id or name.
func NewCustomerAccountDataSource() datasource.DataSource {
	return &lookupDataSource[customerAccountModel, client.CustomerAccount]{
		typeName:    customerAccountType,
		description: "Looks up one end-customer account by `id` or by `name` (ignoring letter case).",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":          lookupID("The customer account's id (`ca_...`). Set exactly one of `id` and `name`.", client.PrefixCustomerAccount),
				"name":        lookupKey("The customer account's business name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"description": computedString("Free text for the MSP's own notes."),
				"status":      computedString(customerAccountStatusDescription),
				"reseller":    computedBool(resellerDescription),
				"parent_id":   computedString(parentIDDescription),
			})
		},
		keys: []string{"name"},
		id:   func(m *customerAccountModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.CustomerAccount, error) {
			return c.CustomerAccounts.Get
		},
		find: func(ctx context.Context, r readers, m *customerAccountModel) (*client.CustomerAccount, error) {
			return r.customerAccountByName(ctx, m.Name.ValueString())
		},
		model: customerAccountModelFrom,
	}
}
