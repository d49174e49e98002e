package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// This file holds what every resource and data source shares: getting the
// client from provider data, turning API errors into diagnostics, dropping
// resources that are gone, and converting between API and Terraform values.

// clientFromProviderData returns the configured client, or nil while the
// provider is not configured yet (validation and early plan calls).
func clientFromProviderData(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*client.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *client.Client, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}

// resourceClient is embedded by every resource: it implements Configure.
type resourceClient struct {
	client *client.Client
}

func (r *resourceClient) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// dataSourceClient is embedded by every data source: it implements Configure.
type dataSourceClient struct {
	client *client.Client
}

func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// addAPIError reports a failed API call as one diagnostic that names the
// action, the resource type and id, and carries the HTTP status and the
// server's detail (the client's error message holds both).
func addAPIError(diags *diag.Diagnostics, action, typeName, id string, err error) {
	what := typeName
	if id != "" {
		what += " " + id
	}
	diags.AddError(fmt.Sprintf("Unable to %s %s", action, what), err.Error())
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
