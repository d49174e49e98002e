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
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestAccStorageAccount(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	const addr = "mspbackup_storage_account.s3"
	config := func(typ, endpoint, region, secret string) string {
		return env.config(fmt.Sprintf(`
resource "mspbackup_storage_account" "s3" {
  name              = "Backups EU"
  type              = %q
  endpoint          = %s
  region            = %q
  access_key_id     = "AKIAEXAMPLE"
  secret_access_key = %q
}
`, typ, endpoint, region, secret))
	}
	accountID := func() string {
		a, err := findStorageAccountByName(context.Background(), env.client, "Backups EU")
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, storageAccountType, env.client.StorageAccounts.Get),
		Steps: []resource.TestStep{
			{ // create, with the defaults of what is left out
				Config: config("amazon_s3", "null", "eu-west-2", "first-secret"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^sa_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("type"), knownvalue.StringExact("amazon_s3")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("endpoint"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("eu-west-2")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_key_id"), knownvalue.StringExact("AKIAEXAMPLE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("secret_access_key"), knownvalue.StringExact("first-secret")),
					statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("secret_access_key")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // import by id: the secret cannot be read back
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"secret_access_key"},
			},
			{ // import by name, ignoring letter case
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:backups eu",
				ImportStateVerifyIgnore: []string{"secret_access_key"},
			},
			{ // update in place, including the secret
				Config: config("amazon_s3", `"https://s3.eu-west-1.amazonaws.com"`, "eu-west-1", "second-secret"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "region", "eu-west-1"),
					resource.TestCheckResourceAttr(addr, "endpoint", "https://s3.eu-west-1.amazonaws.com"),
					resource.TestCheckResourceAttr(addr, "secret_access_key", "second-secret"),
				),
			},
			{ // drift: a change in the console is planned as an update of exactly that attribute
				PreConfig: func() {
					region := "us-east-1"
					if _, err := env.client.StorageAccounts.Update(context.Background(), accountID(),
						&client.StorageAccountUpdateRequest{Region: &region}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("amazon_s3", `"https://s3.eu-west-1.amazonaws.com"`, "eu-west-1", "second-secret"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("eu-west-1")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ // the type cannot change: the storage account is replaced
				Config: config("s3_compatible", `"https://minio.example.net:9000"`, "", "second-secret"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttr(addr, "type", "s3_compatible"),
			},
			{ // deleted in the console: dropped from state and planned for creation
				PreConfig: func() {
					if err := env.client.StorageAccounts.Delete(context.Background(), accountID()); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("s3_compatible", `"https://minio.example.net:9000"`, "", "second-secret"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
			{ // a local directory, without any secret
				Config: env.config(`
resource "mspbackup_storage_account" "s3" {
  name     = "Backups EU"
  type     = "local_filesystem"
  endpoint = "/srv/backups"
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("secret_access_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_key_id"), knownvalue.StringExact("")),
				},
			},
		},
	})
}

func TestAccStorageAccount_errors(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, storageAccountType, env.client.StorageAccounts.Get),
		Steps: []resource.TestStep{
			{ // enum
				Config: env.config(`
resource "mspbackup_storage_account" "bad" {
  name = "x"
  type = "ftp"
}`),
				ExpectError: errorLike("Invalid Attribute Value Match", "type", "value must be one of", `"amazon_s3"`, `got: "ftp"`),
			},
			{ // endpoint required by the type, checked before any request
				Config: env.config(`
resource "mspbackup_storage_account" "bad" {
  name = "x"
  type = "s3_compatible"
}`),
				ExpectError: errorLike("Invalid endpoint", `endpoint is required when type is "s3_compatible"`),
			},
			{
				Config: env.config(`
resource "mspbackup_storage_account" "bad" {
  name = "x"
  type = "local_filesystem"
}`),
				ExpectError: errorLike("Invalid endpoint", `endpoint is required when type is "local_filesystem"`),
			},
			{
				Config: env.config(`resource "mspbackup_storage_account" "bad" {
  name     = "x"
  type     = "local_filesystem"
  endpoint = "relative/dir"
}`),
				ExpectError: errorLike("endpoint must be an absolute directory path"),
			},
			{
				Config: env.config(`resource "mspbackup_storage_account" "bad" {
  name     = "x"
  type     = "wasabi"
  endpoint = "s3.wasabisys.com"
}`),
				ExpectError: errorLike("endpoint must be an http or https URL"),
			},
			{ // duplicate names are a 409 from the server
				Config: env.config(`
resource "mspbackup_storage_account" "a" {
  name = "Primary"
  type = "wasabi"
}
resource "mspbackup_storage_account" "b" {
  name       = "Primary"
  type       = "backblaze_b2"
  depends_on = [mspbackup_storage_account.a]
}
`),
				ExpectError: errorLike("Unable to create mspbackup_storage_account", "409 Conflict"),
			},
		},
	})
}
