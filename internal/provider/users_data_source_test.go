package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccUsersDataSource(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	acc, err := env.client.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	co, err := env.client.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "Acme Sales", CustomerAccountID: &acc.ID})
	if err != nil {
		t.Fatal(err)
	}
	grp, err := env.client.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Operators", Permissions: []string{client.PermUsersRead}})
	if err != nil {
		t.Fatal(err)
	}
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
			if _, err := env.client.Groups.AddMember(ctx, grp.ID, u.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	logins := func(want ...string) knownvalue.Check {
		items := make([]knownvalue.Check, 0, len(want))
		for _, l := range want {
			items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{"login": knownvalue.StringExact(l)}))
		}
		return knownvalue.ListExact(items)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
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
				stateValue("data.mspbackup_users.all", "users", logins("u1", "u2", "u3", "u4", "u5")),
				stateValue("data.mspbackup_users.acme", "users", logins("u1", "u2", "u3")),
				stateValue("data.mspbackup_users.sales", "users", logins("u1", "u2")),
				stateValue("data.mspbackup_users.ops", "users", logins("u1", "u3", "u5")),
				stateValue("data.mspbackup_users.disabled", "users", logins("u5")),
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
		}},
	})
}
