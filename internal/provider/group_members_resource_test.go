package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// membersConfig is an mspbackup_group_members "team" block; extra is added
// inside it.
func membersConfig(env *accEnv, groupID, extra string, userIDs ...string) string {
	return env.configf(`
resource "mspbackup_group_members" "team" {
  group_id = %q
  user_ids = %s
  %s
}
`, groupID, hclStrings(userIDs), extra)
}

func TestAccGroupMembers(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_group_members.team"
	grp := apiGroup(t, env, "Operators")
	var u [4]string
	for i := range u {
		u[i] = apiUser(t, env, client.UserCreateRequest{Login: fmt.Sprintf("user%d", i)}).ID
	}
	env.test(t, checkMembers(env, grp.ID), []resource.TestStep{
		{ // create, ids given out of order
			Config:            membersConfig(env, grp.ID, "", u[2], u[0]),
			Check:             checkMembers(env, grp.ID, u[0], u[2]),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{"user_ids": stringsExact(u[0], u[2])}),
			ConfigPlanChecks:  emptyAfterApply(),
		},
		importStep(addr, grp.ID), // import by group id
		{ // update: adds and removes in one apply
			Config:           membersConfig(env, grp.ID, "", u[0], u[1], u[3]),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			Check:            checkMembers(env, grp.ID, u[0], u[1], u[3]),
		},
		{ // a member added outside Terraform is planned for removal and removed
			PreConfig: inConsole(t, func(ctx context.Context) error {
				_, err := env.client.Groups.AddMember(ctx, grp.ID, u[2])
				return err
			}),
			Config: membersConfig(env, grp.ID, "", u[0], u[1], u[3]),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "user_ids", stringsExact(u[0], u[1], u[3]))),
			Check: checkMembers(env, grp.ID, u[0], u[1], u[3]),
		},
		{ // a user deleted outside Terraform leaves the set with it
			PreConfig:          inConsole(t, func(ctx context.Context) error { return env.client.Users.Delete(ctx, u[3]) }),
			RefreshState:       true,
			ExpectNonEmptyPlan: true, // the configuration still lists the deleted user
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "user_ids.#", "2"),
				resource.TestCheckTypeSetElemAttr(addr, "user_ids.*", u[0]),
				resource.TestCheckTypeSetElemAttr(addr, "user_ids.*", u[1]),
			),
		},
		{ // every failure is reported, and state holds what really happened
			Config:      membersConfig(env, grp.ID, "", u[0], "usr_missing1", "usr_missing2"),
			ExpectError: errorLike("Unable to add user usr_missing1 to mspbackup_group_members "+grp.ID, "Unable to add user usr_missing2"),
		},
		{ // u1 was removed by the failed apply; state knows it
			Config:           membersConfig(env, grp.ID, "", u[0]),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            checkMembers(env, grp.ID, u[0]),
		},
		{ // the group deleted outside Terraform: dropped from state (and so planned for creation)
			PreConfig: inConsole(t, func(ctx context.Context) error {
				if err := env.client.Groups.RemoveMember(ctx, grp.ID, u[0]); err != nil {
					return err
				}
				return env.client.Groups.Delete(ctx, grp.ID)
			}),
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: func(s *terraform.State) error {
				if _, ok := s.RootModule().Resources[addr]; ok {
					return fmt.Errorf("%s is still in state after its group was deleted", addr)
				}
				return nil
			},
		},
	})
}

func TestAccGroupMembers_existingMembers(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	carol := apiUser(t, env, client.UserCreateRequest{Login: "carol"})
	for _, id := range []string{alice.ID, bob.ID} {
		apiAddMember(t, env, grp.ID, id)
	}
	env.test(t, checkMembers(env, grp.ID), []resource.TestStep{
		{ // creating over members it does not know fails, names them, and says how to go on
			Config: membersConfig(env, grp.ID, "", alice.ID, carol.ID),
			ExpectError: errorLike(
				"Group "+grp.ID+" already has members that are not in user_ids",
				bob.ID+" (bob)",
				"terraform import mspbackup_group_members.<name> "+grp.ID,
				"allow_overwrite = true"),
			Check: checkMembers(env, grp.ID, alice.ID, bob.ID),
		},
		{ // allow_overwrite takes the group over
			Config: membersConfig(env, grp.ID, "allow_overwrite = true", alice.ID, carol.ID),
			Check:  checkMembers(env, grp.ID, alice.ID, carol.ID),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
	})
}

func TestAccGroupMembers_errors(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{
		{
			Config:      membersConfig(env, "grp_1", "", "usr_1", "grp_2"),
			ExpectError: errorLike("user_ids", `must be an id starting with "usr_"`),
		},
		{
			Config:      membersConfig(env, "usr_1", ""),
			ExpectError: errorLike("group_id", `must be an id starting with "grp_"`),
		},
	})
}
