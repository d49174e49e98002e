package provider

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The steps and checks that most acceptance tests make the same way, so that
// a test shows only the configuration it applies and what it asserts.

// test runs steps as one acceptance test case against e's server, in
// parallel with the other tests. checkDestroy may be nil.
func (e *accEnv) test(t *testing.T, checkDestroy resource.TestCheckFunc, steps []resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroy,
		Steps:                    steps,
	})
}

// testOnCLIs is test, without a CheckDestroy, on the Terraform CLIs that
// versions allow; on the others the test skips, saying why.
func (e *accEnv) testOnCLIs(t *testing.T, versions []tfversion.TerraformVersionCheck, steps []resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   versions,
		Steps:                    steps,
	})
}

// rejects is a step whose configuration fails with an error that contains
// the phrases in order (see errorLike).
func (e *accEnv) rejects(hcl string, phrases ...string) resource.TestStep {
	return resource.TestStep{Config: e.config(hcl), ExpectError: errorLike(phrases...)}
}

// importStep imports addr by importID ("" imports by the id in state) and
// verifies that every imported attribute but ignore equals the state's.
func importStep(addr, importID string, ignore ...string) resource.TestStep {
	return resource.TestStep{
		ResourceName: addr, ImportState: true, ImportStateVerify: true,
		ImportStateId: importID, ImportStateVerifyIgnore: ignore,
	}
}

// emptyAfterApply: after apply and refresh, the plan is empty (the provider
// reads back what it wrote).
func emptyAfterApply() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// expectPlan: the plan before apply takes action on addr and passes checks.
func expectPlan(addr string, action plancheck.ResourceActionType, checks ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}, checks...)}
}

// expectPlanThenEmpty is expectPlan, and after apply and refresh the plan is
// empty.
func expectPlanThenEmpty(addr string, action plancheck.ResourceActionType, checks ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	p := expectPlan(addr, action, checks...)
	p.PostApplyPostRefresh = emptyAfterApply().PostApplyPostRefresh
	return p
}

// plannedValue: the plan gives addr's attribute a value that passes check.
func plannedValue(addr, attr string, check knownvalue.Check) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

// stateValue: the state gives addr's attribute a value that passes check.
func stateValue(addr, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

// stateValues is stateValue for each attribute of want, in name order.
func stateValues(addr string, want map[string]knownvalue.Check) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(want))
	for _, attr := range slices.Sorted(maps.Keys(want)) {
		checks = append(checks, stateValue(addr, attr, want[attr]))
	}
	return checks
}

// attrsEqual checks addr's attributes in the state's flat form (as
// resource.TestCheckResourceAttr does: "" also matches an absent attribute).
func attrsEqual(addr string, want map[string]string) resource.TestCheckFunc {
	checks := make([]resource.TestCheckFunc, 0, len(want))
	for _, attr := range slices.Sorted(maps.Keys(want)) {
		checks = append(checks, resource.TestCheckResourceAttr(addr, attr, want[attr]))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

// idLike: a string that starts with prefix, as ids of one kind do.
func idLike(prefix string) knownvalue.Check {
	return knownvalue.StringRegexp(regexp.MustCompile(`^` + regexp.QuoteMeta(prefix)))
}

// lookupsOf is HCL for two data sources that look up the object at resource
// (e.g. "mspbackup_group.ops"): "by_id" by its id, and "by_<key>" by
// key = value once the object is made.
func lookupsOf(resource, key, value string) string {
	typ, _, _ := strings.Cut(resource, ".")
	return fmt.Sprintf(`
data %[1]q "by_id" { id = %[2]s.id }
data %[1]q "by_%[3]s" {
  %[3]s      = %[4]q
  depends_on = [%[2]s]
}
`, typ, resource, key, value)
}

// listWith is a check of a list of objects, in order, whose attr are want.
func listWith(attr string, want ...string) knownvalue.Check {
	items := make([]knownvalue.Check, 0, len(want))
	for _, v := range want {
		items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{attr: knownvalue.StringExact(v)}))
	}
	return knownvalue.ListExact(items)
}
