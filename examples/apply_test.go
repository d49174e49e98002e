package examples

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// envProvider replaces provider/provider.tf when an example is applied: the
// provider takes the test server's endpoint and token from the environment.
const envProvider = `terraform {
  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}

provider "mspbackup" {}
`

// exampleVars are the values of every variable the examples declare.
var exampleVars = []string{
	"TF_VAR_alice_password=correct-horse-battery-staple",
	"TF_VAR_demo_password=correct-horse-battery-staple",
	"TF_VAR_wasabi_secret_access_key=wasabi-secret-for-tests",
	"TF_VAR_minio_secret_access_key=minio-secret-for-tests",
	`TF_VAR_storage_secret_access_keys={"acme":"acme-secret-for-tests"}`,
}

// importSecrets are the attributes an imported resource cannot know (the API
// never returns them, or they only matter at creation), so the first plan
// after an import may set them.
var importSecrets = []string{"password", "secret_access_key", "generate_password", "send_welcome_email", "allow_overwrite"}

// TestExamplesApply applies the examples to the reference server: each
// resource example (and getting-started) on a server of its own, then checks
// that the next plan is empty, that every `terraform import` line of its
// import.sh works and plans no change but secrets, and that it destroys
// cleanly. The data-source examples are applied over the msp-tenants estate.
func TestExamplesApply(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to apply the examples to the reference server")
	}
	tf := terraformEnv(t)

	dirs := []string{"getting-started", "msp-with-resellers"}
	for _, name := range subdirs(t, "resources") {
		dirs = append(dirs, "resources/"+name)
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			tf, _, work := tf.onServer(t, dir)
			writeFile(t, filepath.Join(work, "provider_env.tf"), envProvider)

			tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
			tf.expectEmptyPlan(t, work)
			if sh, err := os.ReadFile(filepath.Join(dir, "import.sh")); err == nil {
				tf.checkImports(t, work, string(sh))
			}
			tf.mustRun(t, work, "destroy", "-auto-approve", "-input=false", "-no-color")
		})
	}

	// Write-only secrets: applied with the example's own provider block.
	t.Run("write-only-secrets", func(t *testing.T) {
		t.Parallel()
		tf.skipBelow(t, writeOnlyCLI)
		tf, _, work := tf.onServer(t, "write-only-secrets")
		tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
		tf.expectEmptyPlan(t, work)
		tf.mustRun(t, work, "destroy", "-auto-approve", "-input=false", "-no-color")
	})

	// A provider configured from an ephemeral token of a user the same run
	// creates: the first plan has an unknown api_token and must still plan;
	// the data source read through it must act as that user.
	t.Run("new-user-token", func(t *testing.T) {
		t.Parallel()
		tf.skipBelow(t, writeOnlyCLI)
		tf, srv, work := tf.onServer(t, "new-user-token")
		plan := tf.mustRun(t, work, "plan", "-input=false", "-no-color")
		if !strings.Contains(string(plan), "Plan: 3 to add, 0 to change, 0 to destroy.") {
			t.Fatalf("first plan, with the token known only at apply:\n%s", plan)
		}
		tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
		out := tf.mustRun(t, work, "output", "-raw", "reporting_user_sees_itself_as")
		if string(out) != "reporting-job" {
			t.Errorf("the data source read through the user's token saw login %q, want reporting-job", out)
		}
		tf.expectEmptyPlan(t, work)
		c, err := client.New(srv.URL, srv.Token)
		if err != nil {
			t.Fatal(err)
		}
		users, err := c.Users.ListAll(t.Context(), &client.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.Login != "reporting-job" {
				continue
			}
			left, err := c.Tokens.ListAll(t.Context(), &client.ListOptions{UserID: u.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != 0 {
				t.Errorf("%d tokens of the reporting user are left after two runs, want none (each run revokes its own)", len(left))
			}
		}
		tf.mustRun(t, work, "destroy", "-auto-approve", "-input=false", "-no-color")
	})

	t.Run("data-sources", func(t *testing.T) {
		srv := testserver.Start(t, testserver.Options{})
		tf := tf.with(srv)

		// The estate the data-source examples look things up in.
		estate := t.TempDir()
		copyTerraformFiles(t, "msp-tenants", estate)
		tf.mustRun(t, estate, "apply", "-auto-approve", "-input=false", "-no-color")
		tf.expectEmptyPlan(t, estate)
		// and a CI user with a token, for mspbackup_api_token.
		c, err := client.New(srv.URL, srv.Token)
		if err != nil {
			t.Fatal(err)
		}
		u, err := c.Users.Create(t.Context(), &client.UserCreateRequest{Login: "ci-pipeline", Email: "platform@msp.example"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Tokens.Create(t.Context(), &client.APITokenCreateRequest{Name: "drift detection pipeline", UserID: u.ID}); err != nil {
			t.Fatal(err)
		}

		// Examples that only read run in parallel; an example that also
		// creates something (mspbackup_permissions makes a group) runs after
		// them, or a list another example reads would change between its
		// apply and its plan.
		var reads, writes []string
		for _, name := range subdirs(t, "data-sources") {
			src, err := os.ReadFile(filepath.Join("data-sources", name, "data-source.tf"))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "\nresource \"") {
				writes = append(writes, name)
			} else {
				reads = append(reads, name)
			}
		}
		apply := func(t *testing.T, name string) {
			work := t.TempDir()
			copyTerraformFiles(t, filepath.Join("data-sources", name), work)
			writeFile(t, filepath.Join(work, "provider_env.tf"), envProvider)
			tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
			tf.expectEmptyPlan(t, work)
		}
		t.Run("read-only", func(t *testing.T) {
			for _, name := range reads {
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					apply(t, name)
				})
			}
		})
		for _, name := range writes {
			t.Run(name, func(t *testing.T) { apply(t, name) })
		}
		// The demo's move: a reseller's customer leaves for the MSP in place.
		moveInPlace(t, tf, estate, `reseller_customers={"Tailspin Toys"=false,"Wingtip Travel"=true}`)
	})

	// The resellers example's move: Fabrikam changes reseller in place.
	t.Run("msp-with-resellers move", func(t *testing.T) {
		t.Parallel()
		tf, _, work := tf.onServer(t, "msp-with-resellers")
		writeFile(t, filepath.Join(work, "provider_env.tf"), envProvider)
		tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
		moveInPlace(t, tf, work, "fabrikam_reseller=southwind")
	})
}

