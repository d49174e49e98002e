package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const licenseQuotaType = "mspbackup_license_quota"

// NewLicenseQuotaResource manages a reseller's quota of one licence type.
func NewLicenseQuotaResource() resource.Resource {
	return &entityResource[licenseQuotaModel, client.LicenseQuota]{
		resourceClient: resourceClient{typeName: licenseQuotaType},
		description: "Caps how many licences of one type a reseller's subtree (the reseller's own account and every " +
			"account below it) may hold together, on top of the MSP's licence pool and of the quotas of the resellers " +
			"above. The server refuses (409) an assignment, a computer or a move that would go beyond it. A reseller's " +
			"users manage the quotas of the resellers below their own account, not their own.",
		attributes: func() map[string]schema.Attribute {
			return map[string]schema.Attribute{
				"id": idAttribute("licence quota", client.PrefixLicenseQuota),
				"customer_account_id": requiredReference("The reseller account (`ca_...`, with `reseller = true`) whose subtree "+
					"the quota binds. Changing it destroys the quota and creates a new one.", client.PrefixCustomerAccount),
				"license_type": licenseTypeAttribute("The licence type: one of " + licenseTypesText + "; one quota per " +
					"reseller and type. Changing it destroys the quota and creates a new one."),
				"quota": requiredCount("The most licences of the type the subtree may hold; 0 or more, and not below `used` "+
					"(the server refuses a lower quota with 409).", 0),
				"used":       schema.Int64Attribute{Description: licenseQuotaUsedDescription, Computed: true},
				"created_at": createdAtAttribute(),
				"updated_at": updatedAtAttribute(),
			}
		},
		create: func(ctx context.Context, c *client.Client, plan licenseQuotaModel, _ *diag.Diagnostics) (*client.LicenseQuota, error) {
			return c.LicenseQuotas.Create(ctx, &client.LicenseQuotaCreateRequest{
				CustomerAccountID: plan.CustomerAccountID.ValueString(),
				LicenseType:       plan.LicenseType.ValueString(),
				Quota:             plan.Quota.ValueInt64(),
			})
		},
		read: func(ctx context.Context, reads readers, state licenseQuotaModel) (*client.LicenseQuota, error) {
			return reads.licenseQuota(ctx, state.ID.ValueString())
		},
		update: func(ctx context.Context, c *client.Client, plan, state licenseQuotaModel, _ *diag.Diagnostics) (*client.LicenseQuota, error) {
			return c.LicenseQuotas.Update(ctx, state.ID.ValueString(), &client.LicenseQuotaUpdateRequest{
				Quota: plan.Quota.ValueInt64Pointer(),
			})
		},
		delete: func(c *client.Client) deleteCall { return c.LicenseQuotas.Delete },
		// An id (lq_...) or "<customer_account_id>/<license_type>".
		importer: byIDOrTypeOf(client.PrefixLicenseQuota, "customer_account_id", client.PrefixCustomerAccount,
			findLicenseQuota, func(q *client.LicenseQuota) string { return q.ID }),
		modelFrom: licenseQuotaModelFrom,
	}
}

// licenseQuotaModel is shared by the resource and the data source.
type licenseQuotaModel struct {
	ID                types.String `tfsdk:"id"`
	CustomerAccountID types.String `tfsdk:"customer_account_id"`
	LicenseType       types.String `tfsdk:"license_type"`
	Quota             types.Int64  `tfsdk:"quota"`
	Used              types.Int64  `tfsdk:"used"`
	CreatedAt         types.String `tfsdk:"created_at"`
	UpdatedAt         types.String `tfsdk:"updated_at"`
}

func licenseQuotaModelFrom(q *client.LicenseQuota) licenseQuotaModel {
	return licenseQuotaModel{
		ID:                types.StringValue(q.ID),
		CustomerAccountID: types.StringValue(q.CustomerAccountID),
		LicenseType:       types.StringValue(q.LicenseType),
		Quota:             types.Int64Value(q.Quota),
		Used:              types.Int64Value(q.Used),
		CreatedAt:         timeString(q.CreatedAt),
		UpdatedAt:         timeString(q.UpdatedAt),
	}
}

const licenseQuotaUsedDescription = "How many licences of the type the reseller's subtree holds now: its assignments " +
	"and its users' computers drawing from the pool."

// findLicenseQuota returns the reseller's quota of one licence type.
func findLicenseQuota(ctx context.Context, c *client.Client, accountID, licenseType string) (*client.LicenseQuota, error) {
	items, err := c.LicenseQuotas.ListAll(ctx, &client.ListOptions{CustomerAccountID: accountID, LicenseType: licenseType})
	return findOne(items, err, "licence quota of customer account "+accountID, "license_type", licenseType)
}
