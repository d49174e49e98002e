package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccGroupsDataSource(t *testing.T) {
	env := newAccEnv(t)
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		if _, err := env.client.Groups.Create(context.Background(), &client.GroupCreateRequest{Name: name, Permissions: []string{}}); err != nil {
			t.Fatal(err)
		}
	}
	names := func(want ...string) knownvalue.Check {
		items := make([]knownvalue.Check, 0, len(want))
		for _, n := range want {
			items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(n)}))
		}
		return knownvalue.ListExact(items)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.configf(`
data "mspbackup_groups" "all" {}
data "mspbackup_groups" "beta" { name = %q }
data "mspbackup_groups" "none" { name = "Delta" }
`, "BETA"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_groups.all", "groups", names(client.AdministratorsGroupName, "Alpha", "Beta", "Gamma")),
				stateValue("data.mspbackup_groups.beta", "groups", names("Beta")),
				stateValue("data.mspbackup_groups.none", "groups", knownvalue.ListSizeExact(0)),
			},
		}},
	})
}
