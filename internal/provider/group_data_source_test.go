package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccGroupDataSource(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{
		env.rejects(`data "mspbackup_group" "none" { name = "Nobody" }`, `no group has name "Nobody"`),
		env.rejects(`data "mspbackup_group" "none" { id = "grp_nope" }`, "Unable to find mspbackup_group", "404"),
		{
			Config:      env.config("data \"mspbackup_group\" \"both\" {\n  id   = \"grp_1\"\n  name = \"x\"\n}\n"),
			ExpectError: errorLike("Invalid Attribute Combination"),
		},
		{
			Config: env.config(`
resource "mspbackup_group" "ops" {
  name        = "Operators"
  description = "Night shift"
  permissions = ["users:read", "audit:read"]
}
data "mspbackup_group" "by_id" { id = mspbackup_group.ops.id }
data "mspbackup_group" "by_name" {
  name       = "operators"
  depends_on = [mspbackup_group.ops]
}
data "mspbackup_group" "admins" { name = "Administrators" }
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.mspbackup_group.by_id", "name", "mspbackup_group.ops", "name"),
				resource.TestCheckResourceAttrPair("data.mspbackup_group.by_name", "id", "mspbackup_group.ops", "id"),
				resource.TestCheckResourceAttr("data.mspbackup_group.by_name", "description", "Night shift"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_group.by_name", "name", knownvalue.StringExact("Operators")),
				stateValue("data.mspbackup_group.by_id", "permissions", stringsExact("audit:read", "users:read")),
				stateValue("data.mspbackup_group.admins", "built_in", knownvalue.Bool(true)),
				stateValue("data.mspbackup_group.admins", "permissions", stringsExact(client.Permissions...)),
			},
		},
	})
}
