package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccLicenseAssignmentDataSource(t *testing.T) {
	env := newAccEnv(t)
	dave := apiUser(t, env, client.UserCreateRequest{Login: "dave"})
	base := fmt.Sprintf(`
resource "mspbackup_license_assignment" "vm" {
  user_id      = %q
  license_type = "virtual_machine"
  quantity     = 4
}
`, dave.ID)
	env.test(t, nil, []resource.TestStep{
		// first: a last step whose configuration is invalid would break the final destroy
		env.rejects(fmt.Sprintf(`data "mspbackup_license_assignment" "half" { user_id = %q }`, dave.ID), "Invalid Attribute Combination", "license_type"),
		{
			Config: env.config(base + fmt.Sprintf(`
data "mspbackup_license_assignment" "by_id" { id = mspbackup_license_assignment.vm.id }
data "mspbackup_license_assignment" "by_user_and_type" {
  user_id      = %q
  license_type = "virtual_machine"
  depends_on   = [mspbackup_license_assignment.vm]
}
`, dave.ID)),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_license_assignment.by_id", map[string]string{
					"quantity":     "4",
					"user_id":      dave.ID,
					"license_type": "virtual_machine",
				}),
				resource.TestCheckResourceAttrPair("data.mspbackup_license_assignment.by_user_and_type", "id", "mspbackup_license_assignment.vm", "id"),
				resource.TestCheckResourceAttr("data.mspbackup_license_assignment.by_user_and_type", "quantity", "4"),
			),
		},
		{
			Config: env.config(base + fmt.Sprintf(`
data "mspbackup_license_assignment" "none" {
  user_id      = %q
  license_type = "microsoft_365"
}
`, dave.ID)),
			ExpectError: errorLike("no licence assignment of user", `has license_type "microsoft_365"`),
		},
	})
}
