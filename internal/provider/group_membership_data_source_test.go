package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccGroupMembershipDataSource(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	grp := apiGroup(t, env, "Operators")
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	if _, err := env.client.Groups.AddMember(context.Background(), grp.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`data "mspbackup_group_membership" "alice" {
  group_id = %q
  user_id  = %q
}`, grp.ID, alice.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.mspbackup_group_membership.alice", tfjsonpath.New("id"), knownvalue.StringExact(grp.ID+"/"+alice.ID)),
					statecheck.ExpectKnownValue("data.mspbackup_group_membership.alice", tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "mspbackup_group_membership" "bob" {
  group_id = %q
  user_id  = %q
}`, grp.ID, bob.ID)),
				ExpectError: errorLike(fmt.Sprintf("User %s is not a member of group %s", bob.ID, grp.ID)),
			},
		},
	})
}
