package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewLicenseQuotaDataSource looks up one licence quota by id, or by reseller
// account and licence type.
func NewLicenseQuotaDataSource() datasource.DataSource {
	return &lookupDataSource[licenseQuotaModel, client.LicenseQuota]{
		typeName: licenseQuotaType,
		description: "Looks up one reseller's licence quota by `id`, or by `customer_account_id` and `license_type` " +
			"together, with how much of it the reseller's subtree uses.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id": lookupID("The licence quota's id (`lq_...`). Set either `id`, or `customer_account_id` and `license_type`.",
					client.PrefixLicenseQuota),
				"customer_account_id": lookupKey("The reseller account (`ca_...`). Set with `license_type` instead of `id`.",
					idPrefix(client.PrefixCustomerAccount)),
				"license_type": lookupKey("The licence type: one of "+licenseTypesText+". Set with `customer_account_id` instead of `id`.",
					stringvalidator.OneOf(client.LicenseTypes...)),
				"quota": computedInt64("The most licences of the type the subtree may hold."),
				"used":  computedInt64(licenseQuotaUsedDescription),
			})
		},
		keys: []string{"customer_account_id", "license_type"},
		id:   func(m *licenseQuotaModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.LicenseQuota, error) {
			return c.LicenseQuotas.Get
		},
		find: func(ctx context.Context, r readers, m *licenseQuotaModel) (*client.LicenseQuota, error) {
			return findLicenseQuota(ctx, r.client, m.CustomerAccountID.ValueString(), m.LicenseType.ValueString())
		},
		model: licenseQuotaModelFrom,
	}
}
