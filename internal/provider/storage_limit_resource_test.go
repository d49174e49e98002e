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

func TestAccStorageLimit(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	const addr = "mspbackup_storage_limit.gold"
	config := func(name string, gb int) string {
		return env.config(fmt.Sprintf(`
resource "mspbackup_storage_limit" "gold" {
  name     = %q
  limit_gb = %d
}
`, name, gb))
	}
	limitID := func(name string) string {
		l, err := findStorageLimitByName(context.Background(), env.client, name)
		if err != nil {
			t.Fatal(err)
		}
		return l.ID
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, storageLimitType, env.client.StorageLimits.Get),
		Steps: []resource.TestStep{
			{ // create
				Config: config("Gold", 500),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^sl_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Gold")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("limit_gb"), knownvalue.Int64Exact(500)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // import by id
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
			},
			{ // import by name, ignoring letter case
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:GOLD",
			},
			{ // update in place
				Config: config("Gold 1 TB", 1000),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "name", "Gold 1 TB"),
					resource.TestCheckResourceAttr(addr, "limit_gb", "1000"),
				),
			},
			{ // drift: a change in the console is planned as an update of exactly that attribute
				PreConfig: func() {
					gb := int64(42)
					if _, err := env.client.StorageLimits.Update(context.Background(), limitID("Gold 1 TB"),
						&client.StorageLimitUpdateRequest{LimitGB: &gb}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("Gold 1 TB", 1000),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("limit_gb"), knownvalue.Int64Exact(1000)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ // deleted in the console: dropped from state and planned for creation
				PreConfig: func() {
					if err := env.client.StorageLimits.Delete(context.Background(), limitID("Gold 1 TB")); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("Gold 1 TB", 1000),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

func TestAccStorageLimit_errors(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	limit := `
resource "mspbackup_storage_limit" "used" {
  name     = "Used"
  limit_gb = 10
}
`
	var companyID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, storageLimitType, env.client.StorageLimits.Get),
		Steps: []resource.TestStep{
			{ // plan-time validation names the attribute and the rule
				Config: env.config(`
resource "mspbackup_storage_limit" "bad" {
  name     = ""
  limit_gb = 0
}
`),
				ExpectError: errorLike("limit_gb", "must be at least 1"),
			},
			{
				Config:      env.config(`resource "mspbackup_storage_limit" "bad" { limit_gb = 10 }`),
				ExpectError: regexp.MustCompile(`(?s)The argument "name" is required`),
			},
			{ // duplicate names are a 409 from the server
				Config: env.config(limit + `
resource "mspbackup_storage_limit" "dup" {
  name       = "Used"
  limit_gb   = 20
  depends_on = [mspbackup_storage_limit.used]
}
`),
				ExpectError: errorLike("Unable to create mspbackup_storage_limit", "409 Conflict"),
			},
			{ // a company made in the console uses the limit ...
				Config: env.config(limit),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources["mspbackup_storage_limit.used"].Primary.ID
					c, err := env.client.Companies.Create(context.Background(), &client.CompanyCreateRequest{Name: "Console Co", StorageLimitID: &id})
					if err != nil {
						return err
					}
					companyID = c.ID
					return nil
				},
			},
			{ // ... so destroying the limit is refused with a 409 that names the company
				Config:      env.config(""),
				ExpectError: errorLike("Unable to delete mspbackup_storage_limit sl_", "409 Conflict", "co_"),
			},
			{ // once the company is gone, the limit can go
				PreConfig: func() {
					if err := env.client.Companies.Delete(context.Background(), companyID); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(""),
			},
		},
	})
}
