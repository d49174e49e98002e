package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// tenants is a configuration of n customer accounts.
func tenants(n int) string {
	return fmt.Sprintf(`
resource "mspbackup_customer_account" "tenant" {
  count = %d
  name  = format("Tenant %%03d", count.index)
}
`, n)
}

// TestAccRateLimit_applyUnderSustainedLimit: 200 resources against a server
// that allows 3 requests a second: the apply and the refreshing plan after
// it succeed, pacing rather than hammering (at most one 429 per ten
// requests).
func TestAccRateLimit_applyUnderSustainedLimit(t *testing.T) {
	var traffic testserver.Traffic
	env := newAccEnv(t, testserver.Options{RateLimit: 3, Wrap: traffic.Wrap})
	config := env.config(tenants(200))
	atMostOneIn10 := func(what string) error {
		requests, limited := traffic.Requests(), traffic.Answers(http.StatusTooManyRequests)
		t.Logf("%s: %d requests, %d answers of 429, %.2f requests/s", what, requests, limited, traffic.Rate())
		if limited*10 > requests {
			return fmt.Errorf("%s: %d answers of 429 in %d requests: more than one in ten", what, limited, requests)
		}
		return nil
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: config,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("mspbackup_customer_account.tenant.199", "name", "Tenant 199"),
				func(*terraform.State) error { return atMostOneIn10("apply") },
			),
			// The refreshing plan after the apply, also under the limit.
			ConfigPlanChecks: emptyAfterApply(),
		},
		{
			PreConfig: func() {
				if err := atMostOneIn10("apply and the no-change plan"); err != nil {
					t.Error(err)
				}
				env.server.LiftRateLimit() // measured: destroy quickly
			},
			Config:   config,
			PlanOnly: true,
		},
	})
}

// TestAccRateLimit_maxRequestsPerSecond: with max_requests_per_second = 2
// the server never sees more than 2 requests a second, though it advertises
// no limit.
func TestAccRateLimit_maxRequestsPerSecond(t *testing.T) {
	var traffic testserver.Traffic
	env := newAccEnv(t, testserver.Options{Wrap: traffic.Wrap})
	config := fmt.Sprintf(`
provider "mspbackup" {
  endpoint                = %q
  api_token               = %q
  max_requests_per_second = 2
}
`, env.server.URL, env.server.Token) + tenants(8)
	atMost2 := func(what string) error {
		rate := traffic.Rate()
		t.Logf("%s: %d requests at %.2f requests/s", what, traffic.Requests(), rate)
		if rate > 2 {
			return fmt.Errorf("%s: the server saw %.2f requests/s, over max_requests_per_second = 2", what, rate)
		}
		return nil
	}
	env.test(t, func(*terraform.State) error { return atMost2("apply, plans and destroy") }, []resource.TestStep{{
		Config: config,
		Check:  func(*terraform.State) error { return atMost2("apply") },
	}})
}

// TestAccRateLimit_limitThatDoesNotLift: when the server keeps answering
// 429 beyond rate_limit_timeout, the apply fails saying so and how to raise
// the timeout.
func TestAccRateLimit_limitThatDoesNotLift(t *testing.T) {
	refuseCreates := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"title":"Too Many Requests","status":429,"detail":"rate limit exceeded"}`)
		})
	}
	env := newAccEnv(t, testserver.Options{Wrap: refuseCreates})
	config := fmt.Sprintf(`
provider "mspbackup" {
  endpoint           = %q
  api_token          = %q
  rate_limit_timeout = "3s"
}
`, env.server.URL, env.server.Token) + tenants(1)
	env.test(t, nil, []resource.TestStep{{
		Config: config,
		ExpectError: errorLike("rate limit did not lift within the rate-limit timeout of 3s",
			"429 Too Many Requests: rate limit exceeded",
			"Raise rate_limit_timeout in the provider block (or MSPBACKUP_RATE_LIMIT_TIMEOUT)"),
	}})
}