// moveInPlace applies the configuration in dir with one variable changed
// that moves a customer account, and checks that the apply updates exactly
// one resource in place and that the next plan with it is empty.
func moveInPlace(t *testing.T, tf *tfEnv, dir, assignment string) {
	t.Helper()
	out := tf.mustRun(t, dir, "apply", "-auto-approve", "-input=false", "-no-color", "-var", assignment)
	if !strings.Contains(string(out), "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.") {
		t.Errorf("the move (-var %s) is not one update in place:\n%s", assignment, out)
	}
	if out := tf.mustRun(t, dir, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", assignment); !strings.Contains(string(out), "No changes.") {
		t.Errorf("the plan after the move is not empty:\n%s", out)
	}
}

// with returns the environment for a test server.
// onServer starts a test server and copies the example in dir into a fresh
// work directory, with the CLI set up for that server: how a run of an
// example begins.
func (e *tfEnv) onServer(t *testing.T, dir string) (tf *tfEnv, srv *testserver.Server, work string) {
	t.Helper()
	srv = testserver.Start(t, testserver.Options{})
	work = t.TempDir()
	copyTerraformFiles(t, dir, work)
	return e.with(srv), srv, work
}

func (e *tfEnv) with(srv *testserver.Server) *tfEnv {
	env := slices.Concat(e.env, exampleVars, []string{
		"MSPBACKUP_ENDPOINT=" + srv.URL,
		"MSPBACKUP_API_TOKEN=" + srv.Token,
	})
	return &tfEnv{bin: e.bin, env: env}
}

