package server_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// account creates a customer account below parent (nil: under the MSP).
func (a *api) account(parent *string, reseller bool) *client.CustomerAccount {
	a.t.Helper()
	v := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: unique("Account"), Reseller: reseller, ParentID: parent})
	return &v
}

func accountIDs(items []client.CustomerAccount) []string {
	var ids []string
	for _, v := range items {
		ids = append(ids, v.ID)
	}
	slices.Sort(ids)
	return ids
}

func sorted(ids ...string) []string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return ids
}

// estate is a small tree:
//
//	R (reseller) ── C1, C2, R2 (reseller) ── C3
//	O (a customer of the MSP)
type estate struct {
	r, c1, c2, r2, c3, o *client.CustomerAccount
}

func newEstate(a *api) estate {
	var e estate
	e.r = a.account(nil, true)
	e.c1 = a.account(&e.r.ID, false)
	e.c2 = a.account(&e.r.ID, false)
	e.r2 = a.account(&e.r.ID, true)
	e.c3 = a.account(&e.r2.ID, false)
	e.o = a.account(nil, false)
	return e
}

var tenantAdmin = []string{client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite, client.PermUsersRead,
	client.PermUsersWrite, client.PermLicensesRead, client.PermLicensesWrite, client.PermAuditRead}

