package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccLicensePoolDataSource(t *testing.T) {
	env := newAccEnv(t, testserver.Options{Licenses: map[string]int64{"workstation": 10, "server": 2}})
	ivy := apiUser(t, env, client.UserCreateRequest{Login: "ivy"})
	const pool = "data.mspbackup_license_pool.this"
	entry := func(total, assigned, inUse, available int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"total":     knownvalue.Int64Exact(total),
			"assigned":  knownvalue.Int64Exact(assigned),
			"in_use":    knownvalue.Int64Exact(inUse),
			"available": knownvalue.Int64Exact(available),
		})
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.configf(`
resource "mspbackup_license_assignment" "ivy" {
  user_id      = %q
  license_type = "workstation"
  quantity     = 3
}
data "mspbackup_license_pool" "this" { depends_on = [mspbackup_license_assignment.ivy] }
output "workstations_left" { value = data.mspbackup_license_pool.this.licenses["workstation"].available }
`, ivy.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("workstation"), entry(10, 3, 0, 7)),
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("server"), entry(2, 0, 0, 2)),
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("virtual_machine").AtMapKey("total"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(pool, tfjsonpath.New("licenses").AtMapKey("microsoft_365").AtMapKey("total"), knownvalue.NotNull()),
				statecheck.ExpectKnownOutputValue("workstations_left", knownvalue.Int64Exact(7)),
			},
		},
	})
}
