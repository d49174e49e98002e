package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccCustomerAccountDataSource(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{
		{ // first: a last step whose configuration is invalid would break the final destroy
			Config: env.config(`
data "mspbackup_customer_account" "both" {
  name = "x"
  id   = "ca_x"
}
`),
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
		},
		{
			Config: env.config(`
resource "mspbackup_customer_account" "acme" {
  name        = "Acme Ltd"
  description = "Joinery"
}
data "mspbackup_customer_account" "by_id" { id = mspbackup_customer_account.acme.id }
data "mspbackup_customer_account" "by_name" {
  name       = "acme ltd"
  depends_on = [mspbackup_customer_account.acme]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.mspbackup_customer_account.by_id", "name", "mspbackup_customer_account.acme", "name"),
				resource.TestCheckResourceAttrPair("data.mspbackup_customer_account.by_name", "id", "mspbackup_customer_account.acme", "id"),
				attrsEqual("data.mspbackup_customer_account.by_name", map[string]string{
					"name":        "Acme Ltd",
					"description": "Joinery",
					"status":      "active",
				}),
			),
		},
		{
			Config:      env.config(`data "mspbackup_customer_account" "none" { name = "No Such Customer" }`),
			ExpectError: regexp.MustCompile(`no customer account has name "No Such Customer"`),
		},
	})
}
