package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &apiTokenDataSource{}
	_ datasource.DataSourceWithConfigValidators = &apiTokenDataSource{}
)

// NewAPITokenDataSource looks up one API token's metadata by id or name.
func NewAPITokenDataSource() datasource.DataSource { return &apiTokenDataSource{} }

type apiTokenDataSource struct{ dataSourceClient }

func (d *apiTokenDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = apiTokenType
}

func (d *apiTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one API token's metadata by `id`, or by `name` (ignoring letter case) and optionally " +
			"`user_id`. The secret is shown only when a token is created, so it is never available here.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The token's id (`tok_...`). Set exactly one of `id` and `name`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixToken)},
			},
			"name": schema.StringAttribute{
				Description: "The token's name, matched ignoring letter case. Token names need not be unique: " +
					"when several tokens share the name, also set `user_id`, or use `id`. Set exactly one of `id` and `name`.",
				Optional: true,
				Computed: true,
			},
			"user_id": schema.StringAttribute{
				Description: "With `name`: look only at this user's (`usr_...`) tokens. In the result: the user the token acts " +
					"as, or null for a token of the bootstrap administrator.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					idPrefix(client.PrefixUser),
					stringvalidator.ConflictsWith(path.MatchRoot("id")),
				},
			},
			"expires_at": schema.StringAttribute{Description: "When the token stops working (RFC 3339, UTC), or null for never.", Computed: true},
			"created_at": schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
			"updated_at": schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *apiTokenDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *apiTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg apiTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		t   *client.APIToken
		err error
	)
	if !cfg.ID.IsNull() {
		t, err = d.client.Tokens.Get(ctx, cfg.ID.ValueString())
	} else {
		t, err = findAPIToken(ctx, d.client, cfg.Name.ValueString(), cfg.UserID.ValueString())
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", apiTokenType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, apiTokenModelFrom(t, types.StringNull()))...)
}
