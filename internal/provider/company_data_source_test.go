package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccCompanyDataSource(t *testing.T) {
	env := newAccEnv(t)
	base := `
resource "mspbackup_customer_account" "a" { name = "Initech" }
resource "mspbackup_customer_account" "b" { name = "Umbrella" }
resource "mspbackup_storage_limit" "l" {
  name     = "Silver"
  limit_gb = 100
}
resource "mspbackup_company" "a" {
  name                = "Shared Name"
  customer_account_id = mspbackup_customer_account.a.id
  storage_limit_id    = mspbackup_storage_limit.l.id
  description         = "in Initech"
}
resource "mspbackup_company" "b" {
  name                = "Shared Name"
  customer_account_id = mspbackup_customer_account.b.id
}
resource "mspbackup_company" "msp" { name = "Head Office" }
`
	env.test(t, nil, []resource.TestStep{
		// plan-time: a lookup key is required (a last step with an invalid configuration would break the final destroy)
		env.rejects(`data "mspbackup_company" "neither" {}`, "Missing Attribute Configuration", "Exactly one of these attributes must be configured: [id,name]"),
		{
			Config: env.config(base + `
data "mspbackup_company" "by_id" { id = mspbackup_company.a.id }
data "mspbackup_company" "by_account_and_name" {
  name                = "shared name"
  customer_account_id = mspbackup_customer_account.b.id
  depends_on          = [mspbackup_company.b]
}
data "mspbackup_company" "by_name" {
  name       = "HEAD OFFICE"
  depends_on = [mspbackup_company.msp]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_company.by_id", map[string]string{
					"name":        "Shared Name",
					"description": "in Initech",
				}),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_id", "customer_account_id", "mspbackup_customer_account.a", "id"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_id", "storage_limit_id", "mspbackup_storage_limit.l", "id"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_id", "created_at", "mspbackup_company.a", "created_at"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_account_and_name", "id", "mspbackup_company.b", "id"),
				resource.TestCheckNoResourceAttr("data.mspbackup_company.by_account_and_name", "storage_limit_id"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_name", "id", "mspbackup_company.msp", "id"),
				resource.TestCheckResourceAttr("data.mspbackup_company.by_name", "name", "Head Office"),
				resource.TestCheckNoResourceAttr("data.mspbackup_company.by_name", "customer_account_id"),
			),
		},
		env.rejects(base+`data "mspbackup_company" "ambiguous" { name = "Shared Name" }`, `2 companies in different customer accounts are named "Shared Name"`, "customer_account_id"),
		env.rejects(base+`data "mspbackup_company" "none" { name = "No Such Company" }`, `no company has name "No Such Company"`),
		env.rejects(base+`data "mspbackup_company" "none" { id = "co_doesnotexist" }`, "Unable to find mspbackup_company", "404 Not Found"),
	})
}
