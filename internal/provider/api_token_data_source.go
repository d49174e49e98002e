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

// NewAPITokenDataSource looks up one API token's metadata by id or name.
func NewAPITokenDataSource() datasource.DataSource {
	return &lookupDataSource[apiTokenModel, client.APIToken]{
		typeName: apiTokenType,
		description: "Looks up one API token's metadata by `id`, or by `name` (ignoring letter case) and optionally " +
			"`user_id`. The secret is shown only when a token is created, so it is never available here.",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id": lookupID("The token's id (`tok_...`). Set exactly one of `id` and `name`.", client.PrefixToken),
				"name": lookupKey("The token's name, matched ignoring letter case. Token names need not be unique: " +
					"when several tokens share the name, also set `user_id`, or use `id`. Set exactly one of `id` and `name`."),
				"user_id": lookupKey("With `name`: look only at this user's (`usr_...`) tokens. In the result: the user the token acts "+
					"as, or null for a token of the bootstrap administrator.",
					idPrefix(client.PrefixUser), stringvalidator.ConflictsWith(path.MatchRoot("id"))),
				"expires_at": computedString("When the token stops working (RFC 3339, UTC), or null for never."),
			})
		},
		keys: []string{"name"},
		id:   func(m *apiTokenModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.APIToken, error) { return c.Tokens.Get },
		find: func(ctx context.Context, r readers, m *apiTokenModel) (*client.APIToken, error) {
			return findAPIToken(ctx, r.client, m.Name.ValueString(), m.UserID.ValueString())
		},
		model: func(t *client.APIToken) apiTokenModel { return apiTokenModelFrom(t, types.StringNull()) },
	}
}
