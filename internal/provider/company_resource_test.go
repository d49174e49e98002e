package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccCompany(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_company.sales"
	// account is the resource address of the customer account the company is in.
	config := func(account, limit, description string) string {
		return env.configf(`
resource "mspbackup_customer_account" "acme" { name = "Acme Ltd" }
resource "mspbackup_customer_account" "globex" { name = "Globex" }
resource "mspbackup_storage_limit" "gold" {
  name     = "Gold"
  limit_gb = 500
}
resource "mspbackup_company" "sales" {
  name                = "Acme Sales"
  customer_account_id = %s
  storage_limit_id    = %s
  description         = %q
}
`, account, limit, description)
	}
	const (
		acme   = "mspbackup_customer_account.acme.id"
		globex = "mspbackup_customer_account.globex.id"
		gold   = "mspbackup_storage_limit.gold.id"
	)
	companyID := func() string {
		items, err := env.client.Companies.ListAll(context.Background(), &client.ListOptions{Name: "Acme Sales"})
		if err != nil || len(items) != 1 {
			t.Fatalf("looking up Acme Sales: %v (%d found)", err, len(items))
		}
		return items[0].ID
	}
	// serverLimit checks the company's storage_limit_id on the server.
	serverLimit := func(check func(limit *string) error) resource.TestCheckFunc {
		return func(*terraform.State) error {
			c, err := env.client.Companies.Get(context.Background(), companyID())
			if err != nil {
				return err
			}
			return check(c.StorageLimitID)
		}
	}

	env.test(t, checkDestroyed(env, companyType, env.client.Companies.Get), []resource.TestStep{
		{ // create
			Config: config(acme, gold, "Sales team"),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"id":                  idLike("co_"),
				"name":                knownvalue.StringExact("Acme Sales"),
				"customer_account_id": idLike("ca_"),
				"storage_limit_id":    idLike("sl_"),
				"description":         knownvalue.StringExact("Sales team"),
			}),
			Check:            resource.TestCheckResourceAttrPair(addr, "customer_account_id", "mspbackup_customer_account.acme", "id"),
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, ""),                // by id
		importStep(addr, "name:acme sales"), // by name, ignoring letter case
		{ // import by customer account and name
			ResourceName: addr, ImportState: true, ImportStateVerify: true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return "name:" + s.RootModule().Resources["mspbackup_customer_account.acme"].Primary.ID + "/Acme Sales", nil
			},
		},
		{ // update in place: removing the limit sends an explicit null
			Config:           config(acme, "null", "Sales and marketing"),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionUpdate),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"storage_limit_id": knownvalue.Null(),
				"description":      knownvalue.StringExact("Sales and marketing"),
			}),
			Check: serverLimit(func(limit *string) error {
				if limit != nil {
					return fmt.Errorf("the server still has storage_limit_id %q", *limit)
				}
				return nil
			}),
		},
		{ // setting the limit again
			Config:           config(acme, gold, "Sales and marketing"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			Check:            resource.TestCheckResourceAttrPair(addr, "storage_limit_id", "mspbackup_storage_limit.gold", "id"),
		},
		{ // drift in the description
			PreConfig: inConsole(t, func(ctx context.Context) error {
				desc := "changed in the console"
				_, err := env.client.Companies.Update(ctx, companyID(), &client.CompanyUpdateRequest{Description: &desc})
				return err
			}),
			Config: config(acme, gold, "Sales and marketing"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "description", knownvalue.StringExact("Sales and marketing"))),
		},
		{ // drift: the limit removed in the console is planned back
			PreConfig: inConsole(t, func(ctx context.Context) error {
				_, err := env.client.Companies.Update(ctx, companyID(), &client.CompanyUpdateRequest{StorageLimitID: client.Null[string]()})
				return err
			}),
			Config: config(acme, gold, "Sales and marketing"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "storage_limit_id", idLike("sl_"))),
			Check: serverLimit(func(limit *string) error {
				if want := mustFind(t, env, findStorageLimitByName, "Gold").ID; limit == nil || *limit != want {
					return fmt.Errorf("the server has storage_limit_id %v, want %s", limit, want)
				}
				return nil
			}),
		},
		deletedInConsole(t, addr, config(acme, gold, "Sales and marketing"), func(ctx context.Context) error {
			return env.client.Companies.Delete(ctx, companyID())
		}),
		{ // a company cannot move to another customer account: it is replaced
			Config:           config(globex, gold, "Sales and marketing"),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionReplace),
			Check:            resource.TestCheckResourceAttrPair(addr, "customer_account_id", "mspbackup_customer_account.globex", "id"),
		},
		{ // and to MSP level
			Config:            config("null", gold, "Sales and marketing"),
			ConfigPlanChecks:  expectPlanThenEmpty(addr, plancheck.ResourceActionReplace),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{"customer_account_id": knownvalue.Null()}),
		},
	})
}

func TestAccCompany_errors(t *testing.T) {
	env := newAccEnv(t)
	twoAccounts := `
resource "mspbackup_customer_account" "a" { name = "Initech" }
resource "mspbackup_customer_account" "b" { name = "Umbrella" }
resource "mspbackup_company" "a" {
  name                = "Shared Name"
  customer_account_id = mspbackup_customer_account.a.id
}
resource "mspbackup_company" "b" {
  name                = "Shared Name"
  customer_account_id = mspbackup_customer_account.b.id
}
`
	env.test(t, checkDestroyed(env, companyType, env.client.Companies.Get), []resource.TestStep{
		// plan-time validation names the attribute and the rule
		env.rejects(`
resource "mspbackup_company" "bad" {
  name                = "Bad"
  customer_account_id = "co_123"
}
`, "Invalid customer_account_id", `must be an id starting with "ca_", got "co_123"`),
		env.rejects(`
resource "mspbackup_company" "bad" {
  name             = "Bad"
  storage_limit_id = "sa_123"
}
`, "Invalid storage_limit_id", `must be an id starting with "sl_", got "sa_123"`),
		env.rejects(`
resource "mspbackup_company" "bad" {
  name        = "Bad"
  description = "${join("", [for i in range(1001) : "x"])}"
}
`, "description", "length must be at most 1000"),
		{ // the same name in two customer accounts is fine
			Config: env.config(twoAccounts),
		},
		{ // but importing it by name alone is ambiguous, and the error says what to use instead
			Config: env.config(twoAccounts), ResourceName: "mspbackup_company.a", ImportState: true, ImportStateId: "name:Shared Name",
			ExpectError: errorLike(`2 companies in different customer accounts are named "Shared Name"`, "name:<customer_account_id>/<name>"),
		},
		{ // a malformed import id names the accepted forms
			Config: env.config(twoAccounts), ResourceName: "mspbackup_company.a", ImportState: true, ImportStateId: "Shared Name",
			ExpectError: errorLike("neither an id (co_...) nor name:<value>", "name:<customer_account_id>/<name>"),
		},
		// the same name twice in one customer account is a 409 from the server
		env.rejects(twoAccounts+`
resource "mspbackup_company" "dup" {
  name                = "SHARED NAME"
  customer_account_id = mspbackup_customer_account.a.id
}
`, "Unable to create mspbackup_company", "409 Conflict"),
	})
}
