package server_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestIdempotencyKey(t *testing.T) {
	_, a := startParallel(t)
	body := client.CustomerAccountCreateRequest{Name: "Idem Ltd"}
	first := a.do("POST", "/customer-accounts", body, "Idempotency-Key", "k-1")
	again := a.do("POST", "/customer-accounts", body, "Idempotency-Key", "k-1")
	if first.status != 201 || again.status != 201 || string(first.body) != string(again.body) {
		t.Fatalf("replay differs: %d %s / %d %s", first.status, first.body, again.status, again.body)
	}
	if again.header.Get("Idempotent-Replayed") != "true" || again.header.Get("ETag") != first.header.Get("ETag") ||
		again.header.Get("Location") == "" {
		t.Errorf("replay headers: %v", again.header)
	}
	list := must[client.Page[client.CustomerAccount]](a, 200, "GET", "/customer-accounts?name=idem%20ltd", nil)
	if len(list.Items) != 1 {
		t.Errorf("%d accounts created, want 1", len(list.Items))
	}
	other := a.do("POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: "Other"}, "Idempotency-Key", "k-1")
	if other.status != http.StatusUnprocessableEntity {
		t.Errorf("same key, other body: %d %s", other.status, other.body)
	}
	// Another principal's key space is its own.
	_, staff := a.principal(nil, client.PermCustomerAccountsWrite)
	if r := staff.do("POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: "Staff Ltd"}, "Idempotency-Key", "k-1"); r.status != 201 {
		t.Errorf("other principal, same key: %d %s", r.status, r.body)
	}
	// Secrets come back on a replay (sealed at rest).
	u := a.user(client.UserCreateRequest{})
	tb := client.APITokenCreateRequest{Name: "retry", UserID: u.ID}
	t1 := must[client.APIToken](a, 201, "POST", "/tokens", tb, "Idempotency-Key", "tok-1")
	t2 := must[client.APIToken](a, 201, "POST", "/tokens", tb, "Idempotency-Key", "tok-1")
	if t1.Token == "" || t1.Token != t2.Token || t1.ID != t2.ID {
		t.Errorf("token replay: %q/%s vs %q/%s", t1.Token, t1.ID, t2.Token, t2.ID)
	}
	// A failed request is not remembered: fixing it with the same key works.
	if r := a.do("POST", "/storage-limits", client.StorageLimitCreateRequest{Name: "L"}, "Idempotency-Key", "fix"); r.status != 422 {
		t.Fatalf("invalid limit: %d", r.status)
	}
	if r := a.do("POST", "/storage-limits", client.StorageLimitCreateRequest{Name: "L", LimitGB: 5}, "Idempotency-Key", "fix2"); r.status != 201 {
		t.Errorf("valid limit: %d %s", r.status, r.body)
	}
}

func TestIfMatch(t *testing.T) {
	_, a := startParallel(t)
	acc := a.customerAccount()
	get := a.do("GET", "/customer-accounts/"+acc.ID, nil)
	if get.header.Get("ETag") != `"1"` {
		t.Errorf("ETag %q", get.header.Get("ETag"))
	}
	r := a.do("PATCH", "/customer-accounts/"+acc.ID, client.CustomerAccountUpdateRequest{Description: ptr("v2")}, "If-Match", `"1"`)
	if r.status != 200 || r.header.Get("ETag") != `"2"` {
		t.Fatalf("matching If-Match: %d %v", r.status, r.header)
	}
	if r := a.do("PATCH", "/customer-accounts/"+acc.ID, client.CustomerAccountUpdateRequest{Description: ptr("v3")}, "If-Match", `"1"`); r.status != http.StatusPreconditionFailed {
		t.Errorf("stale PATCH: %d", r.status)
	}
	if r := a.do("DELETE", "/customer-accounts/"+acc.ID, nil, "If-Match", `"1"`); r.status != http.StatusPreconditionFailed {
		t.Errorf("stale DELETE: %d", r.status)
	}
	got := must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+acc.ID, nil)
	if got.Description != "v2" {
		t.Errorf("a stale write changed the entity: %q", got.Description)
	}
	if r := a.do("DELETE", "/customer-accounts/"+acc.ID, nil, "If-Match", `"2"`); r.status != 204 {
		t.Errorf("matching DELETE: %d", r.status)
	}
}

