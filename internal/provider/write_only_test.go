package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tfconfig "github.com/hashicorp/terraform-plugin-testing/config"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// CLI versions the newer features need. Tests of them run on the pinned
// Terraform 1.16.4 and on OpenTofu, and are skipped, with the reason printed,
// on Terraform 1.8.5, the oldest we support. Ephemeral resources came in Terraform 1.10 but
// OpenTofu 1.11, so 1.11 is the bar for both.
var (
	needsWriteOnlyCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}
	needsEphemeralCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}
	needsIdentityCLI  = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
)

// secretsAbsent fails when any of secrets occurs in data. The message names
// where and which secret (by position), never the secret itself.
func secretsAbsent(where string, data []byte, secrets ...string) error {
	for i, s := range secrets {
		if bytes.Contains(data, []byte(s)) {
			return fmt.Errorf("%s holds secret #%d (%d characters)", where, i+1, len(s))
		}
	}
	return nil
}

// withoutSecrets checks that the plan JSON (`show -json` of the saved plan)
// or the state JSON (`show -json`) holds none of the secrets.
type withoutSecrets []string

func (c withoutSecrets) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.absentFrom("the plan JSON", req.Plan)
}

func (c withoutSecrets) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.absentFrom("the state JSON", req.State)
}

func (c withoutSecrets) absentFrom(where string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return secretsAbsent(where, b, c...)
}

// onlyChanges checks that the plan updates addr and changes nothing but the
// named attributes.
type onlyChanges struct {
	addr  string
	attrs []string
}

func (c onlyChanges) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		if !rc.Change.Actions.Update() {
			resp.Error = fmt.Errorf("%s: planned %v, want an update", c.addr, rc.Change.Actions)
			return
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		var changed []string
		for k := range after {
			b, _ := json.Marshal(before[k])
			a, _ := json.Marshal(after[k])
			if !bytes.Equal(a, b) {
				changed = append(changed, k)
			}
		}
		slices.Sort(changed)
		if !slices.Equal(changed, c.attrs) {
			resp.Error = fmt.Errorf("%s: the plan changes %v, want only %v", c.addr, changed, c.attrs)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

// stateFilesWithoutSecrets reads every state file (terraform.tfstate and its
// backups) of the working directories under dir, which the test keeps with
// TF_ACC_PERSIST_WORKING_DIR.
func stateFilesWithoutSecrets(dir string, secrets ...string) error {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(d.Name(), ".tfstate") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		return secretsAbsent("state file "+path, b, secrets...)
	})
	if err == nil && n == 0 {
		err = fmt.Errorf("no state file under %s: the check would prove nothing", dir)
	}
	return err
}

// TestAccWriteOnly_secretsStayOut applies write-only secrets on a CLI that
// supports them and looks for the secrets everywhere Terraform writes:
// the state files, the plan JSON, the state JSON and a TRACE log of the CLI
// and the provider. It also proves the secret is sent at create and again
// only when its version changes. It sets process environment (the log path
// and working directories), so it does not run in parallel.
func TestAccWriteOnly_secretsStayOut(t *testing.T) {
	env := newAccEnv(t)
	work := t.TempDir()
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_TEMP_DIR", work)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)

	const (
		user    = "mspbackup_user.carol"
		storage = "mspbackup_storage_account.wasabi"
		first   = "first-write-only-password"
		second  = "second-write-only-password"
		third   = "third-write-only-password"
		key1    = "wasabi-secret-key-number-one"
		key2    = "wasabi-secret-key-number-two"
	)
	secrets := []string{first, second, third, key1, key2}
	// The secrets come from ephemeral variables, as the docs recommend: a
	// literal in the configuration would be in the plan JSON's copy of the
	// configuration, whatever the provider does.
	config := env.config(`
variable "password" {
  type      = string
  ephemeral = true
}

variable "secret_access_key" {
  type      = string
  ephemeral = true
}

variable "password_version" {
  type = number
}

variable "first_name" {
  type = string
}

variable "secret_access_key_version" {
  type = number
}

resource "mspbackup_user" "carol" {
  login               = "carol"
  first_name          = var.first_name
  mfa_method          = "none"
  password_wo         = var.password
  password_wo_version = var.password_version
}

resource "mspbackup_storage_account" "wasabi" {
  name                         = "Wasabi EU"
  type                         = "wasabi"
  access_key_id                = "AKIAEXAMPLE"
  secret_access_key_wo         = var.secret_access_key
  secret_access_key_wo_version = var.secret_access_key_version
}
`)
	vars := func(password string, version int, key string, keyVersion int) tfconfig.Variables {
		return tfconfig.Variables{
			"first_name":                tfconfig.StringVariable("Carol"),
			"password":                  tfconfig.StringVariable(password),
			"password_version":          tfconfig.IntegerVariable(version),
			"secret_access_key":         tfconfig.StringVariable(key),
			"secret_access_key_version": tfconfig.IntegerVariable(keyVersion),
		}
	}
	noSecretsInPlan := []plancheck.PlanCheck{withoutSecrets(secrets)}
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   needsWriteOnlyCLI,
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, userType, env.client.Users.Get),
		Steps: []tfresource.TestStep{
			{ // created with the secrets, which are in no plan and no state
				Config: config, ConfigVariables: vars(first, 1, key1, 1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             noSecretsInPlan,
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), withoutSecrets(secrets)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					withoutSecrets(secrets),
					stateValue(user, "password_wo", knownvalue.Null()),
					stateValue(user, "password_wo_version", knownvalue.Int64Exact(1)),
					stateValue(storage, "secret_access_key_wo", knownvalue.Null()),
					stateValue(storage, "secret_access_key", knownvalue.Null()),
				},
				Check: checkLogin(env, "carol", first),
			},
			{ // a new secret with the same version is not sent: nothing to plan
				Config: config, ConfigVariables: vars(second, 1, key2, 1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), withoutSecrets(secrets)},
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					checkLogin(env, "carol", first),
					checkLoginRefused(env, "carol", second),
				),
			},
			{ // bumping the version sends it: only the new password logs in, nothing else changes
				Config: config, ConfigVariables: vars(second, 2, key2, 2),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						withoutSecrets(secrets),
						onlyChanges{user, []string{"password_wo_version"}},
						onlyChanges{storage, []string{"secret_access_key_wo_version"}},
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					withoutSecrets(secrets),
					stateValue(user, "first_name", knownvalue.StringExact("Carol")),
					stateValue(user, "password_wo_version", knownvalue.Int64Exact(2)),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					checkLogin(env, "carol", second),
					checkLoginRefused(env, "carol", first),
					checkAPIUser(env, "carol", func(u *client.User) error {
						if u.FirstName != "Carol" || u.MFAMethod != client.MFAMethodNone {
							return fmt.Errorf("the password change touched other fields: first_name %q, mfa_method %q", u.FirstName, u.MFAMethod)
						}
						return nil
					}),
					func(*terraform.State) error { return stateFilesWithoutSecrets(work, secrets...) },
				),
			},
			{ // an unrelated change does not send the password again, even a changed one
				Config: config,
				ConfigVariables: func() tfconfig.Variables {
					v := vars(third, 2, key2, 2)
					v["first_name"] = tfconfig.StringVariable("Caroline")
					return v
				}(),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{withoutSecrets(secrets), onlyChanges{user, []string{"first_name"}}},
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					checkLogin(env, "carol", second),
					checkLoginRefused(env, "carol", third),
				),
			},
		},
	})
	if t.Skipped() || t.Failed() {
		return
	}
	if err := stateFilesWithoutSecrets(work, secrets...); err != nil {
		t.Error(err)
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("the TRACE log: %v", err)
	}
	if !bytes.Contains(log, []byte("[TRACE]")) || !bytes.Contains(log, []byte("password_wo")) {
		t.Fatalf("%s is not a TRACE log that covers the write-only attributes (%d bytes): the check would prove nothing", logFile, len(log))
	}
	if err := secretsAbsent("the TRACE log", log, secrets...); err != nil {
		t.Error(err)
	}
}