func TestResellerUserSeesExactlyItsSubtree(t *testing.T) {
	_, a := startParallel(t)
	e := newEstate(a)
	usersOf := map[string]string{}
	for _, acc := range []*client.CustomerAccount{e.r, e.c1, e.c2, e.r2, e.c3, e.o} {
		usersOf[acc.ID] = a.user(client.UserCreateRequest{CustomerAccountID: &acc.ID}).ID
	}
	tests := []struct {
		name    string
		account *client.CustomerAccount
		sees    []*client.CustomerAccount
	}{
		{"reseller", e.r, []*client.CustomerAccount{e.r, e.c1, e.c2, e.r2, e.c3}},
		{"sub-reseller", e.r2, []*client.CustomerAccount{e.r2, e.c3}},
		{"plain customer below a reseller", e.c1, []*client.CustomerAccount{e.c1}},
		{"plain customer of the MSP", e.o, []*client.CustomerAccount{e.o}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, p := a.principal(&tt.account.ID, tenantAdmin...)
			var want, wantUsers []string
			for _, acc := range tt.sees {
				want = append(want, acc.ID)
			}
			accounts := must[client.Page[client.CustomerAccount]](p, 200, "GET", "/customer-accounts?page_size=1000", nil)
			if got := accountIDs(accounts.Items); !slices.Equal(got, sorted(want...)) {
				t.Errorf("lists accounts %v, want %v", got, sorted(want...))
			}
			users := must[client.Page[client.User]](p, 200, "GET", "/users?page_size=1000", nil)
			for _, u := range users.Items {
				if u.CustomerAccountID == nil || !slices.Contains(want, *u.CustomerAccountID) {
					t.Errorf("lists user %s of account %v", u.ID, u.CustomerAccountID)
				}
			}
			for _, acc := range []*client.CustomerAccount{e.r, e.c1, e.c2, e.r2, e.c3, e.o} {
				wantStatus := http.StatusNotFound
				if slices.Contains(want, acc.ID) {
					wantStatus = http.StatusOK
					wantUsers = append(wantUsers, usersOf[acc.ID])
				}
				if r := p.do("GET", "/customer-accounts/"+acc.ID, nil); r.status != wantStatus {
					t.Errorf("GET account %s: %d, want %d", acc.ID, r.status, wantStatus)
				}
				if r := p.do("GET", "/users/"+usersOf[acc.ID], nil); r.status != wantStatus {
					t.Errorf("GET user of account %s: %d, want %d", acc.ID, r.status, wantStatus)
				}
			}
			for _, id := range wantUsers {
				if !slices.ContainsFunc(users.Items, func(u client.User) bool { return u.ID == id }) {
					t.Errorf("does not list user %s", id)
				}
			}
		})
	}

	// The list filters.
	children := must[client.Page[client.CustomerAccount]](a, 200, "GET", "/customer-accounts?parent_id="+e.r.ID, nil)
	if got := accountIDs(children.Items); !slices.Equal(got, sorted(e.c1.ID, e.c2.ID, e.r2.ID)) {
		t.Errorf("parent_id=%s lists %v", e.r.ID, got)
	}
	subtree := must[client.Page[client.CustomerAccount]](a, 200, "GET", "/customer-accounts?subtree_of="+e.r2.ID, nil)
	if got := accountIDs(subtree.Items); !slices.Equal(got, sorted(e.r2.ID, e.c3.ID)) {
		t.Errorf("subtree_of=%s lists %v", e.r2.ID, got)
	}

	// A reseller's user manages the accounts below its own, not its own
	// and not another's; a plain customer's user manages none.
	_, rp := a.principal(&e.r.ID, tenantAdmin...)
	mine := must[client.CustomerAccount](rp, 201, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: unique("Sub")})
	if mine.ParentID == nil || *mine.ParentID != e.r.ID {
		t.Errorf("a reseller user's new account sits below %v, want its own account", mine.ParentID)
	}
	must[client.CustomerAccount](rp, 200, "PATCH", "/customer-accounts/"+e.c3.ID, client.CustomerAccountUpdateRequest{Description: ptr("renamed by R")})
	if r := rp.do("PATCH", "/customer-accounts/"+e.r.ID, client.CustomerAccountUpdateRequest{Description: ptr("x")}); r.status != 403 ||
		!strings.Contains(r.problem().Detail, "not their own") {
		t.Errorf("a reseller user changing its own account: %d %s", r.status, r.body)
	}
	if r := rp.do("POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: unique("X"), ParentID: &e.o.ID}); r.status != 422 {
		t.Errorf("a reseller user creating below another's account: %d %s", r.status, r.body)
	}
	if r := rp.do("DELETE", "/customer-accounts/"+e.o.ID, nil); r.status != 404 {
		t.Errorf("a reseller user deleting another's account: %d %s", r.status, r.body)
	}
	_, cp := a.principal(&e.c1.ID, tenantAdmin...)
	if r := cp.do("PATCH", "/customer-accounts/"+e.c1.ID, client.CustomerAccountUpdateRequest{Description: ptr("x")}); r.status != 403 {
		t.Errorf("a plain customer's user changing its account: %d %s", r.status, r.body)
	}
	if r := a.do("DELETE", "/customer-accounts/"+e.r2.ID, nil); r.status != 409 || !strings.Contains(r.problem().Detail, e.c3.ID) {
		t.Errorf("deleting a reseller with accounts below it: %d %s", r.status, r.body)
	}
	if r := a.do("PATCH", "/customer-accounts/"+e.r2.ID, client.CustomerAccountUpdateRequest{Reseller: ptr(false)}); r.status != 409 {
		t.Errorf("a reseller with accounts below it stops being one: %d %s", r.status, r.body)
	}
}

