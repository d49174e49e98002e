package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// This file holds what every resource and data source shares: getting the
// client from provider data, turning API errors into diagnostics, dropping
// resources that are gone, and converting between API and Terraform values.

// providerData is what Configure hands every resource, data source and
// ephemeral resource: the client, and the read cache of this operation
// (see read_cache.go).
type providerData struct {
	client *client.Client
	cache  *readCache
}

// fromProviderData returns the configured provider data, or nil while the
// provider is not configured yet (validation and early plan calls).
func fromProviderData(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	d, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return d
}

// clientFromProviderData returns the configured client, or nil while the
// provider is not configured yet.
func clientFromProviderData(data any, diags *diag.Diagnostics) *client.Client {
	if d := fromProviderData(data, diags); d != nil {
		return d.client
	}
	return nil
}

// resourceClient is embedded by every resource: it implements Metadata,
// Configure and IdentitySchema (identity.go), so a resource's file holds
// only what is its own. Reads go through reads, which batches them within
// the operation; writes use client.
type resourceClient struct {
	typeName string // e.g. mspbackup_user
	client   *client.Client
	reads    readers
}

func (r *resourceClient) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *resourceClient) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := fromProviderData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client = d.client
		r.reads = readers{client: d.client, cache: d.cache}
	}
}

// dataSourceClient is embedded by every data source: it implements Configure.
// Data sources read by id or by a filtered list; only a lookup by name goes
// through the read cache (see batchedSource.byName).
type dataSourceClient struct {
	client *client.Client
	cache  *readCache
}

func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if p := fromProviderData(req.ProviderData, &resp.Diagnostics); p != nil {
		d.client, d.cache = p.client, p.cache
	}
}

// addAPIError reports a failed API call as one diagnostic that names the
// action, the resource type and id, and carries the HTTP status and the
// server's detail (the client's error message holds both).
func addAPIError(diags *diag.Diagnostics, action, typeName, id string, err error) {
	what := typeName
	if id != "" {
		what += " " + id
	}
	diags.AddError(fmt.Sprintf("Unable to %s %s", action, what), err.Error()+rateLimitHint(err))
}

// rateLimitHint says how to get past a rate limit that outlasted
// rate_limit_timeout; "" for any other error.
func rateLimitHint(err error) string {
	var rl *client.RateLimitTimeoutError
	if !errors.As(err, &rl) {
		return ""
	}
	return "\n\nThe management API kept limiting the provider's requests for longer than rate_limit_timeout (" +
		rl.Timeout.String() + "). Raise rate_limit_timeout in the provider block (or " + envRateLimitTimeout + "), " +
		"run Terraform with a lower -parallelism, or ask the console's operator for a higher limit."
}

// removeIfGone drops a resource from state when the API answered 404: it was
// deleted outside Terraform and will be planned for creation. Any other error
// (401, 403, 5xx) is reported, never taken for a deletion. It returns true
// when the caller should stop.
func removeIfGone(ctx context.Context, resp *resource.ReadResponse, typeName, id string, err error) bool {
	if err == nil {
		return false
	}
	if client.IsNotFound(err) {
		// The framework wants an identity even from a Read that removes the
		// resource, and a CLI without identities (Terraform < 1.12) sent none.
		resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s %s no longer exists", typeName, id),
			"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return true
	}
	addAPIError(&resp.Diagnostics, "read", typeName, id, err)
	return true
}

