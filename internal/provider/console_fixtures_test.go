package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// What the acceptance tests do "in the console": objects made, found,
// changed and deleted through the API beside Terraform, and the check that
// a destroy removed them on the server.

// inConsole is a PreConfig that changes the server through the API, as a
// user of the console would; a failed change fails the test.
func inConsole(t *testing.T, change func(ctx context.Context) error) func() {
	return func() {
		if err := change(context.Background()); err != nil {
			t.Fatalf("changing the server as the console would: %v", err)
		}
	}
}

// deletedInConsole is the step after del deletes addr's object in the
// console: the object is dropped from state and planned for creation.
func deletedInConsole(t *testing.T, addr, config string, del func(ctx context.Context) error) resource.TestStep {
	return resource.TestStep{
		PreConfig:        inConsole(t, del),
		Config:           config,
		ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionCreate),
	}
}

// checkDestroyed is a CheckDestroy that asserts, through the API, that every
// resource of the type in the final state is gone (404).
func checkDestroyed[T any](env *accEnv, typeName string, get func(ctx context.Context, id string) (*T, error)) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != typeName {
				continue
			}
			_, err := get(context.Background(), rs.Primary.ID)
			if err == nil {
				return fmt.Errorf("%s %s still exists on the server after destroy", typeName, rs.Primary.ID)
			}
			if !client.IsNotFound(err) {
				return fmt.Errorf("checking %s %s: %w", typeName, rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// mustFind looks name up through the API with one of the provider's find
// functions (findGroupByName, ...), and fails the test if it is not there.
func mustFind[T any](t *testing.T, env *accEnv, find func(context.Context, *client.Client, string) (*T, error), name string) *T {
	t.Helper()
	v, err := find(context.Background(), env.client, name)
	if err != nil {
		t.Fatalf("looking up %q: %v", name, err)
	}
	return v
}

// apiCreate makes an object "in the console" with one of the client's
// Create methods (env.client.Companies.Create, ...); a failure fails the test.
func apiCreate[R, T any](t *testing.T, create func(context.Context, *R) (*T, error), req R) *T {
	t.Helper()
	v, err := create(context.Background(), &req)
	if err != nil {
		t.Fatalf("creating with a %T in the console: %v", req, err)
	}
	return v
}

// apiUser creates a user "in the console".
func apiUser(t *testing.T, env *accEnv, req client.UserCreateRequest) *client.User {
	t.Helper()
	if req.MFAMethod == "" {
		req.MFAMethod = client.MFAMethodNone
	}
	return apiCreate(t, env.client.Users.Create, req)
}

// apiGroup creates a group "in the console".
func apiGroup(t *testing.T, env *accEnv, name string) *client.Group {
	t.Helper()
	return apiCreate(t, env.client.Groups.Create, client.GroupCreateRequest{Name: name, Permissions: []string{client.PermUsersRead}})
}

// apiAddMember adds a user to a group "in the console".
func apiAddMember(t *testing.T, env *accEnv, groupID, userID string) {
	t.Helper()
	if _, err := env.client.Groups.AddMember(context.Background(), groupID, userID); err != nil {
		t.Fatalf("adding %s to group %s in the console: %v", userID, groupID, err)
	}
}