// If-Match compares strongly (RFC 9110 section 13.1.1): only "*" or the
// exact quoted ETag matches; a weak tag of the same version is refused like
// a stale one, so no change is made from a version the client cannot prove.
func TestIfMatchComparesStrongly(t *testing.T) {
	_, a := startParallel(t)
	tests := []struct {
		ifMatch []string // header lines
		status  int
	}{
		{[]string{`"1"`}, 200},
		{[]string{`*`}, 200},
		{[]string{`"7", "1"`}, 200},
		{[]string{`"7"`, `"1"`}, 200}, // two header lines are one list
		{[]string{`W/"1"`}, http.StatusPreconditionFailed},
		{[]string{`W/"1", W/"7"`}, http.StatusPreconditionFailed},
		{[]string{`1`}, http.StatusPreconditionFailed}, // not an entity tag: unquoted
		{[]string{`"01"`}, http.StatusPreconditionFailed},
	}
	for _, tt := range tests {
		acc := a.customerAccount()
		req := client.CustomerAccountUpdateRequest{Description: ptr("changed")}
		var headers []string
		for _, v := range tt.ifMatch {
			headers = append(headers, "If-Match", v)
		}
		r := a.do("PATCH", "/customer-accounts/"+acc.ID, req, headers...)
		if r.status != tt.status {
			t.Errorf("If-Match %q: %d %s, want %d", tt.ifMatch, r.status, r.body, tt.status)
		}
		if strings.HasPrefix(tt.ifMatch[0], "W/") && !strings.Contains(r.problem().Detail, "weak entity tag") {
			t.Errorf("If-Match %q: the refusal does not say why: %q", tt.ifMatch, r.problem().Detail)
		}
		got := must[client.CustomerAccount](a, 200, "GET", "/customer-accounts/"+acc.ID, nil)
		if changed := got.Description == "changed"; changed != (tt.status == 200) {
			t.Errorf("If-Match %q: changed %v, answered %d", tt.ifMatch, changed, r.status)
		}
	}
	// DELETE follows the same rule.
	acc := a.customerAccount()
	if r := a.do("DELETE", "/customer-accounts/"+acc.ID, nil, "If-Match", `W/"1"`); r.status != http.StatusPreconditionFailed {
		t.Errorf("DELETE with a weak tag: %d", r.status)
	}
}