func TestRefusedMoves(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"server": 10}})
	e := newEstate(a)
	// Y (reseller, server quota 1) ── Y2 (reseller) ── Y3 (reseller)
	y := a.account(nil, true)
	y2 := a.account(&y.ID, true)
	y3 := a.account(&y2.ID, true)
	must[client.LicenseQuota](a, 201, "POST", "/license-quotas", client.LicenseQuotaCreateRequest{CustomerAccountID: y.ID, LicenseType: "server", Quota: 1})
	u := a.user(client.UserCreateRequest{CustomerAccountID: &e.c1.ID})
	must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "server", Quantity: 2})
	_, rp := a.principal(&e.r.ID, tenantAdmin...)
	_, r2p := a.principal(&e.r2.ID, tenantAdmin...)

	tests := []struct {
		name   string
		as     *api
		move   *client.CustomerAccount
		to     *string
		status int
		detail string
	}{
		{"target inside the moved subtree", a, e.r, &e.c3.ID, 422, "not a reseller"},
		{"target is the moved account's own descendant reseller", a, e.r, &e.r2.ID, 422, "an account cannot move below itself"},
		{"target is the account itself", a, e.r2, &e.r2.ID, 422, "an account cannot move below itself"},
		{"target is not a reseller", a, e.c2, &e.c1.ID, 422, "customer account " + e.c1.ID + " is not a reseller"},
		{"depth beyond three levels", a, e.r2, &y2.ID, 422, "4 levels below the MSP: the tree holds at most 3"},
		{"depth beyond three levels, a leaf below level 3", a, e.c1, &y3.ID, 422, "4 levels below the MSP"},
		{"no rights over the source", r2p, e.r2, &e.r.ID, 403, "not their own"},
		{"no rights over the target", rp, e.c1, &y.ID, 422, "customer account " + y.ID + " not found"},
		{"a reseller user moving to the MSP level", rp, e.c1, nil, 403, "only MSP staff can"},
		{"the target's quota cannot hold what moves", a, e.c1, &y.ID, 409, "holds 2 server licences and licence quota"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := client.CustomerAccountUpdateRequest{ParentID: client.NullableFromPtr(tt.to)}
			for _, path := range []string{"/customer-accounts/" + tt.move.ID + "?dry_run=true", "/customer-accounts/" + tt.move.ID} {
				r := tt.as.do("PATCH", path, req)
				if r.status != tt.status || !strings.Contains(string(r.body), tt.detail) {
					t.Errorf("PATCH %s: %d %s, want %d naming %q", path, r.status, r.body, tt.status, tt.detail)
				}
			}
			after := must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+tt.move.ID, nil)
			if !equalID(after.ParentID, tt.move.ParentID) || after.Version != tt.move.Version {
				t.Errorf("after a refused move the account is below %v at version %d, was below %v at %d",
					after.ParentID, after.Version, tt.move.ParentID, tt.move.Version)
			}
		})
	}
}

// assignInParallel assigns one licence of typ to each user, all at once,
// and answers how many were granted; an answer but 201 or 409 fails t.
func assignInParallel(t *testing.T, a *api, users []*client.User, typ string) int {
	t.Helper()
	statuses := make([]int, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() {
			statuses[i] = a.do("POST", "/license-assignments",
				client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: typ, Quantity: 1}).status
		})
	}
	wg.Wait()
	return countStatuses(t, statuses, 201, 409)[201]
}

