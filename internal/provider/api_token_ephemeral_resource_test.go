package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// bearerRecorder serves the test server's API and records every bearer
// token it is called with, so a test can see which token a provider used.
type bearerRecorder struct {
	mu     sync.Mutex
	tokens []string
}

func (r *bearerRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer "); ok {
			r.mu.Lock()
			if !slices.Contains(r.tokens, tok) {
				r.tokens = append(r.tokens, tok)
			}
			r.mu.Unlock()
		}
		next.ServeHTTP(w, req)
	})
}

func (r *bearerRecorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.tokens)
}

// withAgentProvider is the provider under test twice: as mspbackup and as
// mspbackupagent, which a configuration points at another token.
func withAgentProvider() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"mspbackup":      testAccProviders["mspbackup"],
		"mspbackupagent": providerserver.NewProtocol6WithError(New("test")()),
	}
}

// TestAccAPITokenEphemeral opens an ephemeral token for a user and hands it
// to a second provider, which reads a data source with it (its Configure
// checks the token, so a token that did not work fails the run). The second
// provider talks through a recorder, so the test knows the token's secret:
// after the run the server answers 401 to it, the user has no token left,
// and the secret is nowhere in the state.
//
// Users would hand the token to an aliased `provider "mspbackup"` block;
// Terraform runs each provider configuration in a process of its own. In
// acceptance tests every configuration of one provider is served by the one
// in-process server, where an alias's Configure would replace the client of
// the first, so the test gives the agent a provider of its own instead.
func TestAccAPITokenEphemeral(t *testing.T) {
	env := newAccEnv(t)
	rec := &bearerRecorder{}
	viaRecorder := httptest.NewServer(rec.wrap(env.server.Handler))
	t.Cleanup(viaRecorder.Close)
	agent := apiUser(t, env, client.UserCreateRequest{Login: "agent-deployer"})

	config := env.configf(`
ephemeral "mspbackup_api_token" "agent" {
  user_id = %q
  ttl     = "30m"
}

provider "mspbackupagent" {
  endpoint  = %q
  api_token = ephemeral.mspbackup_api_token.agent.token
}

data "mspbackup_permissions" "seen_by_agent" {
  provider = mspbackupagent
}
`, agent.ID, viaRecorder.URL)

	checkRevoked := func(s *terraform.State) error {
		tokens := rec.seen()
		if len(tokens) == 0 {
			return fmt.Errorf("the agent provider made no request: the ephemeral token was not used")
		}
		var state strings.Builder
		for _, r := range s.RootModule().Resources {
			fmt.Fprintf(&state, "%v", r.Primary.Attributes)
		}
		for i, tok := range tokens {
			if tok == env.server.Token {
				return fmt.Errorf("the agent provider used the administrator's token, not an ephemeral one")
			}
			if err := secretsAbsent("the state", []byte(state.String()), tok); err != nil {
				return fmt.Errorf("ephemeral token #%d: %w", i+1, err)
			}
			c, err := client.New(env.server.URL, tok, client.WithMaxRetries(0))
			if err != nil {
				return err
			}
			if _, err := c.Permissions.List(context.Background()); !client.IsUnauthorized(err) {
				return fmt.Errorf("ephemeral token #%d after the run: want 401, got %v", i+1, err)
			}
		}
		left, err := env.client.Tokens.ListAll(context.Background(), &client.ListOptions{UserID: agent.ID})
		if err != nil {
			return err
		}
		if len(left) != 0 {
			return fmt.Errorf("%d tokens of %s are left after the run, want none", len(left), agent.ID)
		}
		return nil
	}

	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks:   needsEphemeralCLI,
		ProtoV6ProviderFactories: withAgentProvider(),
		Steps: []tfresource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.mspbackup_permissions.seen_by_agent", tfjsonpath.New("permissions"),
					knownvalue.NotNull()),
			},
			Check: checkRevoked,
		}},
	})
}

// TestAccAPITokenEphemeral_errors checks ttl's bounds and user_id's form at
// plan time.
func TestAccAPITokenEphemeral_errors(t *testing.T) {
	env := newAccEnv(t)
	token := func(attrs string) string {
		return env.config("ephemeral \"mspbackup_api_token\" \"t\" {\n" + attrs + "\n}\n")
	}
	env.testOnCLIs(t, needsEphemeralCLI, []tfresource.TestStep{
		{Config: token("user_id = \"usr_1\"\nttl = \"25h\""), ExpectError: errorLike("Invalid ttl", "at most 24h0m0s", `"25h"`)},
		{Config: token("user_id = \"usr_1\"\nttl = \"-1m\""), ExpectError: errorLike("Invalid ttl", "positive Go duration")},
		{Config: token(`user_id = "grp_1"`), ExpectError: errorLike("Invalid user_id", `must be an id starting with "usr_"`)},
	})
}

// TestAccAPITokenEphemeral_revokeFails makes the server refuse to revoke
// tokens: the run still succeeds, the provider warns with the token's id,
// and neither the warning nor anything else in the TRACE log holds the
// token's secret. It sets the log path for the process, so it does not run
// in parallel.
func TestAccAPITokenEphemeral_revokeFails(t *testing.T) {
	env := newAccEnv(t, testserver.Options{Wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/api/v1/tokens/") {
				http.Error(w, "revocation is down", http.StatusInternalServerError)
				return
			}
			next.ServeHTTP(w, r)
		})
	}})
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	rec := &bearerRecorder{}
	viaRecorder := httptest.NewServer(rec.wrap(env.server.Handler))
	t.Cleanup(viaRecorder.Close)
	agent := apiUser(t, env, client.UserCreateRequest{Login: "agent-deployer"})

	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   needsEphemeralCLI,
		ProtoV6ProviderFactories: withAgentProvider(),
		Steps: []tfresource.TestStep{{
			Config: fmt.Sprintf(`
provider "mspbackup" {
  endpoint    = %q
  api_token   = %q
  max_retries = 0
}

ephemeral "mspbackup_api_token" "agent" {
  user_id = %q
}

provider "mspbackupagent" {
  endpoint  = %q
  api_token = ephemeral.mspbackup_api_token.agent.token
}

data "mspbackup_permissions" "seen_by_agent" {
  provider = mspbackupagent
}
`, env.server.URL, env.server.Token, agent.ID, viaRecorder.URL),
		}},
	})
	if t.Skipped() || t.Failed() {
		return
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log, []byte("Unable to revoke ephemeral mspbackup_api_token tok_")) {
		t.Fatalf("the TRACE log (%d bytes) has no warning about the failed revocation", len(log))
	}
	tokens := rec.seen()
	if len(tokens) == 0 {
		t.Fatal("the agent provider made no request: the ephemeral token was not used")
	}
	if err := secretsAbsent("the TRACE log", log, tokens...); err != nil {
		t.Error(err)
	}
}
