package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewStorageAccountDataSource looks up one storage account by id or name.
func NewStorageAccountDataSource() datasource.DataSource {
	return &lookupDataSource[storageAccountModel, client.StorageAccount]{
		typeName: storageAccountType,
		description: "Looks up one storage account by `id` or by `name` (ignoring letter case). " +
			"The secret access key is never returned by the API, so it is not available here.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id":            lookupID("The storage account's id (`sa_...`). Set exactly one of `id` and `name`.", client.PrefixStorageAccount),
				"name":          lookupKey("The storage account's name, matched ignoring letter case. Set exactly one of `id` and `name`."),
				"type":          computedString("The kind of storage, e.g. `amazon_s3` or `local_filesystem`."),
				"endpoint":      computedString("The storage's URL or, for `local_filesystem`, its directory; empty for the type's default."),
				"region":        computedString("The storage region; may be empty."),
				"access_key_id": computedString("The access key id (or account name) the console writes with."),
			})
		},
		keys: []string{"name"},
		id:   func(m *storageAccountModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.StorageAccount, error) {
			return c.StorageAccounts.Get
		},
		find: func(ctx context.Context, r readers, m *storageAccountModel) (*client.StorageAccount, error) {
			return r.storageAccountByName(ctx, m.Name.ValueString())
		},
		model: storageAccountModelFrom,
	}
}