func equalID(a, b *string) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func TestMoveKeepsEveryIDAndLogin(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"server": 10, "workstation": 10}})
	r, y := a.account(nil, true), a.account(nil, true)
	c := a.account(&r.ID, true)
	below := a.account(&c.ID, false)
	co := must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: unique("Co"), CustomerAccountID: &c.ID})
	u := a.user(client.UserCreateRequest{CustomerAccountID: &c.ID, CompanyID: &co.ID})
	ub := a.user(client.UserCreateRequest{CustomerAccountID: &below.ID})
	g := a.group(client.PermUsersRead)
	a.addMember(g.ID, u.ID)
	lic := must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: ub.ID, LicenseType: "server", Quantity: 3})
	token := a.tokenFor(u.ID)
	computer := must[client.Computer](a.as(a.tokenFor(ub.ID)), 201, "POST", "/agent/computers", client.ComputerRegisterRequest{Name: "ub-laptop", LicenseType: "server"})
	must[client.LicenseQuota](a, 201, "POST", "/license-quotas", client.LicenseQuotaCreateRequest{CustomerAccountID: y.ID, LicenseType: "server", Quota: 3})
	_, rp := a.principal(&r.ID, tenantAdmin...)
	_, yp := a.principal(&y.ID, tenantAdmin...)

	dry := must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+c.ID+"?dry_run=true", client.CustomerAccountUpdateRequest{ParentID: client.Value(y.ID)})
	if dry.ParentID == nil || *dry.ParentID != y.ID {
		t.Errorf("dry run answers parent %v", dry.ParentID)
	}
	if got := must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+c.ID, nil); !equalID(got.ParentID, &r.ID) {
		t.Fatalf("the dry run moved the account below %v", got.ParentID)
	}

	moved := must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+c.ID, client.CustomerAccountUpdateRequest{ParentID: client.Value(y.ID)})
	if moved.ID != c.ID || !equalID(moved.ParentID, &y.ID) || !moved.Reseller {
		t.Errorf("moved account: %+v", moved)
	}
	for _, want := range []*client.User{u, ub} {
		got := must[client.User](a, 200, "GET", "/users/"+want.ID, nil)
		if got.Login != want.Login || !equalID(got.CustomerAccountID, want.CustomerAccountID) || !equalID(got.CompanyID, want.CompanyID) {
			t.Errorf("user after the move: %+v, was %+v", got, want)
		}
	}
	if got := must[client.LicenseAssignment](a, 200, "GET", "/license-assignments/"+lic.ID, nil); got.Quantity != 3 || got.UserID != ub.ID {
		t.Errorf("assignment after the move: %+v", got)
	}
	members := must[client.Page[client.GroupMember]](a, 200, "GET", "/groups/"+g.ID+"/members", nil)
	if !slices.ContainsFunc(members.Items, func(m client.GroupMember) bool { return m.UserID == u.ID }) {
		t.Errorf("membership lost in the move: %+v", members.Items)
	}
	if got := must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+below.ID, nil); !equalID(got.ParentID, &c.ID) {
		t.Errorf("the account below the moved one now sits below %v", got.ParentID)
	}
	must[client.User](a.as(token), 200, "GET", "/users/"+u.ID, nil) // the moved user's token still works
	if got := must[client.Computer](a, 200, "GET", "/computers/"+computer.ID, nil); got.UserID != ub.ID || got.LicenseFrom != "assignment" {
		t.Errorf("computer after the move: %+v", got)
	}
	quotas := must[client.Page[client.LicenseQuota]](a, 200, "GET", "/license-quotas?customer_account_id="+y.ID, nil)
	if len(quotas.Items) != 1 || quotas.Items[0].Used != 3 {
		t.Errorf("the target's quota after the move: %+v", quotas.Items)
	}

	// Tenancy follows the move at once.
	for _, id := range []string{c.ID, below.ID} {
		if r := rp.do("GET", "/customer-accounts/"+id, nil); r.status != 404 {
			t.Errorf("the old reseller still sees %s: %d", id, r.status)
		}
		must[client.CustomerAccount](yp, 200, "GET", "/customer-accounts/"+id, nil)
	}
	must[client.User](yp, 200, "GET", "/users/"+ub.ID, nil)

	events := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity_id="+c.ID+"&action=update", nil)
	if n := len(events.Items); n != 1 || events.Items[0].MovedFrom != r.ID || events.Items[0].MovedTo != y.ID ||
		!slices.Contains(events.Items[0].Fields, "parent_id") {
		t.Errorf("audit of the move: %+v", events.Items)
	}
	// Back to the MSP level.
	top := must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+c.ID, client.CustomerAccountUpdateRequest{ParentID: client.Null[string]()})
	if top.ParentID != nil {
		t.Errorf("moved to the top, parent %v", top.ParentID)
	}
	events = must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity_id="+c.ID+"&action=update", nil)
	if last := events.Items[len(events.Items)-1]; last.MovedFrom != y.ID || last.MovedTo != "msp" {
		t.Errorf("audit of the move to the top: %+v", last)
	}
}

