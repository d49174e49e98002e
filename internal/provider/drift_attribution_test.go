package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// cliRun runs the real Terraform CLI in a directory against this package's
// provider, served in process (TF_REATTACH_PROVIDERS, as plugin-testing
// does), so a test reads what the user reads: the CLI's output, warnings
// included, which plugin-testing does not show.
type cliRun struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// providerRegistryAddress is the provider's address on the CLI under test:
// OpenTofu looks providers up on its own registry (TF_ACC_PROVIDER_HOST, as
// make testacc-tofu sets it).
func providerRegistryAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/mspbackup/mspbackup"
}

func newCLIRun(t *testing.T) *cliRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(providerRegistryAddress(), NewProtocol6("test"), tf6server.WithDebug(ctx, configs, closed), tf6server.WithLoggingSink(t))
	}()
	rc := <-configs
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	reattach, err := json.Marshal(map[string]any{providerRegistryAddress(): map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rc2 := filepath.Join(dir, ".terraformrc") // an empty CLI configuration: nothing of the machine's
	if err := os.WriteFile(rc2, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &cliRun{t: t, bin: os.Getenv("TF_ACC_TERRAFORM_PATH"), dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+string(reattach), "TF_CLI_CONFIG_FILE="+rc2, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")}
}

// write replaces the configuration.
func (c *cliRun) write(hcl string) {
	c.t.Helper()
	hcl = "terraform {\n  required_providers {\n    mspbackup = { source = \"mspbackup/mspbackup\" }\n  }\n}\n" + hcl
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(hcl), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// run runs terraform with args and returns its output and exit code.
func (c *cliRun) run(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("terraform %v: %v", args, err)
	}
	return string(out), code
}

// must runs terraform and fails the test unless it exits with want.
func (c *cliRun) must(want int, args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != want {
		c.t.Fatalf("terraform %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// capture writes `terraform plan -json` into $MSPBACKUP_DRIFT_FIXTURES/name
// when that is set.
func (c *cliRun) capture(name string, code int) {
	c.t.Helper()
	dir := os.Getenv("MSPBACKUP_DRIFT_FIXTURES")
	if dir == "" {
		return
	}
	cmd := exec.Command(c.bin, "plan", "-json", "-detailed-exitcode")
	cmd.Dir, cmd.Env = c.dir, c.env
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok && err != nil || ok && ee.ExitCode() != code {
		c.t.Fatalf("terraform plan -json: %v, want exit %d", err, code)
	}
	if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// consoleSession signs login in through the web console's own sign-in form
// and returns an HTTP client that holds the console's session cookie.
func consoleSession(t *testing.T, base, login, password string) *consoleBrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(base)
	jar.SetCookies(u, []*http.Cookie{{Name: "mspbackup_csrf", Value: "drift-test", Path: "/"}})
	b := &consoleBrowser{t: t, base: base, hc: &http.Client{Jar: jar}}
	b.post("/signin", url.Values{"login": {login}, "password": {password}})
	if !strings.Contains(b.lastBody, "Sign out") {
		t.Fatalf("console sign-in of %s failed:\n%s", login, b.lastBody)
	}
	return b
}

type consoleBrowser struct {
	t        *testing.T
	base     string
	hc       *http.Client
	lastBody string
}

// post submits a console form (with the CSRF field, the cookie's value as
// the console's pages carry it) and follows redirects.
func (b *consoleBrowser) post(path string, form url.Values) {
	b.t.Helper()
	u, _ := url.Parse(b.base)
	for _, ck := range b.hc.Jar.Cookies(u) {
		if ck.Name == "mspbackup_csrf" {
			form.Set("csrf_token", ck.Value)
		}
	}
	res, err := b.hc.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	_, _ = fmt.Fprint(&sb, res.Status)
	buf := make([]byte, 1<<16)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	b.lastBody = sb.String()
	if res.StatusCode != http.StatusOK {
		b.t.Fatalf("console POST %s: %s", path, b.lastBody)
	}
}

// auditCounter counts the requests for the audit log.
type auditCounter struct{ n atomic.Int64 }

func (a *auditCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v1/audit-events") {
			a.n.Add(1)
		}
		next.ServeHTTP(w, r)
	})
}

// TestAccDriftAttribution is the plan a scheduled drift check reads: of
// accounts managed by Terraform, some are renamed in the web console by a
// named technician, changed by a script with an API token, or deleted; the
// plan's warnings say who, how, which fields and when, at the cost of one
// audit request for the whole plan; a plan after Terraform's own apply
// says nothing, and a token without audit:read gets no warning and no error.
//
// MSPBACKUP_DRIFT_ACCOUNTS sets the number of accounts (default 200, of
// which 10 drift). MSPBACKUP_DRIFT_FIXTURES, when set, is a directory that
// receives the `terraform plan -json` output of the plans (the test data of
// mspbackup-drift: see internal/cmd/mspbackup-drift/testdata/README.md).
func TestAccDriftAttribution(t *testing.T) {
	var traffic testserver.Traffic
	var audits auditCounter
	// The server's clock is moved on a minute before the changes made
	// outside Terraform, so that they never share the second of state's
	// updated_at with Terraform's own writes.
	var shift atomic.Int64
	env := newAccEnv(t, testserver.Options{
		Wrap: func(h http.Handler) http.Handler { return traffic.Wrap(audits.wrap(h)) },
		Now:  func() time.Time { return time.Now().Add(time.Duration(shift.Load())) },
	})
	ctx := context.Background()
	n := 200
	if v := os.Getenv("MSPBACKUP_DRIFT_ACCOUNTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	const password = "correct horse battery staple"
	ops := apiUser(t, env, client.UserCreateRequest{Login: "ops@msp.example", Email: "ops@msp.example", Password: password})
	ci := apiUser(t, env, client.UserCreateRequest{Login: "ci@msp.example", Email: "ci@msp.example"})
	noAudit := apiUser(t, env, client.UserCreateRequest{Login: "tf-noaudit@msp.example", Email: "tf-noaudit@msp.example"})
	grantAll(t, env, []string{client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite}, ops, ci, noAudit)
	_, scriptAPI := tokenClient(t, env, ci, "nightly-sync")
	noAuditToken, _ := tokenClient(t, env, noAudit, "terraform without audit")

	tf := newCLIRun(t)
	config := func(token string) string {
		return fmt.Sprintf(`
provider "mspbackup" {
  endpoint  = %q
  api_token = %q
}

resource "mspbackup_customer_account" "acct" {
  count       = %d
  name        = "Account ${count.index}"
  description = "Managed by Terraform"
}
`, env.server.URL, token, n)
	}
	tf.write(config(env.server.Token))
	tf.must(0, "init", "-no-color")
	tf.must(0, "apply", "-auto-approve", "-no-color")

	// Terraform's own apply, then a plan: no warning, no audit request.
	audits.n.Store(0)
	out := tf.must(0, "plan", "-detailed-exitcode", "-no-color")
	if strings.Contains(out, "outside Terraform") || audits.n.Load() != 0 {
		t.Fatalf("a plan after Terraform's apply: %d audit requests, output:\n%s", audits.n.Load(), out)
	}
	tf.capture("plan-clean.json", 0)

	accounts, err := env.client.CustomerAccounts.ListAll(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, a := range accounts {
		byName[a.Name] = a.ID
	}
	shift.Store(int64(time.Minute))
	console := consoleSession(t, env.server.URL, "ops@msp.example", password)
	// Account 0: renamed in the console by ops. Account 1: a script's token
	// changes its description, then ops renames it in the console. Account 2:
	// deleted in the console. Accounts 3-9: the script changes them.
	console.post("/customer-accounts/"+byName["Account 0"], url.Values{"name": {"Account 0 (renamed)"}, "description": {"Managed by Terraform"}})
	if _, err := scriptAPI.CustomerAccounts.Update(ctx, byName["Account 1"], &client.CustomerAccountUpdateRequest{Description: ptrTo("synced")}); err != nil {
		t.Fatal(err)
	}
	shift.Store(int64(2 * time.Minute))
	console.post("/customer-accounts/"+byName["Account 1"], url.Values{"name": {"Account 1 (renamed)"}, "description": {"synced"}})
	console.post("/customer-accounts/"+byName["Account 2"]+"/delete", url.Values{})
	for i := 3; i < 10; i++ {
		if _, err := scriptAPI.CustomerAccounts.Update(ctx, byName[fmt.Sprintf("Account %d", i)],
			&client.CustomerAccountUpdateRequest{Description: ptrTo("synced")}); err != nil {
			t.Fatal(err)
		}
	}

	// The plan without audit:read: the drift, no attribution, no error.
	tf.write(config(noAuditToken.Token))
	audits.n.Store(0)
	out = tf.must(2, "plan", "-detailed-exitcode", "-no-color")
	if strings.Contains(out, "outside Terraform:") || strings.Contains(out, "Error") || audits.n.Load() != 1 {
		t.Errorf("a plan without audit:read: %d audit requests (want the one refused), output:\n%s", audits.n.Load(), out)
	}
	tf.capture("plan-unattributed.json", 2)

	// The plan with audit:read.
	tf.write(config(env.server.Token))
	audits.n.Store(0)
	before := traffic.Requests()
	out = tf.must(2, "plan", "-detailed-exitcode", "-no-color")
	t.Logf("the drift plan of %d accounts, 10 drifted: %d requests, %d of them to the audit log:\n%s", n, traffic.Requests()-before, audits.n.Load(), out)
	if audits.n.Load() != 1 {
		t.Errorf("%d audit requests for 10 drifted accounts, want 1", audits.n.Load())
	}
	at := `at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`
	for _, want := range []string{
		`mspbackup_customer_account "Account 0" was changed outside Terraform: name, by ops@msp\.example in the console ` + at,
		`mspbackup_customer_account "Account 1" was changed outside Terraform: description, by ci@msp\.example with the API token "nightly-sync" ` +
			at + `; then name, by ops@msp\.example in the console ` + at,
		`mspbackup_customer_account "Account 2" was deleted outside Terraform by ops@msp\.example in the console ` + at,
		`mspbackup_customer_account "Account 9" was changed outside Terraform: description, by ci@msp\.example with the API token "nightly-sync" ` + at,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("the plan lacks %s:\n%s", want, out)
		}
	}
	if got := strings.Count(out, "outside Terraform"); got < 10 {
		t.Errorf("%d drift warnings, want one per drifted account (10)", got)
	}
	tf.capture("plan-drift.json", 2)

	// Terraform puts it back; the plan after says nothing.
	tf.must(0, "apply", "-auto-approve", "-no-color")
	audits.n.Store(0)
	out = tf.must(0, "plan", "-detailed-exitcode", "-no-color")
	if strings.Contains(out, "outside Terraform") || audits.n.Load() != 0 {
		t.Errorf("the plan after Terraform put it back: %d audit requests, output:\n%s", audits.n.Load(), out)
	}
}

func ptrTo[T any](v T) *T { return &v }

// grantAll gives the users the permissions, through a new group.
func grantAll(t *testing.T, env *accEnv, perms []string, users ...*client.User) {
	t.Helper()
	g := apiCreate(t, env.client.Groups.Create, client.GroupCreateRequest{Name: "Granted " + strings.Join(perms, " "), Permissions: perms})
	for _, u := range users {
		apiAddMember(t, env, g.ID, u.ID)
	}
}

// tokenClient creates an API token of the user and a client that uses it
// (a script's, for changes "with an API token").
func tokenClient(t *testing.T, env *accEnv, u *client.User, name string) (*client.APIToken, *client.Client) {
	t.Helper()
	tok := apiCreate(t, env.client.Tokens.Create, client.APITokenCreateRequest{Name: name, UserID: u.ID})
	c, err := client.New(env.server.URL, tok.Token, client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return tok, c
}
