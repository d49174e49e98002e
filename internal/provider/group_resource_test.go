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

// groupIDByName finds a group's id through the API.
func groupIDByName(t *testing.T, env *accEnv, name string) string {
	t.Helper()
	g, err := findGroupByName(context.Background(), env.client, name)
	if err != nil {
		t.Fatalf("looking up group %s: %v", name, err)
	}
	return g.ID
}

// stringsExact is a knownvalue check of a set of strings.
func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(values))
	for _, v := range values {
		checks = append(checks, knownvalue.StringExact(v))
	}
	return knownvalue.SetExact(checks)
}

func TestAccGroup(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	const addr = "mspbackup_group.ops"
	config := func(description, permissions string) string {
		return env.config(fmt.Sprintf(`
resource "mspbackup_group" "ops" {
  name        = "Operators"
  description = %q
  permissions = %s
}
`, description, permissions))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkDestroyed(env, groupType, env.client.Groups.Get),
		Steps: []resource.TestStep{
			{ // create, permissions given out of order (the server sorts them)
				Config: config("Night shift", `["users:write", "customer_accounts:read", "audit:read"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^grp_`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), stringsExact("audit:read", "customer_accounts:read", "users:write")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("built_in"), knownvalue.Bool(false)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // import by id
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
			},
			{ // import by name, ignoring letter case
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:OPERATORS",
			},
			{ // update in place
				Config: config("Day shift", `["users:read", "groups:read"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Day shift")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), stringsExact("groups:read", "users:read")),
				},
			},
			{ // drift: permissions changed in the console are planned back
				PreConfig: func() {
					perms := []string{client.PermAuditRead}
					if _, err := env.client.Groups.Update(context.Background(), groupIDByName(t, env, "Operators"), &client.GroupUpdateRequest{Permissions: &perms}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("Day shift", `["users:read", "groups:read"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), stringsExact("groups:read", "users:read")),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Day shift")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ // no permissions at all is an empty set, not a diff
				Config: env.config(`resource "mspbackup_group" "ops" { name = "Operators" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // deleted in the console: dropped from state and planned for creation
				PreConfig: func() {
					if err := env.client.Groups.Delete(context.Background(), groupIDByName(t, env, "Operators")); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(`resource "mspbackup_group" "ops" { name = "Operators" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

func TestAccGroup_errors(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{ // permissions are checked against the catalogue at plan time
				Config:      env.config("resource \"mspbackup_group\" \"bad\" {\n  name        = \"x\"\n  permissions = [\"users:read\", \"users:admin\"]\n}\n"),
				ExpectError: errorLike("permissions", "value must be one of", `got: "users:admin"`),
			},
			{
				Config:      env.config(`resource "mspbackup_group" "bad" { name = "" }`),
				ExpectError: errorLike("name", "length must be between 1 and 200"),
			},
			{ // the built-in group's name is taken (ignoring case)
				Config:      env.config(`resource "mspbackup_group" "admins" { name = "administrators" }`),
				ExpectError: errorLike("Unable to create mspbackup_group", "409"),
			},
			{
				Config:        env.config(`resource "mspbackup_group" "x" { name = "x" }`),
				ResourceName:  "mspbackup_group.x",
				ImportState:   true,
				ImportStateId: "Operators",
				ExpectError:   errorLike(`neither an id (grp_...) nor name:<value>`),
			},
		},
	})
}

// TestAccGroup_administrators: the built-in group can be imported and read,
// every change is refused with the server's clear 409, and destroying it only
// forgets it.
func TestAccGroup_administrators(t *testing.T) {
	env := newAccEnv(t, testserver.Options{})
	admins, err := findGroupByName(context.Background(), env.client, client.AdministratorsGroupName)
	if err != nil {
		t.Fatal(err)
	}
	const addr = "mspbackup_group.admins"
	config := func(description string) string {
		return env.config(fmt.Sprintf(`
import {
  to = mspbackup_group.admins
  id = "name:Administrators"
}
resource "mspbackup_group" "admins" {
  name        = "Administrators"
  description = %q
  permissions = %s
}
`, description, hclStrings(admins.Permissions)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if _, err := env.client.Groups.Get(context.Background(), admins.ID); err != nil {
				return fmt.Errorf("the built-in group must survive destroy: %w", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config(admins.Description),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(admins.ID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("built_in"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      config("mine now"),
				ExpectError: errorLike("Unable to update mspbackup_group "+admins.ID, "409", "built-in Administrators group cannot be changed"),
			},
			{ // back to what it is, so the last step plans empty
				Config: config(admins.Description),
			},
		},
	})
}

// hclStrings renders strings as an HCL list.
func hclStrings(values []string) string {
	out := "["
	for i, v := range values {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", v)
	}
	return out + "]"
}
