package server_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
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
	_, a := startParallel(t)
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

// accountContents is everything under a tenant, as MSP staff read it, to compare
// before a deletion and after a restore.
func accountContents(t *testing.T, a *api, tn *tenant, groupID string) map[string]string {
	t.Helper()
	paths := []string{
		"/users?page_size=1000&customer_account_id=" + tn.account.ID,
		"/companies?page_size=1000&customer_account_id=" + tn.account.ID,
		"/license-assignments?page_size=1000&user_id=" + tn.user.ID,
		"/computers?page_size=1000&user_id=" + tn.user.ID,
		"/tokens?page_size=1000&user_id=" + tn.user.ID,
		"/groups/" + groupID + "/members?page_size=1000",
		"/retained-backups?page_size=1000&customer_account_id=" + tn.account.ID,
		"/license-pool",
		"/users/" + tn.user.ID,
	}
	out := map[string]string{}
	for _, p := range paths {
		r := a.do("GET", p, nil)
		out[p] = fmt.Sprint(r.status, " ", string(r.body))
	}
	return out
}

// populate gives the tenant a company, a group membership, a computer and
// a retained backup of a deleted user; it returns the group.
func populate(t *testing.T, a *api, tn *tenant) *client.Group {
	t.Helper()
	must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: unique("Branch"), CustomerAccountID: &tn.account.ID})
	g := a.group(client.PermUsersRead)
	a.addMember(g.ID, tn.user.ID)
	for _, name := range []string{"laptop", "desk"} {
		must[client.Computer](a.as(tn.token), 201, "POST", "/agent/computers", client.ComputerRegisterRequest{Name: name, LicenseType: client.LicenseTypeWorkstation})
	}
	leaver := a.user(client.UserCreateRequest{CustomerAccountID: &tn.account.ID})
	pc := must[client.Computer](a.as(a.tokenFor(leaver.ID)), 201, "POST", "/agent/computers",
		client.ComputerRegisterRequest{Name: "old-pc", LicenseType: client.LicenseTypeServer})
	must[client.Computer](a.as(a.tokenFor(leaver.ID)), 200, "POST", "/agent/computers/"+pc.ID+"/backup-report", client.ComputerBackupReport{BackupBytes: 5 << 30})
	must[struct{}](a, 204, "DELETE", "/users/"+leaver.ID, nil)
	return g
}

