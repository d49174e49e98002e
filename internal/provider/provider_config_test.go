package provider

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// These tests call the provider's Configure directly with a provider block
// (attributes left out are null), so they need no Terraform CLI. They use
// t.Setenv, so they do not run in parallel.

// configureWith runs Configure with the given attributes set.
func configureWith(t *testing.T, attrs map[string]tftypes.Value) *provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var sresp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("the provider schema has no attribute %q", name)
		}
		vals[name] = v
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{
		Config: tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, vals)},
	}, &resp)
	return &resp
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// clearProviderEnv makes sure no variable of the developer's shell leaks in.
func clearProviderEnv(t *testing.T) {
	for _, name := range []string{envEndpoint, envAPIToken, envMaxRetries, envRequestTimeout, envMaxRequestsPerSecond, envRateLimitTimeout} {
		t.Setenv(name, "")
	}
}

// errorsOn returns the attribute paths of the error diagnostics, in order.
func errorsOn(diags diag.Diagnostics) []string {
	var out []string
	for _, d := range diags.Errors() {
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			out = append(out, wp.Path().String())
		} else {
			out = append(out, "(no path): "+d.Summary())
		}
	}
	return out
}

func wantOneError(t *testing.T, resp *provider.ConfigureResponse, attr string, contains ...string) {
	t.Helper()
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 {
		t.Fatalf("got %d errors on %v, want one on %s: %v", len(errs), errorsOn(resp.Diagnostics), attr, resp.Diagnostics)
	}
	d := errs[0]
	wp, ok := d.(diag.DiagnosticWithPath)
	if !ok || !wp.Path().Equal(path.Root(attr)) {
		t.Errorf("error %q is not on attribute %s", d.Summary(), attr)
	}
	text := d.Summary() + "\n" + d.Detail()
	for _, s := range contains {
		if !strings.Contains(text, s) {
			t.Errorf("error %q does not mention %q", text, s)
		}
	}
	if resp.ResourceData != nil || resp.DataSourceData != nil {
		t.Error("a failed configuration still handed a client to resources")
	}
}

func TestProviderConfigure_missingEndpointAndToken(t *testing.T) {
	clearProviderEnv(t)
	resp := configureWith(t, nil)
	got := errorsOn(resp.Diagnostics)
	if len(got) != 2 || !((got[0] == "endpoint" && got[1] == "api_token") || (got[0] == "api_token" && got[1] == "endpoint")) {
		t.Fatalf("errors on %v, want exactly one on endpoint and one on api_token: %v", got, resp.Diagnostics)
	}
	for _, d := range resp.Diagnostics.Errors() {
		if !strings.Contains(d.Detail(), envEndpoint) && !strings.Contains(d.Detail(), envAPIToken) {
			t.Errorf("%q does not name the environment variable to set", d.Detail())
		}
	}
}

func TestProviderConfigure_missingToken(t *testing.T) {
	clearProviderEnv(t)
	resp := configureWith(t, map[string]tftypes.Value{"endpoint": str("http://127.0.0.1:1")})
	wantOneError(t, resp, "api_token", "Missing API token", envAPIToken)
}

func TestProviderConfigure_missingEndpoint(t *testing.T) {
	clearProviderEnv(t)
	resp := configureWith(t, map[string]tftypes.Value{"api_token": str("mspb_x")})
	wantOneError(t, resp, "endpoint", "Missing management API endpoint", envEndpoint)
}

// A value known only at apply (an ephemeral token of a user this run
// creates) configures a provider that plans; a call that needs the API
// before apply fails naming the attribute, and makes no request.
func TestProviderConfigure_unknownValue(t *testing.T) {
	clearProviderEnv(t)
	for _, tc := range []struct {
		name  string
		attrs map[string]tftypes.Value
		want  string
	}{
		{"token", map[string]tftypes.Value{"endpoint": str("http://127.0.0.1:1"), "api_token": unknownString()}, "api_token is known only after apply"},
		{"endpoint and timeout", map[string]tftypes.Value{"endpoint": unknownString(), "api_token": str("mspb_x"), "request_timeout": unknownString()}, "endpoint, request_timeout is known only after apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := configureWith(t, tc.attrs)
			if resp.Diagnostics.HasError() {
				t.Fatalf("Configure failed on a value known only at apply: %v", resp.Diagnostics)
			}
			data, ok := resp.ResourceData.(*providerData)
			if !ok || resp.DataSourceData != resp.ResourceData || resp.EphemeralResourceData != resp.ResourceData {
				t.Fatalf("resources, data sources and ephemeral resources got %T, %T, %T; want one *providerData",
					resp.ResourceData, resp.DataSourceData, resp.EphemeralResourceData)
			}
			_, err := data.client.Users.Get(context.Background(), "usr_x")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("an API call before apply: %v; want an error containing %q", err, tc.want)
			}
		})
	}
}

