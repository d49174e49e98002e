package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccUserDataSource(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "mspbackup_user" "none" { login = "nobody" }`),
				ExpectError: errorLike(`no user has login "nobody"`),
			},
			{
				Config:      env.config(`data "mspbackup_user" "none" { id = "usr_nope" }`),
				ExpectError: errorLike("Unable to find mspbackup_user", "404"),
			},
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
					resource.TestCheckResourceAttr("data.mspbackup_user.by_login", "email", "alice@example.com"),
					resource.TestCheckResourceAttr("data.mspbackup_user.by_login", "mfa_method", "email"),
					resource.TestCheckNoResourceAttr("data.mspbackup_user.by_login", "password"),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.mspbackup_user.by_login", tfjsonpath.New("login"), knownvalue.StringExact("Alice.Smith")),
					statecheck.ExpectKnownValue("data.mspbackup_user.by_id", tfjsonpath.New("notification_emails"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("a@example.com"), knownvalue.StringExact("b@example.com"),
					})),
				},
			},
		},
	})
}