func TestRequestErrors(t *testing.T) {
	ts, a := startParallel(t)
	send := func(contentType, body string) *resp {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/customer-accounts", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ts.Token)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var p client.Problem
		_ = jsonDecode(res.Body, &p)
		return &resp{status: res.StatusCode, header: res.Header, body: []byte(p.Detail)}
	}
	tests := []struct {
		name, contentType, body string
		status                  int
		detail                  string
	}{
		{"malformed", "application/json", `{"name":`, 400, "malformed JSON"},
		{"unknown field", "application/json", `{"name":"x","colour":"red"}`, 400, `unknown field "colour"`},
		{"wrong type", "application/json", `{"name":5}`, 400, `"name"`},
		{"not JSON", "text/plain", `name=x`, 415, "application/json"},
		{"no content type", "", `{"name":"x"}`, 415, "application/json"},
		{"too large", "application/json", `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, 413, "larger than"},
		{"empty", "application/json", ``, 400, "empty"},
	}
	for _, tt := range tests {
		r := send(tt.contentType, tt.body)
		if r.status != tt.status || !strings.Contains(string(r.body), tt.detail) {
			t.Errorf("%s: %d %q, want %d containing %q", tt.name, r.status, r.body, tt.status, tt.detail)
		}
	}
	if r := a.do("GET", "/users?nmae=x", nil); r.status != 400 || !strings.Contains(r.problem().Detail, `"nmae"`) {
		t.Errorf("unknown filter: %d %s", r.status, r.body)
	}
	for _, q := range []string{"page_size=0", "page_size=1001", "page_token=garbage", "enabled=maybe"} {
		if r := a.do("GET", "/users?"+q, nil); r.status != 422 {
			t.Errorf("%s: %d", q, r.status)
		}
	}
	if r := a.do("GET", "/nothing-here", nil); r.status != 404 || r.header.Get("Content-Type") != client.ProblemContentType {
		t.Errorf("unknown path: %d %v", r.status, r.header)
	}
}

func TestPaginationWalksEveryPageWithFilters(t *testing.T) {
	_, a := startParallel(t)
	accA, accB := a.customerAccount(), a.customerAccount()
	var want []string
	for i := range 23 {
		u := a.user(client.UserCreateRequest{Login: fmt.Sprintf("page-%02d", i), CustomerAccountID: &accA.ID, Enabled: ptr(i%3 != 0)})
		if i%3 != 0 {
			want = append(want, u.ID)
		}
		a.user(client.UserCreateRequest{CustomerAccountID: &accB.ID})
	}
	var got []string
	token, pages := "", 0
	for {
		path := "/users?page_size=4&enabled=true&customer_account_id=" + accA.ID
		if token != "" {
			path += "&page_token=" + token
		}
		page := must[client.Page[client.User]](a, 200, "GET", path, nil)
		pages++
		for _, u := range page.Items {
			got = append(got, u.ID)
		}
		if page.NextPageToken == "" {
			break
		}
		if len(page.Items) != 4 {
			t.Errorf("a non-last page has %d items", len(page.Items))
		}
		token = page.NextPageToken
	}
	if !slices.Equal(got, want) {
		t.Errorf("walked %d users %v, want %d in creation order", len(got), got, len(want))
	}
	if pages != 4 { // 15 users, 4 a page, no empty last page
		t.Errorf("%d pages, want 4", pages)
	}
}

func TestDeleteRefusedWhileReferenced(t *testing.T) {
	_, a := startParallel(t)
	acc := a.customerAccount()
	lim := must[client.StorageLimit](a, 201, "POST", "/storage-limits", client.StorageLimitCreateRequest{Name: "100 GB", LimitGB: 100})
	sa := must[client.StorageAccount](a, 201, "POST", "/storage-accounts", client.StorageAccountCreateRequest{Name: "Local", Type: "local_filesystem", Endpoint: "/srv/backups"})
	co := must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: "Co", CustomerAccountID: &acc.ID, StorageLimitID: &lim.ID})
	u := a.user(client.UserCreateRequest{CustomerAccountID: &acc.ID, CompanyID: &co.ID, StorageAccountID: &sa.ID, StorageLimitID: &lim.ID})

	tests := []struct {
		path  string
		names []string
	}{
		{"/customer-accounts/" + acc.ID, []string{"1 company (" + co.ID + ")", "1 user (" + u.ID + ")"}},
		{"/companies/" + co.ID, []string{"1 user (" + u.ID + ")"}},
		{"/storage-accounts/" + sa.ID, []string{u.ID}},
		{"/storage-limits/" + lim.ID, []string{co.ID, u.ID}},
	}
	for _, tt := range tests {
		r := a.do("DELETE", tt.path, nil)
		if r.status != http.StatusConflict {
			t.Errorf("DELETE %s: %d, want 409", tt.path, r.status)
			continue
		}
		for _, n := range tt.names {
			if !strings.Contains(r.problem().Detail, n) {
				t.Errorf("DELETE %s: %q does not name %s", tt.path, r.problem().Detail, n)
			}
		}
		must[map[string]any](a, 200, "GET", tt.path, nil) // still there
	}
	a.do("DELETE", "/users/"+u.ID, nil)
	for _, tt := range tests {
		if r := a.do("DELETE", tt.path, nil); r.status != 204 && !strings.HasPrefix(tt.path, "/customer-accounts") && !strings.HasPrefix(tt.path, "/storage-limits") {
			t.Errorf("DELETE %s after the user left: %d %s", tt.path, r.status, r.body)
		}
	}
}

func TestBuiltInAdministratorsGroup(t *testing.T) {
	_, a := startParallel(t)
	g := must[client.Group](a, 200, "GET", "/groups/grp_administrators", nil)
	// Every permission of the catalogue, those added since the group was
	// seeded (by a migration) included.
	catalogue := slices.Sorted(slices.Values(client.Permissions))
	if !g.BuiltIn || g.Name != "Administrators" || !slices.Equal(slices.Sorted(slices.Values(g.Permissions)), catalogue) {
		t.Fatalf("Administrators: %+v, want the permissions %v", g, catalogue)
	}
	if r := a.do("PATCH", "/groups/"+g.ID, client.GroupUpdateRequest{Description: ptr("mine")}); r.status != 409 {
		t.Errorf("PATCH: %d", r.status)
	}
	if r := a.do("DELETE", "/groups/"+g.ID, nil); r.status != 409 || !strings.Contains(r.problem().Detail, "built-in") {
		t.Errorf("DELETE: %d %s", r.status, r.body)
	}
	if r := a.do("POST", "/groups", client.GroupCreateRequest{Name: "ADMINISTRATORS", Permissions: []string{}}); r.status != 409 {
		t.Errorf("case-insensitive duplicate name: %d", r.status)
	}
	r := a.do("POST", "/groups", client.GroupCreateRequest{Name: "x", Permissions: []string{"users:read", "users:read", "fly"}})
	if r.status != 422 || len(r.problem().Errors) != 2 {
		t.Errorf("bad permissions: %d %s", r.status, r.body)
	}
	sorted := must[client.Group](a, 201, "POST", "/groups", client.GroupCreateRequest{Name: "y", Permissions: []string{"users:write", "audit:read"}})
	if !slices.Equal(sorted.Permissions, []string{"audit:read", "users:write"}) {
		t.Errorf("permissions not sorted: %v", sorted.Permissions)
	}
}

func TestAuditEventsNameFieldsNeverValues(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{Login: "audited", Password: goodPassword, FirstName: "Zed"})
	must[client.User](a, 200, "PATCH", "/users/"+u.ID, client.UserUpdateRequest{FirstName: ptr("Zoe"), Password: ptr("another long password")})
	must[client.User](a, 200, "PATCH", "/users/"+u.ID, client.UserUpdateRequest{FirstName: ptr("Zoe")}) // no change, no event
	page := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity=user&entity_id="+u.ID, nil)
	if len(page.Items) != 2 {
		t.Fatalf("%d events, want 2: %+v", len(page.Items), page.Items)
	}
	c, p := page.Items[0], page.Items[1]
	if c.Action != "create" || c.Actor != "bootstrap" || !slices.Contains(c.Fields, "password") || !slices.Contains(c.Fields, "login") {
		t.Errorf("create event %+v", c)
	}
	if p.Action != "update" || !slices.Equal(p.Fields, []string{"first_name", "password"}) {
		t.Errorf("update event %+v", p)
	}
	raw := a.do("GET", "/audit-events", nil).body
	for _, secret := range []string{goodPassword, "another long password", "Zoe", "Zed"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("audit log holds the value %q", secret)
		}
	}
}

// TestListPrefixFilters: name_prefix and login_prefix match the start of a
// name or login, ignoring letter case as the exact filters do, and take LIKE's
// wildcards literally. terraform query's list resources filter with them.
func TestListPrefixFilters(t *testing.T) {
	_, a := startParallel(t)
	for _, name := range []string{"Prefix Acme Ltd", "PREFIX ACME North", "Prefix_Bolt", "Prefixx Bolt", "Other Acme"} {
		must[client.CustomerAccount](a, 201, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: name})
	}
	for _, login := range []string{"pfx.alice@acme.example", "PFX.Bob@acme.example", "pfx_carol@acme.example", "pfx%dave@acme.example"} {
		a.user(client.UserCreateRequest{Login: login})
	}
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/customer-accounts?name_prefix=prefix%20acme", []string{"Prefix Acme Ltd", "PREFIX ACME North"}},
		{"/customer-accounts?name_prefix=Prefix_", []string{"Prefix_Bolt"}},
		{"/customer-accounts?name_prefix=Prefix%25", nil},
		{"/customer-accounts?name_prefix=nothing", nil},
		{"/users?login_prefix=PFX.", []string{"pfx.alice@acme.example", "PFX.Bob@acme.example"}},
		{"/users?login_prefix=pfx_", []string{"pfx_carol@acme.example"}},
		{"/users?login_prefix=pfx%25", []string{"pfx%dave@acme.example"}},
	} {
		var got []string
		if strings.HasPrefix(tt.path, "/users") {
			for _, u := range must[client.Page[client.User]](a, 200, "GET", tt.path, nil).Items {
				got = append(got, u.Login)
			}
		} else {
			for _, c := range must[client.Page[client.CustomerAccount]](a, 200, "GET", tt.path, nil).Items {
				got = append(got, c.Name)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("GET %s: %q, want %q", tt.path, got, tt.want)
		}
	}
	for _, path := range []string{"/companies", "/storage-accounts", "/storage-limits", "/groups"} {
		must[client.Page[client.Group]](a, 200, "GET", path+"?name_prefix=x", nil)
	}
	if r := a.do("GET", "/tokens?name_prefix=x", nil); r.status != 400 {
		t.Errorf("tokens take no name_prefix, yet the server answered %d", r.status)
	}
}

// TestListsByCustomerAccount: the licence assignments and the memberships of
// every group filtered on customer_account_id hold exactly those of that
// account's users (a tenant's drift plan reads each in one request), and a
// tenant principal still sees only its own account's whatever it asks.
func TestListsByCustomerAccount(t *testing.T) {
	_, a := startParallel(t)
	accA, accB := a.customerAccount(), a.customerAccount()
	g1 := must[client.Group](a, 201, "POST", "/groups", client.GroupCreateRequest{Name: unique("g1"), Permissions: []string{}})
	g2 := must[client.Group](a, 201, "POST", "/groups", client.GroupCreateRequest{Name: unique("g2"), Permissions: []string{}})
	assignments, memberships := map[string][]string{}, map[string][]string{}
	for _, acc := range []*string{&accA.ID, &accB.ID, nil} {
		key := "msp"
		if acc != nil {
			key = *acc
		}
		for i := range 2 {
			u := a.user(client.UserCreateRequest{CustomerAccountID: acc})
			as := must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "workstation", Quantity: 1})
			assignments[key] = append(assignments[key], as.ID)
			for _, g := range []client.Group{g1, g2}[:i+1] {
				must[client.GroupMember](a, 201, "PUT", "/groups/"+g.ID+"/members/"+u.ID, nil)
				memberships[key] = append(memberships[key], g.ID+"/"+u.ID)
			}
		}
	}
	// The tenant principal is itself a user of A, in a group of its own:
	// its membership is left out of what is compared.
	principal, tenantA := a.principal(&accA.ID, client.PermLicensesRead, client.PermGroupsRead)
	all := append(append(slices.Clone(memberships[accA.ID]), memberships[accB.ID]...), memberships["msp"]...)
	for _, tt := range []struct {
		name string
		as   *api
		path string
		want []string
	}{
		{"assignments of A", a, "/license-assignments?customer_account_id=" + accA.ID, assignments[accA.ID]},
		{"assignments of B", a, "/license-assignments?customer_account_id=" + accB.ID, assignments[accB.ID]},
		{"assignments of A's workstation users", a, "/license-assignments?license_type=workstation&customer_account_id=" + accA.ID, assignments[accA.ID]},
		{"memberships of A", a, "/group-members?customer_account_id=" + accA.ID, memberships[accA.ID]},
		{"memberships of B", a, "/group-members?customer_account_id=" + accB.ID, memberships[accB.ID]},
		{"memberships of every group", a, "/group-members?page_size=1000", all},
		{"memberships of an unknown account", a, "/group-members?customer_account_id=cus_nope", nil},
		{"tenant: its own assignments", tenantA, "/license-assignments?customer_account_id=" + accA.ID, assignments[accA.ID]},
		{"tenant: another account's assignments", tenantA, "/license-assignments?customer_account_id=" + accB.ID, nil},
		{"tenant: every membership it may see", tenantA, "/group-members", memberships[accA.ID]},
		{"tenant: another account's memberships", tenantA, "/group-members?customer_account_id=" + accB.ID, nil},
	} {
		var got []string
		if strings.HasPrefix(tt.path, "/group-members") {
			for _, m := range must[client.Page[client.GroupMember]](tt.as, 200, "GET", tt.path, nil).Items {
				if m.UserID != principal.ID {
					got = append(got, m.GroupID+"/"+m.UserID)
				}
			}
		} else {
			for _, as := range must[client.Page[client.LicenseAssignment]](tt.as, 200, "GET", tt.path, nil).Items {
				got = append(got, as.ID)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: GET %s: %q, want %q", tt.name, tt.path, got, tt.want)
		}
	}
	if r := a.do("GET", "/group-members?user_id=x", nil); r.status != 400 {
		t.Errorf("the memberships of every group take no user_id, yet the server answered %d", r.status)
	}
}
