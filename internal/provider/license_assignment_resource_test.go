package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// poolEntry returns the licence pool's entry of one type.
func poolEntry(env *accEnv, licenseType string) (client.LicensePoolEntry, error) {
	pool, err := env.client.LicensePool.Get(context.Background())
	if err != nil {
		return client.LicensePoolEntry{}, err
	}
	for _, e := range pool.Items {
		if e.LicenseType == licenseType {
			return e, nil
		}
	}
	return client.LicensePoolEntry{}, fmt.Errorf("the pool has no %s entry", licenseType)
}

// checkAssigned checks the pool's assigned count of one licence type.
func checkAssigned(env *accEnv, licenseType string, want int64) error {
	e, err := poolEntry(env, licenseType)
	if err != nil {
		return err
	}
	if e.Assigned != want {
		return fmt.Errorf("the pool has %d %s licences assigned, want %d", e.Assigned, licenseType, want)
	}
	return nil
}

func TestAccLicenseAssignment(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	const addr = "mspbackup_license_assignment.alice"
	config := func(userID string, quantity int) string {
		return env.config(fmt.Sprintf(`
resource "mspbackup_license_assignment" "alice" {
  user_id      = %q
  license_type = "workstation"
  quantity     = %d
}
`, userID, quantity))
	}
	assignmentID := func(userID string) string {
		a, err := findLicenseAssignment(context.Background(), env.client, userID, client.LicenseTypeWorkstation)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkDestroyed(env, licenseAssignmentType, env.client.LicenseAssignments.Get),
			func(*terraform.State) error { return checkAssigned(env, client.LicenseTypeWorkstation, 0) }, // destroy frees them
		),
		Steps: []resource.TestStep{
			{ // create
				Config: config(alice.ID, 3),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^lic_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_id"), knownvalue.StringExact(alice.ID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("license_type"), knownvalue.StringExact("workstation")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("quantity"), knownvalue.Int64Exact(3)),
				},
				Check:            func(*terraform.State) error { return checkAssigned(env, client.LicenseTypeWorkstation, 3) },
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // import by id
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
			},
			{ // import by user and licence type
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: alice.ID + "/workstation",
			},
			{ // update in place
				Config: config(alice.ID, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "quantity", "5"),
					func(*terraform.State) error { return checkAssigned(env, client.LicenseTypeWorkstation, 5) },
				),
			},
			{ // drift: a change in the console is planned as an update of exactly that attribute
				PreConfig: func() {
					q := int64(1)
					if _, err := env.client.LicenseAssignments.Update(context.Background(), assignmentID(alice.ID),
						&client.LicenseAssignmentUpdateRequest{Quantity: &q}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(alice.ID, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("quantity"), knownvalue.Int64Exact(5)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ // deleted in the console: dropped from state and planned for creation
				PreConfig: func() {
					if err := env.client.LicenseAssignments.Delete(context.Background(), assignmentID(alice.ID)); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(alice.ID, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
			{ // another user: the assignment is replaced, never moved
				Config: config(bob.ID, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				Check: func(*terraform.State) error { return checkAssigned(env, client.LicenseTypeWorkstation, 5) },
			},
			{ // the user deleted in the console takes its assignment along: planned as gone, never stuck
				PreConfig: func() {
					if err := env.client.Users.Delete(context.Background(), bob.ID); err != nil {
						t.Fatal(err)
					}
					if err := checkAssigned(env, client.LicenseTypeWorkstation, 0); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(alice.ID, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error { return checkAssigned(env, client.LicenseTypeWorkstation, 2) },
			},
		},
	})
}

func TestAccLicenseAssignment_errors(t *testing.T) {
	env := newAccEnv(t, testserver.Options{Licenses: map[string]int64{"server": 2}})
	carol := apiUser(t, env, client.UserCreateRequest{Login: "carol"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, licenseAssignmentType, env.client.LicenseAssignments.Get),
		Steps: []resource.TestStep{
			{ // plan-time validation names the attribute and the rule
				Config: env.config(`
resource "mspbackup_license_assignment" "bad" {
  user_id      = "carol"
  license_type = "server"
  quantity     = 1
}
`),
				ExpectError: errorLike("Invalid user_id", `must be an id starting with "usr_", got "carol"`),
			},
			{
				Config: env.config(fmt.Sprintf(`
resource "mspbackup_license_assignment" "bad" {
  user_id      = %q
  license_type = "desktop"
  quantity     = 1
}
`, carol.ID)),
				ExpectError: errorLike("license_type", "value must be one of", `"workstation"`, `got: "desktop"`),
			},
			{
				Config: env.config(fmt.Sprintf(`
resource "mspbackup_license_assignment" "bad" {
  user_id      = %q
  license_type = "server"
  quantity     = 0
}
`, carol.ID)),
				ExpectError: errorLike("quantity", "must be at least 1, got: 0"),
			},
			{ // more than the pool has: 409 with the available count
				Config: env.config(fmt.Sprintf(`
resource "mspbackup_license_assignment" "too_many" {
  user_id      = %q
  license_type = "server"
  quantity     = 3
}
`, carol.ID)),
				ExpectError: errorLike("Unable to create mspbackup_license_assignment", "409 Conflict", "3 requested, 2 available"),
			},
			{ // a second assignment of the same type to the same user: 409
				Config: env.config(fmt.Sprintf(`
resource "mspbackup_license_assignment" "one" {
  user_id      = %[1]q
  license_type = "server"
  quantity     = 1
}
resource "mspbackup_license_assignment" "two" {
  user_id      = %[1]q
  license_type = "server"
  quantity     = 1
  depends_on   = [mspbackup_license_assignment.one]
}
`, carol.ID)),
				ExpectError: errorLike("Unable to create mspbackup_license_assignment", "409 Conflict"),
			},
			{ // a malformed import id names both accepted forms
				Config: env.config(fmt.Sprintf(`
resource "mspbackup_license_assignment" "one" {
  user_id      = %q
  license_type = "server"
  quantity     = 1
}
`, carol.ID)),
				ResourceName: "mspbackup_license_assignment.one", ImportState: true, ImportStateId: "carol/server",
				ExpectError: errorLike("neither an id (lic_...) nor <user_id>/<license_type>", "use e.g. lic_0123 or usr_0123/workstation"),
			},
		},
	})
}
