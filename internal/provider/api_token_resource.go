package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &apiTokenResource{}

const apiTokenType = "mspbackup_api_token"

// NewAPITokenResource manages an API token acting as one user.
func NewAPITokenResource() resource.Resource {
	return &apiTokenResource{resourceClient{typeName: apiTokenType}}
}

type apiTokenResource struct{ resourceClient }

// apiTokenModel is the token's metadata, shared by the resource and the data
// source; the secret is only in the resource (apiTokenResourceModel).
type apiTokenModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	UserID    types.String `tfsdk:"user_id"`
	ExpiresAt types.String `tfsdk:"expires_at"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

type apiTokenResourceModel struct {
	apiTokenModel
	Token types.String `tfsdk:"token"`
}

// apiTokenModelFrom converts the API's token; priorExpiresAt (the configured
// or stored text, or null) is kept when it names the same instant.
func apiTokenModelFrom(t *client.APIToken, priorExpiresAt types.String) apiTokenModel {
	return apiTokenModel{
		ID:        types.StringValue(t.ID),
		Name:      types.StringValue(t.Name),
		UserID:    types.StringPointerValue(t.UserID),
		ExpiresAt: timePtrStringKeeping(priorExpiresAt, t.ExpiresAt),
		CreatedAt: timeString(t.CreatedAt),
		UpdatedAt: timeString(t.UpdatedAt),
	}
}

func (r *apiTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	name := nameAttribute("What the token is for, e.g. `ci-pipeline`; " + nameLength + ". Changing it replaces the token.")
	name.PlanModifiers = replace
	secret := stableComputed("The token's secret, to send as `Authorization: Bearer <token>` (or as a provider's " +
		"`api_token`). Known only from the creation: the API never returns it again, so an imported token has no value here.")
	secret.Sensitive = true
	resp.Schema = schema.Schema{
		Description: "An API token that acts as one user, with that user's permissions, e.g. for automation or another " +
			"Terraform configuration. The secret is shown only once, at creation, and kept in the state as the sensitive " +
			"`token`: protect the state accordingly. A token cannot be changed: changing any argument revokes it and " +
			"creates a new one with a new secret. Destroying the resource revokes the token.",
		Attributes: map[string]schema.Attribute{
			"id":   idAttribute("API token", client.PrefixToken),
			"name": name,
			"user_id": requiredReference("The user (`usr_...`) the token acts as. You can create tokens for yourself, or "+
				"for a user whose permissions you hold all of. Changing it replaces the token.", client.PrefixUser),
			"expires_at": schema.StringAttribute{
				Description: "When the token stops working, as an RFC 3339 timestamp in the future such as " +
					"`2030-01-31T17:00:00Z`; leave it out for a token that never expires. Changing it replaces the token.",
				Optional:      true,
				Validators:    []validator.String{rfc3339Timestamp()},
				PlanModifiers: replace,
			},
			"token":      secret,
			"created_at": createdAtAttribute(),
			"updated_at": updatedAtAttribute(),
		},
	}
}

func (r *apiTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	create := &client.APITokenCreateRequest{Name: plan.Name.ValueString(), UserID: plan.UserID.ValueString()}
	if !plan.ExpiresAt.IsNull() {
		at, err := time.Parse(time.RFC3339, plan.ExpiresAt.ValueString())
		if err != nil { // the validator has caught this already, unless the value was unknown then
			resp.Diagnostics.AddAttributeError(path.Root("expires_at"), "Invalid expires_at", err.Error())
			return
		}
		create.ExpiresAt = &at
	}
	t, err := r.client.Tokens.Create(ctx, create)
	setAnswer(ctx, "create", apiTokenType, "", t, err, func(t *client.APIToken) apiTokenResourceModel {
		return apiTokenResourceModel{apiTokenModelFrom(t, plan.ExpiresAt), types.StringValue(t.Token)}
	}, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *apiTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, err := r.client.Tokens.Get(ctx, state.ID.ValueString())
	if removeIfGone(ctx, resp, apiTokenType, state.ID.ValueString(), err) {
		return
	}
	// The secret is never returned: keep the one from the creation (null after an import).
	resp.Diagnostics.Append(resp.State.Set(ctx, apiTokenResourceModel{apiTokenModelFrom(t, state.ExpiresAt), state.Token})...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Update is never planned: every argument requires replacement and the
// computed attributes keep their state.
func (r *apiTokenResource) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("API tokens cannot be changed",
		"An API token cannot change after creation; Terraform should have planned a replacement. "+
			"This is a bug in the provider; please report it.")
}

func (r *apiTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, apiTokenType, r.client.Tokens.Delete)
}

// ImportState takes an id (tok_...) or "name:<name>". The secret cannot be
// imported: token stays null.
func (r *apiTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrKey(ctx, req, resp, apiTokenType, client.PrefixToken, "name", "",
		func(ctx context.Context, name string) (string, error) {
			t, err := findAPIToken(ctx, r.client, name, "")
			if err != nil {
				return "", err
			}
			return t.ID, nil
		})
}

// findAPIToken looks a token up by name (ignoring letter case), of one user
// when userID is not empty. The API has no name filter for tokens, so every
// page of the list is read and matched here.
func findAPIToken(ctx context.Context, c *client.Client, name, userID string) (*client.APIToken, error) {
	all, err := c.Tokens.ListAll(ctx, &client.ListOptions{UserID: userID})
	if err != nil {
		return nil, err
	}
	var matches []client.APIToken
	for _, t := range all {
		if strings.EqualFold(t.Name, name) {
			matches = append(matches, t)
		}
	}
	if len(matches) > 1 {
		return nil, fmt.Errorf("%d API tokens are named %q; set user_id to choose among them, or use the token's id", len(matches), name)
	}
	what := "API token"
	if userID != "" {
		what += " of user " + userID
	}
	return findOne(matches, nil, what, "name", name)
}
