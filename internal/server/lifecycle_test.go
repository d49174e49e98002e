package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// replicas starts a server and answers a client of it and a client of a
// second server on the same database: another replica on PostgreSQL; on
// SQLite, where one process owns the file, the same server.
func replicas(t *testing.T, opts testserver.Options) (ts *testserver.Server, a, other *api) {
	t.Helper()
	ts, a = start(t, opts)
	if !pgtest.Postgres() {
		return ts, a, a
	}
	opts.DB = ts.DBPath
	_, other = start(t, opts)
	return ts, a, other
}

// tenant is a user of a new customer account, with a password, an API
// token, a sign-in session and a licence assignment.
type tenant struct {
	account           *client.CustomerAccount
	user              *client.User
	token, session    string
	assignment, login string
}

func newTenant(t *testing.T, a *api) *tenant {
	t.Helper()
	acc := a.customerAccount()
	u := a.user(client.UserCreateRequest{CustomerAccountID: &acc.ID, Password: goodPassword})
	as := must[client.LicenseAssignment](a, 201, "POST", "/license-assignments",
		client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: client.LicenseTypeWorkstation, Quantity: 2})
	login := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: u.Login, Password: goodPassword})
	return &tenant{account: acc, user: u, token: a.tokenFor(u.ID), session: login.Token, assignment: as.ID, login: u.Login}
}

// wantRefused requires a 403 whose detail says why (want).
func wantRefused(t *testing.T, r *resp, what, want string) {
	t.Helper()
	if r.status != http.StatusForbidden || !strings.Contains(r.problem().Detail, want) {
		t.Errorf("%s: %d %s, want 403 saying %q", what, r.status, r.body, want)
	}
}

// refusals are the ways a tenant's user reaches the server, each refused
// with detail while its customer account is not active.
func refusals(t *testing.T, a *api, tn *tenant, detail string) {
	t.Helper()
	wantRefused(t, a.as(tn.token).do("GET", "/users/"+tn.user.ID, nil), "API token", detail)
	wantRefused(t, a.as(tn.session).do("GET", "/users/"+tn.user.ID, nil), "sign-in session", detail)
	wantRefused(t, a.as("").login(tn.login, goodPassword), "login", detail)
	wantRefused(t, a.as(tn.token).do("POST", "/agent/computers",
		client.ComputerRegisterRequest{Name: "pc-1", LicenseType: client.LicenseTypeWorkstation}), "computer registration", detail)
}

func TestSuspendedAccountRefusesItsUsersOnEveryReplica(t *testing.T) {
	t.Parallel()
	_, a, other := replicas(t, testserver.Options{})
	tn := newTenant(t, a)
	// The other replica has the tenant's token and session cached.
	for _, tok := range []string{tn.token, tn.session} {
		must[client.User](other.as(tok), 200, "GET", "/users/"+tn.user.ID, nil)
	}

	acc := must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+tn.account.ID,
		client.CustomerAccountUpdateRequest{Status: ptr(client.CustomerAccountSuspended)})
	if acc.Status != client.CustomerAccountSuspended || acc.PurgeAfter != nil {
		t.Fatalf("suspended account: %+v", acc)
	}
	refusals(t, other, tn, "customer account "+tn.account.ID+" is suspended")

	// MSP staff still read and change it; nothing is gone.
	must[client.User](other, 200, "GET", "/users/"+tn.user.ID, nil)
	must[client.LicenseAssignment](other, 200, "GET", "/license-assignments/"+tn.assignment, nil)
	must[client.CustomerAccount](other, 200, "PATCH", "/customer-accounts/"+tn.account.ID,
		client.CustomerAccountUpdateRequest{Description: ptr("unpaid since June")})
	events := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity_id="+tn.account.ID, nil)
	if !slices.ContainsFunc(events.Items, func(e client.AuditEvent) bool {
		return e.Action == "update" && slices.Equal(e.Fields, []string{"status"})
	}) {
		t.Errorf("no audit event of the suspension in %+v", events.Items)
	}

	// Resumed: the same token and session work again, on the other replica.
	must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+tn.account.ID,
		client.CustomerAccountUpdateRequest{Status: ptr(client.CustomerAccountActive)})
	for _, tok := range []string{tn.token, tn.session} {
		must[client.User](other.as(tok), 200, "GET", "/users/"+tn.user.ID, nil)
	}
	must[client.LoginResponse](other.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: tn.login, Password: goodPassword})
}

func TestCustomerAccountStatusRules(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{})
	created := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Suspended from the start"), Status: client.CustomerAccountSuspended})
	if created.Status != client.CustomerAccountSuspended {
		t.Errorf("created with status suspended: %+v", created)
	}
	active := a.customerAccount()
	if active.Status != client.CustomerAccountActive {
		t.Errorf("default status: %q, want active", active.Status)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		want               int
		field              string
	}{
		{"unknown status on create", "POST", "/customer-accounts", map[string]any{"name": unique("X"), "status": "frozen"}, 422, "status"},
		{"pending_deletion on create", "POST", "/customer-accounts", map[string]any{"name": unique("X"), "status": "pending_deletion"}, 422, "status"},
		{"pending_deletion by PATCH", "PATCH", "/customer-accounts/" + active.ID, map[string]any{"status": "pending_deletion"}, 422, "status"},
		{"unknown status filter", "GET", "/customer-accounts?status=frozen", nil, 422, "status"},
	} {
		r := a.do(tc.method, tc.path, tc.body)
		if r.status != tc.want || !slices.ContainsFunc(r.problem().Errors, func(e client.FieldError) bool { return e.Field == tc.field }) {
			t.Errorf("%s: %d %s, want %d naming %s", tc.name, r.status, r.body, tc.want, tc.field)
		}
	}
	for status, want := range map[string]string{"suspended": created.ID, "active": active.ID} {
		page := must[client.Page[client.CustomerAccount]](a, 200, "GET", "/customer-accounts?page_size=1000&status="+status, nil)
		ids := ids(page.Items, func(v client.CustomerAccount) string { return v.ID })
		if !slices.Contains(ids, want) || slices.Contains(ids, created.ID) && status == "active" {
			t.Errorf("?status=%s lists %v", status, ids)
		}
	}
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, v := range items {
		out = append(out, id(v))
	}
	return out
}
