package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
