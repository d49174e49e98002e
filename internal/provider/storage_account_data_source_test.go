package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccStorageAccountDataSource(t *testing.T) {
	env := newAccEnv(t)
	base := `
resource "mspbackup_storage_account" "b2" {
  name              = "Archive"
  type              = "backblaze_b2"
  region            = "eu-central-003"
  access_key_id     = "0012345"
  secret_access_key = "never-shown"
}
`
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.config(base + `
data "mspbackup_storage_account" "by_id" { id = mspbackup_storage_account.b2.id }
data "mspbackup_storage_account" "by_name" {
  name       = "ARCHIVE"
  depends_on = [mspbackup_storage_account.b2]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_storage_account.by_id", map[string]string{
					"name":          "Archive",
					"type":          "backblaze_b2",
					"region":        "eu-central-003",
					"access_key_id": "0012345",
					"endpoint":      "",
				}),
				resource.TestCheckNoResourceAttr("data.mspbackup_storage_account.by_id", "secret_access_key"),
				resource.TestCheckResourceAttrPair("data.mspbackup_storage_account.by_name", "id", "mspbackup_storage_account.b2", "id"),
			),
		},
		{
			Config:      env.config(base + `data "mspbackup_storage_account" "none" { name = "Nowhere" }`),
			ExpectError: errorLike(`no storage account has name "Nowhere"`),
		},
		{
			Config:      env.config(base + `data "mspbackup_storage_account" "none" { id = "sa_doesnotexist" }`),
			ExpectError: errorLike("Unable to find mspbackup_storage_account", "404 Not Found"),
		},
	})
}
