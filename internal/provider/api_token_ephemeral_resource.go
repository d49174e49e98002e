package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = &apiTokenEphemeralResource{}
	_ ephemeral.EphemeralResourceWithClose     = &apiTokenEphemeralResource{}
)

const (
	// apiTokenEphemeralDefaultTTL and apiTokenEphemeralMaxTTL bound how long
	// an ephemeral token lives should the revocation at the end of the run
	// fail (a crash, a lost connection): it then still expires on its own.
	apiTokenEphemeralDefaultTTL = time.Hour
	apiTokenEphemeralMaxTTL     = 24 * time.Hour
	// apiTokenEphemeralName names the tokens in the console's token list.
	apiTokenEphemeralName = "terraform ephemeral token"
	// privateTokenID is the private-state key that carries the token's id
	// (never its secret) from Open to Close.
	privateTokenID = "token_id"
)

// NewAPITokenEphemeralResource opens a short-lived API token for the length
// of one Terraform run.
func NewAPITokenEphemeralResource() ephemeral.EphemeralResource { return &apiTokenEphemeralResource{} }

type apiTokenEphemeralResource struct {
	client *client.Client
}

type apiTokenEphemeralModel struct {
	UserID    types.String `tfsdk:"user_id"`
	TTL       types.String `tfsdk:"ttl"`
	ID        types.String `tfsdk:"id"`
	Token     types.String `tfsdk:"token"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

func (r *apiTokenEphemeralResource) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = apiTokenType
}

func (r *apiTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A short-lived API token acting as one user, for handing to other providers or provisioners during " +
			"a run (e.g. to deploy backup agents) without it ever being stored: Terraform creates it when the run starts " +
			"and revokes it when the run ends, and it is never in the state or the plan. Needs Terraform 1.10 or later, " +
			"or OpenTofu 1.11 or later. Should the revocation fail, Terraform warns and the token still expires after `ttl`.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				Description: "The user (`usr_...`) the token acts as, with that user's permissions. You can open tokens for " +
					"yourself, or for a user whose permissions you hold all of.",
				Required:   true,
				Validators: []validator.String{idPrefix(client.PrefixUser)},
			},
			"ttl": schema.StringAttribute{
				Description: "How long the token works if it is not revoked first, as a Go duration such as `30m` or `2h`: " +
					"at most `24h`. Defaults to `1h`.",
				Optional:   true,
				Validators: []validator.String{durationUpTo(apiTokenEphemeralMaxTTL)},
			},
			"id": schema.StringAttribute{
				Description: "The token's id (`tok_...`).",
				Computed:    true,
			},
			"token": schema.StringAttribute{
				Description: "The token's secret, to send as `Authorization: Bearer <token>` or to give to a provider's `api_token`.",
				Computed:    true,
				Sensitive:   true,
			},
			"expires_at": schema.StringAttribute{
				Description: "When the token stops working unless revoked first (RFC 3339, UTC).",
				Computed:    true,
			},
		},
	}
}

func (r *apiTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *apiTokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m apiTokenEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ttl := apiTokenEphemeralDefaultTTL
	if !m.TTL.IsNull() {
		var err error
		if ttl, err = time.ParseDuration(m.TTL.ValueString()); err != nil { // the validator has caught this already
			resp.Diagnostics.AddError("Invalid ttl", err.Error())
			return
		}
	}
	expires := time.Now().Add(ttl).UTC().Truncate(time.Second)
	t, err := r.client.Tokens.Create(ctx, &client.APITokenCreateRequest{
		Name: apiTokenEphemeralName, UserID: m.UserID.ValueString(), ExpiresAt: &expires,
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "open", "ephemeral "+apiTokenType, "", err)
		return
	}
	id, _ := json.Marshal(t.ID) // a string always marshals
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateTokenID, id)...)
	m.ID = types.StringValue(t.ID)
	m.Token = types.StringValue(t.Token)
	m.ExpiresAt = timePtrString(t.ExpiresAt)
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
}

// Close revokes the token. A failure is a warning: the run's work is done,
// and the token expires on its own. The message names the token's id, never
// its secret.
func (r *apiTokenEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateTokenID)
	resp.Diagnostics.Append(diags...)
	var id string
	if resp.Diagnostics.HasError() || raw == nil || json.Unmarshal(raw, &id) != nil || id == "" {
		return
	}
	if err := r.client.Tokens.Delete(ctx, id); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Unable to revoke ephemeral "+apiTokenType+" "+id,
			fmt.Sprintf("The run is done but the token could not be revoked: %v. It stops working when it expires; "+
				"revoke it sooner in the console or with DELETE /api/v1/tokens/%s.", err, id))
	}
}
