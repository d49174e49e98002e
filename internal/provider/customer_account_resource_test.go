package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccCustomerAccount(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_customer_account.acme"
	config := func(name, description string) string {
		return env.configf(`
resource "mspbackup_customer_account" "acme" {
  name        = %q
  description = %q
}
`, name, description)
	}
	// The server's copy, for changes made "in the console" during the test.
	accountID := func() string { return mustFind(t, env, findCustomerAccountByName, "Acme Ltd").ID }

	env.test(t, checkDestroyed(env, customerAccountType, env.client.CustomerAccounts.Get), []resource.TestStep{
		{ // create
			Config: config("Acme Ltd", "Joinery in Leeds"),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"id":          idLike("ca_"),
				"name":        knownvalue.StringExact("Acme Ltd"),
				"description": knownvalue.StringExact("Joinery in Leeds"),
			}),
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, ""),              // import by id
		importStep(addr, "name:ACME LTD"), // import by natural key, ignoring letter case
		{ // update in place
			Config:           config("Acme Ltd", "Joinery in Leeds and York"),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionUpdate),
			Check:            resource.TestCheckResourceAttr(addr, "description", "Joinery in Leeds and York"),
		},
		{ // drift: a change in the console is planned as an update of exactly that attribute, and apply puts it back
			PreConfig: inConsole(t, func(ctx context.Context) error {
				desc := "changed in the console"
				_, err := env.client.CustomerAccounts.Update(ctx, accountID(), &client.CustomerAccountUpdateRequest{Description: &desc})
				return err
			}),
			Config: config("Acme Ltd", "Joinery in Leeds and York"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "description", knownvalue.StringExact("Joinery in Leeds and York"))),
		},
		deletedInConsole(t, addr, config("Acme Ltd", "Joinery in Leeds and York"), func(ctx context.Context) error {
			return env.client.CustomerAccounts.Delete(ctx, accountID())
		}),
	})
}

// TestAccCustomerAccount_status suspends and resumes an account in place and
// checks that it is real: the account's user cannot sign in while it is
// suspended. A resume in the console is drift that apply puts back.
func TestAccCustomerAccount_status(t *testing.T) {
	env := newAccEnv(t)
	const (
		addr     = "mspbackup_customer_account.initech"
		user     = "mspbackup_user.peter"
		login    = "peter@initech.example"
		password = "correct horse battery staple"
	)
	config := func(status string) string {
		line := ""
		if status != "" {
			line = fmt.Sprintf("status = %q", status)
		}
		return env.configf(`
resource "mspbackup_customer_account" "initech" {
  name = "Initech"
  %s
}

resource "mspbackup_user" "peter" {
  login               = %q
  customer_account_id = mspbackup_customer_account.initech.id
  mfa_method          = "none"
  password            = %q
}
`, line, login, password)
	}
	signIn := func(suspended bool) resource.TestCheckFunc {
		return func(*terraform.State) error {
			_, err := loginWith(env, login, password)
			if suspended && (!client.IsForbidden(err) || !strings.Contains(err.Error(), "suspended")) {
				return fmt.Errorf("sign-in of a suspended account's user: %v, want a 403 saying it is suspended", err)
			}
			if !suspended && err != nil {
				return fmt.Errorf("sign-in of an active account's user: %v", err)
			}
			return nil
		}
	}
	status := func(want string) statecheck.StateCheck {
		return stateValue(addr, "status", knownvalue.StringExact(want))
	}
	inPlace := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction(user, plancheck.ResourceActionNoop),
	}
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}

	env.test(t, nil, []resource.TestStep{
		{ // active by default
			Config:            config(""),
			ConfigStateChecks: []statecheck.StateCheck{status("active")},
			Check:             signIn(false),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
		},
		{ // suspended in place: its user cannot sign in
			Config:            config("suspended"),
			ConfigStateChecks: []statecheck.StateCheck{status("suspended")},
			Check:             signIn(true),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: inPlace, PostApplyPostRefresh: empty},
		},
		importStep(addr, ""), // import keeps the status
		{ // resumed in the console: planned back to suspended
			PreConfig: inConsole(t, func(ctx context.Context) error {
				id := mustFind(t, env, findCustomerAccountByName, "Initech").ID
				active := client.CustomerAccountActive
				_, err := env.client.CustomerAccounts.Update(ctx, id, &client.CustomerAccountUpdateRequest{Status: &active})
				return err
			}),
			Config: config("suspended"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             append(inPlace, plannedValue(addr, "status", knownvalue.StringExact("suspended"))),
				PostApplyPostRefresh: empty,
			},
			Check: signIn(true),
		},
		{ // resumed by leaving status out
			Config:            config(""),
			ConfigStateChecks: []statecheck.StateCheck{status("active")},
			Check:             signIn(false),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: inPlace, PostApplyPostRefresh: empty},
		},
	})
}

