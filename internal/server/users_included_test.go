package server_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestListUsersIncluding: a page of users with include carries the
// memberships and licence assignments of exactly the users of the page, as
// their own lists show them, for every reader and page size; an include is
// refused, naming the permission, to a reader that could not list what it
// includes, and a page without include is what it always was.
func TestListUsersIncluding(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{})
	accA, accB := a.customerAccount(), a.customerAccount()
	g1, g2 := a.group(), a.group()
	for _, acc := range []*string{&accA.ID, &accA.ID, &accA.ID, &accB.ID, &accB.ID, nil} {
		u := a.user(client.UserCreateRequest{CustomerAccountID: acc, FirstName: "Given", LastName: "Family"})
		must[client.LicenseAssignment](a, 201, "POST", "/license-assignments",
			client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "workstation", Quantity: 1})
		a.addMember(g1.ID, u.ID)
		if acc != nil && *acc == accA.ID {
			a.addMember(g2.ID, u.ID)
		}
	}
	// A user of A with nothing to include.
	a.user(client.UserCreateRequest{CustomerAccountID: &accA.ID})
	// Readers: the MSP, a tenant of A that may read what is included (a
	// member of a group of its own, which A's pages then include), and
	// one that may read users and memberships but not assignments, whose
	// logins and names are masked.
	_, tenant := a.principal(&accA.ID, client.PermUsersRead, client.PermGroupsRead, client.PermLicensesRead)
	masked, noLicenses := a.principal(nil, client.PermUsersRead, client.PermGroupsRead)
	must[client.User](a, 200, "PATCH", "/users/"+masked.ID, client.UserUpdateRequest{MaskData: ptr(true)})

	const both = "include=group_memberships,license_assignments"
	for _, tt := range []struct {
		name   string
		as     *api
		filter string
	}{
		{"A's users", a, "customer_account_id=" + accA.ID},
		{"B's users", a, "customer_account_id=" + accB.ID},
		{"every user", a, ""},
		{"a tenant's own users", tenant, ""},
		{"a tenant asking for another's", tenant, "customer_account_id=" + accB.ID},
	} {
		for _, size := range []string{"2", "1000"} {
			path := "/users?page_size=" + size + "&" + both
			if tt.filter != "" {
				path += "&" + tt.filter
			}
			token := ""
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatalf("%s: GET %s: no last page", tt.name, path)
				}
				got := must[client.UserPage](tt.as, 200, "GET", path+token, nil)
				plain := must[client.Page[client.User]](tt.as, 200, "GET", strings.Replace(path, "&"+both, "", 1)+token, nil)
				if !equalJSON(got.Items, plain.Items) || got.NextPageToken != plain.NextPageToken {
					t.Errorf("%s: GET %s%s: the page differs from the same page without include", tt.name, path, token)
				}
				if got.Included == nil || got.Included.GroupMemberships == nil || got.Included.LicenseAssignments == nil {
					t.Fatalf("%s: GET %s%s: included %+v, want both lists", tt.name, path, token, got.Included)
				}
				want := ofPageUsers(tt.as, got.Items)
				if !equalJSON(got.Included.GroupMemberships, want.GroupMemberships) {
					t.Errorf("%s: GET %s%s: memberships %+v, want %+v", tt.name, path, token, got.Included.GroupMemberships, want.GroupMemberships)
				}
				if !equalJSON(got.Included.LicenseAssignments, want.LicenseAssignments) {
					t.Errorf("%s: GET %s%s: assignments %+v, want %+v", tt.name, path, token, got.Included.LicenseAssignments, want.LicenseAssignments)
				}
				if got.NextPageToken == "" {
					break
				}
				token = "&page_token=" + got.NextPageToken
			}
		}
	}

	// One include (also as its own parameter) leaves the other out; no
	// include, no included.
	for path, want := range map[string][]string{
		"/users?include=license_assignments":                                   {"license_assignments"},
		"/users?include=group_memberships&include=license_assignments":         {"group_memberships", "license_assignments"},
		"/users?customer_account_id=" + accB.ID + "&include=group_memberships": {"group_memberships"},
		"/users": nil,
	} {
		var page struct {
			Included map[string]json.RawMessage `json:"included"`
		}
		if err := json.Unmarshal(a.do("GET", path, nil).body, &page); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range page.Included {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("GET %s: included %q, want %q", path, keys, want)
		}
	}

	// Refusals: what the reader may not list, and what is not an include.
	for _, tt := range []struct {
		as     *api
		query  string
		status int
		detail string
	}{
		{noLicenses, "include=license_assignments", 403, `missing permission "licenses:read", which include=license_assignments needs`},
		{noLicenses, both, 403, `"licenses:read"`},
		{a, "include=computers", 422, `include: "computers" is not one of group_memberships, license_assignments`},
		{a, "include=", 422, `include: "" is not one of`},
		{a, "include=group_memberships,group_memberships", 422, "include: names group_memberships twice"},
	} {
		r := tt.as.do("GET", "/users?"+tt.query, nil)
		if r.status != tt.status || !strings.Contains(r.problem().Detail, tt.detail) {
			t.Errorf("GET /users?%s: %d %q, want %d naming %q", tt.query, r.status, r.problem().Detail, tt.status, tt.detail)
		}
	}
	// The masked reader's page with memberships is its page without them.
	got := must[client.UserPage](noLicenses, 200, "GET", "/users?include=group_memberships", nil)
	plain := must[client.Page[client.User]](noLicenses, 200, "GET", "/users", nil)
	if !equalJSON(got.Items, plain.Items) || !slices.ContainsFunc(got.Items, func(u client.User) bool { return strings.Contains(u.FirstName, "*") }) {
		t.Errorf("a masked reader's page with include is not its masked page without: %+v", got.Items)
	}
}

// ofPageUsers is what the lists of memberships of every group and of licence
// assignments show the reader of the users.
func ofPageUsers(as *api, users []client.User) client.UserIncluded {
	on := map[string]bool{}
	for _, u := range users {
		on[u.ID] = true
	}
	out := client.UserIncluded{GroupMemberships: []client.GroupMember{}, LicenseAssignments: []client.LicenseAssignment{}}
	for _, m := range must[client.Page[client.GroupMember]](as, 200, "GET", "/group-members?page_size=1000", nil).Items {
		if on[m.UserID] {
			out.GroupMemberships = append(out.GroupMemberships, m)
		}
	}
	for _, l := range must[client.Page[client.LicenseAssignment]](as, 200, "GET", "/license-assignments?page_size=1000", nil).Items {
		if on[l.UserID] {
			out.LicenseAssignments = append(out.LicenseAssignments, l)
		}
	}
	return out
}

func equalJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}
