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
	_ datasource.DataSourceWithConfigure        = &storageLimitDataSource{}
	_ datasource.DataSourceWithConfigValidators = &storageLimitDataSource{}
)

// NewStorageLimitDataSource looks up one storage limit by id or name.
func NewStorageLimitDataSource() datasource.DataSource { return &storageLimitDataSource{} }

type storageLimitDataSource struct{ dataSourceClient }

func (d *storageLimitDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = storageLimitType
}

func (d *storageLimitDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one storage limit by `id` or by `name` (ignoring letter case).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The storage limit's id (`sl_...`). Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixStorageLimit)},
			},
			"name": schema.StringAttribute{
				Description: "The storage limit's name, matched ignoring letter case. Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
			},
			"limit_gb":   schema.Int64Attribute{Description: "The cap in gigabytes.", Computed: true},
			"created_at": schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
			"updated_at": schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *storageLimitDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *storageLimitDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg storageLimitModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, err := byIDOrKey(ctx, cfg.ID, cfg.Name, d.client.StorageLimits.Get,
		func(ctx context.Context, key string) (*client.StorageLimit, error) {
			return findStorageLimitByName(ctx, d.client, key)
		})
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", storageLimitType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, storageLimitModelFrom(l))...)
}
