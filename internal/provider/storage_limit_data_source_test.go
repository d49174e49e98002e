package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccStorageLimitDataSource(t *testing.T) {
	env := newAccEnv(t)
	base := `
resource "mspbackup_storage_limit" "gold" {
  name     = "Gold"
  limit_gb = 500
}
`
	env.test(t, nil, []resource.TestStep{
		// plan-time: the id's prefix (first: a last step with an invalid configuration would break the final destroy)
		env.rejects(`data "mspbackup_storage_limit" "bad" { id = "co_123" }`, "Invalid id", `must be an id starting with "sl_", got "co_123"`),
		{
			Config: env.config(base + `
data "mspbackup_storage_limit" "by_id" { id = mspbackup_storage_limit.gold.id }
data "mspbackup_storage_limit" "by_name" {
  name       = "gold"
  depends_on = [mspbackup_storage_limit.gold]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_storage_limit.by_id", map[string]string{
					"name":     "Gold",
					"limit_gb": "500",
				}),
				resource.TestCheckResourceAttrPair("data.mspbackup_storage_limit.by_name", "id", "mspbackup_storage_limit.gold", "id"),
				resource.TestCheckResourceAttr("data.mspbackup_storage_limit.by_name", "name", "Gold"),
				resource.TestCheckResourceAttrPair("data.mspbackup_storage_limit.by_name", "updated_at", "mspbackup_storage_limit.gold", "updated_at"),
			),
		},
		{
			Config:      env.config(base + `data "mspbackup_storage_limit" "none" { name = "Platinum" }`),
			ExpectError: errorLike(`no storage limit has name "Platinum"`),
		},
		{
			Config:      env.config(base + `data "mspbackup_storage_limit" "none" { id = "sl_doesnotexist" }`),
			ExpectError: errorLike("Unable to find mspbackup_storage_limit", "404 Not Found"),
		},
	})
}
