package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccGroupMembershipDataSource(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	apiAddMember(t, env, grp.ID, alice.ID)
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.configf(`data "mspbackup_group_membership" "alice" {
  group_id = %q
  user_id  = %q
}`, grp.ID, alice.ID),
			ConfigStateChecks: stateValues("data.mspbackup_group_membership.alice", map[string]knownvalue.Check{
				"id":         knownvalue.StringExact(grp.ID + "/" + alice.ID),
				"created_at": knownvalue.NotNull(),
			}),
		},
		env.rejects(fmt.Sprintf(`data "mspbackup_group_membership" "bob" {
  group_id = %q
  user_id  = %q
}`, grp.ID, bob.ID), fmt.Sprintf("User %s is not a member of group %s", bob.ID, grp.ID)),
	})
}