func TestAccCustomerAccount_errors(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{
		{ // plan-time validation names the attribute and the rule
			Config:      env.config(`resource "mspbackup_customer_account" "bad" { name = "" }`),
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Length.*name.*between 1 and 200`),
		},
		{ // a status is active or suspended: pending_deletion is what a destroy makes
			Config: env.config(`
resource "mspbackup_customer_account" "bad" {
  name   = "Globex"
  status = "pending_deletion"
}`),
			ExpectError: regexp.MustCompile(`(?s)status value must be one of: \["active" "suspended"\], got:\s+"pending_deletion"`),
		},
		{ // the server's uniqueness rule (case-insensitive) reaches the user with status and detail
			Config: env.config(`
resource "mspbackup_customer_account" "a" { name = "Globex" }
resource "mspbackup_customer_account" "b" {
  name       = "GLOBEX"
  depends_on = [mspbackup_customer_account.a]
}
`),
			ExpectError: regexp.MustCompile(`(?s)Unable to create mspbackup_customer_account.*409`),
		},
	})
}

// TestAccCustomerAccount_pendingDeletion runs the CLI (cliRun) to read the
// warnings: an account deleted in the console is pending deletion, which a
// plan reports with its purge time and the restore action and a refresh
// takes out of state; restored and imported, it plans clean; destroyed by
// Terraform, it is pending deletion again and the destroy says until when.
func TestAccCustomerAccount_pendingDeletion(t *testing.T) {
	env := newAccEnv(t, testserver.Options{DeletionGrace: 720 * time.Hour})
	ctx := context.Background()
	tf := newCLIRun(t)
	tf.write(env.config(`
resource "mspbackup_customer_account" "umbrella" {
  name = "Umbrella"
}
`))
	tf.must(0, "init", "-no-color")
	tf.must(0, "apply", "-auto-approve", "-no-color")
	id := mustFind(t, env, findCustomerAccountByName, "Umbrella").ID
	pending := func(out string) {
		t.Helper()
		a, err := env.client.CustomerAccounts.Get(ctx, id)
		if err != nil || a.Status != client.CustomerAccountPendingDeletion || a.PurgeAfter == nil {
			t.Fatalf("the deleted account: %+v, %v; want it pending deletion", a, err)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range []string{
			"Warning: mspbackup_customer_account " + id + " is pending deletion",
			"purge_after " + a.PurgeAfter.UTC().Format(time.RFC3339),
			"action mspbackup_restore_customer_account (customer_account_id = \"" + id + "\")",
		} {
			if !strings.Contains(flat, want) {
				t.Errorf("terraform printed no %q:\n%s", want, out)
			}
		}
	}

	if err := env.client.CustomerAccounts.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	out := tf.must(2, "plan", "-detailed-exitcode", "-no-color")
	pending(out)
	if !strings.Contains(out, "mspbackup_customer_account.umbrella will be created") {
		t.Errorf("the plan does not create the pending account again:\n%s", out)
	}
	tf.must(0, "apply", "-refresh-only", "-auto-approve", "-no-color")
	if list := tf.must(0, "state", "list"); strings.TrimSpace(list) != "" {
		t.Errorf("state after a refresh found the account pending: %q, want it empty", list)
	}

	if _, err := env.client.CustomerAccounts.Restore(ctx, id); err != nil {
		t.Fatal(err)
	}
	tf.must(0, "import", "-no-color", "mspbackup_customer_account.umbrella", id)
	tf.must(0, "plan", "-detailed-exitcode", "-no-color")

	pending(tf.must(0, "destroy", "-auto-approve", "-no-color"))
}