// timeString renders an API timestamp the way state keeps it (RFC 3339, UTC).
func timeString(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// timePtrString renders an optional API timestamp; nil is null.
func timePtrString(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return timeString(*t)
}

// stringSet converts API strings to a Terraform set; nil becomes an empty
// set, so "none" and "not set" never diff.
func stringSet(values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// setStrings converts a known Terraform set of strings to a slice (never nil).
func setStrings(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	out := []string{}
	if set.IsNull() || set.IsUnknown() {
		return out
	}
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	return out
}

// importKey is an import id split into how it looks the resource up:
// "usr_..." is an id; "login:alice" or "name:Acme Ltd" a natural key.
type importKey struct {
	ID    string // set when importing by id
	Field string // "name" or "login" when importing by natural key
	Value string
}

// parseImportID reads an import id that is either an id with the given prefix
// or "<naturalKey>:<value>". The error text shows both accepted forms.
func parseImportID(raw, idPrefix, naturalKey string) (importKey, error) {
	if strings.HasPrefix(raw, idPrefix) && len(raw) > len(idPrefix) {
		return importKey{ID: raw}, nil
	}
	if v, ok := strings.CutPrefix(raw, naturalKey+":"); ok && v != "" {
		return importKey{Field: naturalKey, Value: v}, nil
	}
	return importKey{}, fmt.Errorf("import id %q is neither an id (%s...) nor %s:<value>; "+
		"use e.g. %s0123 or %s:example", raw, idPrefix, naturalKey, idPrefix, naturalKey)
}

// findOne returns the single item of a natural-key lookup, or an error that
// says there was none or more than one. Callers list with the server's
// case-insensitive filter, so every page is read (ListAll).
func findOne[T any](items []T, err error, typeName, field, value string) (*T, error) {
	if err != nil {
		return nil, err
	}
	switch len(items) {
	case 0:
		return nil, fmt.Errorf("no %s has %s %q", typeName, field, value)
	case 1:
		return &items[0], nil
	default:
		return nil, fmt.Errorf("%d %s entries have %s %q; look it up by id instead", len(items), typeName, field, value)
	}
}

// importByIDOrKey sets the id of a resource being imported from an import id
// (or an identity's id) that is either an id with the given prefix or "<naturalKey>:<value>", which
// find resolves to an id. hint, when not empty, is added to the message of a
// malformed import id (e.g. to name a third accepted form).
func importByIDOrKey(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	typeName, prefix, naturalKey, hint string, find func(ctx context.Context, value string) (string, error)) {
	raw := importID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := parseImportID(raw, prefix, naturalKey)
	if err != nil {
		msg := err.Error()
		if hint != "" {
			msg += ". " + hint
		}
		resp.Diagnostics.AddError("Invalid import id for "+typeName, msg)
		return
	}
	id := key.ID
	if id == "" {
		if id, err = find(ctx, key.Value); err != nil {
			addAPIError(&resp.Diagnostics, "import", typeName, raw, err)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// timePtrStringKeeping renders an optional API timestamp like timePtrString,
// but keeps prior (the configured or stored text) when it names the same
// instant, so a configured "+02:00" offset or fraction never diffs against
// the API's UTC rendering.
func timePtrStringKeeping(prior types.String, t *time.Time) types.String {
	if t != nil && !prior.IsNull() && !prior.IsUnknown() {
		if p, err := time.Parse(time.RFC3339, prior.ValueString()); err == nil && p.Equal(*t) {
			return prior
		}
	}
	return timePtrString(t)
}

// Merge-patch builders: an update sends only what the plan changes, so a
// change made outside Terraform to another field is never overwritten by a
// stale value, and a plan that changes nothing API-side sends nothing.

// changedString returns the planned value when it differs from the state, or
// nil to leave the field out of the patch. Null plans as "" (for fields the
// API keeps as a plain string).
func changedString(plan, state types.String) *string {
	if plan.IsUnknown() || plan.Equal(state) {
		return nil
	}
	v := plan.ValueString()
	return &v
}

// changedRef returns a nullable reference for the patch: left out when
// unchanged, an explicit null when the plan removes it, else the new id.
func changedRef(plan, state types.String) client.Nullable[string] {
	if plan.IsUnknown() || plan.Equal(state) {
		return client.Nullable[string]{}
	}
	return client.NullableFromPtr(plan.ValueStringPointer())
}

// changedBool returns the planned value when it differs from the state, or nil.
func changedBool(plan, state types.Bool) *bool {
	if plan.IsUnknown() || plan.IsNull() || plan.Equal(state) {
		return nil
	}
	v := plan.ValueBool()
	return &v
}

// changedSet returns the planned set as a slice when it differs from the
// state, or nil.
func changedSet(ctx context.Context, plan, state types.Set, diags *diag.Diagnostics) *[]string {
	if plan.IsUnknown() || plan.Equal(state) {
		return nil
	}
	v := setStrings(ctx, plan, diags)
	return &v
}

// missingFrom returns, sorted, the values of a that are not in b.
func missingFrom(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, v := range b {
		in[v] = true
	}
	var out []string
	for _, v := range a {
		if !in[v] {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// splitCompositeID splits an import id made of ids joined by "/", one per
// prefix in order, e.g. "grp_1/usr_2" for (grp_, usr_). The error shows the
// expected form.
func splitCompositeID(raw string, prefixes ...string) ([]string, error) {
	parts := strings.Split(raw, "/")
	ok := len(parts) == len(prefixes)
	for i := 0; ok && i < len(parts); i++ {
		ok = strings.HasPrefix(parts[i], prefixes[i]) && len(parts[i]) > len(prefixes[i])
	}
	if !ok {
		return nil, fmt.Errorf("import id %q must be %s, e.g. %s", raw,
			strings.Join(prefixes, ".../")+"...", strings.Join(prefixes, "0123/")+"0123")
	}
	return parts, nil
}

// changedInt64 returns the planned value when it differs from the state, or nil.
func changedInt64(plan, state types.Int64) *int64 {
	if plan.IsUnknown() || plan.IsNull() || plan.Equal(state) {
		return nil
	}
	v := plan.ValueInt64()
	return &v
}

// deleteByID deletes the resource whose id the state holds. A 404 counts as
// done: the object was already deleted outside Terraform, which is what
// Delete wants. Any other error is reported and keeps the resource in state.
func deleteByID(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse, typeName string,
	del func(ctx context.Context, id string, opts ...client.RequestOption) error) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := del(ctx, id.ValueString()); err != nil && !client.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", typeName, id.ValueString(), err)
	}
}

// idByKey adapts a natural-key lookup (find*ByName, findUserByLogin) to what
// importByIDOrKey wants: the id of the one object the key names.
func idByKey[T any](c *client.Client, find func(context.Context, *client.Client, string) (*T, error),
	idOf func(*T) string) func(context.Context, string) (string, error) {
	return func(ctx context.Context, value string) (string, error) {
		item, err := find(ctx, c, value)
		if err != nil {
			return "", err
		}
		return idOf(item), nil
	}
}

// importComposite imports a resource whose id is made of ids joined by "/",
// one per prefix (see splitCompositeID): the state's id is the import id and
// attrs[i] is set to its i-th part.
func importComposite(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	typeName string, attrs []string, prefixes ...string) {
	raw := importID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ids, err := splitCompositeID(raw, prefixes...)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id for "+typeName, err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), raw)...)
	for i, attr := range attrs {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), ids[i])...)
	}
}
