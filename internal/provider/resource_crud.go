package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ interface {
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
} = &entityResource[companyModel, client.Company]{}

// entityResource is the one implementation of the resources whose state is
// what the API answers (their modelFrom of it). Around its one API call,
// each Create, Read and Update is the same every time: get the plan (and
// the state), stop on a bad one, make the call, report its error naming the
// type and the id, else set the state from the API's answer and the
// identity from the state. Each such resource is a constructor, in its own
// file, that fills these fields with what is its own: its schema, the
// requests it sends, how it is imported. A resource with behaviour of its
// own embeds it and adds or replaces methods (the fields only a replaced
// method uses then stay nil). M is the resource's model, T the API object.
type entityResource[M, T any] struct {
	resourceClient // the type name, the client, the identity
	description    string
	attributes     func() map[string]schema.Attribute
	// create, read and update make the resource's one API call. A call that
	// finds a problem before reaching the API adds it to diags and returns
	// (nil, nil): the shell then stops. read goes through the operation's
	// read cache; update gets the plan and the prior state, to send only
	// what changed.
	create func(ctx context.Context, c *client.Client, plan M, diags *diag.Diagnostics) (*T, error)
	read   func(ctx context.Context, reads readers, state M) (*T, error)
	update func(ctx context.Context, c *client.Client, plan, state M, diags *diag.Diagnostics) (*T, error)
	// delete is the client's call that deletes by id (see deleteByID).
	delete func(*client.Client) deleteCall
	// importer resolves what the resource is imported by into its id.
	importer  importer
	modelFrom func(*T) M
}

// deleteCall is the client's Delete of an object by its id.
type deleteCall = func(ctx context.Context, id string, opts ...client.RequestOption) error

func (r *entityResource[M, T]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Description: r.description, Attributes: r.attributes()}
}

// Create sets the state to modelFrom of what the API answered.
func (r *entityResource[M, T]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := r.create(ctx, r.client, plan, &resp.Diagnostics)
	setAnswer(ctx, "create", r.typeName, "", api, err, r.modelFrom, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Read sets the state to modelFrom of what the API answers: an object gone
// (404) is removed from the state.
func (r *entityResource[M, T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	var id types.String
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := r.read(ctx, r.reads, state)
	if removeIfGone(ctx, resp, r.typeName, id.ValueString(), err) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, r.modelFrom(api))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Update sets the state to modelFrom of what the API answered.
func (r *entityResource[M, T]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	var id types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := r.update(ctx, r.client, plan, state, &resp.Diagnostics)
	setAnswer(ctx, "update", r.typeName, id.ValueString(), api, err, r.modelFrom, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *entityResource[M, T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, r.typeName, r.delete(r.client))
}

func (r *entityResource[M, T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importer(ctx, r.client, r.typeName, req, resp)
}

// setAnswer records the API's answer to a create or an update (action) of
// the object id ("" before it has one): the state becomes modelFrom(api) and
// the identity its id. A failed call is reported instead, and leaves the
// state alone.
func setAnswer[M, T any](ctx context.Context, action, typeName, id string, api *T, err error, modelFrom func(*T) M,
	state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	if err != nil {
		addAPIError(diags, action, typeName, id, err)
		return
	}
	diags.Append(state.Set(ctx, modelFrom(api))...)
	diags.Append(identityFromState(ctx, *state, identity)...)
}

// importer sets the id of a resource being imported from the import id of
// `terraform import` or an import block (or an identity's id), for the
// resource typeName.
type importer func(ctx context.Context, c *client.Client, typeName string,
	req resource.ImportStateRequest, resp *resource.ImportStateResponse)

// byIDOrKey imports by an id with the given prefix or by "<key>:<value>",
// the one object find finds (see importByIDOrKey, and its hint).
func byIDOrKey[T any](prefix, key, hint string, find func(context.Context, *client.Client, string) (*T, error),
	idOf func(*T) string) importer {
	return func(ctx context.Context, c *client.Client, typeName string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
		importByIDOrKey(ctx, req, resp, typeName, prefix, key, hint, idByKey(c, find, idOf))
	}
}

// byIDOrTypeOf imports a resource of which there is one per owner and
// licence type by its id (prefix) or by "<owner id>/<license_type>"
// (ownerField, ownerPrefix), the one object find finds.
func byIDOrTypeOf[T any](prefix, ownerField, ownerPrefix string,
	find func(ctx context.Context, c *client.Client, owner, licenseType string) (*T, error), idOf func(*T) string) importer {
	return func(ctx context.Context, c *client.Client, typeName string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
		id := importID(ctx, req, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		raw := id
		if !strings.HasPrefix(id, prefix) || id == prefix {
			owner, licenseType, ok := strings.Cut(raw, "/")
			if !ok || !strings.HasPrefix(owner, ownerPrefix) || owner == ownerPrefix || !slices.Contains(client.LicenseTypes, licenseType) {
				resp.Diagnostics.AddError("Invalid import id for "+typeName, fmt.Sprintf(
					"import id %q is neither an id (%s...) nor <%s>/<license_type> with a license_type of %s; "+
						"use e.g. %s0123 or %s0123/%s", raw, prefix, ownerField, strings.Join(client.LicenseTypes, ", "),
					prefix, ownerPrefix, client.LicenseTypeWorkstation))
				return
			}
			found, err := find(ctx, c, owner, licenseType)
			if err != nil {
				addAPIError(&resp.Diagnostics, "import", typeName, raw, err)
				return
			}
			id = idOf(found)
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	}
}

// byIDs imports a resource whose id is made of ids joined by "/", one per
// prefix, setting attrs to them (see importComposite).
func byIDs(attrs []string, prefixes ...string) importer {
	return func(ctx context.Context, _ *client.Client, typeName string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
		importComposite(ctx, req, resp, typeName, attrs, prefixes...)
	}
}
