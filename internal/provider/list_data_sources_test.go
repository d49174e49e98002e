package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccCustomerAccountsDataSource(t *testing.T) {
	env := newAccEnv(t)
	// More accounts than one page of the API's list (100 by default), so
	// the data source must follow next_page_token to see the last ones.
	const n = 105
	for i := range n {
		if _, err := env.client.CustomerAccounts.Create(context.Background(), &client.CustomerAccountCreateRequest{
			Name: fmt.Sprintf("Customer %03d", i), Description: "made in the console",
		}); err != nil {
			t.Fatal(err)
		}
	}
	const all, one, none = "data.mspbackup_customer_accounts.all", "data.mspbackup_customer_accounts.one", "data.mspbackup_customer_accounts.none"
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.config(`
resource "mspbackup_customer_account" "acme" {
  name        = "Acme Ltd"
  description = "Joinery"
  status      = "suspended"
}
data "mspbackup_customer_accounts" "all" { depends_on = [mspbackup_customer_account.acme] }
data "mspbackup_customer_accounts" "one" {
  name       = "ACME LTD"
  depends_on = [mspbackup_customer_account.acme]
}
data "mspbackup_customer_accounts" "none" { name = "No Such Customer" }
data "mspbackup_customer_accounts" "suspended" {
  status     = "suspended"
  depends_on = [mspbackup_customer_account.acme]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(all, "customer_accounts", knownvalue.ListSizeExact(n+1)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("customer_accounts").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("Customer 000")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("customer_accounts").AtSliceIndex(n).AtMapKey("name"), knownvalue.StringExact("Acme Ltd")),
				stateValue(one, "customer_accounts", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":          idLike("ca_"),
						"name":        knownvalue.StringExact("Acme Ltd"),
						"description": knownvalue.StringExact("Joinery"),
						"status":      knownvalue.StringExact("suspended"),
						"created_at":  knownvalue.NotNull(),
						"updated_at":  knownvalue.NotNull(),
						"reseller":    knownvalue.Bool(false),
						"parent_id":   knownvalue.Null(),
					}),
				})),
				stateValue(none, "customer_accounts", knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("customer_accounts").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("active")),
				// The status filter: only the one suspended account.
				stateValue("data.mspbackup_customer_accounts.suspended", "customer_accounts", knownvalue.ListSizeExact(1)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair(one, "customer_accounts.0.id", "mspbackup_customer_account.acme", "id"),
				resource.TestCheckResourceAttr(all, "customer_accounts.104.name", "Customer 104"),
			),
		},
	})
}

func TestAccUsersDataSource(t *testing.T) {
	env := newAccEnv(t)
	acc := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Acme Ltd"})
	co := apiCreate(t, env.client.Companies.Create, client.CompanyCreateRequest{Name: "Acme Sales", CustomerAccountID: &acc.ID})
	grp := apiGroup(t, env, "Operators")
	disabled := false
	var ids []string
	for i, login := range []string{"u1", "u2", "u3", "u4", "u5"} {
		req := client.UserCreateRequest{Login: login}
		if i < 3 {
			req.CustomerAccountID = &acc.ID
		}
		if i < 2 {
			req.CompanyID = &co.ID
		}
		if i == 4 {
			req.Enabled = &disabled
		}
		u := apiUser(t, env, req)
		ids = append(ids, u.ID)
		if i%2 == 0 {
			apiAddMember(t, env, grp.ID, u.ID)
		}
	}
	env.test(t, nil, []resource.TestStep{{
		Config: env.configf(`
data "mspbackup_users" "all" {}
data "mspbackup_users" "acme" { customer_account_id = %q }
data "mspbackup_users" "sales" { company_id = %q }
data "mspbackup_users" "ops" { group_id = %q }
data "mspbackup_users" "disabled" { enabled = false }
data "mspbackup_users" "u3" { login = "U3" }
data "mspbackup_users" "none" { login = "nobody" }
`, acc.ID, co.ID, grp.ID),
		ConfigStateChecks: []statecheck.StateCheck{
			stateValue("data.mspbackup_users.all", "users", listWith("login", "u1", "u2", "u3", "u4", "u5")),
			stateValue("data.mspbackup_users.acme", "users", listWith("login", "u1", "u2", "u3")),
			stateValue("data.mspbackup_users.sales", "users", listWith("login", "u1", "u2")),
			stateValue("data.mspbackup_users.ops", "users", listWith("login", "u1", "u3", "u5")),
			stateValue("data.mspbackup_users.disabled", "users", listWith("login", "u5")),
			stateValue("data.mspbackup_users.none", "users", knownvalue.ListSizeExact(0)),
			stateValue("data.mspbackup_users.u3", "users", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                  knownvalue.StringExact(ids[2]),
					"customer_account_id": knownvalue.StringExact(acc.ID),
					"company_id":          knownvalue.Null(),
					"enabled":             knownvalue.Bool(true),
					"mfa_method":          knownvalue.StringExact("none"),
				}),
			})),
		},
	}})
}

func TestAccGroupsDataSource(t *testing.T) {
	env := newAccEnv(t)
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		if _, err := env.client.Groups.Create(context.Background(), &client.GroupCreateRequest{Name: name, Permissions: []string{}}); err != nil {
			t.Fatal(err)
		}
	}
	env.test(t, nil, []resource.TestStep{{
		Config: env.config(`
data "mspbackup_groups" "all" {}
data "mspbackup_groups" "beta" { name = "BETA" }
data "mspbackup_groups" "none" { name = "Delta" }
`),
		ConfigStateChecks: []statecheck.StateCheck{
			stateValue("data.mspbackup_groups.all", "groups", listWith("name", client.AdministratorsGroupName, "Alpha", "Beta", "Gamma")),
			stateValue("data.mspbackup_groups.beta", "groups", listWith("name", "Beta")),
			stateValue("data.mspbackup_groups.none", "groups", knownvalue.ListSizeExact(0)),
		},
	}})
}

func TestAccGroupMembersDataSource(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	var ids []string
	for i := range 5 {
		u := apiUser(t, env, client.UserCreateRequest{Login: fmt.Sprintf("member%d", i)})
		apiAddMember(t, env, grp.ID, u.ID)
		ids = append(ids, u.ID)
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.configf(`data "mspbackup_group_members" "ops" { group_id = %q }`, grp.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_group_members.ops", "user_ids", stringsExact(ids...)),
			},
		},
		env.rejects(`data "mspbackup_group_members" "none" { group_id = "grp_nope" }`, "Unable to read the members of mspbackup_group_members grp_nope", "404"),
	})
}

func TestAccGroupMembershipDataSource(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	apiAddMember(t, env, grp.ID, alice.ID)
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.configf(`data "mspbackup_group_membership" "alice" {
  group_id = %q
  user_id  = %q
}`, grp.ID, alice.ID),
			ConfigStateChecks: stateValues("data.mspbackup_group_membership.alice", map[string]knownvalue.Check{
				"id":         knownvalue.StringExact(grp.ID + "/" + alice.ID),
				"created_at": knownvalue.NotNull(),
			}),
		},
		env.rejects(fmt.Sprintf(`data "mspbackup_group_membership" "bob" {
  group_id = %q
  user_id  = %q
}`, grp.ID, bob.ID), fmt.Sprintf("User %s is not a member of group %s", bob.ID, grp.ID)),
	})
}

func TestAccLicensePoolDataSource(t *testing.T) {
	env := newAccEnv(t, testserver.Options{Licenses: map[string]int64{"workstation": 10, "server": 2}})
	ivy := apiUser(t, env, client.UserCreateRequest{Login: "ivy"})
	const pool = "data.mspbackup_license_pool.this"
	entry := func(total, assigned, inUse, available int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"total":     knownvalue.Int64Exact(total),
			"assigned":  knownvalue.Int64Exact(assigned),
			"in_use":    knownvalue.Int64Exact(inUse),
			"available": knownvalue.Int64Exact(available),
		})
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.configf(`
resource "mspbackup_license_assignment" "ivy" {
  user_id      = %q
  license_type = "workstation"
  quantity     = 3
}
data "mspbackup_license_pool" "this" { depends_on = [mspbackup_license_assignment.ivy] }
output "workstations_left" { value = data.mspbackup_license_pool.this.licenses["workstation"].available }
`, ivy.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("workstation"), entry(10, 3, 0, 7)),
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("server"), entry(2, 0, 0, 2)),
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("virtual_machine").AtMapKey("total"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("microsoft_365").AtMapKey("total"), knownvalue.NotNull()),
				statecheck.ExpectKnownOutputValue("workstations_left", knownvalue.Int64Exact(7)),
			},
		},
	})
}

func TestAccPermissionsDataSource(t *testing.T) {
	env := newAccEnv(t)
	const addr = "data.mspbackup_permissions.all"
	catalogue := []string{
		client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite, client.PermCompaniesRead, client.PermCompaniesWrite,
		client.PermUsersRead, client.PermUsersWrite, client.PermGroupsRead, client.PermGroupsWrite,
		client.PermLicensesRead, client.PermLicensesWrite, client.PermStorageRead, client.PermStorageWrite,
		client.PermAuditRead, client.PermOutboxRead, client.PermTokensWrite, client.PermMetricsRead,
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.config(`data "mspbackup_permissions" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "names", stringsExact(catalogue...)),
				stateValue(addr, "permissions", knownvalue.ListSizeExact(len(catalogue))),
				stateValue(addr, "permissions", knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.NotNull(), "description": knownvalue.NotNull()}),
				})),
			},
			Check: resource.TestCheckTypeSetElemNestedAttrs(addr, "permissions.*", map[string]string{"name": client.PermUsersWrite}),
		},
	})
}
