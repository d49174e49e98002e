package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every resource is identified by its id (the same value `terraform import`
// takes), so Terraform >= 1.12 and OpenTofu >= 1.12 can import it with
// `import { identity = { id = "..." } }` and `show -json` carries it. Older
// CLIs ignore identities: nothing changes for them.

// idIdentityModel is the identity of every resource.
type idIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// IdentitySchema is shared by every resource through resourceClient.
func (r *resourceClient) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The resource's id, the same value `terraform import` takes.",
				RequiredForImport: true,
			},
		},
	}
}

// identityFromState sets the identity to the id the state now holds. Every
// Create, Read and Update calls it after setting the state; a state removed
// because the object is gone leaves the identity alone.
func identityFromState(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	if identity == nil || state.Raw.IsNull() {
		return nil
	}
	var id types.String
	diags := state.GetAttribute(ctx, path.Root("id"), &id)
	if diags.HasError() || id.IsNull() || id.IsUnknown() {
		return diags
	}
	diags.Append(identity.Set(ctx, idIdentityModel{ID: id})...)
	return diags
}

// importID returns what a resource is imported by: the import id of
// `terraform import` or an import block's `id`, else the `id` of an import
// block's `identity`.
func importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var identity idIdentityModel
	diags.Append(req.Identity.Get(ctx, &identity)...)
	return identity.ID.ValueString()
}
