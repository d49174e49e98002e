package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &customerAccountDataSource{}
	_ datasource.DataSourceWithConfigValidators = &customerAccountDataSource{}
)

// NewCustomerAccountDataSource looks up one customer account by id or name.
func NewCustomerAccountDataSource() datasource.DataSource { return &customerAccountDataSource{} }

type customerAccountDataSource struct{ dataSourceClient }

func (d *customerAccountDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = customerAccountType
}

func (d *customerAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one end-customer account by `id` or by `name` (ignoring letter case).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The customer account's id (`ca_...`). Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixCustomerAccount)},
			},
			"name": schema.StringAttribute{
				Description: "The customer account's business name, matched ignoring letter case. Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
			},
			"description": schema.StringAttribute{Description: "Free text for the MSP's own notes.", Computed: true},
			"created_at":  schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
			"updated_at":  schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *customerAccountDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *customerAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg customerAccountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := byIDOrKey(ctx, cfg.ID, cfg.Name, d.client.CustomerAccounts.Get,
		func(ctx context.Context, key string) (*client.CustomerAccount, error) {
			return findCustomerAccountByName(ctx, d.client, key)
		})
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", customerAccountType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, customerAccountModelFrom(a))...)
}
