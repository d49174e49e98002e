package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func poolEntry(t *testing.T, a *api, typ string) client.LicensePoolEntry {
	t.Helper()
	pool := must[client.LicensePool](a, 200, "GET", "/license-pool", nil)
	for _, e := range pool.Items {
		if e.LicenseType == typ {
			return e
		}
	}
	t.Fatalf("no %s in the pool", typ)
	return client.LicensePoolEntry{}
}

func TestConcurrentAssignmentsNeverOversubscribe(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"server": 10}})
	const n = 20
	users := make([]*client.User, n)
	for i := range users {
		users[i] = a.user(client.UserCreateRequest{})
	}
	created := assignInParallel(t, a, users, "server")
	e := poolEntry(t, a, "server")
	if created != 10 || e.Assigned != 10 || e.Available != 0 {
		t.Errorf("created %d, pool %+v; want exactly 10 assigned", created, e)
	}
	r := a.do("POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: users[0].ID, LicenseType: "workstation", Quantity: 1})
	if r.status != 409 || r.problem().Detail != "not enough workstation licences: 1 requested, 0 available (total 0, assigned 0)" {
		t.Errorf("empty pool: %d %s", r.status, r.body)
	}
}

func TestAssignmentRules(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"server": 20}})
	u := a.user(client.UserCreateRequest{})
	as := must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "server", Quantity: 18})
	if r := a.do("POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "server", Quantity: 1}); r.status != 409 {
		t.Errorf("second assignment of one type: %d", r.status)
	}
	r := a.do("PATCH", "/license-assignments/"+as.ID, client.LicenseAssignmentUpdateRequest{Quantity: ptr[int64](21)})
	if r.status != 409 || !strings.Contains(r.problem().Detail, "3 requested, 2 available (total 20, assigned 18)") {
		t.Errorf("growing beyond the pool: %d %s", r.status, r.body)
	}
	must[client.LicenseAssignment](a, 200, "PATCH", "/license-assignments/"+as.ID, client.LicenseAssignmentUpdateRequest{Quantity: ptr[int64](20)})
	if r := a.do("PATCH", "/license-assignments/"+as.ID, client.LicenseAssignmentUpdateRequest{Quantity: ptr[int64](0)}); r.status != 422 {
		t.Errorf("quantity 0: %d", r.status)
	}
	if r := a.do("PUT", "/license-pool/server", client.LicensePoolUpdateRequest{Total: 19}); r.status != 409 {
		t.Errorf("pool below assigned: %d", r.status)
	}
	e := must[client.LicensePoolEntry](a, 200, "PUT", "/license-pool/server", client.LicensePoolUpdateRequest{Total: 25})
	if e.Total != 25 || e.Available != 5 {
		t.Errorf("pool after set: %+v", e)
	}
	_, staff := a.principal(nil, client.PermLicensesWrite)
	if r := staff.do("PUT", "/license-pool/server", client.LicensePoolUpdateRequest{Total: 30}); r.status != 403 {
		t.Errorf("non-bootstrap pool change: %d", r.status)
	}
}

func TestComputersTakeLicencesByTheRules(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"workstation": 3}})
	pooled := a.user(client.UserCreateRequest{})
	strict := a.user(client.UserCreateRequest{LicenseSource: client.LicenseSourceAssignedOnly})
	must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: pooled.ID, LicenseType: "workstation", Quantity: 1})
	sa := must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: strict.ID, LicenseType: "workstation", Quantity: 1})
	pa, sta := a.as(a.tokenFor(pooled.ID)), a.as(a.tokenFor(strict.ID))

	register := func(c *api, name string) *resp {
		return c.do("POST", "/agent/computers", client.ComputerRegisterRequest{Name: name, LicenseType: "workstation"})
	}
	from := func(r *resp) string {
		t.Helper()
		if r.status != 201 {
			t.Fatalf("register: %d %s", r.status, r.body)
		}
		var c client.Computer
		if err := jsonUnmarshal(r.body, &c); err != nil {
			t.Fatal(err)
		}
		return c.LicenseFrom
	}
	if f := from(register(pa, "pc1")); f != "assignment" {
		t.Errorf("first computer from %s, want assignment", f)
	}
	if f := from(register(pa, "pc2")); f != "pool" {
		t.Errorf("second computer from %s, want pool", f)
	}
	if f := from(register(sta, "s1")); f != "assignment" {
		t.Errorf("strict user's first computer from %s", f)
	}
	r := register(sta, "s2")
	if r.status != 409 || !strings.Contains(r.problem().Detail, "no workstation licence available for user "+strict.Login) ||
		!strings.Contains(r.problem().Detail, "assigned_only") {
		t.Errorf("assigned_only beyond its assignment: %d %s", r.status, r.body)
	}
	e := poolEntry(t, a, "workstation")
	if e.Assigned != 2 || e.InUse != 3 || e.Available != 0 {
		t.Errorf("pool %+v, want assigned 2, in use 3, available 0", e)
	}
	if r := register(pa, "pc3"); r.status != 409 {
		t.Errorf("exhausted pool: %d", r.status)
	}
	// Dropping the strict user's assignment is refused while its computer uses it.
	if r := a.do("DELETE", "/license-assignments/"+sa.ID, nil); r.status != 409 {
		t.Errorf("deleting a used assignment of an assigned_only user: %d", r.status)
	}
	// Deleting a computer frees its licence.
	comps := must[client.Page[client.Computer]](a, 200, "GET", "/computers?user_id="+pooled.ID, nil)
	if len(comps.Items) != 2 {
		t.Fatalf("%d computers", len(comps.Items))
	}
	if r := a.do("DELETE", "/computers/"+comps.Items[1].ID, nil); r.status != 204 {
		t.Fatalf("delete computer: %d", r.status)
	}
	if e := poolEntry(t, a, "workstation"); e.Available != 1 || e.InUse != 2 {
		t.Errorf("after delete: %+v", e)
	}
	if r := a.do("POST", "/agent/computers", client.ComputerRegisterRequest{Name: "x", LicenseType: "workstation"}); r.status != http.StatusForbidden {
		t.Errorf("bootstrap registering a computer: %d", r.status)
	}
}
