// Package provider implements the mspbackup Terraform provider: its
// configuration, resources and data sources. Every type talks to the
// management API through the public client in package client.
package provider

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Environment variables that fill what the provider block leaves out.
const (
	envEndpoint       = "MSPBACKUP_ENDPOINT"
	envAPIToken       = "MSPBACKUP_API_TOKEN"
	envMaxRetries     = "MSPBACKUP_MAX_RETRIES"
	envRequestTimeout = "MSPBACKUP_REQUEST_TIMEOUT"
	// envMaxRequestsPerSecond and envRateLimitTimeout fill the rate-limit
	// settings; a CI job sets them without touching the configuration.
	envMaxRequestsPerSecond = "MSPBACKUP_MAX_REQUESTS_PER_SECOND"
	envRateLimitTimeout     = "MSPBACKUP_RATE_LIMIT_TIMEOUT"
)

const (
	defaultMaxRetries     = 4
	defaultRequestTimeout = client.DefaultRequestTimeout
	// defaultRateLimitTimeout is the longest one API call waits for the
	// server's rate limit before the operation fails.
	defaultRateLimitTimeout = client.DefaultRateLimitTimeout
)

var (
	_ provider.Provider                       = &mspbackupProvider{}
	_ provider.ProviderWithEphemeralResources = &mspbackupProvider{}
	_ provider.ProviderWithListResources      = &mspbackupProvider{}
	_ provider.ProviderWithActions            = &mspbackupProvider{}
)

// New returns a factory for the provider at the given version ("dev" when
// built without release flags).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &mspbackupProvider{version: version} }
}

type mspbackupProvider struct {
	version string
	// drift attributes drifted objects to their changes (drift_attribution.go);
	// nil when served without NewProtocol6's wrapper.
	drift *driftAttribution
}

type providerModel struct {
	Endpoint       types.String `tfsdk:"endpoint"`
	APIToken       types.String `tfsdk:"api_token"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`

	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	RateLimitTimeout     types.String  `tfsdk:"rate_limit_timeout"`
}

func (p *mspbackupProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "mspbackup"
	resp.Version = p.version
}

func (p *mspbackupProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manage the tenants and identities of an MSP Backup management console as code: " +
			"customer accounts, companies, storage, users, security groups, memberships and licence assignments.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Description: "Base URL of the management API, e.g. `https://backup.example.net` (without `/api/v1`). " +
					"Falls back to the `" + envEndpoint + "` environment variable.",
				Optional: true,
			},
			"api_token": schema.StringAttribute{
				Description: "API token the provider authenticates with (an `mspbackup_api_token` secret or the server's " +
					"bootstrap token). Falls back to the `" + envAPIToken + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"max_retries": schema.Int64Attribute{
				Description: fmt.Sprintf("How many times a request is retried after a connection error or a 502/503/504, "+
					"with exponential backoff and honouring `Retry-After`. A 429 is not counted here: the provider waits for "+
					"the rate limit, bounded by `rate_limit_timeout`. Defaults to %d; falls back to the `%s` environment variable.",
					defaultMaxRetries, envMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				Description: fmt.Sprintf("Time limit of one HTTP attempt, as a Go duration such as `30s` or `2m`. Defaults to `%s`; "+
					"falls back to the `%s` environment variable.", defaultRequestTimeout, envRequestTimeout),
				Optional:   true,
				Validators: []validator.String{positiveDuration()},
			},
			"max_requests_per_second": schema.Float64Attribute{
				Description: "Most requests per second the provider sends, across all of Terraform's parallel operations " +
					"(it stays 5% under it). Needed only for a server that does not advertise its limit: the provider " +
					"already paces itself under the limit the server announces in its `RateLimit-Policy` header. " +
					"Unset or `0`: no cap of the provider's own. Falls back to the `" + envMaxRequestsPerSecond + "` environment variable.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0)},
			},
			"rate_limit_timeout": schema.StringAttribute{
				Description: fmt.Sprintf("Longest time one API call waits, in total, for the server's rate limit (429 answers, "+
					"a used-up quota, pacing) before the operation fails, as a Go duration such as `5m`; separate from `max_retries`, "+
					"which counts errors. `0s` fails at the first 429. Defaults to `%s`; falls back to the `%s` environment variable.",
					defaultRateLimitTimeout, envRateLimitTimeout),
				Optional:   true,
				Validators: []validator.String{nonNegativeDuration()},
			},
		},
	}
}

