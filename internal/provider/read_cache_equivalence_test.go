package provider

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestBatchedListMatchesGet: a Read served from a list page must set
// exactly what a GET by id would, or a batched plan would show changes
// that are not there. For every batched kind, through the very readers the
// resources use, the object a snapshot serves equals the GET answer, field
// for field and version for version, for the administrator and for a
// principal that reads personal data masked.
func TestBatchedListMatchesGet(t *testing.T) {
	srv := testserver.Start(t, testserver.Options{})
	ctx := context.Background()
	admin, err := client.New(srv.URL, srv.Token, client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	acc, err := admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme", Description: "d", Reseller: true})
	must(acc, err)
	lq, err := admin.LicenseQuotas.Create(ctx, &client.LicenseQuotaCreateRequest{CustomerAccountID: acc.ID, LicenseType: client.LicenseTypeWorkstation, Quota: 5})
	must(lq, err)
	sl, err := admin.StorageLimits.Create(ctx, &client.StorageLimitCreateRequest{Name: "Small", LimitGB: 10})
	must(sl, err)
	sa, err := admin.StorageAccounts.Create(ctx, &client.StorageAccountCreateRequest{Name: "Wasabi", Type: client.StorageTypeWasabi,
		AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "secret-never-returned"})
	must(sa, err)
	co, err := admin.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "Acme Ops", CustomerAccountID: &acc.ID, StorageLimitID: &sl.ID})
	must(co, err)
	mspCo, err := admin.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "MSP Ops"})
	must(mspCo, err)
	alice, err := admin.Users.Create(ctx, &client.UserCreateRequest{Login: "alice", Email: "alice@acme.example", FirstName: "Alice",
		LastName: "Archer", DisplayName: "Alice A", MobilePhone: "+441632960961", NotificationEmails: []string{"it@acme.example"},
		CustomerAccountID: &acc.ID, CompanyID: &co.ID, StorageAccountID: &sa.ID, Bucket: "b", StorageLimitID: &sl.ID,
		MFAMethod: client.MFAMethodNone})
	must(alice, err)
	// A changed object has a version above 1: the list must carry it too.
	first := "Alicia"
	must(admin.Users.Update(ctx, alice.ID, &client.UserUpdateRequest{FirstName: &first}))
	maskTrue := true
	viewer, err := admin.Users.Create(ctx, &client.UserCreateRequest{Login: "viewer", MaskData: &maskTrue, MFAMethod: client.MFAMethodNone})
	must(viewer, err)
	grp, err := admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Readers", Permissions: []string{
		client.PermCustomerAccountsRead, client.PermCompaniesRead, client.PermStorageRead, client.PermUsersRead,
		client.PermGroupsRead, client.PermLicensesRead}})
	must(grp, err)
	must(admin.Groups.AddMember(ctx, grp.ID, viewer.ID))
	must(admin.Groups.AddMember(ctx, grp.ID, alice.ID))
	la, err := admin.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: alice.ID,
		LicenseType: client.LicenseTypeWorkstation, Quantity: 2})
	must(la, err)
	tok, err := admin.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "viewer", UserID: viewer.ID})
	must(tok, err)

	for _, p := range []struct {
		name, token string
	}{{"administrator", srv.Token}, {"masked viewer", tok.Token}} {
		t.Run(p.name, func(t *testing.T) {
			c, err := client.New(srv.URL, p.token, client.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			var requests recordingTransport
			pc, err := client.New(srv.URL, p.token, client.WithMaxRetries(0),
				client.WithHTTPClient(&http.Client{Transport: &requests}))
			if err != nil {
				t.Fatal(err)
			}
			if u, err := c.Users.Get(ctx, alice.ID); err != nil || (u.Email == alice.Email) != (p.token == srv.Token) {
				t.Fatalf("alice reads as %v (%v): not the masking this test needs", u, err)
			}
			byID := readers{client: c}                            // no cache: a GET by id
			batched := readers{client: pc, cache: newReadCache()} // served from a page
			for _, tc := range []struct {
				kind string
				read func(r readers) (any, error)
			}{
				{"customer account", func(r readers) (any, error) { return r.customerAccount(ctx, acc.ID) }},
				{"company", func(r readers) (any, error) { return r.company(ctx, acc.ID, co.ID) }},
				{"company at MSP level", func(r readers) (any, error) { return r.company(ctx, "", mspCo.ID) }},
				{"storage account", func(r readers) (any, error) { return r.storageAccount(ctx, sa.ID) }},
				{"storage limit", func(r readers) (any, error) { return r.storageLimit(ctx, sl.ID) }},
				// Before any users' page: through the group's and the user's lists.
				{"group member of a user not listed yet", func(r readers) (any, error) { return r.groupMember(ctx, grp.ID, alice.ID) }},
				{"licence assignment of a user not listed yet", func(r readers) (any, error) { return r.licenseAssignment(ctx, alice.ID, la.ID) }},
				{"user", func(r readers) (any, error) { return r.user(ctx, acc.ID, alice.ID) }},
				{"MSP staff user", func(r readers) (any, error) { return r.user(ctx, "", viewer.ID) }},
				{"group", func(r readers) (any, error) { return r.group(ctx, grp.ID) }},
				// After it: from what the customer account's users' page
				// included, with no request of their own.
				{"group member", func(r readers) (any, error) { return r.groupMember(ctx, grp.ID, alice.ID) }},
				{"licence assignment", func(r readers) (any, error) { return r.licenseAssignment(ctx, alice.ID, la.ID) }},
				{"licence quota", func(r readers) (any, error) { return r.licenseQuota(ctx, lq.ID) }},
			} {
				want, err := tc.read(byID)
				if err != nil {
					t.Fatalf("%s by id: %v", tc.kind, err)
				}
				got, err := tc.read(batched)
				if err != nil {
					t.Fatalf("%s from a page: %v", tc.kind, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: a page serves\n%+v\nbut the GET answers\n%+v", tc.kind, got, want)
				}
			}
			// Everything above was served from pages, with no GET by id
			// (which would make the comparison vacuous): one per kind and
			// parent, the account's memberships and assignments in its
			// users' page.
			if n := len(requests.seen()); n != 11 {
				t.Errorf("%d requests %q, want 11 list pages", n, requests.seen())
			}
			for _, r := range requests.seen() {
				if !strings.Contains(r, "page_size=") {
					t.Errorf("%s: not a list page", r)
				}
			}
		})
	}
}

// recordingTransport records the requests it sends, as "METHOD path?query".
type recordingTransport struct {
	mu       sync.Mutex
	requests []string
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.requests = append(rt.requests, req.Method+" "+req.URL.RequestURI())
	rt.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (rt *recordingTransport) seen() []string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([]string(nil), rt.requests...)
}
