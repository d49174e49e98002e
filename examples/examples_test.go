// Package examples holds the Terraform examples of the provider: the
// tfplugindocs inputs (provider/, resources/<type>/, data-sources/<type>/,
// list-resources/<type>/) and the copyable estate in msp-tenants/. Its tests keep them honest: every
// example is valid Terraform for the provider as built from this tree, every
// resource and data source of the provider has an example, and no example
// names a type the provider does not have.
package examples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
)

// providerAddress is where the CLI finds mspbackup/mspbackup: OpenTofu's
// registry host when the tests run on OpenTofu (make test sets
// TF_ACC_PROVIDER_HOST=registry.opentofu.org), else Terraform's.
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/mspbackup/mspbackup"
}

// writeOnlyCLI is the first Terraform and OpenTofu version with write-only
// attributes, ephemeral variables and (for OpenTofu) ephemeral resources.
const writeOnlyCLI = "1.11.0"

// identityImport is the tfplugindocs example of an import block by
// identity, which needs Terraform or OpenTofu 1.12 (identityCLI). It names
// an id that exists nowhere, so it is validated but never applied.
const (
	identityImport = "import-by-identity.tf"
	identityCLI    = "1.12.0"
)

// example is one directory terraform validate checks.
type example struct {
	dir string // relative to examples/, e.g. "resources/mspbackup_user"
	// withProvider adds provider/provider.tf (required_providers and the
	// provider block) to the example's own files.
	withProvider bool
	// minCLI, when set, is the oldest CLI version the example runs on; on an
	// older one its tests are skipped with the reason.
	minCLI string
	// query: the example has .tfquery.hcl files, validated too, on a CLI
	// with list resources only (skipWithoutQuery).
	query bool
	// action: the example has action blocks, validated on a CLI with
	// actions only (skipWithoutActions).
	action bool
}

// exampleDirs lists every example directory, in a stable order.
func exampleDirs(t *testing.T) []example {
	t.Helper()
	out := []example{
		{dir: "provider"},
		{dir: "getting-started", withProvider: true}, // in the docs' index page
		{dir: "msp-tenants"},                         // has its own terraform block
		{dir: "msp-with-resellers", withProvider: true},
		{dir: "write-only-secrets", minCLI: writeOnlyCLI},
		{dir: "new-user-token", minCLI: writeOnlyCLI},
		{dir: "discover-console", query: true},
	}
	for _, kind := range []string{"resources", "data-sources", "ephemeral-resources", "list-resources", "actions"} {
		for _, name := range subdirs(t, kind) {
			ex := example{dir: kind + "/" + name, withProvider: true}
			switch kind {
			case "ephemeral-resources":
				ex.minCLI = writeOnlyCLI
			case "list-resources":
				ex.query = true
			case "actions":
				ex.action = true
			}
			out = append(out, ex)
		}
	}
	return out
}

func subdirs(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// TestExampleLayout checks the files tfplugindocs expects and that each
// example is about its own type. It needs no Terraform.
func TestExampleLayout(t *testing.T) {
	t.Parallel()
	importLine := regexp.MustCompile(`(?m)^terraform import (\S+)\.(\S+) (\S.*)$`)

	for _, name := range subdirs(t, "resources") {
		t.Run("resources/"+name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("resources", name)
			tf := readFile(t, filepath.Join(dir, "resource.tf"))
			sh := readFile(t, filepath.Join(dir, "import.sh"))
			if !strings.HasPrefix(name, "mspbackup_") {
				t.Errorf("%s: directory name is not a resource type of this provider", dir)
			}
			if !strings.Contains(tf, fmt.Sprintf("resource %q ", name)) {
				t.Errorf("%s/resource.tf declares no %s resource", dir, name)
			}
			identity := readFile(t, filepath.Join(dir, identityImport))
			if m := regexp.MustCompile(`to\s*=\s*(\S+)\.(\S+)`).FindStringSubmatch(identity); m == nil || m[1] != name ||
				!strings.Contains(tf, fmt.Sprintf("resource %q %q", name, m[2])) {
				t.Errorf("%s/%s does not import into a %s that resource.tf declares", dir, identityImport, name)
			}
			imports := importLine.FindAllStringSubmatch(sh, -1)
			if len(imports) == 0 {
				t.Errorf("%s/import.sh has no `terraform import %s.<name> <id>` line", dir, name)
			}
			for _, m := range imports {
				if m[1] != name {
					t.Errorf("%s/import.sh imports into %s, want %s", dir, m[1], name)
				}
				if !strings.Contains(tf, fmt.Sprintf("resource %q %q", name, m[2])) {
					t.Errorf("%s/import.sh imports into %s.%s, which resource.tf does not declare", dir, m[1], m[2])
				}
			}
		})
	}
	for _, kind := range []struct{ dir, file, block, what string }{
		{"data-sources", "data-source.tf", "data", "data source"},
		{"list-resources", "list-resource.tfquery.hcl", "list", "list block"},
		{"actions", "action.tf", "action", "action"},
	} {
		for _, name := range subdirs(t, kind.dir) {
			t.Run(kind.dir+"/"+name, func(t *testing.T) {
				t.Parallel()
				dir := filepath.Join(kind.dir, name)
				src := readFile(t, filepath.Join(dir, kind.file))
				if kind.dir == "data-sources" && !strings.HasPrefix(name, "mspbackup_") {
					t.Errorf("%s: directory name is not a data source type of this provider", dir)
				}
				if !strings.Contains(src, fmt.Sprintf("%s %q ", kind.block, name)) {
					t.Errorf("%s/%s declares no %s %s", dir, kind.file, name, kind.what)
				}
			})
		}
	}
	t.Run("provider", func(t *testing.T) {
		t.Parallel()
		tf := readFile(t, filepath.Join("provider", "provider.tf"))
		if !strings.Contains(tf, `source = "mspbackup/mspbackup"`) {
			t.Error("provider/provider.tf does not require mspbackup/mspbackup")
		}
	})
}

