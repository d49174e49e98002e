package provider

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// Acceptance tests drive the real Terraform CLI (TF_ACC_TERRAFORM_PATH, the
// pinned build that `make test` installs into ./bin) against the real
// reference server, started in-process on a fresh SQLite file per test, so
// tests are isolated and run in parallel.

var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"mspbackup": func() (tfprotov6.ProviderServer, error) { return NewProtocol6("test")(), nil },
}

// accEnv is one test's server, the provider block that points at it, and a
// client for changes made "in the console" and for checks against the server.
type accEnv struct {
	server *testserver.Server
	client *client.Client
}

// newAccEnv fails (never skips) when acceptance tests are enabled but the
// Terraform CLI is missing, then starts a fresh server, with the options if
// given (at most one).
func newAccEnv(t *testing.T, opts ...testserver.Options) *accEnv {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test and make testacc do)")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run `make testacc`, which installs the pinned Terraform CLI into ./bin")
	}
	if _, err := exec.LookPath(tf); err != nil {
		t.Fatalf("Terraform CLI at TF_ACC_TERRAFORM_PATH=%s is not usable: %v (run `make terraform`)", tf, err)
	}
	if len(opts) > 1 {
		t.Fatalf("newAccEnv takes at most one testserver.Options, got %d", len(opts))
	}
	srv := testserver.Start(t, append(opts, testserver.Options{})[0])
	c, err := client.New(srv.URL, srv.Token, client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return &accEnv{server: srv, client: c}
}

// config prefixes HCL with the provider block for this test's server.
func (e *accEnv) config(hcl string) string {
	return fmt.Sprintf(`
provider "mspbackup" {
  endpoint  = %q
  api_token = %q
}
`, e.server.URL, e.server.Token) + hcl
}

// configf is config of the HCL that format and args make, as fmt.Sprintf.
func (e *accEnv) configf(format string, args ...any) string {
	return e.config(fmt.Sprintf(format, args...))
}
