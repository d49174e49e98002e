package provider

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccAPIToken(t *testing.T) {
	env := newAccEnv(t)
	erin := apiUser(t, env, client.UserCreateRequest{Login: "erin"})
	const addr = "mspbackup_api_token.ci"
	// A non-UTC offset: the provider keeps the configured text, not the API's UTC rendering.
	const expires = "2099-01-31T19:00:00+02:00"
	config := func(name string) string {
		return env.configf(`
resource "mspbackup_api_token" "ci" {
  name       = %q
  user_id    = %q
  expires_at = %q
}
`, name, erin.ID, expires)
	}
	var firstSecret, firstID string
	// tokenWorks calls the API with the token in state, and remembers it.
	tokenWorks := func(s *terraform.State) error {
		rs := s.RootModule().Resources[addr].Primary
		secret := rs.Attributes["token"]
		c, err := client.New(env.server.URL, secret, client.WithMaxRetries(0))
		if err != nil {
			return err
		}
		if _, err := c.Permissions.List(context.Background()); err != nil {
			return fmt.Errorf("calling the API with the created token: %w", err)
		}
		if firstSecret == "" {
			firstSecret, firstID = secret, rs.ID
		}
		return nil
	}

	env.test(t, checkDestroyed(env, apiTokenType, env.client.Tokens.Get), []resource.TestStep{
		{ // create: the secret is in state, sensitive, and works
			Config: config("ci"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "id", idLike("tok_")),
				stateValue(addr, "user_id", knownvalue.StringExact(erin.ID)),
				stateValue(addr, "expires_at", knownvalue.StringExact(expires)),
				stateValue(addr, "token", idLike("mspb_")),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("token")),
			},
			Check:            tokenWorks,
			ConfigPlanChecks: emptyAfterApply(),
		},
		{ // import by id: the secret cannot be read back; expires_at comes back in UTC
			ResourceName: addr, ImportState: true, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"token", "expires_at"},
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("imported %d instances", len(states))
				}
				if v, ok := states[0].Attributes["token"]; ok && v != "" {
					return errors.New("an imported token has a secret in state")
				}
				if got := states[0].Attributes["expires_at"]; got != "2099-01-31T17:00:00Z" {
					return fmt.Errorf("imported expires_at = %q, want 2099-01-31T17:00:00Z", got)
				}
				return nil
			},
		},
		importStep(addr, "name:CI", "token", "expires_at"), // import by name
		{ // a token cannot change: a new name replaces it, with a new secret, and revokes the old one
			Config:           config("ci-pipeline"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionReplace),
			Check: resource.ComposeAggregateTestCheckFunc(
				tokenWorks,
				resource.TestCheckResourceAttr(addr, "name", "ci-pipeline"),
				func(s *terraform.State) error {
					if s.RootModule().Resources[addr].Primary.Attributes["token"] == firstSecret {
						return errors.New("the replacement kept the old secret")
					}
					old, err := client.New(env.server.URL, firstSecret, client.WithMaxRetries(0))
					if err != nil {
						return err
					}
					if _, err := old.Permissions.List(context.Background()); !client.IsUnauthorized(err) {
						return fmt.Errorf("the replaced token %s still works or fails oddly: %v", firstID, err)
					}
					return nil
				},
			),
		},
		{ // revoked in the console: dropped from state and planned for creation
			PreConfig: func() {
				tok, err := findAPIToken(context.Background(), env.client, "ci-pipeline", erin.ID)
				if err == nil {
					err = env.client.Tokens.Delete(context.Background(), tok.ID)
				}
				if err != nil {
					t.Fatal(err)
				}
			},
			Config:           config("ci-pipeline"),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionCreate),
			Check:            tokenWorks,
		},
		{ // without expiry
			Config: env.configf(`
resource "mspbackup_api_token" "ci" {
  name    = "ci-pipeline"
  user_id = %q
}
`, erin.ID),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "expires_at", knownvalue.Null()),
			},
			Check: tokenWorks,
		},
	})
}

func TestAccAPIToken_errors(t *testing.T) {
	env := newAccEnv(t)
	frank := apiUser(t, env, client.UserCreateRequest{Login: "frank"})
	env.test(t, nil, []resource.TestStep{
		// plan-time validation names the attribute and the rule
		env.rejects(fmt.Sprintf(`
resource "mspbackup_api_token" "bad" {
  name       = "x"
  user_id    = %q
  expires_at = "tomorrow"
}
`, frank.ID), "Invalid expires_at", `must be an RFC 3339 timestamp such as 2030-01-31T17:00:00Z`, `got "tomorrow"`),
		env.rejects(`
resource "mspbackup_api_token" "bad" {
  name    = "x"
  user_id = "frank"
}
`, "Invalid user_id", `must be an id starting with "usr_", got "frank"`),
		// an expiry in the past is the server's 422
		env.rejects(fmt.Sprintf(`
resource "mspbackup_api_token" "old" {
  name       = "x"
  user_id    = %q
  expires_at = "2001-01-01T00:00:00Z"
}
`, frank.ID), "Unable to create mspbackup_api_token", "422", "expires_at"),
		// an unknown user
		env.rejects(`
resource "mspbackup_api_token" "nobody" {
  name    = "x"
  user_id = "usr_doesnotexist"
}
`, "Unable to create mspbackup_api_token", "user_id"),
	})
}