func TestDeletedCustomerAccountIsPendingUntilRestored(t *testing.T) {
	t.Parallel()
	clock := server.NewFakeClock()
	const grace = 48 * time.Hour
	_, a, other := replicas(t, testserver.Options{Now: clock.Now, DeletionGrace: grace})
	tn := newTenant(t, a)
	g := populate(t, a, tn)
	before := accountContents(t, a, tn, g.ID)
	must[client.User](other.as(tn.token), 200, "GET", "/users/"+tn.user.ID, nil) // cached on the other replica

	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+tn.account.ID, nil)
	acc := must[client.CustomerAccount](other, 200, "GET", "/customer-accounts/"+tn.account.ID, nil)
	if want := clock.Now().UTC().Truncate(time.Microsecond).Add(grace); acc.Status != client.CustomerAccountPendingDeletion ||
		acc.PurgeAfter == nil || !acc.PurgeAfter.Equal(want) {
		t.Fatalf("deleted account: status %q purge_after %v, want pending_deletion and %v", acc.Status, acc.PurgeAfter, want)
	}

	// Hidden: left out of lists, 404 by id, nobody under it signs in.
	listed := func(query string) []string {
		page := must[client.Page[client.CustomerAccount]](other, 200, "GET", "/customer-accounts?page_size=1000"+query, nil)
		return ids(page.Items, func(v client.CustomerAccount) string { return v.ID })
	}
	if slices.Contains(listed(""), tn.account.ID) || !slices.Contains(listed("&status=pending_deletion"), tn.account.ID) {
		t.Errorf("lists: %v without a filter, %v with status=pending_deletion", listed(""), listed("&status=pending_deletion"))
	}
	for _, path := range []string{"/users/" + tn.user.ID, "/license-assignments/" + tn.assignment} {
		if r := other.do("GET", path, nil); r.status != 404 {
			t.Errorf("GET %s under a pending account: %d, want 404", path, r.status)
		}
	}
	for _, path := range []string{"/users?page_size=1000", "/license-assignments?page_size=1000", "/computers?page_size=1000",
		"/groups/" + g.ID + "/members", "/retained-backups?page_size=1000", "/companies?page_size=1000"} {
		if body := string(other.do("GET", path, nil).body); strings.Contains(body, tn.account.ID) || strings.Contains(body, tn.user.ID) {
			t.Errorf("GET %s lists what is under a pending account: %s", path, body)
		}
	}
	refusals(t, other, tn, "customer account "+tn.account.ID+" is pending deletion")

	// Its name stays taken; it cannot be changed or deleted again.
	r := other.do("POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: strings.ToUpper(tn.account.Name)})
	if d := r.problem().Detail; r.status != 409 || !strings.Contains(d, tn.account.ID) || !strings.Contains(d, "/restore") {
		t.Errorf("create with a pending account's name: %d %s, want 409 naming %s and the restore", r.status, r.body, tn.account.ID)
	}
	// Its users keep their logins: staff are told whose and how to get the
	// user back, a tenant that cannot see the account only that it is taken.
	if r := other.do("POST", "/users", client.UserCreateRequest{Login: strings.ToUpper(tn.login), MFAMethod: client.MFAMethodNone}); r.status != 409 ||
		!strings.Contains(r.problem().Detail, tn.user.ID) || !strings.Contains(r.problem().Detail, tn.account.ID+"/restore") {
		t.Errorf("create with a hidden user's login: %d %s, want 409 naming %s and the restore of %s", r.status, r.body, tn.user.ID, tn.account.ID)
	}
	renamed := a.user(client.UserCreateRequest{})
	if r := other.do("PATCH", "/users/"+renamed.ID, client.UserUpdateRequest{Login: ptr(tn.login)}); r.status != 409 ||
		!strings.Contains(r.problem().Detail, tn.user.ID) {
		t.Errorf("rename to a hidden user's login: %d %s, want 409 naming %s", r.status, r.body, tn.user.ID)
	}
	elsewhere := a.customerAccount()
	_, tenantAdmin := a.principal(&elsewhere.ID, client.PermUsersWrite)
	if r := tenantAdmin.do("POST", "/users", client.UserCreateRequest{Login: tn.login, MFAMethod: client.MFAMethodNone}); r.status != 409 ||
		strings.Contains(string(r.body), tn.account.ID) || strings.Contains(string(r.body), tn.user.ID) {
		t.Errorf("another tenant creating a hidden user's login: %d %s, want a plain 409", r.status, r.body)
	}
	for _, method := range []string{"PATCH", "DELETE"} {
		var body any
		if method == "PATCH" {
			body = client.CustomerAccountUpdateRequest{Description: ptr("x")}
		}
		if r := other.do(method, "/customer-accounts/"+tn.account.ID, body); r.status != 409 || !strings.Contains(r.problem().Detail, "restore") {
			t.Errorf("%s of a pending account: %d %s, want 409 saying restore", method, r.status, r.body)
		}
	}

	restored := must[client.CustomerAccount](other, 200, "POST", "/customer-accounts/"+tn.account.ID+"/restore", nil, "Idempotency-Key", "restore-1")
	if restored.Status != client.CustomerAccountActive || restored.PurgeAfter != nil {
		t.Errorf("restored: %+v", restored)
	}
	if after := accountContents(t, a, tn, g.ID); !maps.Equal(before, after) {
		for k := range before {
			if before[k] != after[k] {
				t.Errorf("GET %s after the restore:\n%s\nbefore the delete:\n%s", k, after[k], before[k])
			}
		}
	}
	must[client.User](other.as(tn.token), 200, "GET", "/users/"+tn.user.ID, nil)
	if r := other.do("POST", "/customer-accounts/"+tn.account.ID+"/restore", nil); r.status != 409 {
		t.Errorf("restore of an active account: %d, want 409", r.status)
	}
	events := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity_id="+tn.account.ID, nil)
	var actions []string
	for _, e := range events.Items {
		actions = append(actions, e.Action)
	}
	if !slices.Contains(actions, "delete") || !slices.Contains(actions, "restore") {
		t.Errorf("audit actions %v, want a delete and a restore", actions)
	}
}

func TestRestoreGivesBackTheSuspension(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{DeletionGrace: time.Hour})
	acc := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Suspended"), Status: client.CustomerAccountSuspended})
	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+acc.ID, nil)
	if got := must[client.CustomerAccount](a, 200, "POST", "/customer-accounts/"+acc.ID+"/restore", nil); got.Status != client.CustomerAccountSuspended {
		t.Errorf("restored status %q, want suspended", got.Status)
	}
}

// TestSuspendedResellerClosesItsSubtree: the users of every account below a
// suspended reseller are refused, saying which reseller, until it resumes;
// the accounts below keep their own status.
func TestSuspendedResellerClosesItsSubtree(t *testing.T) {
	_, a := startParallel(t)
	reseller := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Reseller"), Reseller: true})
	child := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Below"), ParentID: &reseller.ID})
	u := a.user(client.UserCreateRequest{CustomerAccountID: &child.ID, Password: goodPassword})
	token := a.tokenFor(u.ID)
	login := client.LoginRequest{Login: u.Login, Password: goodPassword}

	suspended := client.CustomerAccountSuspended
	must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+reseller.ID, client.CustomerAccountUpdateRequest{Status: &suspended})
	wantRefused(t, a.as("").do("POST", "/auth/login", login), "sign-in below a suspended reseller", "below reseller account "+reseller.ID)
	wantRefused(t, a.as(token).do("GET", "/users/"+u.ID, nil), "a token below a suspended reseller", "which is suspended")
	if got := must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+child.ID, nil); got.Status != client.CustomerAccountActive {
		t.Errorf("the account below has status %q, want its own, active", got.Status)
	}

	active := client.CustomerAccountActive
	must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+reseller.ID, client.CustomerAccountUpdateRequest{Status: &active})
	must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", login)
	must[client.User](a.as(token), 200, "GET", "/users/"+u.ID, nil)
}

