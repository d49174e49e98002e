package provider

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccStorageLimit(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_storage_limit.gold"
	config := func(name string, gb int) string {
		return env.configf(`
resource "mspbackup_storage_limit" "gold" {
  name     = %q
  limit_gb = %d
}
`, name, gb)
	}
	env.test(t, checkDestroyed(env, storageLimitType, env.client.StorageLimits.Get), []resource.TestStep{
		{ // create
			Config: config("Gold", 500),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"id":         idLike("sl_"),
				"name":       knownvalue.StringExact("Gold"),
				"limit_gb":   knownvalue.Int64Exact(500),
				"created_at": knownvalue.NotNull(),
			}),
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, ""),          // by id
		importStep(addr, "name:GOLD"), // by name, ignoring letter case
		{ // update in place
			Config:           config("Gold 1 TB", 1000),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			Check:            attrsEqual(addr, map[string]string{"name": "Gold 1 TB", "limit_gb": "1000"}),
		},
		{ // drift: a change in the console is planned as an update of exactly that attribute
			PreConfig: inConsole(t, func(ctx context.Context) error {
				gb := int64(42)
				_, err := env.client.StorageLimits.Update(ctx, mustFind(t, env, findStorageLimitByName, "Gold 1 TB").ID, &client.StorageLimitUpdateRequest{LimitGB: &gb})
				return err
			}),
			Config: config("Gold 1 TB", 1000),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "limit_gb", knownvalue.Int64Exact(1000))),
		},
		deletedInConsole(t, addr, config("Gold 1 TB", 1000), func(ctx context.Context) error {
			return env.client.StorageLimits.Delete(ctx, mustFind(t, env, findStorageLimitByName, "Gold 1 TB").ID)
		}),
	})
}

func TestAccStorageLimit_errors(t *testing.T) {
	env := newAccEnv(t)
	limit := `
resource "mspbackup_storage_limit" "used" {
  name     = "Used"
  limit_gb = 10
}
`
	var companyID string
	env.test(t, checkDestroyed(env, storageLimitType, env.client.StorageLimits.Get), []resource.TestStep{
		// plan-time validation names the attribute and the rule
		env.rejects(`
resource "mspbackup_storage_limit" "bad" {
  name     = ""
  limit_gb = 0
}
`, "limit_gb", "must be at least 1"),
		{
			Config:      env.config(`resource "mspbackup_storage_limit" "bad" { limit_gb = 10 }`),
			ExpectError: regexp.MustCompile(`(?s)The argument "name" is required`),
		},
		// duplicate names are a 409 from the server
		env.rejects(limit+`
resource "mspbackup_storage_limit" "dup" {
  name       = "Used"
  limit_gb   = 20
  depends_on = [mspbackup_storage_limit.used]
}
`, "Unable to create mspbackup_storage_limit", "409 Conflict"),
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
		// ... so destroying the limit is refused with a 409 that names the company
		env.rejects("", "Unable to delete mspbackup_storage_limit sl_", "409 Conflict", "co_"),
		{ // once the company is gone, the limit can go
			PreConfig: inConsole(t, func(ctx context.Context) error { return env.client.Companies.Delete(ctx, companyID) }),
			Config:    env.config(""),
		},
	})
}
