package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// rejection is a configuration that fails with an error containing the
// phrases in order (see errorLike).
type rejection struct {
	hcl     string
	phrases []string
}

// TestAccLookupDataSources: each data source that looks up one object by id
// or by one natural key finds it both ways (lookupsOf: "by_id" and
// "by_<key>") with the attributes it has, and says what is wrong when the
// lookup is invalid or finds nothing. The data sources that look up by more
// than one key (company, API token, licence assignment) have their own
// tests below.
func TestAccLookupDataSources(t *testing.T) {
	for _, tc := range []struct {
		dataSource  string // the type, also the subtest's name
		object      string // HCL of the one object looked up, at address
		address     string
		key, value  string // the lookup by_<key>
		extra       string // more HCL in the lookup step
		check       resource.TestCheckFunc
		stateChecks []statecheck.StateCheck
		// invalid is refused at plan time; it comes first, as a last step
		// whose configuration is invalid would break the final destroy.
		invalid []rejection
		missing []rejection // lookups that find nothing, beside the object
	}{
		{
			dataSource: "mspbackup_group",
			object: `
resource "mspbackup_group" "ops" {
  name        = "Operators"
  description = "Night shift"
  permissions = ["users:read", "audit:read"]
}
`,
			address: "mspbackup_group.ops", key: "name", value: "operators",
			extra: `data "mspbackup_group" "admins" { name = "Administrators" }`,
			check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.mspbackup_group.by_id", "name", "mspbackup_group.ops", "name"),
				resource.TestCheckResourceAttr("data.mspbackup_group.by_name", "description", "Night shift"),
			),
			stateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_group.by_name", "name", knownvalue.StringExact("Operators")),
				stateValue("data.mspbackup_group.by_id", "permissions", stringsExact("audit:read", "users:read")),
				stateValue("data.mspbackup_group.admins", "built_in", knownvalue.Bool(true)),
				stateValue("data.mspbackup_group.admins", "permissions", stringsExact(client.Permissions...)),
			},
			invalid: []rejection{
				{"data \"mspbackup_group\" \"both\" {\n  id   = \"grp_1\"\n  name = \"x\"\n}\n", []string{"Invalid Attribute Combination"}},
			},
			missing: []rejection{
				{`data "mspbackup_group" "none" { name = "Nobody" }`, []string{`no group has name "Nobody"`}},
				{`data "mspbackup_group" "none" { id = "grp_nope" }`, []string{"Unable to find mspbackup_group", "404"}},
			},
		},
		{
			dataSource: "mspbackup_user",
			object: `
resource "mspbackup_user" "alice" {
  login               = "Alice.Smith"
  email               = "alice@example.com"
  notification_emails = ["b@example.com", "a@example.com"]
  password            = "a-long-password"
}
`,
			address: "mspbackup_user.alice", key: "login", value: "alice.smith",
			check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.mspbackup_user.by_id", "login", "mspbackup_user.alice", "login"),
				attrsEqual("data.mspbackup_user.by_login", map[string]string{
					"email":      "alice@example.com",
					"mfa_method": "email",
				}),
				resource.TestCheckNoResourceAttr("data.mspbackup_user.by_login", "password"),
			),
			stateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_user.by_login", "login", knownvalue.StringExact("Alice.Smith")),
				stateValue("data.mspbackup_user.by_id", "notification_emails", stringsExact("a@example.com", "b@example.com")),
			},
			invalid: []rejection{
				{"data \"mspbackup_user\" \"both\" {\n  id    = \"usr_1\"\n  login = \"x\"\n}\n", []string{"Invalid Attribute Combination"}},
			},
			missing: []rejection{
				{`data "mspbackup_user" "none" { login = "nobody" }`, []string{`no user has login "nobody"`}},
				{`data "mspbackup_user" "none" { id = "usr_nope" }`, []string{"Unable to find mspbackup_user", "404"}},
			},
		},
		{
			dataSource: "mspbackup_customer_account",
			object: `
resource "mspbackup_customer_account" "acme" {
  name        = "Acme Ltd"
  description = "Joinery"
}
`,
			address: "mspbackup_customer_account.acme", key: "name", value: "acme ltd",
			check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.mspbackup_customer_account.by_id", "name", "mspbackup_customer_account.acme", "name"),
				attrsEqual("data.mspbackup_customer_account.by_name", map[string]string{
					"name":        "Acme Ltd",
					"description": "Joinery",
					"status":      "active",
				}),
			),
			invalid: []rejection{
				{"data \"mspbackup_customer_account\" \"both\" {\n  name = \"x\"\n  id   = \"ca_x\"\n}\n", []string{"Invalid Attribute Combination"}},
			},
			missing: []rejection{
				{`data "mspbackup_customer_account" "none" { name = "No Such Customer" }`, []string{`no customer account has name "No Such Customer"`}},
			},
		},
		{
			dataSource: "mspbackup_storage_account",
			object: `
resource "mspbackup_storage_account" "b2" {
  name              = "Archive"
  type              = "backblaze_b2"
  region            = "eu-central-003"
  access_key_id     = "0012345"
  secret_access_key = "never-shown"
}
`,
			address: "mspbackup_storage_account.b2", key: "name", value: "ARCHIVE",
			check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_storage_account.by_id", map[string]string{
					"name":          "Archive",
					"type":          "backblaze_b2",
					"region":        "eu-central-003",
					"access_key_id": "0012345",
					"endpoint":      "",
				}),
				resource.TestCheckNoResourceAttr("data.mspbackup_storage_account.by_id", "secret_access_key"),
			),
			missing: []rejection{
				{`data "mspbackup_storage_account" "none" { name = "Nowhere" }`, []string{`no storage account has name "Nowhere"`}},
				{`data "mspbackup_storage_account" "none" { id = "sa_doesnotexist" }`, []string{"Unable to find mspbackup_storage_account", "404 Not Found"}},
			},
		},
		{
			dataSource: "mspbackup_storage_limit",
			object: `
resource "mspbackup_storage_limit" "gold" {
  name     = "Gold"
  limit_gb = 500
}
`,
			address: "mspbackup_storage_limit.gold", key: "name", value: "gold",
			check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_storage_limit.by_id", map[string]string{
					"name":     "Gold",
					"limit_gb": "500",
				}),
				resource.TestCheckResourceAttr("data.mspbackup_storage_limit.by_name", "name", "Gold"),
				resource.TestCheckResourceAttrPair("data.mspbackup_storage_limit.by_name", "updated_at", "mspbackup_storage_limit.gold", "updated_at"),
			),
			invalid: []rejection{ // the id's prefix
				{`data "mspbackup_storage_limit" "bad" { id = "co_123" }`, []string{"Invalid id", `must be an id starting with "sl_", got "co_123"`}},
			},
			missing: []rejection{
				{`data "mspbackup_storage_limit" "none" { name = "Platinum" }`, []string{`no storage limit has name "Platinum"`}},
				{`data "mspbackup_storage_limit" "none" { id = "sl_doesnotexist" }`, []string{"Unable to find mspbackup_storage_limit", "404 Not Found"}},
			},
		},
	} {
		t.Run(tc.dataSource, func(t *testing.T) {
			env := newAccEnv(t)
			var steps []resource.TestStep
			for _, r := range tc.invalid {
				steps = append(steps, env.rejects(r.hcl, r.phrases...))
			}
			steps = append(steps, resource.TestStep{
				Config: env.config(tc.object + lookupsOf(tc.address, tc.key, tc.value) + tc.extra),
				Check: resource.ComposeAggregateTestCheckFunc(
					// by the key, the same object as by its id
					resource.TestCheckResourceAttrPair("data."+tc.dataSource+".by_"+tc.key, "id", tc.address, "id"),
					tc.check,
				),
				ConfigStateChecks: tc.stateChecks,
			})
			for _, r := range tc.missing {
				steps = append(steps, env.rejects(tc.object+r.hcl, r.phrases...))
			}
			env.test(t, nil, steps)
		})
	}
}

