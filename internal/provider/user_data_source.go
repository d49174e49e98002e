package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewUserDataSource looks up one user by id or login.
func NewUserDataSource() datasource.DataSource {
	return &lookupDataSource[userModel, client.User]{
		typeName:    userType,
		description: "Looks up one user by `id` or by `login` (ignoring letter case). Passwords are never returned.",
		attributes: func() map[string]schema.Attribute {
			attrs := userDataSourceAttributes()
			attrs["id"] = lookupID("The user's id (`usr_...`). Set exactly one of `id` and `login`.", client.PrefixUser)
			attrs["login"] = lookupKey("The user's login, matched ignoring letter case; the result holds it as the console keeps it. " +
				"Set exactly one of `id` and `login`.")
			return attrs
		},
		keys: []string{"login"},
		id:   func(m *userModel) types.String { return m.ID },
		get:  func(c *client.Client) func(context.Context, string) (*client.User, error) { return c.Users.Get },
		find: func(ctx context.Context, r readers, m *userModel) (*client.User, error) {
			return findUserByLogin(ctx, r.client, m.Login.ValueString())
		},
		model: userModelFrom,
	}
}

// userDataSourceAttributes are a user's attributes as a data source returns
// them, all computed; shared by mspbackup_user and mspbackup_users.
func userDataSourceAttributes() map[string]schema.Attribute {
	return computedAttributes(userDescriptions, []string{"notification_emails"}, []string{"enabled", "mask_data"})
}
