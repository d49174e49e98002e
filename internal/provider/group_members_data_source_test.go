package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccGroupMembersDataSource(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	grp := apiGroup(t, env, "Operators")
	var ids []string
	for i := range 5 {
		u := apiUser(t, env, client.UserCreateRequest{Login: fmt.Sprintf("member%d", i)})
		if _, err := env.client.Groups.AddMember(context.Background(), grp.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`data "mspbackup_group_members" "ops" { group_id = %q }`, grp.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.mspbackup_group_members.ops", tfjsonpath.New("user_ids"), stringsExact(ids...)),
				},
			},
			{
				Config:      env.config(`data "mspbackup_group_members" "none" { group_id = "grp_nope" }`),
				ExpectError: errorLike("Unable to read the members of mspbackup_group_members grp_nope", "404"),
			},
		},
	})
}
