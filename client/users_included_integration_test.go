package client_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestUsersListIncluding: ListIncluding answers a page of users with the
// memberships and licence assignments of exactly its users, what was not
// asked for is nil, and a token that may not list what it includes gets a
// 403 that names the permission.
func TestUsersListIncluding(t *testing.T) {
	t.Parallel()
	srv, c := start(t, testserver.Options{})
	ctx := t.Context()
	acc, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Included"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Members", Permissions: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	assignmentOf := map[string]string{} // user id -> assignment id
	for i := range 3 {
		u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: fmt.Sprintf("inc%d@included.example", i),
			CustomerAccountID: &acc.ID, MFAMethod: client.MFAMethodNone})
		if err != nil {
			t.Fatal(err)
		}
		a, err := c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "workstation", Quantity: 1})
		if err != nil {
			t.Fatal(err)
		}
		assignmentOf[u.ID] = a.ID
		if _, err := c.Groups.AddMember(ctx, g.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}

	opts := &client.ListOptions{CustomerAccountID: acc.ID, PageSize: 2}
	var seen []string
	for pages := 0; pages == 0 || opts.PageToken != ""; pages++ {
		page, err := c.Users.ListIncluding(ctx, opts, client.IncludeGroupMemberships, client.IncludeLicenseAssignments)
		if err != nil {
			t.Fatal(err)
		}
		if page.Included == nil || len(page.Included.GroupMemberships) != len(page.Items) || len(page.Included.LicenseAssignments) != len(page.Items) {
			t.Fatalf("page %d: %d users, included %+v: want a membership and an assignment of each", pages, len(page.Items), page.Included)
		}
		for i, u := range page.Items {
			m, a := page.Included.GroupMemberships[i], page.Included.LicenseAssignments[i]
			if m.UserID != u.ID || m.GroupID != g.ID || a.UserID != u.ID || a.ID != assignmentOf[u.ID] {
				t.Errorf("user %s: included membership %+v and assignment %+v", u.ID, m, a)
			}
			seen = append(seen, u.ID)
		}
		opts.PageToken = page.NextPageToken
	}
	if len(seen) != 3 {
		t.Errorf("pages held %d users, want 3", len(seen))
	}

	page, err := c.Users.ListIncluding(ctx, &client.ListOptions{CustomerAccountID: acc.ID}, client.IncludeLicenseAssignments)
	if err != nil || page.Included == nil || page.Included.GroupMemberships != nil || len(page.Included.LicenseAssignments) != 3 {
		t.Errorf("ListIncluding(assignments) = %+v, %v: want 3 assignments and no memberships", page, err)
	}
	page, err = c.Users.ListIncluding(ctx, &client.ListOptions{CustomerAccountID: acc.ID})
	if err != nil || page.Included != nil || len(page.Items) != 3 {
		t.Errorf("ListIncluding() = %+v, %v: want the page alone", page, err)
	}

	// A reader of users and groups, not of licences.
	reader, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "reader@msp.example", MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	rg, err := c.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Readers", Permissions: []string{client.PermUsersRead, client.PermGroupsRead}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Groups.AddMember(ctx, rg.ID, reader.ID); err != nil {
		t.Fatal(err)
	}
	tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "reader", UserID: reader.ID})
	if err != nil {
		t.Fatal(err)
	}
	rc := newClient(t, srv, tok.Token)
	_, err = rc.Users.ListIncluding(ctx, nil, client.UserIncludes...)
	if !client.IsForbidden(err) || !strings.Contains(err.Error(), client.PermLicensesRead) {
		t.Errorf("ListIncluding without licenses:read: %v, want 403 naming it", err)
	}
	page, err = rc.Users.ListIncluding(ctx, &client.ListOptions{CustomerAccountID: acc.ID}, client.IncludeGroupMemberships)
	if err != nil || page.Included == nil || len(page.Included.GroupMemberships) != 3 || !slices.ContainsFunc(page.Included.GroupMemberships, func(m client.GroupMember) bool { return m.UserID == seen[0] }) {
		t.Errorf("ListIncluding(memberships) as the reader = %+v, %v", page, err)
	}
}
