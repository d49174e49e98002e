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
