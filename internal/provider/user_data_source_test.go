package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestAccUserDataSource(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{
		env.rejects(`data "mspbackup_user" "none" { login = "nobody" }`, `no user has login "nobody"`),
		env.rejects(`data "mspbackup_user" "none" { id = "usr_nope" }`, "Unable to find mspbackup_user", "404"),
		{
			Config:      env.config("data \"mspbackup_user\" \"both\" {\n  id    = \"usr_1\"\n  login = \"x\"\n}\n"),
			ExpectError: errorLike("Invalid Attribute Combination"),
		},
		{
			Config: env.config(`
resource "mspbackup_user" "alice" {
  login               = "Alice.Smith"
  email               = "alice@example.com"
  notification_emails = ["b@example.com", "a@example.com"]
  password            = "a-long-password"
}
data "mspbackup_user" "by_id" { id = mspbackup_user.alice.id }
data "mspbackup_user" "by_login" {
  login      = "alice.smith"
  depends_on = [mspbackup_user.alice]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.mspbackup_user.by_id", "login", "mspbackup_user.alice", "login"),
				resource.TestCheckResourceAttrPair("data.mspbackup_user.by_login", "id", "mspbackup_user.alice", "id"),
				attrsEqual("data.mspbackup_user.by_login", map[string]string{
					"email":      "alice@example.com",
					"mfa_method": "email",
				}),
				resource.TestCheckNoResourceAttr("data.mspbackup_user.by_login", "password"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_user.by_login", "login", knownvalue.StringExact("Alice.Smith")),
				stateValue("data.mspbackup_user.by_id", "notification_emails", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("a@example.com"), knownvalue.StringExact("b@example.com"),
				})),
			},
		},
	})
}