// TestExamplesValidate runs terraform validate on every example directory
// against the provider built from this tree.
func TestExamplesValidate(t *testing.T) {
	tf := terraformEnv(t)
	for _, ex := range exampleDirs(t) {
		t.Run(ex.dir, func(t *testing.T) {
			t.Parallel()
			tf.skipBelow(t, ex.minCLI)
			if ex.query {
				tf.skipWithoutQuery(t)
			}
			if ex.action {
				tf.skipWithoutActions(t)
			}
			work := t.TempDir()
			copyTerraformFiles(t, ex.dir, work)
			if _, err := os.Stat(filepath.Join(ex.dir, identityImport)); err == nil && tf.atLeast(t, identityCLI) {
				copyFile(t, filepath.Join(ex.dir, identityImport), filepath.Join(work, identityImport))
			}
			if ex.withProvider {
				copyFile(t, filepath.Join("provider", "provider.tf"), filepath.Join(work, "provider_config.tf"))
			}
			args := []string{"validate", "-json", "-no-color"}
			if ex.query {
				args = append(args, "-query")
			}
			out, err := tf.run(work, args...)
			var res struct {
				Valid       bool `json:"valid"`
				Diagnostics []struct {
					Severity string `json:"severity"`
					Summary  string `json:"summary"`
					Detail   string `json:"detail"`
					Range    *struct {
						Filename string `json:"filename"`
						Start    struct {
							Line int `json:"line"`
						} `json:"start"`
					} `json:"range"`
				} `json:"diagnostics"`
			}
			if jerr := json.Unmarshal(out, &res); jerr != nil {
				t.Fatalf("terraform validate: %v (json: %v)\n%s", err, jerr, out)
			}
			for _, d := range res.Diagnostics {
				if d.Severity == "warning" && d.Summary == "Provider development overrides are in effect" {
					continue // the point of the exercise
				}
				where := ""
				if d.Range != nil {
					where = fmt.Sprintf("%s:%d: ", d.Range.Filename, d.Range.Start.Line)
				}
				t.Errorf("%s%s: %s: %s", where, d.Severity, d.Summary, d.Detail)
			}
			if !res.Valid {
				t.Errorf("terraform validate: %s is not valid", ex.dir)
			}
		})
	}
}

// TestExamplesFormatted runs terraform fmt -check over every example.
func TestExamplesFormatted(t *testing.T) {
	tf := terraformEnv(t)
	if out, err := tf.run(".", "fmt", "-check", "-diff", "-recursive", "-no-color"); err != nil {
		t.Errorf("terraform fmt -check: %v; run `make fmt`:\n%s", err, out)
	}
}