func unknownString() tftypes.Value { return tftypes.NewValue(tftypes.String, tftypes.UnknownValue) }

func TestProviderConfigure_rejectedToken(t *testing.T) {
	clearProviderEnv(t)
	srv := testserver.Start(t, testserver.Options{})
	resp := configureWith(t, map[string]tftypes.Value{
		"endpoint":    str(srv.URL),
		"api_token":   str("mspb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
		"max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	wantOneError(t, resp, "api_token", "rejected", "api_token", "401")
	if strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "mspb_AAAA") {
		t.Error("the diagnostic repeats the token")
	}
}

func TestProviderConfigure_unreachableEndpoint(t *testing.T) {
	clearProviderEnv(t)
	resp := configureWith(t, map[string]tftypes.Value{
		"endpoint":    str("http://127.0.0.1:1"),
		"api_token":   str("mspb_x"),
		"max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	wantOneError(t, resp, "endpoint", "Cannot reach", "127.0.0.1:1")
}

func TestProviderConfigure_environment(t *testing.T) {
	clearProviderEnv(t)
	srv := testserver.Start(t, testserver.Options{})
	t.Setenv(envEndpoint, srv.URL)
	t.Setenv(envAPIToken, srv.Token)
	t.Setenv(envMaxRetries, "1")
	t.Setenv(envRequestTimeout, "5s")

	resp := configureWith(t, nil)
	if resp.Diagnostics.HasError() {
		t.Fatalf("configured from the environment: %v", resp.Diagnostics)
	}
	data, ok := resp.ResourceData.(*providerData)
	if !ok || resp.DataSourceData != resp.ResourceData || resp.EphemeralResourceData != resp.ResourceData {
		t.Fatalf("resources got %T, data sources %T; want the same *providerData", resp.ResourceData, resp.DataSourceData)
	}
	if c := data.client; c.Endpoint() != srv.URL {
		t.Errorf("client endpoint %q, want %q", c.Endpoint(), srv.URL)
	}
	// Reads are batched within one operation only: each Configure (one per
	// operation) starts an empty read cache of its own.
	again := configureWith(t, nil).ResourceData.(*providerData)
	if data.cache == nil || again.cache == nil || again.cache == data.cache || again.client == data.client {
		t.Errorf("two Configures share a read cache or a client: %p %p", data.cache, again.cache)
	}

	// The provider block wins over the environment: a wrong token in the
	// block is used (and rejected) although the environment's is right.
	resp = configureWith(t, map[string]tftypes.Value{"api_token": str("mspb_wrong"), "max_retries": tftypes.NewValue(tftypes.Number, 0)})
	wantOneError(t, resp, "api_token", "rejected")

	// Only what the block leaves out comes from the environment.
	t.Setenv(envEndpoint, "http://127.0.0.1:1")
	resp = configureWith(t, map[string]tftypes.Value{"endpoint": str(srv.URL)})
	if resp.Diagnostics.HasError() {
		t.Fatalf("endpoint from the block, token from the environment: %v", resp.Diagnostics)
	}
}

func TestProviderConfigure_invalidEnvironment(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv(envMaxRetries, "many")
	t.Setenv(envRequestTimeout, "-1s")
	t.Setenv(envMaxRequestsPerSecond, "fast")
	t.Setenv(envRateLimitTimeout, "-5m")
	resp := configureWith(t, map[string]tftypes.Value{"endpoint": str("http://127.0.0.1:1"), "api_token": str("mspb_x")})
	got := errorsOn(resp.Diagnostics)
	slices.Sort(got)
	if want := []string{"max_requests_per_second", "max_retries", "rate_limit_timeout", "request_timeout"}; !slices.Equal(got, want) {
		t.Fatalf("errors on %v, want one on each of %v: %v", got, want, resp.Diagnostics)
	}
}
