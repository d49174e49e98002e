package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewStorageLimitDataSource looks up one storage limit by id or name.
func NewStorageLimitDataSource() datasource.DataSource {
	return &lookupDataSource[storageLimitModel, client.StorageLimit]{
		typeName:    storageLimitType,
		description: "Looks up one storage limit by `id` or by `name` (ignoring letter case).",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":       lookupID("The storage limit's id (`sl_...`). Set exactly one of `id` and `name`.", client.PrefixStorageLimit),
				"name":     lookupKey("The storage limit's name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"limit_gb": computedInt64("The cap in gigabytes."),
			})
		},
		keys: []string{"name"},
		id:   func(m *storageLimitModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.StorageLimit, error) {
			return c.StorageLimits.Get
		},
		find: func(ctx context.Context, r readers, m *storageLimitModel) (*client.StorageLimit, error) {
			return r.storageLimitByName(ctx, m.Name.ValueString())
		},
		model: storageLimitModelFrom,
	}
}