// Configure builds the API client from the provider block and the
// environment. Every problem is reported on its attribute at once.
func (p *mspbackupProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if unknown := cfg.unknownAttributes(); len(unknown) > 0 {
		// Terraform configures a provider while planning even when part of its
		// configuration is known only at apply, such as an api_token taken from
		// an ephemeral mspbackup_api_token of a user created in the same run.
		// Planning needs no API call for what this provider will create, so
		// the plan goes on; anything that does need the API fails, naming the
		// attribute (see unknownConfigTransport).
		tflog.Info(ctx, "provider configuration known only at apply; API calls wait for it", map[string]any{"attributes": unknown})
		data := unconfiguredProviderData(unknown)
		resp.DataSourceData, resp.ResourceData, resp.EphemeralResourceData, resp.ActionData = data, data, data, data
		return
	}

	endpoint := stringOrEnv(cfg.Endpoint, envEndpoint)
	token := stringOrEnv(cfg.APIToken, envAPIToken)
	if endpoint == "" {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Missing management API endpoint",
			"Set endpoint in the provider block or the "+envEndpoint+" environment variable, e.g. https://backup.example.net.")
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Missing API token",
			"Set api_token in the provider block or the "+envAPIToken+" environment variable.")
	}

	maxRetries := int64(defaultMaxRetries)
	if !cfg.MaxRetries.IsNull() {
		maxRetries = cfg.MaxRetries.ValueInt64()
	} else if s := os.Getenv(envMaxRetries); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 20 {
			resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries,
				fmt.Sprintf("%s must be a whole number from 0 to 20, got %q.", envMaxRetries, s))
		}
		maxRetries = n
	}

	timeout := defaultRequestTimeout
	if s := stringOrEnv(cfg.RequestTimeout, envRequestTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("request_timeout must be a positive Go duration such as 30s or 2m, got %q.", s))
		}
		timeout = d
	}
	maxRate := 0.0
	if !cfg.MaxRequestsPerSecond.IsNull() {
		maxRate = cfg.MaxRequestsPerSecond.ValueFloat64()
	} else if s := os.Getenv(envMaxRequestsPerSecond); s != "" {
		r, err := strconv.ParseFloat(s, 64)
		if err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
			resp.Diagnostics.AddAttributeError(path.Root("max_requests_per_second"), "Invalid "+envMaxRequestsPerSecond,
				fmt.Sprintf("%s must be a number of requests per second, 0 or more, got %q.", envMaxRequestsPerSecond, s))
		}
		maxRate = r
	}

	rateLimitTimeout := defaultRateLimitTimeout
	if s := stringOrEnv(cfg.RateLimitTimeout, envRateLimitTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			resp.Diagnostics.AddAttributeError(path.Root("rate_limit_timeout"), "Invalid rate_limit_timeout",
				fmt.Sprintf("rate_limit_timeout must be a Go duration of 0s or more such as 5m or 90s, got %q.", s))
		}
		rateLimitTimeout = d
	}
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.SetField(ctx, "mspbackup_endpoint", endpoint)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "api_token")
	// A new read cache per Configure: Terraform configures the provider once
	// per operation, and reads are batched within one operation only.
	cache := newReadCache()
	c, err := client.New(endpoint, token,
		client.WithHTTPClient(&http.Client{Transport: &invalidatingTransport{
			base:  client.NewTransport(),
			cache: cache,
		}}),
		client.WithMaxRetries(int(maxRetries)),
		client.WithRequestTimeout(timeout),
		client.WithUserAgent(client.TerraformUserAgent+p.version),
		client.WithMaxRequestsPerSecond(maxRate),
		client.WithRateLimitTimeout(rateLimitTimeout),
		client.WithThrottleReport(logThrottle),
	)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid management API endpoint", err.Error())
		return
	}

	// Check the endpoint and token once here, so a wrong token is one clear
	// diagnostic instead of an error on every resource.
	if _, err := c.Permissions.List(ctx); err != nil {
		switch {
		case client.IsUnauthorized(err):
			resp.Diagnostics.AddAttributeError(path.Root("api_token"), "The management API rejected the API token",
				"Check api_token or "+envAPIToken+": it may be mistyped, expired, revoked or belong to a disabled user. "+err.Error())
		default:
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Cannot reach the management API",
				"Check endpoint or "+envEndpoint+" ("+endpoint+"): "+err.Error()+rateLimitHint(err))
		}
		return
	}
	tflog.Debug(ctx, "configured mspbackup client")

	data := &providerData{client: c, cache: cache}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
	p.drift.configure(c)
}

func (p *mspbackupProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewAPITokenEphemeralResource}
}

// Actions are the day-2 verbs of actions.go (Terraform 1.14 and later).
func (p *mspbackupProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewSendInstructionsAction,
		NewResetPasswordAction,
		NewEndSessionsAction,
		NewRestoreCustomerAccountAction,
		NewPurgeBackupDataAction,
	}
}

func (p *mspbackupProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewCustomerAccountResource,
		NewCompanyResource,
		NewStorageAccountResource,
		NewStorageLimitResource,
		NewLicenseAssignmentResource,
		NewLicenseQuotaResource,
		NewAPITokenResource,
		NewUserResource,
		NewGroupResource,
		NewGroupMembershipResource,
		NewGroupMembersResource,
	}
}

func (p *mspbackupProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewCustomerAccountDataSource,
		NewCustomerAccountsDataSource,
		NewCompanyDataSource,
		NewStorageAccountDataSource,
		NewStorageLimitDataSource,
		NewLicenseAssignmentDataSource,
		NewLicensePoolDataSource,
		NewLicenseQuotaDataSource,
		NewAPITokenDataSource,
		NewPermissionsDataSource,
		NewUserDataSource,
		NewUsersDataSource,
		NewGroupDataSource,
		NewGroupsDataSource,
		NewGroupMembershipDataSource,
		NewGroupMembersDataSource,
		NewAuditEventsDataSource,
	}
}

// logThrottle logs, now and then, that the provider is waiting for the
// API's rate limit (the client calls it at most every 10 seconds), so that a
// slow apply says why it is slow.
func logThrottle(ctx context.Context, t client.Throttle) {
	tflog.Info(ctx, fmt.Sprintf("mspbackup: waiting %s for the management API's rate limit: %s",
		t.Wait.Round(time.Millisecond), t.Reason), map[string]any{"rate_limited_answers": t.Limited})
}

// stringOrEnv returns the configured value, or the environment variable when
// the attribute is null.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}
