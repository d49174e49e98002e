package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccPermissionsDataSource(t *testing.T) {
	env := newAccEnv(t)
	const addr = "data.mspbackup_permissions.all"
	catalogue := []string{
		client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite, client.PermCompaniesRead, client.PermCompaniesWrite,
		client.PermUsersRead, client.PermUsersWrite, client.PermGroupsRead, client.PermGroupsWrite,
		client.PermLicensesRead, client.PermLicensesWrite, client.PermStorageRead, client.PermStorageWrite,
		client.PermAuditRead, client.PermOutboxRead, client.PermTokensWrite, client.PermMetricsRead,
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.config(`data "mspbackup_permissions" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "names", stringsExact(catalogue...)),
				stateValue(addr, "permissions", knownvalue.ListSizeExact(len(catalogue))),
				stateValue(addr, "permissions", knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.NotNull(), "description": knownvalue.NotNull()}),
				})),
			},
			Check: resource.TestCheckTypeSetElemNestedAttrs(addr, "permissions.*", map[string]string{"name": client.PermUsersWrite}),
		},
	})
}
