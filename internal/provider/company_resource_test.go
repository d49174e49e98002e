package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccCompany(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	const addr = "mspbackup_company.sales"
	// account is the resource address of the customer account the company is in.
	config := func(account, limit, description string) string {
		return env.config(fmt.Sprintf(`
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
`, account, limit, description))
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
	limitID := func() string {
		l, err := findStorageLimitByName(context.Background(), env.client, "Gold")
		if err != nil {
			t.Fatal(err)
		}
		return l.ID
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, companyType, env.client.Companies.Get),
		Steps: []resource.TestStep{
			{ // create
				Config: config(acme, gold, "Sales team"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^co_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Acme Sales")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customer_account_id"), knownvalue.StringRegexp(regexp.MustCompile(`^ca_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("storage_limit_id"), knownvalue.StringRegexp(regexp.MustCompile(`^sl_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Sales team")),
				},
				Check:            resource.TestCheckResourceAttrPair(addr, "customer_account_id", "mspbackup_customer_account.acme", "id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // import by id
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
			},
			{ // import by name, ignoring letter case
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:acme sales",
			},
			{ // import by customer account and name
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return "name:" + s.RootModule().Resources["mspbackup_customer_account.acme"].Primary.ID + "/Acme Sales", nil
				},
			},
			{ // update in place: removing the limit sends an explicit null
				Config: config(acme, "null", "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("storage_limit_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Sales and marketing")),
				},
				Check: func(*terraform.State) error {
					c, err := env.client.Companies.Get(context.Background(), companyID())
					if err != nil {
						return err
					}
					if c.StorageLimitID != nil {
						return fmt.Errorf("the server still has storage_limit_id %q", *c.StorageLimitID)
					}
					return nil
				},
			},
			{ // setting the limit again
				Config: config(acme, gold, "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttrPair(addr, "storage_limit_id", "mspbackup_storage_limit.gold", "id"),
			},
			{ // drift in the description
				PreConfig: func() {
					desc := "changed in the console"
					if _, err := env.client.Companies.Update(context.Background(), companyID(), &client.CompanyUpdateRequest{Description: &desc}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(acme, gold, "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Sales and marketing")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ // drift: the limit removed in the console is planned back
				PreConfig: func() {
					if _, err := env.client.Companies.Update(context.Background(), companyID(),
						&client.CompanyUpdateRequest{StorageLimitID: client.Null[string]()}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(acme, gold, "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("storage_limit_id"), knownvalue.StringRegexp(regexp.MustCompile(`^sl_`))),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					c, err := env.client.Companies.Get(context.Background(), companyID())
					if err != nil {
						return err
					}
					if c.StorageLimitID == nil || *c.StorageLimitID != limitID() {
						return fmt.Errorf("the server has storage_limit_id %v, want %s", c.StorageLimitID, limitID())
					}
					return nil
				},
			},
			{ // deleted in the console: dropped from state and planned for creation
				PreConfig: func() {
					if err := env.client.Companies.Delete(context.Background(), companyID()); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(acme, gold, "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
			{ // a company cannot move to another customer account: it is replaced
				Config: config(globex, gold, "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				Check: resource.TestCheckResourceAttrPair(addr, "customer_account_id", "mspbackup_customer_account.globex", "id"),
			},
			{ // and to MSP level
				Config: config("null", gold, "Sales and marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customer_account_id"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccCompany_errors(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, companyType, env.client.Companies.Get),
		Steps: []resource.TestStep{
			{ // plan-time validation names the attribute and the rule
				Config: env.config(`
resource "mspbackup_company" "bad" {
  name                = "Bad"
  customer_account_id = "co_123"
}
`),
				ExpectError: errorLike("Invalid customer_account_id", `must be an id starting with "ca_", got "co_123"`),
			},
			{
				Config: env.config(`
resource "mspbackup_company" "bad" {
  name             = "Bad"
  storage_limit_id = "sa_123"
}
`),
				ExpectError: errorLike("Invalid storage_limit_id", `must be an id starting with "sl_", got "sa_123"`),
			},
			{
				Config: env.config(`
resource "mspbackup_company" "bad" {
  name        = "Bad"
  description = "${join("", [for i in range(1001) : "x"])}"
}
`),
				ExpectError: errorLike("description", "length must be at most 1000"),
			},
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
			{ // the same name twice in one customer account is a 409 from the server
				Config: env.config(twoAccounts + `
resource "mspbackup_company" "dup" {
  name                = "SHARED NAME"
  customer_account_id = mspbackup_customer_account.a.id
}
`),
				ExpectError: errorLike("Unable to create mspbackup_company", "409 Conflict"),
			},
		},
	})
}