// TestAccWriteOnly_olderCLI proves that a CLI without write-only support
// (Terraform 1.8.5, the oldest we support) refuses a write-only attribute with an error
// naming the version needed, rather than storing the secret in the state.
func TestAccWriteOnly_olderCLI(t *testing.T) {
	env := newAccEnv(t)
	// Newer CLIs support write-only attributes: there is nothing to refuse.
	env.testOnCLIs(t, []tfversion.TerraformVersionCheck{tfversion.SkipAbove(tfversion.Version1_10_0)}, []tfresource.TestStep{
		env.rejects(`
resource "mspbackup_user" "erin" {
  login               = "erin"
  mfa_method          = "none"
  password_wo         = "a-password-of-erin"
  password_wo_version = 1
}
`, "password_wo needs Terraform 1.11 or OpenTofu 1.11 or later", "or set password instead"),
		env.rejects(`
resource "mspbackup_storage_account" "wasabi" {
  name                         = "Wasabi EU"
  type                         = "wasabi"
  secret_access_key_wo         = "a-secret-key"
  secret_access_key_wo_version = 1
}
`, "secret_access_key_wo needs Terraform 1.11", "or set secret_access_key instead"),
	})
}

// TestAccWriteOnly_rules checks the rules that pair each write-only secret
// with its version and keep it apart from the legacy attribute.
func TestAccWriteOnly_rules(t *testing.T) {
	env := newAccEnv(t)
	user := func(attrs string) string {
		return env.config("resource \"mspbackup_user\" \"bad\" {\n  login = \"erin\"\n  mfa_method = \"none\"\n" + attrs + "\n}\n")
	}
	storage := func(attrs string) string {
		return env.config("resource \"mspbackup_storage_account\" \"bad\" {\n  name = \"x\"\n  type = \"wasabi\"\n" + attrs + "\n}\n")
	}
	env.testOnCLIs(t, needsWriteOnlyCLI, []tfresource.TestStep{
		{Config: user(`password_wo = "long-enough-pass"`), ExpectError: errorLike("password_wo_version", "must be specified")},
		{Config: user(`password_wo_version = 1`), ExpectError: errorLike("password_wo", "must be specified")},
		{Config: user("password_wo = \"long-enough-pass\"\npassword_wo_version = 1\npassword = \"long-enough-pass\""),
			ExpectError: errorLike("password_wo", "cannot be specified when", "password")},
		{Config: user("password_wo = \"long-enough-pass\"\npassword_wo_version = 1\ngenerate_password = true"),
			ExpectError: errorLike("generate_password cannot be combined with password_wo")},
		{Config: user("password_wo = \"short\"\npassword_wo_version = 1"), ExpectError: errorLike("password_wo", "length must be between 12 and 256")},
		{Config: storage(`secret_access_key_wo = "k"`), ExpectError: errorLike("secret_access_key_wo_version", "must be specified")},
		{Config: storage("secret_access_key_wo = \"k\"\nsecret_access_key_wo_version = 1\nsecret_access_key = \"k\""),
			ExpectError: errorLike("secret_access_key_wo", "cannot be specified when", "secret_access_key")},
	})
}