func TestLicenseQuotaRules(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"server": 100}})
	r := a.account(nil, true)
	r2 := a.account(&r.ID, true)
	c := a.account(&r2.ID, false)
	plain := a.account(nil, false)
	if res := a.do("POST", "/license-quotas", client.LicenseQuotaCreateRequest{CustomerAccountID: plain.ID, LicenseType: "server", Quota: 1}); res.status != 422 ||
		!strings.Contains(res.problem().Errors[0].Message, "is not a reseller") {
		t.Errorf("quota on a plain account: %d %s", res.status, res.body)
	}
	top := must[client.LicenseQuota](a, 201, "POST", "/license-quotas", client.LicenseQuotaCreateRequest{CustomerAccountID: r.ID, LicenseType: "server", Quota: 5})
	mid := must[client.LicenseQuota](a, 201, "POST", "/license-quotas", client.LicenseQuotaCreateRequest{CustomerAccountID: r2.ID, LicenseType: "server", Quota: 8})
	u1 := a.user(client.UserCreateRequest{CustomerAccountID: &c.ID})
	u2 := a.user(client.UserCreateRequest{CustomerAccountID: &r.ID})
	must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u1.ID, LicenseType: "server", Quantity: 4})
	// The level above binds even where the level below has room.
	if res := a.do("POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u2.ID, LicenseType: "server", Quantity: 2}); res.status != 409 ||
		!strings.Contains(res.problem().Detail, "licence quota "+top.ID+" of reseller account "+r.ID+": 2 requested, 1 available (quota 5, used 4)") {
		t.Errorf("assignment beyond the top quota: %d %s", res.status, res.body)
	}
	if got := must[client.LicenseQuota](a, 200, "GET", "/license-quotas/"+mid.ID, nil); got.Used != 4 {
		t.Errorf("mid quota used %d, want 4", got.Used)
	}
	if res := a.do("PATCH", "/license-quotas/"+mid.ID, client.LicenseQuotaUpdateRequest{Quota: ptr[int64](3)}); res.status != 409 ||
		!strings.Contains(res.problem().Detail, "holds 4 already") {
		t.Errorf("quota below used: %d %s", res.status, res.body)
	}
	must[client.LicenseQuota](a, 200, "PATCH", "/license-quotas/"+mid.ID, client.LicenseQuotaUpdateRequest{Quota: ptr[int64](4)})
	// A reseller's user sets quotas below its own account, never its own.
	_, rp := a.principal(&r.ID, tenantAdmin...)
	if res := rp.do("PATCH", "/license-quotas/"+top.ID, client.LicenseQuotaUpdateRequest{Quota: ptr[int64](50)}); res.status != 403 {
		t.Errorf("a reseller user raising its own quota: %d %s", res.status, res.body)
	}
	must[client.LicenseQuota](rp, 200, "PATCH", "/license-quotas/"+mid.ID, client.LicenseQuotaUpdateRequest{Quota: ptr[int64](5)})
	_, r2p := a.principal(&r2.ID, tenantAdmin...)
	if got := must[client.Page[client.LicenseQuota]](r2p, 200, "GET", "/license-quotas", nil); len(got.Items) != 1 || got.Items[0].ID != mid.ID {
		t.Errorf("the sub-reseller lists quotas %+v", got.Items)
	}
	if res := r2p.do("GET", "/license-quotas/"+top.ID, nil); res.status != 404 {
		t.Errorf("the sub-reseller reads the quota above it: %d", res.status)
	}
	must[struct{}](a, 204, "DELETE", "/license-quotas/"+top.ID, nil)
}

// TestConcurrentAssignmentsNeverOversubscribeAQuota: 20 parallel
// assignments against a quota of 10 (the pool has 100) give exactly 10, on
// SQLite and on PostgreSQL (MSPBACKUP_TEST_DB=postgres).
func TestConcurrentAssignmentsNeverOversubscribeAQuota(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"server": 100}})
	r := a.account(nil, true)
	c := a.account(&r.ID, false)
	q := must[client.LicenseQuota](a, 201, "POST", "/license-quotas", client.LicenseQuotaCreateRequest{CustomerAccountID: r.ID, LicenseType: "server", Quota: 10})
	const n = 20
	users := make([]*client.User, n)
	for i := range users {
		acc := r.ID
		if i%2 == 1 {
			acc = c.ID
		}
		users[i] = a.user(client.UserCreateRequest{CustomerAccountID: &acc})
	}
	created := assignInParallel(t, a, users, "server")
	got := must[client.LicenseQuota](a, 200, "GET", "/license-quotas/"+q.ID, nil)
	if created != 10 || got.Used != 10 {
		t.Errorf("created %d, quota %+v; want exactly 10", created, got)
	}
}
