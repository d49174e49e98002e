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
func checkAssigned(env *accEnv, licenseType string, want int64) resource.TestCheckFunc {
	return func(*terraform.State) error { return assigned(env, licenseType, want) }
}

// assigned says whether the pool has want licences of the type assigned.
func assigned(env *accEnv, licenseType string, want int64) error {
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
	env := newAccEnv(t)
	alice := apiUser(t, env, client.UserCreateRequest{Login: "alice"})
	bob := apiUser(t, env, client.UserCreateRequest{Login: "bob"})
	const addr = "mspbackup_license_assignment.alice"
	config := func(userID string, quantity int) string {
		return env.configf(`
resource "mspbackup_license_assignment" "alice" {
  user_id      = %q
  license_type = "workstation"
  quantity     = %d
}
`, userID, quantity)
	}
	assignmentID := func(userID string) string {
		a, err := findLicenseAssignment(context.Background(), env.client, userID, client.LicenseTypeWorkstation)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}

	env.test(t, resource.ComposeAggregateTestCheckFunc(
		checkDestroyed(env, licenseAssignmentType, env.client.LicenseAssignments.Get),
		checkAssigned(env, client.LicenseTypeWorkstation, 0), // destroy frees them
	), []resource.TestStep{
		{ // create
			Config: config(alice.ID, 3),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"id":           idLike("lic_"),
				"user_id":      knownvalue.StringExact(alice.ID),
				"license_type": knownvalue.StringExact("workstation"),
				"quantity":     knownvalue.Int64Exact(3),
			}),
			Check:            checkAssigned(env, client.LicenseTypeWorkstation, 3),
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, ""),                      // import by id
		importStep(addr, alice.ID+"/workstation"), // import by user and licence type
		{ // update in place
			Config:           config(alice.ID, 5),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "quantity", "5"),
				checkAssigned(env, client.LicenseTypeWorkstation, 5),
			),
		},
		{ // drift: a change in the console is planned as an update of exactly that attribute
			PreConfig: inConsole(t, func(ctx context.Context) error {
				q := int64(1)
				_, err := env.client.LicenseAssignments.Update(ctx, assignmentID(alice.ID),
					&client.LicenseAssignmentUpdateRequest{Quantity: &q})
				return err
			}),
			Config: config(alice.ID, 5),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "quantity", knownvalue.Int64Exact(5))),
		},
		deletedInConsole(t, addr, config(alice.ID, 5), func(ctx context.Context) error {
			return env.client.LicenseAssignments.Delete(ctx, assignmentID(alice.ID))
		}),
		{ // another user: the assignment is replaced, never moved
			Config:           config(bob.ID, 5),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionReplace),
			Check:            checkAssigned(env, client.LicenseTypeWorkstation, 5),
		},
		{ // the user deleted in the console takes its assignment along: planned as gone, never stuck
			PreConfig: inConsole(t, func(ctx context.Context) error {
				if err := env.client.Users.Delete(ctx, bob.ID); err != nil {
					return err
				}
				return assigned(env, client.LicenseTypeWorkstation, 0)
			}),
			Config:           config(alice.ID, 2),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionCreate),
			Check:            checkAssigned(env, client.LicenseTypeWorkstation, 2),
		},
	})
}

func TestAccLicenseAssignment_errors(t *testing.T) {
	env := newAccEnv(t, testserver.Options{Licenses: map[string]int64{"server": 2}})
	carol := apiUser(t, env, client.UserCreateRequest{Login: "carol"})
	env.test(t, checkDestroyed(env, licenseAssignmentType, env.client.LicenseAssignments.Get), []resource.TestStep{
		// plan-time validation names the attribute and the rule
		env.rejects(`
resource "mspbackup_license_assignment" "bad" {
  user_id      = "carol"
  license_type = "server"
  quantity     = 1
}
`, "Invalid user_id", `must be an id starting with "usr_", got "carol"`),
		env.rejects(fmt.Sprintf(`
resource "mspbackup_license_assignment" "bad" {
  user_id      = %q
  license_type = "desktop"
  quantity     = 1
}
`, carol.ID), "license_type", "value must be one of", `"workstation"`, `got: "desktop"`),
		env.rejects(fmt.Sprintf(`
resource "mspbackup_license_assignment" "bad" {
  user_id      = %q
  license_type = "server"
  quantity     = 0
}
`, carol.ID), "quantity", "must be at least 1, got: 0"),
		// more than the pool has: 409 with the available count
		env.rejects(fmt.Sprintf(`
resource "mspbackup_license_assignment" "too_many" {
  user_id      = %q
  license_type = "server"
  quantity     = 3
}
`, carol.ID), "Unable to create mspbackup_license_assignment", "409 Conflict", "3 requested, 2 available"),
		// a second assignment of the same type to the same user: 409
		env.rejects(fmt.Sprintf(`
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
`, carol.ID), "Unable to create mspbackup_license_assignment", "409 Conflict"),
		{ // a malformed import id names both accepted forms
			Config: env.configf(`
resource "mspbackup_license_assignment" "one" {
  user_id      = %q
  license_type = "server"
  quantity     = 1
}
`, carol.ID),
			ResourceName: "mspbackup_license_assignment.one", ImportState: true, ImportStateId: "carol/server",
			ExpectError: errorLike("neither an id (lic_...) nor <user_id>/<license_type>", "use e.g. lic_0123 or usr_0123/workstation"),
		},
	})
}
