package server_test

import (
	"net/http"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestTenantIsolation(t *testing.T) {
	_, a := startParallel(t)
	accA, accB := a.customerAccount(), a.customerAccount()
	userB := a.user(client.UserCreateRequest{CustomerAccountID: &accB.ID})
	coB := must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: "B Co", CustomerAccountID: &accB.ID})
	_, tenant := a.principal(&accA.ID, client.PermUsersRead, client.PermUsersWrite, client.PermCompaniesRead,
		client.PermCustomerAccountsRead, client.PermLicensesWrite, client.PermGroupsRead)
	mine := must[client.User](tenant, 201, "POST", "/users", client.UserCreateRequest{Login: unique("mine"), MFAMethod: "none"})
	if mine.CustomerAccountID == nil || *mine.CustomerAccountID != accA.ID {
		t.Errorf("tenant's new user is in %v, want its own account", mine.CustomerAccountID)
	}

	for _, path := range []string{"/users/" + userB.ID, "/companies/" + coB.ID, "/customer-accounts/" + accB.ID} {
		if r := tenant.do("GET", path, nil); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
	if r := tenant.do("PATCH", "/users/"+userB.ID, client.UserUpdateRequest{FirstName: ptr("x")}); r.status != 404 {
		t.Errorf("PATCH another tenant's user: %d", r.status)
	}
	if r := tenant.do("DELETE", "/users/"+userB.ID, nil); r.status != 404 {
		t.Errorf("DELETE another tenant's user: %d", r.status)
	}
	if r := tenant.do("POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: userB.ID, LicenseType: "server", Quantity: 1}); r.status != 422 {
		t.Errorf("assigning to another tenant's user: %d", r.status)
	}
	if r := tenant.do("POST", "/users", client.UserCreateRequest{Login: unique("x"), MFAMethod: "none", CustomerAccountID: &accB.ID}); r.status != 422 {
		t.Errorf("creating a user in another account: %d", r.status)
	}
	users := must[client.Page[client.User]](tenant, 200, "GET", "/users?page_size=1000", nil)
	for _, u := range users.Items {
		if u.CustomerAccountID == nil || *u.CustomerAccountID != accA.ID {
			t.Errorf("tenant lists user %s of %v", u.ID, u.CustomerAccountID)
		}
	}
	accounts := must[client.Page[client.CustomerAccount]](tenant, 200, "GET", "/customer-accounts", nil)
	if len(accounts.Items) != 1 || accounts.Items[0].ID != accA.ID {
		t.Errorf("tenant lists accounts %v", accounts.Items)
	}
	// Shared entities: readable, writable by MSP staff only.
	must[client.Page[client.Group]](tenant, 200, "GET", "/groups", nil)
	_, tenantWriter := a.principal(&accA.ID, client.PermGroupsWrite)
	if r := tenantWriter.do("POST", "/groups", client.GroupCreateRequest{Name: "g", Permissions: []string{}}); r.status != 403 || r.problem().Detail != "MSP staff only" {
		t.Errorf("tenant creating a group: %d %s", r.status, r.body)
	}
}

func TestMissingPermissionIsNamed(t *testing.T) {
	_, a := startParallel(t)
	_, reader := a.principal(nil, client.PermUsersRead)
	tests := []struct{ method, path, perm string }{
		{"POST", "/users", "users:write"},
		{"GET", "/groups", "groups:read"},
		{"GET", "/audit-events", "audit:read"},
		{"GET", "/outbox", "outbox:read"},
		{"GET", "/license-pool", "licenses:read"},
		{"POST", "/tokens", "tokens:write"},
	}
	for _, tt := range tests {
		r := reader.do(tt.method, tt.path, map[string]any{})
		if r.status != http.StatusForbidden || r.problem().Detail != `missing permission "`+tt.perm+`"` {
			t.Errorf("%s %s: %d %s, want 403 naming %s", tt.method, tt.path, r.status, r.body, tt.perm)
		}
	}
	must[client.Page[client.User]](reader, 200, "GET", "/users", nil)
	perms := must[struct{ Items []client.Permission }](reader, 200, "GET", "/permissions", nil)
	if len(perms.Items) != 16 {
		t.Errorf("%d permissions in the catalogue", len(perms.Items))
	}
}

func TestGroupMembershipCannotEscalate(t *testing.T) {
	_, a := startParallel(t)
	me, ga := a.principal(nil, client.PermGroupsWrite, client.PermGroupsRead, client.PermUsersRead)
	other := a.user(client.UserCreateRequest{})
	if r := ga.do("PUT", "/groups/grp_administrators/members/"+me.ID, nil); r.status != 403 {
		t.Errorf("joining Administrators: %d %s", r.status, r.body)
	}
	small := a.group(client.PermUsersRead)
	if r := ga.do("PUT", "/groups/"+small.ID+"/members/"+other.ID, nil); r.status != 201 {
		t.Errorf("adding to a group it holds: %d %s", r.status, r.body)
	}
	if r := ga.do("PUT", "/groups/"+small.ID+"/members/"+other.ID, nil); r.status != 200 {
		t.Errorf("adding again: %d, want 200", r.status)
	}
	must[client.GroupMember](ga, 200, "GET", "/groups/"+small.ID+"/members/"+other.ID, nil)
	if r := ga.do("DELETE", "/groups/"+small.ID+"/members/"+other.ID, nil); r.status != 204 {
		t.Errorf("remove: %d", r.status)
	}
	if r := ga.do("DELETE", "/groups/"+small.ID+"/members/"+other.ID, nil); r.status != 404 {
		t.Errorf("remove again: %d, want 404", r.status)
	}
}
