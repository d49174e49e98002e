package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestAccResellerMoves: a customer moves between resellers in place; a
// move the server would refuse fails in terraform plan, with its reason.
func TestAccResellerMoves(t *testing.T) {
	env := newAccEnv(t, testserver.Options{Licenses: map[string]int64{"server": 10}})
	const addr = "mspbackup_customer_account.customer"
	config := func(parent string, quota int) string {
		return env.configf(`
resource "mspbackup_customer_account" "north" {
  name     = "North Reseller"
  reseller = true
}

resource "mspbackup_customer_account" "south" {
  name     = "South Reseller"
  reseller = true
}

resource "mspbackup_customer_account" "plain" {
  name = "Plain Customer"
}

resource "mspbackup_license_quota" "south_servers" {
  customer_account_id = mspbackup_customer_account.south.id
  license_type        = "server"
  quota               = %d
}

resource "mspbackup_customer_account" "customer" {
  name      = "Moving Customer"
  parent_id = %s
}

resource "mspbackup_user" "alice" {
  login               = "alice@moving.example"
  mfa_method          = "none"
  customer_account_id = mspbackup_customer_account.customer.id
}

resource "mspbackup_license_assignment" "alice_servers" {
  user_id      = mspbackup_user.alice.id
  license_type = "server"
  quantity     = 2
}
`, quota, parent)
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameLogin := statecheck.CompareValue(compare.ValuesSame())
	env.test(t, nil, []resource.TestStep{
		{
			Config: config("mspbackup_customer_account.north.id", 1),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(addr, tfjsonpath.New("id")),
				sameLogin.AddStateValue("mspbackup_user.alice", tfjsonpath.New("id")),
				stateValue(addr, "reseller", knownvalue.Bool(false)),
				stateValue("mspbackup_license_quota.south_servers", "used", knownvalue.Int64Exact(0)),
			},
		},
		{ // the target's quota cannot hold the customer's 2 licences: plan fails
			Config:      config("mspbackup_customer_account.south.id", 1),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)cannot\s+move\s+customer\s+account.*holds\s+2\s+server\s+licences\s+and\s+licence\s+quota`),
		},
		{ // the target is not a reseller: plan fails
			Config:      config("mspbackup_customer_account.plain.id", 1),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)is\s+not\s+a\s+reseller`),
		},
		{
			Config: config("mspbackup_customer_account.north.id", 5),
		},
		{ // room now: the move is an update in place that keeps every id
			Config: config("mspbackup_customer_account.south.id", 5),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("mspbackup_user.alice", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("mspbackup_license_assignment.alice_servers", plancheck.ResourceActionNoop),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(addr, tfjsonpath.New("id")),
				sameLogin.AddStateValue("mspbackup_user.alice", tfjsonpath.New("id")),
				stateValue("mspbackup_user.alice", "login", knownvalue.StringExact("alice@moving.example")),
				statecheck.CompareValuePairs(addr, tfjsonpath.New("parent_id"), "mspbackup_customer_account.south", tfjsonpath.New("id"), compare.ValuesSame()),
			},
		},
		{ // used follows the move on the next refresh
			Config: config("mspbackup_customer_account.south.id", 5),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue("mspbackup_license_quota.south_servers", "used", knownvalue.Int64Exact(2)),
			},
		},
		{ // import of a quota by reseller and licence type
			ResourceName: "mspbackup_license_quota.south_servers", ImportState: true, ImportStateVerify: true,
			ImportStateIdFunc: importIDOf("mspbackup_license_quota.south_servers", "customer_account_id", "license_type"),
		},
	})
}

// TestAccResellerTokenSeesItsSubtree: Terraform with the token of a
// reseller's user reads exactly the reseller's subtree.
func TestAccResellerTokenSeesItsSubtree(t *testing.T) {
	env := newAccEnv(t)
	reseller := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Reseller", Reseller: true})
	sub := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Sub Reseller", Reseller: true, ParentID: &reseller.ID})
	apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Customer A", ParentID: &reseller.ID})
	apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Customer B", ParentID: &sub.ID})
	apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Someone Else"})
	u := apiCreate(t, env.client.Users.Create, client.UserCreateRequest{Login: "staff@reseller.example", MFAMethod: client.MFAMethodNone, CustomerAccountID: &reseller.ID})
	g := apiCreate(t, env.client.Groups.Create, client.GroupCreateRequest{Name: "Reseller admins", Permissions: []string{client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite}})
	apiAddMember(t, env, g.ID, u.ID)
	tok := apiCreate(t, env.client.Tokens.Create, client.APITokenCreateRequest{Name: "terraform", UserID: u.ID})
	config := fmt.Sprintf(`
provider "mspbackup" {
  endpoint  = %q
  api_token = %q
}

data "mspbackup_customer_accounts" "all" {}

data "mspbackup_customer_accounts" "children" {
  parent_id = %q
}

resource "mspbackup_customer_account" "new" {
  name      = "Customer C"
  parent_id = %q
}
`, env.server.URL, tok.Token, reseller.ID, sub.ID)
	names := func(ns ...string) knownvalue.Check {
		var checks []knownvalue.Check
		for _, n := range ns {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(n)}))
		}
		return knownvalue.ListExact(checks)
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.mspbackup_customer_accounts.all", tfjsonpath.New("customer_accounts"),
					names("Reseller", "Sub Reseller", "Customer A", "Customer B")),
				statecheck.ExpectKnownValue("data.mspbackup_customer_accounts.children", tfjsonpath.New("customer_accounts"),
					names("Sub Reseller", "Customer A")),
				stateValue("mspbackup_customer_account.new", "parent_id", knownvalue.StringExact(sub.ID)),
			},
		},
	})
}
