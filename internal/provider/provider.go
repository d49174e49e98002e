// Package provider implements the mspbackup Terraform provider: its
// configuration, resources and data sources. Every type talks to the
// management API through the public client in package client.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
)

const (
	defaultMaxRetries     = 4
	defaultRequestTimeout = client.DefaultRequestTimeout
)

var (
	_ provider.Provider                       = &mspbackupProvider{}
	_ provider.ProviderWithEphemeralResources = &mspbackupProvider{}
)

// New returns a factory for the provider at the given version ("dev" when
// built without release flags).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &mspbackupProvider{version: version} }
}

type mspbackupProvider struct {
	version string
}

type providerModel struct {
	Endpoint       types.String `tfsdk:"endpoint"`
	APIToken       types.String `tfsdk:"api_token"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
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
				Description: fmt.Sprintf("How many times a request is retried after a connection error, a 429 or a 502/503/504, "+
					"with exponential backoff and honouring `Retry-After`. Defaults to %d; falls back to the `%s` environment variable.",
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

	for name, v := range map[string]interface{ IsUnknown() bool }{
		"endpoint": cfg.Endpoint, "api_token": cfg.APIToken, "max_retries": cfg.MaxRetries, "request_timeout": cfg.RequestTimeout,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown "+name,
				"The provider cannot be configured with a value that is known only after apply. "+
					"Set "+name+" to a literal, a variable or its environment variable.")
		}
	}
	if resp.Diagnostics.HasError() {
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
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.SetField(ctx, "mspbackup_endpoint", endpoint)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "api_token")
	c, err := client.New(endpoint, token,
		client.WithMaxRetries(int(maxRetries)),
		client.WithRequestTimeout(timeout),
		client.WithUserAgent("terraform-provider-mspbackup/"+p.version),
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
				"Check endpoint or "+envEndpoint+" ("+endpoint+"): "+err.Error())
		}
		return
	}
	tflog.Debug(ctx, "configured mspbackup client")

	resp.DataSourceData = c
	resp.ResourceData = c
	resp.EphemeralResourceData = c
}

func (p *mspbackupProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewAPITokenEphemeralResource}
}

func (p *mspbackupProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewCustomerAccountResource,
		NewCompanyResource,
		NewStorageAccountResource,
		NewStorageLimitResource,
		NewLicenseAssignmentResource,
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
		NewAPITokenDataSource,
		NewPermissionsDataSource,
		NewUserDataSource,
		NewUsersDataSource,
		NewGroupDataSource,
		NewGroupsDataSource,
		NewGroupMembershipDataSource,
		NewGroupMembersDataSource,
	}
}

// stringOrEnv returns the configured value, or the environment variable when
// the attribute is null.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}
