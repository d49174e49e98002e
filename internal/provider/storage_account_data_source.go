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
	_ datasource.DataSourceWithConfigure        = &storageAccountDataSource{}
	_ datasource.DataSourceWithConfigValidators = &storageAccountDataSource{}
)

// NewStorageAccountDataSource looks up one storage account by id or name.
func NewStorageAccountDataSource() datasource.DataSource { return &storageAccountDataSource{} }

type storageAccountDataSource struct{ dataSourceClient }

func (d *storageAccountDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = storageAccountType
}

func (d *storageAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one storage account by `id` or by `name` (ignoring letter case). " +
			"The secret access key is never returned by the API, so it is not available here.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The storage account's id (`sa_...`). Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixStorageAccount)},
			},
			"name": schema.StringAttribute{
				Description: "The storage account's name, matched ignoring letter case. Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
			},
			"type":          schema.StringAttribute{Description: "The kind of storage, e.g. `amazon_s3` or `local_filesystem`.", Computed: true},
			"endpoint":      schema.StringAttribute{Description: "The storage's URL or, for `local_filesystem`, its directory; empty for the type's default.", Computed: true},
			"region":        schema.StringAttribute{Description: "The storage region; may be empty.", Computed: true},
			"access_key_id": schema.StringAttribute{Description: "The access key id (or account name) the console writes with.", Computed: true},
			"created_at":    schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
			"updated_at":    schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *storageAccountDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *storageAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg storageAccountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := byIDOrKey(ctx, cfg.ID, cfg.Name, d.client.StorageAccounts.Get,
		func(ctx context.Context, key string) (*client.StorageAccount, error) {
			return findStorageAccountByName(ctx, d.client, key)
		})
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", storageAccountType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, storageAccountModelFrom(a))...)
}