// TestExamplesCoverProvider checks that every resource and data source of the
// provider has an example, and that every example is of a type it has.
func TestExamplesCoverProvider(t *testing.T) {
	tf := terraformEnv(t)
	work := t.TempDir()
	copyFile(t, filepath.Join("provider", "provider.tf"), filepath.Join(work, "provider.tf"))
	out, err := tf.run(work, "providers", "schema", "-json")
	if err != nil {
		t.Fatalf("terraform providers schema: %v\n%s", err, out)
	}
	var schemas struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas          map[string]json.RawMessage `json:"resource_schemas"`
			DataSourceSchemas        map[string]json.RawMessage `json:"data_source_schemas"`
			EphemeralResourceSchemas map[string]json.RawMessage `json:"ephemeral_resource_schemas"`
			ListResourceSchemas      map[string]json.RawMessage `json:"list_resource_schemas"`
			ActionSchemas            map[string]json.RawMessage `json:"action_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out, &schemas); err != nil {
		t.Fatalf("terraform providers schema: %v\n%s", err, out)
	}
	p, ok := schemas.ProviderSchemas[providerAddress()]
	if !ok {
		t.Fatalf("terraform providers schema has no %s", providerAddress())
	}
	kinds := []struct {
		kind  string
		types map[string]json.RawMessage
	}{
		{"resources", p.ResourceSchemas},
		{"data-sources", p.DataSourceSchemas},
	}
	// Older CLIs do not list ephemeral resources.
	if tf.atLeast(t, writeOnlyCLI) {
		kinds = append(kinds, struct {
			kind  string
			types map[string]json.RawMessage
		}{"ephemeral-resources", p.EphemeralResourceSchemas})
	}
	if tf.atLeast(t, listCLI) && !tf.openTofu() {
		kinds = append(kinds, struct {
			kind  string
			types map[string]json.RawMessage
		}{"list-resources", p.ListResourceSchemas})
		kinds = append(kinds, struct {
			kind  string
			types map[string]json.RawMessage
		}{"actions", p.ActionSchemas})
	}
	for _, c := range kinds {
		have := subdirs(t, c.kind)
		for name := range c.types {
			if !slices.Contains(have, name) {
				t.Errorf("%s has no example: add examples/%s/%s", name, c.kind, name)
			}
		}
		for _, name := range have {
			if _, ok := c.types[name]; !ok {
				t.Errorf("examples/%s/%s: the provider has no such type", c.kind, name)
			}
		}
	}
}

// tfEnv runs the Terraform CLI with dev_overrides pointing at a provider
// built from this tree.
type tfEnv struct {
	bin string
	env []string
}

func (e *tfEnv) run(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(e.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), e.env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return append(out, stderr.Bytes()...), err
	}
	return out, nil
}

var (
	providerOnce sync.Once
	providerDir  string
	providerErr  error
)

// terraformEnv finds the Terraform CLI ($TF_ACC_TERRAFORM_PATH, else
// ../bin/terraform) and builds the provider once for every test. Without a
// CLI the test is skipped, unless TF_ACC is set: then it fails.
func terraformEnv(t *testing.T) *tfEnv {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		bin = filepath.Join("..", "bin", "terraform")
	} else if !filepath.IsAbs(bin) {
		if _, err := os.Stat(bin); err != nil {
			bin = filepath.Join("..", bin) // relative to the module root, as `make test` runs
		}
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(abs); err != nil || fi.IsDir() {
		msg := fmt.Sprintf("no Terraform CLI at %s (set TF_ACC_TERRAFORM_PATH, or run `make test`, which installs it)", abs)
		if os.Getenv("TF_ACC") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	providerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mspbackup-examples-provider-")
		if err != nil {
			providerErr = err
			return
		}
		providerDir = dir
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-mspbackup"), ".")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			providerErr = fmt.Errorf("go build of the provider: %v\n%s", err, out)
		}
	})
	if providerErr != nil {
		t.Fatal(providerErr)
	}

	cfg := filepath.Join(t.TempDir(), "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress(), providerDir)
	if err := os.WriteFile(cfg, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return &tfEnv{bin: abs, env: []string{
		"TF_CLI_CONFIG_FILE=" + cfg,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_DATA_DIR=", "TF_CLI_ARGS=", "TF_PLUGIN_CACHE_DIR=", "TF_WORKSPACE=",
	}}
}

// version returns the CLI's version, e.g. "1.8.5" (Terraform and OpenTofu
// both answer `version -json` with terraform_version).
func (e *tfEnv) version(t *testing.T) string {
	t.Helper()
	out, err := e.run(".", "version", "-json")
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(out, &v) != nil || v.Version == "" {
		t.Fatalf("%s version -json: %v\n%s", e.bin, err, out)
	}
	return v.Version
}

// atLeast reports whether the CLI is min or newer ("1.11.0"); a
// prerelease such as 1.8.5-dev counts as its release.
func (e *tfEnv) atLeast(t *testing.T, min string) bool {
	t.Helper()
	var have, want [3]int
	fmt.Sscanf(e.version(t), "%d.%d.%d", &have[0], &have[1], &have[2])
	fmt.Sscanf(min, "%d.%d.%d", &want[0], &want[1], &want[2])
	return slices.Compare(have[:], want[:]) >= 0
}

// skipBelow skips the test, saying why, when the CLI is older than min
// (nothing to check when min is "").
func (e *tfEnv) skipBelow(t *testing.T, min string) {
	t.Helper()
	if min != "" && !e.atLeast(t, min) {
		t.Skipf("needs Terraform or OpenTofu %s or later; %s is %s (make test runs it on Terraform 1.16.4 and OpenTofu too)", min, e.bin, e.version(t))
	}
}

// TestMain removes the provider binary the tests built and stops the
// PostgreSQL cluster of TestDemoEstateThroughTwoReplicas.
func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	if providerDir != "" {
		os.RemoveAll(providerDir)
	}
	os.Exit(code)
}

// copyTerraformFiles copies the *.tf, *.tfvars and *.tfquery.hcl files of
// src into dst, but not the identity import example (see identityImport).
func copyTerraformFiles(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || e.Name() == identityImport || !(strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tfvars") || strings.HasSuffix(e.Name(), ".tfquery.hcl")) {
			continue
		}
		copyFile(t, filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()))
		n++
	}
	if n == 0 {
		t.Fatalf("%s has no Terraform files", src)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.WriteFile(dst, []byte(readFile(t, src)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
