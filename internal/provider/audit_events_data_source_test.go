package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestAccAuditEventsDataSource: the audit log by object ids, actor and
// action, each event naming who (login and token) and how; a bad since is
// refused at plan time naming the attribute.
func TestAccAuditEventsDataSource(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	ci := apiUser(t, env, client.UserCreateRequest{Login: "ci@msp.example", Email: "ci@msp.example"})
	grantAll(t, env, []string{client.PermCustomerAccountsWrite}, ci)
	_, script := tokenClient(t, env, ci, "nightly-sync")
	var ids []string
	for i := range 3 {
		a := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: fmt.Sprintf("Audited %d", i)})
		if _, err := script.CustomerAccounts.Update(ctx, a.ID, &client.CustomerAccountUpdateRequest{Description: ptrTo("synced")}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	const ds = "data.mspbackup_audit_events.script"
	env.test(t, nil, []resource.TestStep{
		{
			Config:      env.config(`data "mspbackup_audit_events" "bad" { since = "yesterday" }`),
			ExpectError: regexp.MustCompile(`(?s)Invalid since.*RFC 3339`),
		},
		{
			Config: env.configf(`
data "mspbackup_audit_events" "script" {
  entity_ids = [%q, %q]
  actor      = %q
  action     = "update"
  since      = "2000-01-01T00:00:00Z"
}
`, ids[0], ids[2], ci.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(ds, "events", knownvalue.ListExact([]knownvalue.Check{
					scriptEvent(ids[0], ci), scriptEvent(ids[2], ci),
				})),
			},
		},
	})
}

func scriptEvent(id string, ci *client.User) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":          idLike("evt_"),
		"at":          knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
		"action":      knownvalue.StringExact("update"),
		"entity":      knownvalue.StringExact("customer_account"),
		"entity_id":   knownvalue.StringExact(id),
		"fields":      knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("description")}),
		"actor":       knownvalue.StringExact(ci.ID),
		"actor_login": knownvalue.StringExact("ci@msp.example"),
		"via":         knownvalue.StringExact("token"),
		"token_id":    idLike("tok_"),
		"token_name":  knownvalue.StringExact("nightly-sync"),
	})
}
