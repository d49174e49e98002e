package provider

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// unknownAttributes names the provider attributes whose value Terraform will
// know only at apply, in the schema's order.
func (m providerModel) unknownAttributes() []string {
	var unknown []string
	for _, a := range []struct {
		name  string
		value interface{ IsUnknown() bool }
	}{
		{"endpoint", m.Endpoint}, {"api_token", m.APIToken}, {"max_retries", m.MaxRetries},
		{"request_timeout", m.RequestTimeout}, {"max_requests_per_second", m.MaxRequestsPerSecond},
		{"rate_limit_timeout", m.RateLimitTimeout},
	} {
		if a.value.IsUnknown() {
			unknown = append(unknown, a.name)
		}
	}
	return unknown
}

// unconfiguredProviderData is what a provider whose configuration is still
// unknown hands its resources: a client every request of which fails with an
// error naming the unknown attributes, so an operation that needs the API
// before apply says exactly why it cannot run.
func unconfiguredProviderData(unknown []string) *providerData {
	c, err := client.New("https://configuration-known-at-apply.invalid", "",
		client.WithHTTPClient(&http.Client{Transport: unknownConfigTransport(unknown)}),
		client.WithMaxRetries(0))
	if err != nil {
		panic(fmt.Sprintf("building the unconfigured client: %v", err)) // constant arguments: cannot happen
	}
	return &providerData{client: c, cache: newReadCache()}
}

// unknownConfigTransport refuses every request: its value is the names of
// the provider attributes that are not known yet.
type unknownConfigTransport []string

func (t unknownConfigTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("the provider's %s is known only after apply (it comes from a value this run creates), "+
		"and this operation needs the management API before then: give the provider a value known at plan time, "+
		"or apply the objects it depends on first (terraform apply -target)", strings.Join(t, ", "))
}