func (e *tfEnv) mustRun(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	out, err := e.run(dir, args...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// expectEmptyPlan runs terraform plan -detailed-exitcode and wants exit 0.
func (e *tfEnv) expectEmptyPlan(t *testing.T, dir string) {
	t.Helper()
	out, err := e.run(dir, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("the plan after apply is not empty (%v):\n%s", err, out)
	}
}

var (
	importLineRE  = regexp.MustCompile(`(?m)^terraform import (\S+) (.+)$`)
	placeholderRE = regexp.MustCompile(`\b(ca|co|sa|sl|usr|grp|lic|lq|tok)_[0-9a-f]{20}\b`)
)

// checkImports runs every `terraform import` line of import.sh: it removes
// the resource from the state, imports it again (a placeholder id in the line
// stands for the attribute of the resource holding an id of that prefix),
// and wants a plan that changes nothing but secrets.
func (e *tfEnv) checkImports(t *testing.T, dir, sh string) {
	t.Helper()
	lines := importLineRE.FindAllStringSubmatch(sh, -1)
	if len(lines) == 0 {
		t.Fatal("import.sh has no terraform import line")
	}
	for _, m := range lines {
		addr, id := m[1], unquote(m[2])
		attrs := e.stateAttributes(t, dir, addr)
		id = placeholderRE.ReplaceAllStringFunc(id, func(ph string) string {
			prefix := ph[:strings.Index(ph, "_")+1]
			// A reference (group_id, user_id, ...) first: a composite id
			// starts with the prefix of its first part too.
			keys := slices.DeleteFunc(slices.Sorted(maps.Keys(attrs)), func(k string) bool { return k == "id" })
			for _, k := range append(keys, "id") {
				v, ok := attrs[k].(string)
				if ok && strings.HasPrefix(v, prefix) && (k == "id" || strings.HasSuffix(k, "_id")) {
					return v
				}
			}
			t.Fatalf("%s: no attribute of %s holds a %s... id", m[0], addr, prefix)
			return ""
		})
		e.mustRun(t, dir, "state", "rm", "-no-color", addr)
		e.mustRun(t, dir, "import", "-input=false", "-no-color", addr, id)
		e.expectOnlySecretChanges(t, dir, fmt.Sprintf("after terraform import %s %q", addr, id))
	}
}

// stateAttributes returns the attributes of one resource in the state.
func (e *tfEnv) stateAttributes(t *testing.T, dir, addr string) map[string]any {
	t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(e.mustRun(t, dir, "show", "-json"), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == addr {
			return r.Values
		}
	}
	t.Fatalf("%s is not in the state", addr)
	return nil
}

// expectOnlySecretChanges plans and fails on any change to an attribute
// other than importSecrets.
func (e *tfEnv) expectOnlySecretChanges(t *testing.T, dir, what string) {
	t.Helper()
	e.mustRun(t, dir, "plan", "-input=false", "-no-color", "-out=import.tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string       `json:"actions"`
				Before  map[string]any `json:"before"`
				After   map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(e.mustRun(t, dir, "show", "-json", "import.tfplan"), &plan); err != nil {
		t.Fatal(err)
	}
	for _, rc := range plan.ResourceChanges {
		switch {
		case slices.Equal(rc.Change.Actions, []string{"no-op"}), slices.Equal(rc.Change.Actions, []string{"read"}):
		case slices.Equal(rc.Change.Actions, []string{"update"}):
			for _, k := range slices.Sorted(maps.Keys(rc.Change.After)) {
				before, _ := json.Marshal(rc.Change.Before[k])
				after, _ := json.Marshal(rc.Change.After[k])
				if string(before) != string(after) && !slices.Contains(importSecrets, k) {
					t.Errorf("%s: %s plans a change of %s: %s -> %s", what, rc.Address, k, before, after)
				}
			}
		default:
			t.Errorf("%s: %s plans %v", what, rc.Address, rc.Change.Actions)
		}
	}
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
