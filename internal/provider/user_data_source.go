package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &userDataSource{}
	_ datasource.DataSourceWithConfigValidators = &userDataSource{}
)

// NewUserDataSource looks up one user by id or login.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

type userDataSource struct{ dataSourceClient }

// userDataSourceAttributes are a user's attributes as a data source returns
// them, all computed; shared by mspbackup_user and mspbackup_users.
func userDataSourceAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for name, desc := range userDescriptions {
		switch name {
		case "notification_emails":
			attrs[name] = schema.SetAttribute{Description: desc, ElementType: types.StringType, Computed: true}
		case "enabled", "mask_data":
			attrs[name] = schema.BoolAttribute{Description: desc, Computed: true}
		default:
			attrs[name] = schema.StringAttribute{Description: desc, Computed: true}
		}
	}
	return attrs
}

func (d *userDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = userType
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		Description: "The user's id (`usr_...`). Set exactly one of `id` and `login`.",
		Optional:    true,
		Computed:    true,
		Validators:  []validator.String{idPrefix(client.PrefixUser)},
	}
	attrs["login"] = schema.StringAttribute{
		Description: "The user's login, matched ignoring letter case; the result holds it as the console keeps it. " +
			"Set exactly one of `id` and `login`.",
		Optional: true,
		Computed: true,
	}
	resp.Schema = schema.Schema{
		Description: "Looks up one user by `id` or by `login` (ignoring letter case). Passwords are never returned.",
		Attributes:  attrs,
	}
}

func (d *userDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("login")),
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := byIDOrKey(ctx, cfg.ID, cfg.Login, d.client.Users.Get,
		func(ctx context.Context, key string) (*client.User, error) {
			return findUserByLogin(ctx, d.client, key)
		})
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", userType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, userModelFrom(u))...)
}
