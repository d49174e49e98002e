package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestCustomerAccountScreens(t *testing.T) {
	e, _, b := startSignedIn(t)
	ctx := context.Background()

	status, body := b.post("/customer-accounts", url.Values{"name": {"Acme Ltd"}, "description": {"first"}})
	if status != http.StatusOK || !strings.Contains(body, "Acme Ltd") || !strings.Contains(body, "Edit Details") {
		t.Fatalf("create: %d\n%s", status, body)
	}
	accts, _ := e.admin.CustomerAccounts.ListAll(ctx, nil)
	if len(accts) != 1 || accts[0].Description != "first" {
		t.Fatalf("created %+v", accts)
	}
	// The API's validation, next to its field, with the input kept.
	status, body = b.post("/customer-accounts", url.Values{"name": {"ACME LTD"}, "description": {"kept input"}})
	if status != http.StatusConflict || !strings.Contains(body, "kept input") {
		t.Errorf("duplicate: %d\n%s", status, body)
	}
	status, body = b.post("/customer-accounts", url.Values{"name": {""}, "description": {"kept"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="name-error"`) {
		t.Errorf("empty name: %d, want 422 with the error next to name\n%s", status, body)
	}
	// Search.
	b.post("/customer-accounts", url.Values{"name": {"Globex"}})
	_, body = b.get("/customer-accounts?q=glob")
	if !strings.Contains(body, "Globex") || strings.Contains(body, "Acme Ltd") {
		t.Errorf("search glob:\n%s", body)
	}
	// Edit sends only what changed.
	id := accts[0].ID
	status, _ = b.post("/customer-accounts/"+id, url.Values{"name": {"Acme Ltd"}, "description": {"second"}, "version": {"1"}})
	got, _ := e.admin.CustomerAccounts.Get(ctx, id)
	if status != http.StatusOK || got.Description != "second" {
		t.Errorf("edit: %d, %+v", status, got)
	}
	// A refused delete names the dependants.
	if _, err := e.admin.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "Acme Storage Dept", CustomerAccountID: &id}); err != nil {
		t.Fatal(err)
	}
	status, body = b.post("/customer-accounts/"+id+"/delete", url.Values{})
	if status != http.StatusConflict || !strings.Contains(body, "Acme Storage Dept") {
		t.Errorf("delete with a company: %d\n%s", status, body)
	}
	// The audit log tells the console's change from the bootstrap token's.
	evs, err := e.admin.AuditEvents.ListAll(ctx, &client.ListOptions{Entity: "customer_account"})
	if err != nil {
		t.Fatal(err)
	}
	var created bool
	for _, ev := range evs {
		if ev.Action == "create" && ev.EntityID == id {
			created = true
			if ev.Via != client.ViaConsole {
				t.Errorf("console create: via %q, want console", ev.Via)
			}
		}
	}
	if !created {
		t.Errorf("no create event for %s in %+v", id, evs)
	}
	evs, _ = e.admin.AuditEvents.ListAll(ctx, &client.ListOptions{Entity: "company"})
	if len(evs) != 1 || evs[0].Via != "token" {
		t.Errorf("bootstrap token's create: %+v, want via token", evs)
	}
	_, body = b.get("/audit-events")
	if !strings.Contains(body, "<td>console</td>") || !strings.Contains(body, "<td>ops@msp.example</td>") {
		t.Errorf("the Audit Log screen does not show who and via:\n%s", body)
	}
	_, body = b.get("/customer-accounts/" + id)
	if !strings.Contains(body, "Acme Storage Dept") || !strings.Contains(body, "<h2>Users</h2>") {
		t.Errorf("account page lacks its companies and users:\n%s", body)
	}
}

func TestUserScreensAndGroups(t *testing.T) {
	e, _, b := startSignedIn(t)
	ctx := context.Background()
	acct, _ := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme"})
	grp, _ := e.admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Operators", Permissions: []string{client.PermUsersRead}})

	// Every field error at once, each next to its field, the input kept.
	status, body := b.post("/users", url.Values{"login": {"bob@acme.example"}, "mfa_method": {"sms"}, "mobile_phone": {"12"},
		"notification_emails": {"ok@acme.example; not-an-address"}, "customer_account_id": {acct.ID}, "enabled": {"true"}})
	for _, f := range []string{"mobile_phone", "notification_emails"} {
		if !strings.Contains(body, `id="`+f+`-error"`) {
			t.Errorf("no error next to %s (%d)", f, status)
		}
	}
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "ok@acme.example; not-an-address") {
		t.Errorf("invalid user: %d, input not kept\n%s", status, body)
	}

	status, body = b.post("/users", url.Values{"login": {"bob@acme.example"}, "email": {"bob@acme.example"}, "first_name": {"Bob"},
		"generate_password": {"true"}, "notification_emails": {"a@acme.example; b@acme.example"}, "customer_account_id": {acct.ID},
		"enabled": {"true"}, "license_source": {"assigned_only"}, "mfa_method": {"email"}, "send_welcome_email": {"true"}})
	if status != http.StatusOK || !strings.Contains(body, "shown once") {
		t.Fatalf("create user: %d\n%s", status, body)
	}
	users, _ := e.admin.Users.ListAll(ctx, &client.ListOptions{Login: "bob@acme.example"})
	if len(users) != 1 || users[0].LicenseSource != "assigned_only" || len(users[0].NotificationEmails) != 2 || !users[0].Enabled {
		t.Fatalf("created %+v", users)
	}
	u := users[0]
	// Filters.
	_, body = b.get("/users?customer_account_id=" + acct.ID)
	if !strings.Contains(body, "bob@acme.example") || strings.Contains(body, ">ops@msp.example<") {
		t.Errorf("filter by account:\n%s", body)
	}
	// Add Group from the user's page, then remove it.
	b.post("/users/"+u.ID+"/groups", url.Values{"group_id": {grp.ID}})
	if _, err := e.admin.Groups.GetMember(ctx, grp.ID, u.ID); err != nil {
		t.Fatalf("Add Group: %v", err)
	}
	_, body = b.get("/users/" + u.ID)
	if !strings.Contains(body, "Operators") {
		t.Errorf("user page lacks its group")
	}
	b.post("/groups/"+grp.ID+"/members/"+u.ID+"/delete", url.Values{"back": {"/users/" + u.ID}})
	if _, err := e.admin.Groups.GetMember(ctx, grp.ID, u.ID); !client.IsNotFound(err) {
		t.Errorf("remove group: %v", err)
	}
	// Edit Details, then Disable.
	form := url.Values{"display_name": {"Bob B."}, "login": {"bob@acme.example"}, "email": {"bob@acme.example"}, "first_name": {"Bob"},
		"notification_emails": {"a@acme.example; b@acme.example"}, "enabled": {"true"}, "license_source": {"assigned_only"}, "mfa_method": {"email"}}
	status, _ = b.post("/users/"+u.ID, form)
	got, _ := e.admin.Users.Get(ctx, u.ID)
	if status != http.StatusOK || got.DisplayName != "Bob B." || got.LicenseSource != "assigned_only" {
		t.Errorf("edit: %d %+v", status, got)
	}
	b.post("/users/"+u.ID+"/disable", url.Values{})
	if got, _ := e.admin.Users.Get(ctx, u.ID); got.Enabled {
		t.Errorf("disable: still enabled")
	}
	b.post("/users/"+u.ID+"/delete", url.Values{})
	if _, err := e.admin.Users.Get(ctx, u.ID); !client.IsNotFound(err) {
		t.Errorf("delete: %v", err)
	}
}

func TestGroupScreenPermissionsAndMembers(t *testing.T) {
	e, ops, b := startSignedIn(t)
	ctx := context.Background()
	_, body := b.get("/groups/new")
	if !strings.Contains(body, `name="permissions" value="users:read"`) {
		t.Fatalf("no permission checkboxes:\n%s", body)
	}
	b.post("/groups", url.Values{"name": {"Helpdesk"}, "permissions": {"users:read", "users:write"}})
	gs, _ := e.admin.Groups.ListAll(ctx, &client.ListOptions{Name: "Helpdesk"})
	if len(gs) != 1 || len(gs[0].Permissions) != 2 {
		t.Fatalf("group %+v", gs)
	}
	b.post("/groups/"+gs[0].ID+"/members", url.Values{"user_id": {ops.ID}})
	if _, err := e.admin.Groups.GetMember(ctx, gs[0].ID, ops.ID); err != nil {
		t.Errorf("add member: %v", err)
	}
	// Unchecking a permission removes it.
	b.post("/groups/"+gs[0].ID, url.Values{"name": {"Helpdesk"}, "permissions": {"users:read"}})
	g, _ := e.admin.Groups.Get(ctx, gs[0].ID)
	if len(g.Permissions) != 1 || g.Permissions[0] != "users:read" {
		t.Errorf("permissions after edit: %v", g.Permissions)
	}
}

func TestTenantSeesOnlyItsAccount(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	acme, _ := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme"})
	globex, _ := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Globex"})
	grp, _ := e.admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Tenant admins",
		Permissions: []string{client.PermCustomerAccountsRead, client.PermUsersRead, client.PermUsersWrite}})
	e.user("admin@acme.example", &acme.ID, grp.Name)
	e.user("someone@globex.example", &globex.ID)
	b := e.browser()
	b.signIn("admin@acme.example")
	_, body := b.get("/customer-accounts")
	if !strings.Contains(body, "Acme") || strings.Contains(body, "Globex") {
		t.Errorf("tenant's account list:\n%s", body)
	}
	_, body = b.get("/users")
	if strings.Contains(body, "globex") {
		t.Errorf("tenant sees another tenant's user:\n%s", body)
	}
	if status, _ := b.get("/customer-accounts/" + globex.ID); status != http.StatusNotFound {
		t.Errorf("other tenant's account: %d, want 404", status)
	}
	if status, _ := b.get("/audit-events"); status != http.StatusForbidden {
		t.Errorf("audit without audit:read: %d, want 403", status)
	}
}

func TestEveryScreenRenders(t *testing.T) {
	e, _, b := startSignedIn(t)
	for _, path := range []string{"/customer-accounts", "/companies", "/users", "/groups", "/storage-accounts", "/storage-limits",
		"/licenses", "/tokens", "/outbox", "/audit-events", "/companies/new", "/storage-accounts/new", "/storage-limits/new",
		"/license-assignments/new", "/tokens/new", "/users/new"} {
		status, body := b.get(path)
		if status != http.StatusOK || !strings.Contains(body, "<h1>") {
			t.Errorf("GET %s: %d\n%s", path, status, body)
		}
	}
	_, body := b.get("/licenses")
	if !strings.Contains(body, "workstation") || !strings.Contains(body, "Available") {
		t.Errorf("pool:\n%s", body)
	}
	_, body = b.get("/users/new")
	for _, f := range []string{"first_name", "last_name", "login", "email", "password", "generate_password", "notification_emails",
		"customer_account_id", "company_id", "storage_account_id", "bucket", "storage_limit_id", "enabled", "license_source",
		"send_welcome_email", "mask_data", "mfa_method", "mobile_phone"} {
		if !strings.Contains(body, `<label for="`+f+`"`) || !strings.Contains(body, `name="`+f+`"`) {
			t.Errorf("Add New User lacks a labelled %s", f)
		}
	}
	// A token's secret is shown once.
	ops, _ := e.admin.Users.ListAll(context.Background(), &client.ListOptions{Login: "ops@msp.example"})
	status, body := b.post("/tokens", url.Values{"name": {"ci"}, "user_id": {ops[0].ID}})
	if status != http.StatusOK || !strings.Contains(body, "shown once") || !strings.Contains(body, "mspb_") {
		t.Errorf("token: %d\n%s", status, body)
	}
}
