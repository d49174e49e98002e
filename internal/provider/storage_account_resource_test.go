package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccStorageAccount(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_storage_account.s3"
	config := func(typ, endpoint, region, secret string) string {
		return env.configf(`
resource "mspbackup_storage_account" "s3" {
  name              = "Backups EU"
  type              = %q
  endpoint          = %s
  region            = %q
  access_key_id     = "AKIAEXAMPLE"
  secret_access_key = %q
}
`, typ, endpoint, region, secret)
	}
	accountID := func() string { return mustFind(t, env, findStorageAccountByName, "Backups EU").ID }

	env.test(t, checkDestroyed(env, storageAccountType, env.client.StorageAccounts.Get), []resource.TestStep{
		{ // create, with the defaults of what is left out
			Config: config("amazon_s3", "null", "eu-west-2", "first-secret"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "id", idLike("sa_")),
				stateValue(addr, "type", knownvalue.StringExact("amazon_s3")),
				stateValue(addr, "endpoint", knownvalue.StringExact("")),
				stateValue(addr, "region", knownvalue.StringExact("eu-west-2")),
				stateValue(addr, "access_key_id", knownvalue.StringExact("AKIAEXAMPLE")),
				stateValue(addr, "secret_access_key", knownvalue.StringExact("first-secret")),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("secret_access_key")),
			},
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, "", "secret_access_key"),                // import by id: the secret cannot be read back
		importStep(addr, "name:backups eu", "secret_access_key"), // import by name, ignoring letter case
		{ // update in place, including the secret
			Config:           config("amazon_s3", `"https://s3.eu-west-1.amazonaws.com"`, "eu-west-1", "second-secret"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual(addr, map[string]string{
					"region":            "eu-west-1",
					"endpoint":          "https://s3.eu-west-1.amazonaws.com",
					"secret_access_key": "second-secret",
				}),
			),
		},
		{ // drift: a change in the console is planned as an update of exactly that attribute
			PreConfig: inConsole(t, func(ctx context.Context) error {
				region := "us-east-1"
				_, err := env.client.StorageAccounts.Update(ctx, accountID(),
					&client.StorageAccountUpdateRequest{Region: &region})
				return err
			}),
			Config: config("amazon_s3", `"https://s3.eu-west-1.amazonaws.com"`, "eu-west-1", "second-secret"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "region", knownvalue.StringExact("eu-west-1"))),
		},
		{ // the type cannot change: the storage account is replaced
			Config:           config("s3_compatible", `"https://minio.example.net:9000"`, "", "second-secret"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionReplace),
			Check:            resource.TestCheckResourceAttr(addr, "type", "s3_compatible"),
		},
		deletedInConsole(t, addr, config("s3_compatible", `"https://minio.example.net:9000"`, "", "second-secret"), func(ctx context.Context) error {
			return env.client.StorageAccounts.Delete(ctx, accountID())
		}),
		{ // a local directory, without any secret
			Config: env.config(`
resource "mspbackup_storage_account" "s3" {
  name     = "Backups EU"
  type     = "local_filesystem"
  endpoint = "/srv/backups"
}
`),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionReplace),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"secret_access_key": knownvalue.Null(),
				"access_key_id":     knownvalue.StringExact(""),
			}),
		},
	})
}

func TestAccStorageAccount_errors(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, checkDestroyed(env, storageAccountType, env.client.StorageAccounts.Get), []resource.TestStep{
		// enum
		env.rejects(`
resource "mspbackup_storage_account" "bad" {
  name = "x"
  type = "ftp"
}`, "Invalid Attribute Value Match", "type", "value must be one of", `"amazon_s3"`, `got: "ftp"`),
		// endpoint required by the type, checked before any request
		env.rejects(`
resource "mspbackup_storage_account" "bad" {
  name = "x"
  type = "s3_compatible"
}`, "Invalid endpoint", `endpoint is required when type is "s3_compatible"`),
		env.rejects(`
resource "mspbackup_storage_account" "bad" {
  name = "x"
  type = "local_filesystem"
}`, "Invalid endpoint", `endpoint is required when type is "local_filesystem"`),
		env.rejects(`resource "mspbackup_storage_account" "bad" {
  name     = "x"
  type     = "local_filesystem"
  endpoint = "relative/dir"
}`, "endpoint must be an absolute directory path"),
		env.rejects(`resource "mspbackup_storage_account" "bad" {
  name     = "x"
  type     = "wasabi"
  endpoint = "s3.wasabisys.com"
}`, "endpoint must be an http or https URL"),
		// duplicate names are a 409 from the server
		env.rejects(`
resource "mspbackup_storage_account" "a" {
  name = "Primary"
  type = "wasabi"
}
resource "mspbackup_storage_account" "b" {
  name       = "Primary"
  type       = "backblaze_b2"
  depends_on = [mspbackup_storage_account.a]
}
`, "Unable to create mspbackup_storage_account", "409 Conflict"),
	})
}