func TestAccCompanyDataSource(t *testing.T) {
	env := newAccEnv(t)
	base := `
resource "mspbackup_customer_account" "a" { name = "Initech" }
resource "mspbackup_customer_account" "b" { name = "Umbrella" }
resource "mspbackup_storage_limit" "l" {
  name     = "Silver"
  limit_gb = 100
}
resource "mspbackup_company" "a" {
  name                = "Shared Name"
  customer_account_id = mspbackup_customer_account.a.id
  storage_limit_id    = mspbackup_storage_limit.l.id
  description         = "in Initech"
}
resource "mspbackup_company" "b" {
  name                = "Shared Name"
  customer_account_id = mspbackup_customer_account.b.id
}
resource "mspbackup_company" "msp" { name = "Head Office" }
`
	env.test(t, nil, []resource.TestStep{
		// plan-time: a lookup key is required (a last step with an invalid configuration would break the final destroy)
		env.rejects(`data "mspbackup_company" "neither" {}`, "Missing Attribute Configuration", "Exactly one of these attributes must be configured: [id,name]"),
		{
			Config: env.config(base + `
data "mspbackup_company" "by_id" { id = mspbackup_company.a.id }
data "mspbackup_company" "by_account_and_name" {
  name                = "shared name"
  customer_account_id = mspbackup_customer_account.b.id
  depends_on          = [mspbackup_company.b]
}
data "mspbackup_company" "by_name" {
  name       = "HEAD OFFICE"
  depends_on = [mspbackup_company.msp]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_company.by_id", map[string]string{
					"name":        "Shared Name",
					"description": "in Initech",
				}),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_id", "customer_account_id", "mspbackup_customer_account.a", "id"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_id", "storage_limit_id", "mspbackup_storage_limit.l", "id"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_id", "created_at", "mspbackup_company.a", "created_at"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_account_and_name", "id", "mspbackup_company.b", "id"),
				resource.TestCheckNoResourceAttr("data.mspbackup_company.by_account_and_name", "storage_limit_id"),
				resource.TestCheckResourceAttrPair("data.mspbackup_company.by_name", "id", "mspbackup_company.msp", "id"),
				resource.TestCheckResourceAttr("data.mspbackup_company.by_name", "name", "Head Office"),
				resource.TestCheckNoResourceAttr("data.mspbackup_company.by_name", "customer_account_id"),
			),
		},
		env.rejects(base+`data "mspbackup_company" "ambiguous" { name = "Shared Name" }`, `2 companies in different customer accounts are named "Shared Name"`, "customer_account_id"),
		env.rejects(base+`data "mspbackup_company" "none" { name = "No Such Company" }`, `no company has name "No Such Company"`),
		env.rejects(base+`data "mspbackup_company" "none" { id = "co_doesnotexist" }`, "Unable to find mspbackup_company", "404 Not Found"),
	})
}

func TestAccLicenseAssignmentDataSource(t *testing.T) {
	env := newAccEnv(t)
	dave := apiUser(t, env, client.UserCreateRequest{Login: "dave"})
	base := fmt.Sprintf(`
resource "mspbackup_license_assignment" "vm" {
  user_id      = %q
  license_type = "virtual_machine"
  quantity     = 4
}
`, dave.ID)
	env.test(t, nil, []resource.TestStep{
		// first: a last step whose configuration is invalid would break the final destroy
		env.rejects(fmt.Sprintf(`data "mspbackup_license_assignment" "half" { user_id = %q }`, dave.ID), "Invalid Attribute Combination", "license_type"),
		{
			Config: env.config(base + fmt.Sprintf(`
data "mspbackup_license_assignment" "by_id" { id = mspbackup_license_assignment.vm.id }
data "mspbackup_license_assignment" "by_user_and_type" {
  user_id      = %q
  license_type = "virtual_machine"
  depends_on   = [mspbackup_license_assignment.vm]
}
`, dave.ID)),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_license_assignment.by_id", map[string]string{
					"quantity":     "4",
					"user_id":      dave.ID,
					"license_type": "virtual_machine",
				}),
				resource.TestCheckResourceAttrPair("data.mspbackup_license_assignment.by_user_and_type", "id", "mspbackup_license_assignment.vm", "id"),
				resource.TestCheckResourceAttr("data.mspbackup_license_assignment.by_user_and_type", "quantity", "4"),
			),
		},
		{
			Config: env.config(base + fmt.Sprintf(`
data "mspbackup_license_assignment" "none" {
  user_id      = %q
  license_type = "microsoft_365"
}
`, dave.ID)),
			ExpectError: errorLike("no licence assignment of user", `has license_type "microsoft_365"`),
		},
	})
}

func TestAccAPITokenDataSource(t *testing.T) {
	env := newAccEnv(t)
	gina := apiUser(t, env, client.UserCreateRequest{Login: "gina"})
	hank := apiUser(t, env, client.UserCreateRequest{Login: "hank"})
	base := fmt.Sprintf(`
resource "mspbackup_api_token" "gina" {
  name    = "deploy"
  user_id = %q
}
resource "mspbackup_api_token" "hank" {
  name       = "deploy"
  user_id    = %q
  expires_at = "2099-06-01T00:00:00Z"
}
resource "mspbackup_api_token" "hank_backup" {
  name    = "backup"
  user_id = %[2]q
}
`, gina.ID, hank.ID)
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.config(base + fmt.Sprintf(`
data "mspbackup_api_token" "by_id" { id = mspbackup_api_token.hank.id }
data "mspbackup_api_token" "by_name" {
  name       = "BACKUP"
  depends_on = [mspbackup_api_token.hank_backup]
}
data "mspbackup_api_token" "by_user_and_name" {
  name       = "deploy"
  user_id    = %q
  depends_on = [mspbackup_api_token.gina]
}
`, gina.ID)),
			Check: resource.ComposeAggregateTestCheckFunc(
				attrsEqual("data.mspbackup_api_token.by_id", map[string]string{
					"name":       "deploy",
					"user_id":    hank.ID,
					"expires_at": "2099-06-01T00:00:00Z",
				}),
				resource.TestCheckNoResourceAttr("data.mspbackup_api_token.by_id", "token"),
				resource.TestCheckResourceAttrPair("data.mspbackup_api_token.by_name", "id", "mspbackup_api_token.hank_backup", "id"),
				resource.TestCheckNoResourceAttr("data.mspbackup_api_token.by_name", "expires_at"),
				resource.TestCheckResourceAttrPair("data.mspbackup_api_token.by_user_and_name", "id", "mspbackup_api_token.gina", "id"),
			),
		},
		env.rejects(base+`data "mspbackup_api_token" "two" { name = "deploy" }`, `2 API tokens are named "deploy"`, "set user_id"),
		env.rejects(base+`data "mspbackup_api_token" "none" { name = "nope" }`, `no API token has name "nope"`),
	})
}
