package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestAccImportBlockGenerateConfig adopts one object of every resource type
// the way Terraform itself offers: an import block and
// `terraform plan -generate-config-out`. The configuration Terraform writes
// from the imported state must plan no change (other providers' generated
// configurations often do not: defaults, empty sets, secrets and
// computed-only attributes written back as arguments). Every optional
// attribute is set in the object imported, or left to its default.
func TestAccImportBlockGenerateConfig(t *testing.T) {
	// The objects the imported ones refer to.
	const deps = `
resource "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

resource "mspbackup_storage_limit" "standard" {
  name     = "Standard"
  limit_gb = 500
}

resource "mspbackup_storage_account" "s3" {
  name              = "Backups EU"
  type              = "amazon_s3"
  region            = "eu-west-2"
  access_key_id     = "AKIAEXAMPLE"
  secret_access_key = "s3-secret-for-tests"
}

resource "mspbackup_company" "hq" {
  name                = "Head Office"
  customer_account_id = mspbackup_customer_account.acme.id
  storage_limit_id    = mspbackup_storage_limit.standard.id
  description         = "Main site"
}

resource "mspbackup_group" "operators" {
  name        = "Operators"
  description = "Day-to-day user administration"
  permissions = ["users:read", "users:write"]
}

resource "mspbackup_user" "alice" {
  login               = "Alice.Archer@Acme.example"
  email               = "alice@acme.example"
  first_name          = "Alice"
  last_name           = "Archer"
  display_name        = "Alice ${"$"}{not a template}"
  notification_emails = ["reports@acme.example", "it@acme.example"]
  customer_account_id = mspbackup_customer_account.acme.id
  company_id          = mspbackup_company.hq.id
  storage_account_id  = mspbackup_storage_account.s3.id
  bucket              = "acme-alice"
  storage_limit_id    = mspbackup_storage_limit.standard.id
  enabled             = false
  license_source      = "assigned_only"
  mfa_method          = "sms"
  mobile_phone        = "+441632960961"
  mask_data           = true
  password            = "correct-horse-battery-staple"
  send_welcome_email  = true
}

resource "mspbackup_user" "staff" {
  login             = "noc"
  mfa_method        = "none"
  generate_password = true
}
`
	tests := []struct {
		name     string
		config   string // added to deps
		resource string // the address whose object is imported again
		importID func(*terraform.State) (string, error)
	}{
		{name: "customer account", resource: "mspbackup_customer_account.acme"},
		{name: "company", resource: "mspbackup_company.hq"},
		{name: "storage account", resource: "mspbackup_storage_account.s3"},
		{name: "storage limit", resource: "mspbackup_storage_limit.standard"},
		{name: "user", resource: "mspbackup_user.alice"},
		{name: "user with defaults and a generated password", resource: "mspbackup_user.staff"},
		{name: "group", resource: "mspbackup_group.operators"},
		{
			name: "group membership",
			config: `
resource "mspbackup_group_membership" "alice" {
  group_id = mspbackup_group.operators.id
  user_id  = mspbackup_user.alice.id
}
`,
			resource: "mspbackup_group_membership.alice",
			importID: importIDOf("mspbackup_group_membership.alice", "group_id", "user_id"),
		},
		{
			name: "group members",
			config: `
resource "mspbackup_group_members" "operators" {
  group_id = mspbackup_group.operators.id
  user_ids = [mspbackup_user.alice.id, mspbackup_user.staff.id]
}
`,
			resource: "mspbackup_group_members.operators",
		},
		{
			name: "licence assignment",
			config: `
resource "mspbackup_license_assignment" "alice" {
  user_id      = mspbackup_user.alice.id
  license_type = "workstation"
  quantity     = 2
}
`,
			resource: "mspbackup_license_assignment.alice",
		},
		{
			name: "API token",
			config: `
resource "mspbackup_api_token" "ci" {
  name       = "ci pipeline"
  user_id    = mspbackup_user.staff.id
  expires_at = "2099-01-31T17:00:00Z"
}
`,
			resource: "mspbackup_api_token.ci",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newAccEnv(t)
			env.test(t, nil, []resource.TestStep{
				{Config: env.config(deps + tt.config)},
				{
					ResourceName:      tt.resource,
					ImportState:       true,
					ImportStateKind:   resource.ImportBlockWithID,
					ImportStateIdFunc: tt.importID,
					GenerateConfig:    true,
				},
			})
		})
	}

	t.Run("built-in Administrators group", func(t *testing.T) {
		env := newAccEnv(t)
		env.test(t, nil, []resource.TestStep{
			{Config: env.config(`
data "mspbackup_group" "administrators" {
  name = "` + client.AdministratorsGroupName + `"
}
`)},
			{
				ResourceName:      "mspbackup_group.administrators",
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importIDOf("data.mspbackup_group.administrators", "id"),
				GenerateConfig:    true,
			},
		})
	})
}

// importIDOf returns the import id made of attributes of one resource in
// the state, joined by "/" (the composite id of a membership).
func importIDOf(addr string, names ...string) func(*terraform.State) (string, error) {
	return func(s *terraform.State) (string, error) {
		r, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s is not in the state", addr)
		}
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = r.Primary.Attributes[n]
		}
		return strings.Join(parts, "/"), nil
	}
}
