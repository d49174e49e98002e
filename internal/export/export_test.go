package export

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// terraformCLI runs the real Terraform CLI against the provider built from
// this tree (through dev_overrides, so no terraform init) and one server.
type terraformCLI struct {
	bin string
	env []string
}

// newTerraformCLI returns nil when acceptance tests are off (TF_ACC unset),
// and fails (never skips) when they are on but the CLI is missing; else it
// builds the provider and points Terraform at it.
func newTerraformCLI(t *testing.T, srv *testserver.Server) *terraformCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Log("TF_ACC is not set: the export is checked, but not run through Terraform (make test sets it)")
		return nil
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run `make test`, which installs the pinned Terraform CLI into ./bin")
	}
	if !filepath.IsAbs(bin) {
		if _, err := os.Stat(bin); err != nil {
			bin = filepath.Join("..", "..", bin) // relative to the module root, as `make test` runs
		}
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath(bin); err != nil {
		t.Fatalf("Terraform CLI at TF_ACC_TERRAFORM_PATH is not usable: %v (run `make terraform`)", err)
	}
	providerDir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(providerDir, "terraform-provider-mspbackup"), ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/mspbackup/mspbackup", providerDir)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return &terraformCLI{bin: bin, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"TF_DATA_DIR=", "TF_CLI_ARGS=", "TF_PLUGIN_CACHE_DIR=", "TF_WORKSPACE=",
		"MSPBACKUP_ENDPOINT="+srv.URL, "MSPBACKUP_API_TOKEN="+srv.Token,
	)}
}

// run runs terraform in dir and returns its combined output and exit code.
func (tf *terraformCLI) run(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(tf.bin, args...)
	cmd.Dir, cmd.Env = dir, tf.env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return string(out), 0
}

// adopt checks that the module in dir is terraform fmt clean, that its plan
// only imports (imports of them), that apply imports them, and that the plan
// after that is empty. Without Terraform (tf is nil) it does nothing.
func (tf *terraformCLI) adopt(t *testing.T, dir string, imports int) {
	t.Helper()
	if tf == nil {
		return
	}
	if out, code := tf.run(t, dir, "fmt", "-check", "-diff", "-no-color"); code != 0 {
		t.Fatalf("the export is not terraform fmt clean (exit %d):\n%s", code, out)
	}
	out, code := tf.run(t, dir, "plan", "-input=false", "-no-color", "-out=adopt.tfplan")
	want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", imports)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("the plan of the export (exit %d) does not say %q:\n%s", code, want, lastLines(out, 80))
	}
	out, code = tf.run(t, dir, "apply", "-input=false", "-no-color", "adopt.tfplan")
	want = fmt.Sprintf("Apply complete! Resources: %d imported, 0 added, 0 changed, 0 destroyed.", imports)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("the apply of the export (exit %d) does not say %q:\n%s", code, want, lastLines(out, 80))
	}
	if out, code := tf.run(t, dir, "plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after importing is not empty (exit %d):\n%s", code, lastLines(out, 80))
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// literalID finds an object id written as a string.
var literalID = regexp.MustCompile(`"(ca|co|usr|grp|lic|lq|sa|sl|tok)_[0-9a-f]+`)