// TestPendingDeletionKeepsTheTreeWhole: a reseller is deleted (pending) only
// once nothing is below it, and nothing is placed below a reseller pending
// deletion, so a purge never leaves accounts without their parent and a
// restore is exact.
func TestPendingDeletionKeepsTheTreeWhole(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{DeletionGrace: time.Hour})
	reseller := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Reseller"), Reseller: true})
	child := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Below"), ParentID: &reseller.ID})

	// The child pending deletion still holds its place below the reseller.
	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+child.ID, nil)
	if r := a.do("DELETE", "/customer-accounts/"+reseller.ID, nil); r.status != http.StatusConflict ||
		!strings.Contains(r.problem().Detail, child.ID) {
		t.Errorf("deleting a reseller with a pending account below it: %d %s, want 409 naming %s", r.status, r.body, child.ID)
	}

	// With the child restored and moved away, the reseller goes pending, and
	// nothing moves below it.
	must[client.CustomerAccount](a, 200, "POST", "/customer-accounts/"+child.ID+"/restore", nil)
	must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+child.ID, map[string]any{"parent_id": nil})
	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+reseller.ID, nil)
	r := a.do("PATCH", "/customer-accounts/"+child.ID, map[string]any{"parent_id": reseller.ID})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "parent_id") || !strings.Contains(string(r.body), "pending deletion") {
		t.Errorf("moving below a reseller pending deletion: %d %s, want 422 on parent_id saying it is pending deletion", r.status, r.body)
	}
}

func TestSweeperPurgesExactlyTheExpiredAccounts(t *testing.T) {
	t.Parallel()
	clock := server.NewFakeClock()
	const grace = time.Hour
	opts := testserver.Options{Now: clock.Now, DeletionGrace: grace}
	ts, a := start(t, opts)
	sweepers := []*server.Server{ts.Handler.(*server.Server)}
	if pgtest.Postgres() { // a second replica sweeps the same database
		opts.DB = ts.DBPath
		sweepers = append(sweepers, testserver.Start(t, opts).Handler.(*server.Server))
	}
	pool := must[client.LicensePool](a, 200, "GET", "/license-pool", nil)

	expired := newTenant(t, a)
	populate(t, a, expired)
	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+expired.account.ID, nil)
	clock.Advance(30 * time.Minute)
	later := a.customerAccount()
	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+later.ID, nil)
	restored := a.customerAccount()
	must[struct{}](a, 204, "DELETE", "/customer-accounts/"+restored.ID, nil)
	must[client.CustomerAccount](a, 200, "POST", "/customer-accounts/"+restored.ID+"/restore", nil)
	active := a.customerAccount()
	clock.Advance(30 * time.Minute) // expired's purge_after, exactly

	var purged atomic.Int64
	var wg sync.WaitGroup
	for _, s := range sweepers {
		wg.Go(func() {
			n, err := s.PurgeExpiredDeletions(t.Context())
			if err != nil {
				t.Error(err)
			}
			purged.Add(int64(n))
		})
	}
	wg.Wait()
	if purged.Load() != 1 {
		t.Errorf("the sweepers purged %d accounts, want 1", purged.Load())
	}
	if r := a.do("GET", "/customer-accounts/"+expired.account.ID, nil); r.status != 404 {
		t.Errorf("the expired account after the sweep: %d, want 404", r.status)
	}
	for _, id := range []string{later.ID, restored.ID, active.ID} {
		must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+id, nil)
	}
	if got := must[client.LicensePool](a, 200, "GET", "/license-pool", nil); !slices.Equal(got.Items, pool.Items) {
		t.Errorf("the pool after the purge:\n%+v\nwant every licence freed:\n%+v", got.Items, pool.Items)
	}
	if r := a.do("GET", "/users/"+expired.user.ID, nil); r.status != 404 {
		t.Errorf("a purged user: %d, want 404", r.status)
	}
	if n, err := sweepers[0].PurgeExpiredDeletions(t.Context()); err != nil || n != 0 {
		t.Errorf("a second sweep purged %d (%v), want 0", n, err)
	}
	// The name is free again.
	must[client.CustomerAccount](a, 201, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: expired.account.Name})
}
