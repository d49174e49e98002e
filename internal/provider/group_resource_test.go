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
)

// stringsExact is a knownvalue check of a set of strings.
func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(values))
	for _, v := range values {
		checks = append(checks, knownvalue.StringExact(v))
	}
	return knownvalue.SetExact(checks)
}

func TestAccGroup(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_group.ops"
	config := func(description, permissions string) string {
		return env.configf(`
resource "mspbackup_group" "ops" {
  name        = "Operators"
  description = %q
  permissions = %s
}
`, description, permissions)
	}
	env.test(t, checkDestroyed(env, groupType, env.client.Groups.Get), []resource.TestStep{
		{ // create, permissions given out of order (the server sorts them)
			Config: config("Night shift", `["users:write", "customer_accounts:read", "audit:read"]`),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"id":          idLike("grp_"),
				"permissions": stringsExact("audit:read", "customer_accounts:read", "users:write"),
				"built_in":    knownvalue.Bool(false),
			}),
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, ""),               // import by id
		importStep(addr, "name:OPERATORS"), // import by name, ignoring letter case
		{ // update in place
			Config:           config("Day shift", `["users:read", "groups:read"]`),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"description": knownvalue.StringExact("Day shift"),
				"permissions": stringsExact("groups:read", "users:read"),
			}),
		},
		{ // drift: permissions changed in the console are planned back
			PreConfig: inConsole(t, func(ctx context.Context) error {
				perms := []string{client.PermAuditRead}
				_, err := env.client.Groups.Update(ctx, mustFind(t, env, findGroupByName, "Operators").ID, &client.GroupUpdateRequest{Permissions: &perms})
				return err
			}),
			Config: config("Day shift", `["users:read", "groups:read"]`),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "permissions", stringsExact("groups:read", "users:read")),
				plannedValue(addr, "description", knownvalue.StringExact("Day shift"))),
		},
		{ // no permissions at all is an empty set, not a diff
			Config: env.config(`resource "mspbackup_group" "ops" { name = "Operators" }`),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"permissions": knownvalue.SetSizeExact(0),
				"description": knownvalue.StringExact(""),
			}),
			ConfigPlanChecks: emptyAfterApply(),
		},
		deletedInConsole(t, addr, env.config(`resource "mspbackup_group" "ops" { name = "Operators" }`), func(ctx context.Context) error {
			return env.client.Groups.Delete(ctx, mustFind(t, env, findGroupByName, "Operators").ID)
		}),
	})
}

func TestAccGroup_errors(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{
		// permissions are checked against the catalogue at plan time
		env.rejects("resource \"mspbackup_group\" \"bad\" {\n  name        = \"x\"\n  permissions = [\"users:read\", \"users:admin\"]\n}\n", "permissions", "value must be one of", `got: "users:admin"`),
		env.rejects(`resource "mspbackup_group" "bad" { name = "" }`, "name", "length must be between 1 and 200"),
		// the built-in group's name is taken (ignoring case)
		env.rejects(`resource "mspbackup_group" "admins" { name = "administrators" }`, "Unable to create mspbackup_group", "409"),
		{
			Config:        env.config(`resource "mspbackup_group" "x" { name = "x" }`),
			ResourceName:  "mspbackup_group.x",
			ImportState:   true,
			ImportStateId: "Operators",
			ExpectError:   errorLike(`neither an id (grp_...) nor name:<value>`),
		},
	})
}

// TestAccGroup_administrators: the built-in group can be imported and read,
// every change is refused with the server's clear 409, and destroying it only
// forgets it.
func TestAccGroup_administrators(t *testing.T) {
	env := newAccEnv(t)
	admins, err := findGroupByName(context.Background(), env.client, client.AdministratorsGroupName)
	if err != nil {
		t.Fatal(err)
	}
	const addr = "mspbackup_group.admins"
	config := func(description string) string {
		return env.configf(`
import {
  to = mspbackup_group.admins
  id = "name:Administrators"
}
resource "mspbackup_group" "admins" {
  name        = "Administrators"
  description = %q
  permissions = %s
}
`, description, hclStrings(admins.Permissions))
	}
	survives := func(*terraform.State) error {
		if _, err := env.client.Groups.Get(context.Background(), admins.ID); err != nil {
			return fmt.Errorf("the built-in group must survive destroy: %w", err)
		}
		return nil
	}
	env.test(t, survives, []resource.TestStep{
		{
			Config:           config(admins.Description),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionNoop),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"id":       knownvalue.StringExact(admins.ID),
				"built_in": knownvalue.Bool(true),
			}),
		},
		{
			Config:      config("mine now"),
			ExpectError: errorLike("Unable to update mspbackup_group "+admins.ID, "409", "built-in Administrators group cannot be changed"),
		},
		{ // back to what it is, so the last step plans empty
			Config: config(admins.Description),
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
