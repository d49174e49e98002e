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
	env.test(t, nil, []resource.TestStep{{
		Config: env.config(`
data "mspbackup_groups" "all" {}
data "mspbackup_groups" "beta" { name = "BETA" }
data "mspbackup_groups" "none" { name = "Delta" }
`),
		ConfigStateChecks: []statecheck.StateCheck{
			stateValue("data.mspbackup_groups.all", "groups", listWith("name", client.AdministratorsGroupName, "Alpha", "Beta", "Gamma")),
			stateValue("data.mspbackup_groups.beta", "groups", listWith("name", "Beta")),
			stateValue("data.mspbackup_groups.none", "groups", knownvalue.ListSizeExact(0)),
		},
	}})
}
