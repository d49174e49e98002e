package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewCompanyDataSource looks up one company by id, or by name within an
// optional customer account.
func NewCompanyDataSource() datasource.DataSource {
	return &lookupDataSource[companyModel, client.Company]{
		typeName: companyType,
		description: "Looks up one company by `id`, or by `name` (ignoring letter case). Company names are unique only " +
			"within a customer account: when several customer accounts have a company of that name, also set " +
			"`customer_account_id`.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":   lookupID("The company's id (`co_...`). Set exactly one of `id` and `name`.", client.PrefixCompany),
				"name": lookupKey("The company's name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"customer_account_id": lookupKey("With `name`: look only in this customer account (`ca_...`). In the result: the customer account "+
					"the company belongs to, or null for a company at MSP level.",
					idPrefix(client.PrefixCustomerAccount), stringvalidator.ConflictsWith(path.MatchRoot("id"))),
				"storage_limit_id": computedString("The storage limit (`sl_...`) that caps the company's users' storage, or null for none."),
				"description":      computedString("Free text for the MSP's own notes."),
			})
		},
		keys: []string{"name"},
		id:   func(m *companyModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.Company, error) { return c.Companies.Get },
		find: func(ctx context.Context, r readers, m *companyModel) (*client.Company, error) {
			return findCompany(ctx, r.client, m.Name.ValueString(), m.CustomerAccountID.ValueStringPointer())
		},
		model: companyModelFrom,
	}
}
