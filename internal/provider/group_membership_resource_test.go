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

// checkMembers checks, through the API, a group's exact member set.
func checkMembers(env *accEnv, groupID string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		members, err := env.client.Groups.ListAllMembers(context.Background(), groupID)
		if client.IsNotFound(err) && len(want) == 0 {
			return nil // the group is gone, and its members with it
		}
		if err != nil {
			return err
		}
		got := memberUserIDs(members)
		if len(missingFrom(got, want)) > 0 || len(missingFrom(want, got)) > 0 {
			return fmt.Errorf("group %s has members %v, want %v", groupID, got, want)
		}
		return nil
	}
}

func TestAccGroupMembership(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	const addr = "mspbackup_group_membership.alice"
	config := env.configf(`
resource "mspbackup_group_membership" "alice" {
  group_id = %q
  user_id  = %q
}
`, grp.ID, alice.ID)
	// Destroy removes only its own pair: bob, added in the console, stays.
	env.test(t, checkMembers(env, grp.ID, bob.ID), []resource.TestStep{
		{
			Config:            config,
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(grp.ID + "/" + alice.ID)}),
			Check:             checkMembers(env, grp.ID, alice.ID),
			ConfigPlanChecks:  emptyAfterApply(),
		},
		importStep(addr, ""), // import by group_id/user_id
		{ // a member added outside Terraform is left alone
			PreConfig:        func() { apiAddMember(t, env, grp.ID, bob.ID) },
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            checkMembers(env, grp.ID, alice.ID, bob.ID),
		},
		{ // removed in the console: planned to be added again
			PreConfig:        inConsole(t, func(ctx context.Context) error { return env.client.Groups.RemoveMember(ctx, grp.ID, alice.ID) }),
			Config:           config,
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionCreate),
			Check:            checkMembers(env, grp.ID, alice.ID, bob.ID),
		},
		{ // malformed import ids say what is expected
			Config:        config,
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: alice.ID + "/" + grp.ID,
			ExpectError:   errorLike("must be grp_.../usr_...", "e.g. grp_0123/usr_0123"),
		},
	})
}

// TestAccGroupMembership_userDeleted: a membership whose user was deleted
// outside Terraform is dropped from state and planned for creation.
func TestAccGroupMembership_userDeleted(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	const addr = "mspbackup_group_membership.carol"
	config := env.configf(`
resource "mspbackup_user" "carol" {
  login      = "carol"
  mfa_method = "none"
}
resource "mspbackup_group_membership" "carol" {
  group_id = %q
  user_id  = mspbackup_user.carol.id
}
`, grp.ID)
	env.test(t, checkMembers(env, grp.ID), []resource.TestStep{
		{Config: config},
		{
			PreConfig: inConsole(t, func(ctx context.Context) error {
				return env.client.Users.Delete(ctx, mustFind(t, env, findUserByLogin, "carol").ID)
			}),
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("mspbackup_user.carol", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
	})
}
