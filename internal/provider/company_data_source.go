package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &companyDataSource{}
	_ datasource.DataSourceWithConfigValidators = &companyDataSource{}
)

// NewCompanyDataSource looks up one company by id, or by name within an
// optional customer account.
func NewCompanyDataSource() datasource.DataSource { return &companyDataSource{} }

type companyDataSource struct{ dataSourceClient }

func (d *companyDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = companyType
}

func (d *companyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one company by `id`, or by `name` (ignoring letter case). Company names are unique only " +
			"within a customer account: when several customer accounts have a company of that name, also set " +
			"`customer_account_id`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The company's id (`co_...`). Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixCompany)},
			},
			"name": schema.StringAttribute{
				Description: "The company's name, matched ignoring letter case. Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
			},
			"customer_account_id": schema.StringAttribute{
				Description: "With `name`: look only in this customer account (`ca_...`). In the result: the customer account " +
					"the company belongs to, or null for a company at MSP level.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					idPrefix(client.PrefixCustomerAccount),
					stringvalidator.ConflictsWith(path.MatchRoot("id")),
				},
			},
			"storage_limit_id": schema.StringAttribute{
				Description: "The storage limit (`sl_...`) that caps the company's users' storage, or null for none.",
				Computed:    true,
			},
			"description": schema.StringAttribute{Description: "Free text for the MSP's own notes.", Computed: true},
			"created_at":  schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
			"updated_at":  schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *companyDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *companyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg companyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		c   *client.Company
		err error
	)
	if !cfg.ID.IsNull() {
		c, err = d.client.Companies.Get(ctx, cfg.ID.ValueString())
	} else {
		c, err = findCompany(ctx, d.client, cfg.Name.ValueString(), cfg.CustomerAccountID.ValueStringPointer())
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", companyType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, companyModelFrom(c))...)
}
