package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The Create, Read and Update of a resource are, around its one API call,
// the same every time: get the plan (and the state), stop on a bad one, make
// the call, report its error naming the type and the id, else set the state
// from the API's answer and the identity from the state. These helpers are
// that shell, once; each resource's file keeps what it sends (the call) and
// how it reads the answer (its modelFrom). M is the resource's model, T the
// API object.
//
// A call that finds a problem before reaching the API adds it to diags and
// returns (nil, nil): the shell then stops.

// createResource is the Create of a resource whose state is modelFrom of
// what the API answered.
func createResource[M, T any](ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse, typeName string,
	call func(ctx context.Context, plan M, diags *diag.Diagnostics) (*T, error), modelFrom func(*T) M) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := call(ctx, plan, &resp.Diagnostics)
	setAnswer(ctx, "create", typeName, "", api, err, modelFrom, &resp.State, resp.Identity, &resp.Diagnostics)
}

// readResource is the Read of a resource whose state is modelFrom of what
// the API answers: an object gone (404) is removed from the state.
func readResource[M, T any](ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, typeName string,
	call func(ctx context.Context, state M) (*T, error), modelFrom func(*T) M) {
	var state M
	var id types.String
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := call(ctx, state)
	if removeIfGone(ctx, resp, typeName, id.ValueString(), err) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, modelFrom(api))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// updateResource is the Update of a resource whose state is modelFrom of
// what the API answered; call gets the plan and the prior state, to send
// only what changed.
func updateResource[M, T any](ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, typeName string,
	call func(ctx context.Context, plan, state M, diags *diag.Diagnostics) (*T, error), modelFrom func(*T) M) {
	var plan, state M
	var id types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := call(ctx, plan, state, &resp.Diagnostics)
	setAnswer(ctx, "update", typeName, id.ValueString(), api, err, modelFrom, &resp.State, resp.Identity, &resp.Diagnostics)
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
