package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestEveryResourceHasIdentity checks that every resource type declares the
// id identity, so none is left out of `import { identity = ... }`.
func TestEveryResourceHasIdentity(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "mspbackup"}, &meta)
		withIdentity, ok := r.(resource.ResourceWithIdentity)
		if !ok {
			t.Errorf("%s declares no identity", meta.TypeName)
			continue
		}
		var resp resource.IdentitySchemaResponse
		withIdentity.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &resp)
		if a, ok := resp.IdentitySchema.Attributes["id"]; !ok || len(resp.IdentitySchema.Attributes) != 1 || !a.IsRequiredForImport() {
			t.Errorf("%s: identity %v, want only id, required for import", meta.TypeName, resp.IdentitySchema.Attributes)
		}
	}
}

// TestAccIdentity creates one resource of every type, checks that the state
// carries each one's identity (its id), then imports each by identity with
// an import block and wants a plan with no change.
func TestAccIdentity(t *testing.T) {
	env := newAccEnv(t)
	config := env.config(`
resource "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

resource "mspbackup_storage_limit" "standard" {
  name     = "Standard (500 GB)"
  limit_gb = 500
}

resource "mspbackup_company" "london" {
  name                = "Acme London"
  customer_account_id = mspbackup_customer_account.acme.id
}

resource "mspbackup_storage_account" "wasabi" {
  name = "Wasabi EU"
  type = "wasabi"
}

resource "mspbackup_user" "alice" {
  login               = "alice"
  mfa_method          = "none"
  customer_account_id = mspbackup_customer_account.acme.id
}

resource "mspbackup_license_assignment" "alice" {
  user_id      = mspbackup_user.alice.id
  license_type = "workstation"
  quantity     = 2
}

resource "mspbackup_api_token" "alice" {
  name    = "alice's automation"
  user_id = mspbackup_user.alice.id
}

resource "mspbackup_group" "helpdesk" {
  name        = "Helpdesk"
  permissions = ["users:read"]
}

resource "mspbackup_group" "billing" {
  name        = "Billing"
  permissions = ["licenses:read"]
}

resource "mspbackup_group_membership" "alice_helpdesk" {
  group_id = mspbackup_group.helpdesk.id
  user_id  = mspbackup_user.alice.id
}

resource "mspbackup_group_members" "billing" {
  group_id = mspbackup_group.billing.id
  user_ids = [mspbackup_user.alice.id]
}
`)
	addresses := []string{
		"mspbackup_customer_account.acme",
		"mspbackup_storage_limit.standard",
		"mspbackup_company.london",
		"mspbackup_storage_account.wasabi",
		"mspbackup_user.alice",
		"mspbackup_license_assignment.alice",
		"mspbackup_api_token.alice",
		"mspbackup_group.helpdesk",
		"mspbackup_group_membership.alice_helpdesk",
		"mspbackup_group_members.billing",
	}
	var identities []statecheck.StateCheck
	for _, addr := range addresses {
		identities = append(identities, statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")))
	}
	steps := []tfresource.TestStep{{Config: config, ConfigStateChecks: identities}}
	for _, addr := range addresses {
		steps = append(steps, tfresource.TestStep{
			Config:          config,
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: tfresource.ImportBlockWithResourceIdentity,
		})
	}
	env.testOnCLIs(t, needsIdentityCLI, steps)
}