// TestExport exports a console seeded through the API, checks what it wrote
// and, with TF_ACC (acceptance tests), runs the real Terraform CLI on it: the
// plan only imports, apply imports, the next plan is empty. A second export
// is byte-identical.
func TestExport(t *testing.T) {
	srv := testserver.Start(t, testserver.Options{})
	tf := newTerraformCLI(t, srv)
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	seed := seedConsole(t, c)

	t.Run("whole console", func(t *testing.T) {
		var progress bytes.Buffer
		m, err := Export(t.Context(), c, Options{Progress: &progress})
		if err != nil {
			t.Fatal(err)
		}
		if want := seed.total(); m.Imports != want {
			t.Errorf("the export imports %d objects, want %d (%v)", m.Imports, want, seed.byType)
		}
		if !strings.Contains(progress.String(), "read 213 users") {
			t.Errorf("progress does not report the users read:\n%s", progress.String())
		}
		files := map[string]string{}
		for _, f := range m.Files {
			files[f.Name] = string(f.Content)
		}
		for _, name := range []string{"versions.tf", "provider.tf", "msp.tf", "customer_acme_ltd.tf", "customer_globex_corporation.tf", "customer_3m_partners.tf"} {
			if _, ok := files[name]; !ok {
				t.Errorf("the export has no %s (files: %v)", name, m.Files)
			}
		}
		all := strings.Join(slices.Collect(maps.Values(files)), "\n")
		for _, want := range []string{
			`customer_account_id = mspbackup_customer_account._3m_partners.id`,
			`resource "mspbackup_user" "alice_smith_tenant0_example"`,
			`resource "mspbackup_user" "alice_smith_tenant0_example_2"`,
			`resource "mspbackup_company" "globex_corporation_head_office"`,
			`description = "Manufacturing; $${var.not_interpolated} %%{if x}"`,
			`resource "mspbackup_group_members" "administrators"`,
			`group_id = mspbackup_group.auditors_empty.id`,
			`Not exported: API token "bootstrap automation"`,
			`is a login session, not configuration`,
			`parent_id = mspbackup_customer_account.northwind_reseller.id`,
			`resource "mspbackup_license_quota" "northwind_reseller_server"`,
		} {
			if !strings.Contains(all, want) {
				t.Errorf("the export does not contain %q", want)
			}
		}
		if !regexp.MustCompile(`(?m)^\s*reseller\s+= true$`).MatchString(files["customer_northwind_reseller.tf"]) {
			t.Errorf("the reseller's file does not say reseller = true:\n%s", files["customer_northwind_reseller.tf"])
		}
		if !regexp.MustCompile(`(?m)^\s*login\s+= "Alice.Smith@Tenant0.Example"$`).MatchString(all) {
			t.Error("the export does not keep the case of the login Alice.Smith@Tenant0.Example")
		}
		if m := regexp.MustCompile(`(?m)^\s*(password|secret_access_key|generate_password|send_welcome_email)\s*=.*$`).FindString(all); m != "" {
			t.Errorf("the export sets a secret or a create-time switch: %s", m)
		}
		for _, secret := range []string{"s3-secret", "minio-secret", "correct-horse-battery-staple", "tenant-password-0123"} {
			if strings.Contains(all, secret) {
				t.Errorf("the export holds the secret %q", secret)
			}
		}
		// A literal id only ever appears as an import block's id: every
		// reference to an exported object is an HCL reference.
		for name, text := range files {
			for i, line := range strings.Split(text, "\n") {
				if literalID.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "id = ") && !strings.HasPrefix(strings.TrimSpace(line), "#") {
					t.Errorf("%s:%d: a literal id where a reference belongs: %s", name, i+1, line)
				}
			}
		}

		dir := t.TempDir()
		if err := WriteDir(dir, m); err != nil {
			t.Fatal(err)
		}
		tf.adopt(t, dir, m.Imports)

		again, err := Export(t.Context(), c, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Files) != len(m.Files) {
			t.Fatalf("the second export has %d files, the first %d", len(again.Files), len(m.Files))
		}
		for i, f := range again.Files {
			if f.Name != m.Files[i].Name || !bytes.Equal(f.Content, m.Files[i].Content) {
				t.Errorf("the second export's %s differs from the first's %s", f.Name, m.Files[i].Name)
			}
		}
		if err := WriteDir(dir, again); err == nil || !strings.Contains(err.Error(), "already holds .tf files") {
			t.Errorf("writing over an export: got %v, want a refusal", err)
		}
	})

	t.Run("whole console, one membership each", func(t *testing.T) {
		m, err := Export(t.Context(), c, Options{Memberships: MembershipsSingle})
		if err != nil {
			t.Fatal(err)
		}
		if want := seed.total() - seed.byType[typeGroupMembers] + seed.members; m.Imports != want {
			t.Errorf("the export imports %d objects, want %d", m.Imports, want)
		}
		for _, f := range m.Files {
			if bytes.Contains(f.Content, []byte(`resource "mspbackup_group_members" `)) {
				t.Errorf("%s holds a whole member list", f.Name)
			}
		}
		dir := t.TempDir()
		if err := WriteDir(dir, m); err != nil {
			t.Fatal(err)
		}
		tf.adopt(t, dir, m.Imports)
	})

	t.Run("customer accounts, one membership each", func(t *testing.T) {
		m, err := Export(t.Context(), c, Options{CustomerAccounts: []string{"acme ltd", "3M PARTNERS"}})
		if err != nil {
			t.Fatal(err)
		}
		if want := seed.perAccount["Acme Ltd"] + seed.perAccount["3M Partners"]; m.Imports != want {
			t.Errorf("the export imports %d objects, want %d", m.Imports, want)
		}
		var names []string
		for _, f := range m.Files {
			names = append(names, f.Name)
			if bytes.Contains(f.Content, []byte(`resource "mspbackup_group_members" `)) || bytes.Contains(f.Content, []byte(`resource "mspbackup_group" `)) {
				t.Errorf("%s exports MSP-level groups or member lists", f.Name)
			}
		}
		if got, want := strings.Join(names, " "), "customer_3m_partners.tf customer_acme_ltd.tf provider.tf versions.tf"; got != want {
			t.Errorf("files = %s, want %s", got, want)
		}
		dir := t.TempDir()
		if err := WriteDir(dir, m); err != nil {
			t.Fatal(err)
		}
		tf.adopt(t, dir, m.Imports)
	})
	t.Run("a root per customer account", func(t *testing.T) {
		m, err := Export(t.Context(), c, Options{Layout: LayoutPerCustomerAccount})
		if err != nil {
			t.Fatal(err)
		}
		wantRoots := map[string]int{
			"customer_3m_partners":        seed.perAccount["3M Partners"],
			"customer_acme_ltd":           seed.perAccount["Acme Ltd"],
			"customer_globex_corporation": seed.perAccount["Globex Corporation"],
			"customer_northwind_reseller": seed.perAccount["Northwind Reseller"],
			"customer_contoso_ltd":        seed.perAccount["Contoso Ltd"],
		}
		wantRoots["msp"] = seed.total() - seed.byType[typeGroupMembers] + seed.members
		for _, n := range seed.perAccount {
			wantRoots["msp"] -= n
		}
		var got []string
		for _, r := range m.Roots {
			got = append(got, r.Dir)
			if r.Imports != wantRoots[r.Dir] {
				t.Errorf("root %s imports %d objects, want %d", r.Dir, r.Imports, wantRoots[r.Dir])
			}
		}
		if want := slices.Sorted(maps.Keys(wantRoots)); !slices.Equal(got, want) {
			t.Fatalf("roots = %v, want %v", got, want)
		}
		roots := checkRoots(t, m)
		// Compared with every run of white space as one space: the alignment
		// of = is terraform fmt's.
		spaces := regexp.MustCompile(`\s+`)
		acme := spaces.ReplaceAllString(roots["customer_acme_ltd"], " ")
		for _, want := range []string{
			"data \"mspbackup_group\" \"operators\" {\n  name = \"Operators\"\n}",
			"data \"mspbackup_storage_account\" \"backups_eu\" {\n  name = \"Backups EU\"\n}",
			"data \"mspbackup_storage_limit\" \"standard_500_gb\" {\n  name = \"Standard 500 GB\"\n}",
			"group_id = data.mspbackup_group.operators.id",
			"storage_account_id = data.mspbackup_storage_account.backups_eu.id",
			"customer_account_id = mspbackup_customer_account.acme_ltd.id",
		} {
			if !strings.Contains(acme, spaces.ReplaceAllString(want, " ")) {
				t.Errorf("the root of Acme Ltd does not contain %q", want)
			}
		}
		// A customer below a reseller refers to its parent in the reseller's
		// root by name.
		contoso := spaces.ReplaceAllString(roots["customer_contoso_ltd"], " ")
		for _, want := range []string{
			"data \"mspbackup_customer_account\" \"northwind_reseller\" {\n  name = \"Northwind Reseller\"\n}",
			"parent_id = data.mspbackup_customer_account.northwind_reseller.id",
		} {
			if !strings.Contains(contoso, spaces.ReplaceAllString(want, " ")) {
				t.Errorf("the root of Contoso Ltd does not contain %q", want)
			}
		}
		if strings.Contains(roots["msp"], "data \"") {
			t.Error("the MSP's root looks objects up: nothing of it belongs to a customer account")
		}
		for dir, text := range roots {
			if strings.Contains(text, `resource "mspbackup_group_members" `) {
				t.Errorf("root %s holds a whole member list, which spans the tenants' roots", dir)
			}
			if dir != "msp" && (strings.Contains(text, `resource "mspbackup_group" `) || strings.Contains(text, `resource "mspbackup_storage_account" `)) {
				t.Errorf("root %s declares MSP-level objects", dir)
			}
		}

		again, err := Export(t.Context(), c, Options{Layout: LayoutPerCustomerAccount})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(again.Files, m.Files, func(a, b File) bool { return a.Name == b.Name && bytes.Equal(a.Content, b.Content) }) {
			t.Error("the second export differs from the first")
		}

		dir := t.TempDir()
		if err := WriteDir(dir, m); err != nil {
			t.Fatal(err)
		}
		// The tenants' roots come first: each plans on its own, before the
		// MSP's root is adopted.
		for _, r := range m.Roots {
			tf.adopt(t, filepath.Join(dir, r.Dir), r.Imports)
		}
		if err := WriteDir(dir, again); err == nil || !strings.Contains(err.Error(), "already holds .tf files") {
			t.Errorf("writing over an export: got %v, want a refusal", err)
		}

		// One customer account alone: its root, whose references to the
		// MSP's objects are lookups too.
		one, err := Export(t.Context(), c, Options{Layout: LayoutPerCustomerAccount, CustomerAccounts: []string{"ACME LTD"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(one.Roots) != 1 || one.Roots[0] != (Root{Dir: "customer_acme_ltd", Imports: seed.perAccount["Acme Ltd"]}) {
			t.Errorf("roots = %v, want customer_acme_ltd alone with %d imports", one.Roots, seed.perAccount["Acme Ltd"])
		}
		if text := checkRoots(t, one)["customer_acme_ltd"]; !regexp.MustCompile(`group_id\s+= data.mspbackup_group.operators.id`).MatchString(text) {
			t.Error("the root of one customer account does not look its groups up")
		}
	})
}

// checkRoots returns the text of each root of m (its files joined) and
// checks that every reference in a root resolves in it: each resource and
// data source it refers to is declared there, and no id is written as a
// literal but in an import block or a lookup by id.
func checkRoots(t *testing.T, m *Module) map[string]string {
	t.Helper()
	roots := map[string]string{}
	for _, f := range m.Files {
		dir, _, ok := strings.Cut(f.Name, "/")
		if !ok {
			t.Fatalf("%s is in no root's directory", f.Name)
		}
		roots[dir] += string(f.Content) + "\n"
		for i, line := range strings.Split(string(f.Content), "\n") {
			if literalID.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "id = ") && !strings.HasPrefix(strings.TrimSpace(line), "#") {
				t.Errorf("%s:%d: a literal id where a reference belongs: %s", f.Name, i+1, line)
			}
		}
	}
	reference := regexp.MustCompile(`= (data\.)?(mspbackup_[a-z_]+)\.([a-z0-9_]+)\.id\b`)
	malformed := regexp.MustCompile(`= data\.(?:[^m]|m[^s])`)
	for dir, text := range roots {
		if bad := malformed.FindString(text); bad != "" {
			t.Errorf("root %s refers to a data source by a malformed address: %s", dir, bad)
		}
		for _, ref := range reference.FindAllStringSubmatch(text, -1) {
			kind := "resource"
			if ref[1] != "" {
				kind = "data"
			}
			if decl := fmt.Sprintf("%s %q %q {", kind, ref[2], ref[3]); !strings.Contains(text, decl) {
				t.Errorf("root %s refers to %s%s.%s, which it does not declare", dir, ref[1], ref[2], ref[3])
			}
		}
	}
	return roots
}

// TestExportOptions checks what an export refuses and what it leaves out,
// without Terraform.
func TestExportOptions(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.Options{})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "ci", Email: "ci@msp.example"})
	if err != nil {
		t.Fatal(err)
	}
	soon := time.Now().Add(time.Hour)
	if _, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "short-lived", UserID: u.ID, ExpiresAt: &soon}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme Ltd"}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"unknown membership mode", Options{Memberships: "all"}, `--memberships must be "members" or "single", not "all"`},
		{"whole member lists of one tenant", Options{CustomerAccounts: []string{"Acme Ltd"}, Memberships: MembershipsMembers},
			"--memberships=members cannot be combined with --customer-account"},
		{"unknown customer account", Options{CustomerAccounts: []string{"Acme Ltd", "Nobody Inc", "Ghost"}},
			`--customer-account: no customer account is named "Nobody Inc", "Ghost"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Export(ctx, c, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}

	t.Run("expired token", func(t *testing.T) {
		t.Parallel()
		m, err := Export(ctx, c, Options{Now: func() time.Time { return soon.Add(time.Second) }})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(m.Files, func(f File) bool { return f.Name == mspFile })
		msp := string(m.Files[i].Content)
		if strings.Contains(msp, `resource "mspbackup_api_token"`) || !strings.Contains(msp, `Not exported: API token "short-lived"`) {
			t.Errorf("an expired token is exported, or not noted:\n%s", msp)
		}
	})
}

// TestExportReadsWithListCalls checks that an export reads collections, a
// page at a time, never one object at a time: its requests do not grow
// with the number of users.
func TestExportReadsWithListCalls(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var requests []string
	srv := testserver.Start(t, testserver.Options{Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			requests = append(requests, r.Method+" "+r.URL.Path)
			mu.Unlock()
			h.ServeHTTP(w, r)
		})
	}})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	a, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	const users = 120
	for i := range users {
		if _, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: fmt.Sprintf("user%d", i), Email: "u@acme.example", CustomerAccountID: &a.ID}); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	requests = nil
	mu.Unlock()

	m, err := Export(ctx, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Imports != 1+users+2 { // the account, the users, the Administrators group and its members
		t.Errorf("the export imports %d objects, want %d", m.Imports, 1+users+2)
	}
	mu.Lock()
	defer mu.Unlock()
	list := regexp.MustCompile(`^GET /api/v1/([a-z-]+|groups/grp_[a-z0-9]+/members)$`)
	for _, r := range requests {
		if !list.MatchString(r) {
			t.Errorf("the export sent %s: not a list call", r)
		}
	}
	if len(requests) > 10 {
		t.Errorf("the export sent %d requests for %d users, want a few list calls:\n%s", len(requests), users, strings.Join(requests, "\n"))
	}
}

// TestExportTenantLifecycle: a suspended account is exported with its
// status, an active one without (the schema's default), and an account
// pending deletion not at all, nor anything under it.
func TestExportTenantLifecycle(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.Options{DeletionGrace: time.Hour})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, req := range []client.CustomerAccountCreateRequest{
		{Name: "Active Ltd"}, {Name: "Suspended Ltd", Status: client.CustomerAccountSuspended}, {Name: "Gone Ltd"},
	} {
		a, err := c.CustomerAccounts.Create(ctx, &req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "user-of-" + a.ID, CustomerAccountID: &a.ID, MFAMethod: client.MFAMethodNone}); err != nil {
			t.Fatal(err)
		}
		if req.Name == "Gone Ltd" {
			if err := c.CustomerAccounts.Delete(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	m, err := Export(ctx, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	var all strings.Builder
	for _, f := range m.Files {
		files[f.Name] = string(f.Content)
		all.Write(f.Content)
	}
	if s := files["customer_suspended_ltd.tf"]; !regexp.MustCompile(`status\s+= "suspended"`).MatchString(s) {
		t.Errorf("the suspended account's file has no status:\n%s", s)
	}
	if s, ok := files["customer_active_ltd.tf"]; !ok || strings.Contains(s, "status") {
		t.Errorf("the active account's file (present: %t) writes a status:\n%s", ok, s)
	}
	if strings.Contains(all.String(), "Gone Ltd") {
		t.Errorf("an account pending deletion is exported:\n%s", all.String())
	}
	if _, err := Export(ctx, c, Options{CustomerAccounts: []string{"gone ltd"}}); err == nil || !strings.Contains(err.Error(), "pending deletion") {
		t.Errorf("exporting a pending account by name: %v, want an error saying it is pending deletion", err)
	}
}
