package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewLicensePoolDataSource reads the MSP's stock of licences.
func NewLicensePoolDataSource() datasource.DataSource {
	return &readDataSource[licensePoolModel]{typeName: "mspbackup_license_pool", schema: licensePoolSchema, read: readLicensePool}
}

type licensePoolModel struct {
	Licenses map[string]licensePoolEntryModel `tfsdk:"licenses"`
}

type licensePoolEntryModel struct {
	Total     types.Int64 `tfsdk:"total"`
	Assigned  types.Int64 `tfsdk:"assigned"`
	InUse     types.Int64 `tfsdk:"in_use"`
	Available types.Int64 `tfsdk:"available"`
}

func licensePoolSchema() schema.Schema {
	return schema.Schema{
		Description: "Reads the MSP's licence pool: for each licence type, how many licences were bought, assigned to " +
			"users, used by computers, and still available. The pool is bought, not configured, so there is no resource " +
			"for it. Example: `data.mspbackup_license_pool.this.licenses[\"workstation\"].available`.",
		Attributes: map[string]schema.Attribute{
			"licenses": schema.MapNestedAttribute{
				Description: "One entry per licence type (" + licenseTypesText + "), keyed by the type; every type is present, " +
					"with zeros when none were bought.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"total":    computedInt64("How many licences of this type the MSP bought."),
						"assigned": computedInt64("How many are reserved for users by licence assignments."),
						"in_use":   computedInt64("How many registered computers hold a licence of this type (from an assignment or the pool)."),
						"available": computedInt64("How many new assignments, or computers drawing from the pool, can still take: " +
							"total minus assigned minus computers drawing from the pool."),
					},
				},
			},
		},
	}
}

func readLicensePool(ctx context.Context, c *client.Client, cfg *licensePoolModel, diags *diag.Diagnostics) {
	pool, err := c.LicensePool.Get(ctx)
	if err != nil {
		addAPIError(diags, "read", "mspbackup_license_pool", "", err)
		return
	}
	m := licensePoolModel{Licenses: make(map[string]licensePoolEntryModel, len(pool.Items))}
	for _, e := range pool.Items {
		m.Licenses[e.LicenseType] = licensePoolEntryModel{
			Total:     types.Int64Value(e.Total),
			Assigned:  types.Int64Value(e.Assigned),
			InUse:     types.Int64Value(e.InUse),
			Available: types.Int64Value(e.Available),
		}
	}
	*cfg = m
}
