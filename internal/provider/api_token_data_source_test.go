package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccAPITokenDataSource(t *testing.T) {
	env := newAccEnv(t)
	gina := apiUser(t, env, client.UserCreateRequest{Login: "gina"})
	hank := apiUser(t, env, client.UserCreateRequest{Login: "hank"})
	base := fmt.Sprintf(`
resource "mspbackup_api_token" "gina" {
  name    = "deploy"
  user_id = %q
}
resource "mspbackup_api_token" "hank" {
  name       = "deploy"
  user_id    = %q
  expires_at = "2099-06-01T00:00:00Z"
}
resource "mspbackup_api_token" "hank_backup" {
  name    = "backup"
  user_id = %[2]q
}
`, gina.ID, hank.ID)
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.config(base + fmt.Sprintf(`
data "mspbackup_api_token" "by_id" { id = mspbackup_api_token.hank.id }
data "mspbackup_api_token" "by_name" {
  name       = "BACKUP"
  depends_on = [mspbackup_api_token.hank_backup]
}
data "mspbackup_api_token" "by_user_and_name" {
  name       = "deploy"
  user_id    = %q
  depends_on = [mspbackup_api_token.gina]
}
`, gina.ID)),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_api_token.by_id", map[string]string{
					"name":       "deploy",
					"user_id":    hank.ID,
					"expires_at": "2099-06-01T00:00:00Z",
				}),
				resource.TestCheckNoResourceAttr("data.mspbackup_api_token.by_id", "token"),
				resource.TestCheckResourceAttrPair("data.mspbackup_api_token.by_name", "id", "mspbackup_api_token.hank_backup", "id"),
				resource.TestCheckNoResourceAttr("data.mspbackup_api_token.by_name", "expires_at"),
				resource.TestCheckResourceAttrPair("data.mspbackup_api_token.by_user_and_name", "id", "mspbackup_api_token.gina", "id"),
			),
		},
		env.rejects(base+`data "mspbackup_api_token" "two" { name = "deploy" }`, `2 API tokens are named "deploy"`, "set user_id"),
		env.rejects(base+`data "mspbackup_api_token" "none" { name = "nope" }`, `no API token has name "nope"`),
	})
}
