package client_test

// Tests against the real server (internal/testserver), in-process.

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

const testPassword = "correct-horse-battery-staple"

func fastRetries() []client.Option {
	return []client.Option{client.WithRetryWait(time.Millisecond, 20*time.Millisecond), client.WithMaxRetries(3)}
}

// start runs the real server and returns it with an admin client.
func start(t *testing.T, opts testserver.Options) (*testserver.Server, *client.Client) {
	t.Helper()
	srv := testserver.Start(t, opts)
	return srv, newClient(t, srv, srv.Token)
}

func newClient(t *testing.T, srv *testserver.Server, token string, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(srv.URL, token, append(fastRetries(), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// crudService is what every CRUD service offers.
type crudService[T, C, U any] interface {
	Create(context.Context, *C) (*T, error)
	Get(context.Context, string) (*T, error)
	Update(context.Context, string, *U, ...client.RequestOption) (*T, error)
	Delete(context.Context, string, ...client.RequestOption) error
	List(context.Context, *client.ListOptions) (*client.Page[T], error)
	ListAll(context.Context, *client.ListOptions) ([]T, error)
	All(context.Context, *client.ListOptions) iter.Seq2[T, error]
}

var (
	_ crudService[client.User, client.UserCreateRequest, client.UserUpdateRequest]    = (*client.UsersService)(nil)
	_ crudService[client.Group, client.GroupCreateRequest, client.GroupUpdateRequest] = (*client.GroupsService)(nil)
)

// crudCase drives one CRUD service through its whole life cycle.
type crudCase[T, C, U any] struct {
	name   string
	svc    crudService[T, C, U]
	create func(i int) *C
	update *U
	// updated tells whether an entity read after the update holds it.
	updated func(v *T) bool
	// filter selects the entities this case created, for List (none: all).
	filter client.ListOptions
}

// run runs the case as a parallel subtest of t named cc.name.
func (cc crudCase[T, C, U]) run(t *testing.T) {
	t.Run(cc.name, func(t *testing.T) {
		t.Parallel()
		cc.lifeCycle(t)
	})
}

func (cc crudCase[T, C, U]) lifeCycle(t *testing.T) {
	ctx := t.Context()
	const n = 5
	var ids []string
	for i := range n {
		v, err := cc.svc.Create(ctx, cc.create(i))
		if err != nil {
			t.Fatalf("Create %d: %v", i, err)
		}
		m := metaOf(v)
		if m.ID == "" || m.Version < 1 || m.CreatedAt.IsZero() {
			t.Fatalf("Create %d: meta %+v", i, m)
		}
		ids = append(ids, m.ID)
	}

	got, err := cc.svc.Get(ctx, ids[0])
	if err != nil || metaOf(got).ID != ids[0] {
		t.Fatalf("Get = %v, %v", got, err)
	}
	v0 := metaOf(got).Version

	// Paging: 5 entities in pages of 2.
	opts := cc.filter
	opts.PageSize = 2
	page, err := cc.svc.List(ctx, &opts)
	if err != nil || len(page.Items) != 2 || page.NextPageToken == "" {
		t.Fatalf("List page 1 = %+v, %v", page, err)
	}
	all, err := cc.svc.ListAll(ctx, &opts)
	if err != nil {
		t.Fatalf("ListAll: %v", err)
	}
	if gotIDs := metaIDs(all); !containsAll(gotIDs, ids) {
		t.Fatalf("ListAll ids %v lack some of %v", gotIDs, ids)
	}
	var iterated []string
	for v, err := range cc.svc.All(ctx, &opts) {
		if err != nil {
			t.Fatalf("All: %v", err)
		}
		iterated = append(iterated, metaOf(&v).ID)
	}
	if !slices.Equal(iterated, metaIDs(all)) {
		t.Fatalf("All = %v, ListAll = %v", iterated, metaIDs(all))
	}

	// Update under If-Match, then a stale If-Match.
	upd, err := cc.svc.Update(ctx, ids[0], cc.update, client.IfMatch(v0))
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if metaOf(upd).Version <= v0 {
		t.Errorf("version %d after update, was %d", metaOf(upd).Version, v0)
	}
	again, err := cc.svc.Get(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []*T{upd, again} {
		if !cc.updated(v) {
			t.Errorf("after update: %+v", v)
		}
	}
	_, err = cc.svc.Update(ctx, ids[0], cc.update, client.IfMatch(v0))
	if !client.IsPreconditionFailed(err) || !errors.Is(err, client.ErrPreconditionFailed) {
		t.Fatalf("stale Update err = %v, want 412", err)
	}
	if err := cc.svc.Delete(ctx, ids[0], client.IfMatch(v0)); !client.IsPreconditionFailed(err) {
		t.Fatalf("stale Delete err = %v, want 412", err)
	}

	// Delete, with the right version and without one.
	if err := cc.svc.Delete(ctx, ids[0], client.IfMatch(metaOf(upd).Version)); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := cc.svc.Delete(ctx, ids[1]); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	for _, id := range ids[:2] {
		_, err = cc.svc.Get(ctx, id)
		if !client.IsNotFound(err) || !errors.Is(err, client.ErrNotFound) {
			t.Fatalf("Get after Delete err = %v, want 404", err)
		}
		var apiErr *client.Error
		if !errors.As(err, &apiErr) || apiErr.Method != "GET" || !strings.HasSuffix(apiErr.Path, "/"+id) || !strings.Contains(err.Error(), id) {
			t.Errorf("404 error %#v: %q", apiErr, err)
		}
	}
	if err := cc.svc.Delete(ctx, ids[0]); !client.IsNotFound(err) {
		t.Errorf("second Delete err = %v, want 404", err)
	}
	rest, err := cc.svc.ListAll(ctx, &cc.filter)
	if err != nil {
		t.Fatal(err)
	}
	if gotIDs := metaIDs(rest); !containsAll(gotIDs, ids[2:]) || slices.Contains(gotIDs, ids[0]) {
		t.Errorf("after deletes: %v", gotIDs)
	}
}

// metaOf is the Meta that every entity type embeds.
func metaOf[T any](v *T) client.Meta {
	return reflect.ValueOf(v).Elem().FieldByName("Meta").Interface().(client.Meta)
}

func metaIDs[T any](items []T) []string {
	ids := make([]string, 0, len(items))
	for i := range items {
		ids = append(ids, metaOf(&items[i]).ID)
	}
	return ids
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func TestCRUDServices(t *testing.T) {
	t.Parallel()
	_, c := start(t, testserver.Options{})
	ctx := t.Context()

	acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Fixture Account"})
	if err != nil {
		t.Fatal(err)
	}
	var userIDs []string
	for i := range 5 {
		u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: fmt.Sprintf("la-user-%d", i), MFAMethod: client.MFAMethodNone})
		if err != nil {
			t.Fatal(err)
		}
		userIDs = append(userIDs, u.ID)
	}

	crudCase[client.CustomerAccount, client.CustomerAccountCreateRequest, client.CustomerAccountUpdateRequest]{
		name: "customer accounts",
		svc:  c.CustomerAccounts,
		create: func(i int) *client.CustomerAccountCreateRequest {
			return &client.CustomerAccountCreateRequest{Name: fmt.Sprintf("Acme %d", i), Description: "d"}
		},
		update: &client.CustomerAccountUpdateRequest{Description: ptr("changed")},
		updated: func(v *client.CustomerAccount) bool {
			return v.Description == "changed" && strings.HasPrefix(v.Name, "Acme ")
		},
	}.run(t)
	crudCase[client.Company, client.CompanyCreateRequest, client.CompanyUpdateRequest]{
		name: "companies",
		svc:  c.Companies,
		create: func(i int) *client.CompanyCreateRequest {
			return &client.CompanyCreateRequest{Name: fmt.Sprintf("Branch %d", i), CustomerAccountID: &acct.ID}
		},
		update: &client.CompanyUpdateRequest{Name: ptr("Renamed branch")},
		updated: func(v *client.Company) bool {
			return v.Name == "Renamed branch" && v.CustomerAccountID != nil && *v.CustomerAccountID == acct.ID
		},
		filter: client.ListOptions{CustomerAccountID: acct.ID},
	}.run(t)
	crudCase[client.StorageAccount, client.StorageAccountCreateRequest, client.StorageAccountUpdateRequest]{
		name: "storage accounts",
		svc:  c.StorageAccounts,
		create: func(i int) *client.StorageAccountCreateRequest {
			return &client.StorageAccountCreateRequest{
				Name: fmt.Sprintf("s3-%d", i), Type: client.StorageTypeAmazonS3, Region: "eu-west-2",
				AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			}
		},
		update: &client.StorageAccountUpdateRequest{Region: ptr("us-east-1")},
		updated: func(v *client.StorageAccount) bool {
			return v.Region == "us-east-1" && v.Type == client.StorageTypeAmazonS3
		},
	}.run(t)
	crudCase[client.StorageLimit, client.StorageLimitCreateRequest, client.StorageLimitUpdateRequest]{
		name: "storage limits",
		svc:  c.StorageLimits,
		create: func(i int) *client.StorageLimitCreateRequest {
			return &client.StorageLimitCreateRequest{Name: fmt.Sprintf("%d TB", i+1), LimitGB: int64(i+1) * 1024}
		},
		update:  &client.StorageLimitUpdateRequest{LimitGB: ptr(int64(42))},
		updated: func(v *client.StorageLimit) bool { return v.LimitGB == 42 },
	}.run(t)
	crudCase[client.User, client.UserCreateRequest, client.UserUpdateRequest]{
		name: "users",
		svc:  c.Users,
		create: func(i int) *client.UserCreateRequest {
			return &client.UserCreateRequest{
				Login: fmt.Sprintf("Tenant.User%d@Acme.example", i), Email: fmt.Sprintf("user%d@acme.example", i),
				CustomerAccountID: &acct.ID, Password: testPassword,
				NotificationEmails: []string{"b@acme.example", "a@acme.example"},
			}
		},
		update: &client.UserUpdateRequest{FirstName: ptr("Ada"), Enabled: ptr(false)},
		updated: func(v *client.User) bool {
			return v.FirstName == "Ada" && !v.Enabled && slices.Equal(v.NotificationEmails, []string{"b@acme.example", "a@acme.example"})
		},
		filter: client.ListOptions{CustomerAccountID: acct.ID},
	}.run(t)
	crudCase[client.Group, client.GroupCreateRequest, client.GroupUpdateRequest]{
		name: "groups",
		svc:  c.Groups,
		create: func(i int) *client.GroupCreateRequest {
			return &client.GroupCreateRequest{Name: fmt.Sprintf("Helpdesk %d", i), Permissions: []string{client.PermUsersRead}}
		},
		update: &client.GroupUpdateRequest{Permissions: &[]string{client.PermUsersWrite, client.PermUsersRead}},
		updated: func(v *client.Group) bool {
			return slices.Equal(v.Permissions, []string{client.PermUsersRead, client.PermUsersWrite}) && !v.BuiltIn
		},
	}.run(t)
	crudCase[client.LicenseAssignment, client.LicenseAssignmentCreateRequest, client.LicenseAssignmentUpdateRequest]{
		name: "license assignments",
		svc:  c.LicenseAssignments,
		create: func(i int) *client.LicenseAssignmentCreateRequest {
			return &client.LicenseAssignmentCreateRequest{UserID: userIDs[i], LicenseType: client.LicenseTypeServer, Quantity: 2}
		},
		update: &client.LicenseAssignmentUpdateRequest{Quantity: ptr(int64(3))},
		updated: func(v *client.LicenseAssignment) bool {
			return v.Quantity == 3 && v.LicenseType == client.LicenseTypeServer
		},
		filter: client.ListOptions{LicenseType: client.LicenseTypeServer},
	}.run(t)
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	_, c := start(t, testserver.Options{})
	ctx := t.Context()
	acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Globex"})
	if err != nil {
		t.Fatal(err)
	}
	comp, err := c.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "Globex North", CustomerAccountID: &acct.ID})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 7 {
		req := &client.UserCreateRequest{Login: fmt.Sprintf("Globex-%d", i), CustomerAccountID: &acct.ID, MFAMethod: client.MFAMethodNone}
		if i%2 == 0 {
			req.CompanyID = &comp.ID
		}
		if i == 6 {
			req.Enabled = ptr(false)
		}
		if _, err := c.Users.Create(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "staff", MFAMethod: client.MFAMethodNone}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		opts *client.ListOptions
		want int
	}{
		{"account", &client.ListOptions{CustomerAccountID: acct.ID, PageSize: 2}, 7},
		{"company", &client.ListOptions{CompanyID: comp.ID, PageSize: 1}, 4},
		{"login ignores case", &client.ListOptions{Login: "GLOBEX-3"}, 1},
		{"disabled", &client.ListOptions{CustomerAccountID: acct.ID, Enabled: ptr(false)}, 1},
		{"enabled", &client.ListOptions{CustomerAccountID: acct.ID, Enabled: ptr(true), PageSize: 3}, 6},
		{"no match", &client.ListOptions{Login: "nobody"}, 0},
		{"all", nil, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			users, err := c.Users.ListAll(t.Context(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != tt.want {
				t.Errorf("got %d users, want %d", len(users), tt.want)
			}
			if users == nil {
				t.Error("ListAll returned nil, want an empty slice")
			}
		})
	}

	names, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: "globex"})
	if err != nil || len(names) != 1 || names[0].ID != acct.ID {
		t.Errorf("name filter: %v, %v", names, err)
	}
	admins, err := c.Groups.ListAll(ctx, &client.ListOptions{Name: client.AdministratorsGroupName})
	if err != nil || len(admins) != 1 || !admins[0].BuiltIn {
		t.Errorf("Administrators: %v, %v", admins, err)
	}
	// A filter the collection does not have is refused, not ignored.
	_, err = c.Groups.List(ctx, &client.ListOptions{Login: "x"})
	var apiErr *client.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || !strings.Contains(err.Error(), "login") {
		t.Errorf("unknown filter: %v", err)
	}
	_, err = c.Users.List(ctx, &client.ListOptions{PageSize: 5000})
	if !client.IsValidation(err) {
		t.Errorf("page_size 5000: %v", err)
	}
}

func TestGroupMembers(t *testing.T) {
	t.Parallel()
	_, c := start(t, testserver.Options{})
	ctx := t.Context()
	g, err := c.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Operators", Permissions: []string{client.PermUsersRead}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 5 {
		u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: fmt.Sprintf("op%d", i), MFAMethod: client.MFAMethodNone})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
		m, err := c.Groups.AddMember(ctx, g.ID, u.ID)
		if err != nil || m.GroupID != g.ID || m.UserID != u.ID || m.CreatedAt.IsZero() {
			t.Fatalf("AddMember = %+v, %v", m, err)
		}
	}
	// Adding again is fine.
	if _, err := c.Groups.AddMember(ctx, g.ID, ids[0]); err != nil {
		t.Fatalf("AddMember again: %v", err)
	}
	if m, err := c.Groups.GetMember(ctx, g.ID, ids[1]); err != nil || m.UserID != ids[1] {
		t.Fatalf("GetMember = %v, %v", m, err)
	}
	page, err := c.Groups.ListMembers(ctx, g.ID, &client.ListOptions{PageSize: 2})
	if err != nil || len(page.Items) != 2 || page.NextPageToken == "" {
		t.Fatalf("ListMembers = %+v, %v", page, err)
	}
	all, err := c.Groups.ListAllMembers(ctx, g.ID)
	if err != nil || len(all) != 5 {
		t.Fatalf("ListAllMembers = %v, %v", all, err)
	}
	var n int
	for m, err := range c.Groups.AllMembers(ctx, g.ID, &client.ListOptions{PageSize: 2}) {
		if err != nil || m.GroupID != g.ID {
			t.Fatal(m, err)
		}
		n++
	}
	if n != 5 {
		t.Errorf("AllMembers: %d", n)
	}
	inGroup, err := c.Users.ListAll(ctx, &client.ListOptions{GroupID: g.ID, PageSize: 2})
	if err != nil || len(inGroup) != 5 {
		t.Errorf("users by group: %d, %v", len(inGroup), err)
	}

	if err := c.Groups.RemoveMember(ctx, g.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Groups.GetMember(ctx, g.ID, ids[0]); !client.IsNotFound(err) {
		t.Errorf("GetMember after remove: %v", err)
	}
	if err := c.Groups.RemoveMember(ctx, g.ID, ids[0]); !client.IsNotFound(err) {
		t.Errorf("second RemoveMember: %v", err)
	}
	if _, err := c.Groups.ListAllMembers(ctx, "grp_missing"); !client.IsNotFound(err) {
		t.Errorf("members of a missing group: %v", err)
	}

	// The built-in group cannot change, but its members can.
	admins, err := c.Groups.ListAll(ctx, &client.ListOptions{Name: client.AdministratorsGroupName})
	if err != nil || len(admins) != 1 {
		t.Fatal(admins, err)
	}
	if _, err := c.Groups.Update(ctx, admins[0].ID, &client.GroupUpdateRequest{Description: ptr("x")}); !client.IsConflict(err) {
		t.Errorf("Update Administrators: %v, want 409", err)
	}
	if _, err := c.Groups.AddMember(ctx, admins[0].ID, ids[1]); err != nil {
		t.Errorf("AddMember Administrators: %v", err)
	}
}

func TestLicensePoolAndComputers(t *testing.T) {
	t.Parallel()
	srv, c := start(t, testserver.Options{Licenses: map[string]int64{
		client.LicenseTypeWorkstation: 3, client.LicenseTypeServer: 5,
	}})
	ctx := t.Context()

	pool, err := c.LicensePool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pool.Items) != len(client.LicenseTypes) {
		t.Fatalf("pool has %d entries: %+v", len(pool.Items), pool)
	}
	ws := poolEntry(t, pool, client.LicenseTypeWorkstation)
	if ws.Total != 3 || ws.Available != 3 || ws.InUse != 0 {
		t.Errorf("workstation entry %+v", ws)
	}
	if e, err := c.LicensePool.SetTotal(ctx, client.LicenseTypeWorkstation, 4); err != nil || e.Total != 4 || e.Available != 4 {
		t.Fatalf("SetTotal = %+v, %v", e, err)
	}

	alice, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "alice", Password: testPassword, MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: alice.ID, LicenseType: client.LicenseTypeWorkstation, Quantity: 1}); err != nil {
		t.Fatal(err)
	}
	// Only 3 left; asking for 5 is a conflict naming the numbers.
	bob, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "bob", Password: testPassword, MFAMethod: client.MFAMethodNone, LicenseSource: client.LicenseSourceAssignedOnly})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: bob.ID, LicenseType: client.LicenseTypeWorkstation, Quantity: 5})
	if !client.IsConflict(err) {
		t.Errorf("over-assignment: %v, want 409", err)
	}
	if _, err := c.LicensePool.SetTotal(ctx, client.LicenseTypeWorkstation, 0); !client.IsConflict(err) {
		t.Errorf("SetTotal below assigned: %v, want 409", err)
	}

	// Register computers with alice's own session token: the first takes her
	// assignment, the next ones the pool.
	aliceClient := newClient(t, srv, login(t, srv, "alice", testPassword))
	var computers []*client.Computer
	for i := range 2 {
		comp, err := aliceClient.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: fmt.Sprintf("alice-pc-%d", i), LicenseType: client.LicenseTypeWorkstation})
		if err != nil {
			t.Fatalf("Register %d: %v", i, err)
		}
		if comp.UserID != alice.ID {
			t.Errorf("computer of %s, want %s", comp.UserID, alice.ID)
		}
		computers = append(computers, comp)
	}
	if computers[0].LicenseFrom != "assignment" || computers[1].LicenseFrom != "pool" {
		t.Errorf("licence sources %q, %q", computers[0].LicenseFrom, computers[1].LicenseFrom)
	}
	pool, err = c.LicensePool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ws := poolEntry(t, pool, client.LicenseTypeWorkstation); ws.InUse != 2 || ws.Assigned != 1 || ws.Available != 2 {
		t.Errorf("after registering: %+v", ws)
	}

	// Bob may use only assigned licences and has none.
	bobClient := newClient(t, srv, login(t, srv, "bob", testPassword))
	_, err = bobClient.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: "bob-pc", LicenseType: client.LicenseTypeWorkstation})
	if !client.IsConflict(err) || !strings.Contains(err.Error(), "bob") {
		t.Errorf("Register without a licence: %v, want 409 naming bob", err)
	}

	listed, err := c.Computers.ListAll(ctx, &client.ListOptions{UserID: alice.ID, PageSize: 1})
	if err != nil || len(listed) != 2 {
		t.Fatalf("Computers.ListAll = %v, %v", listed, err)
	}
	var n int
	for range c.Computers.All(ctx, nil) {
		n++
	}
	if n != 2 {
		t.Errorf("Computers.All: %d", n)
	}
	if got, err := c.Computers.Get(ctx, computers[1].ID); err != nil || got.Name != "alice-pc-1" {
		t.Errorf("Computers.Get = %v, %v", got, err)
	}
	if err := c.Computers.Delete(ctx, computers[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Computers.Get(ctx, computers[1].ID); !client.IsNotFound(err) {
		t.Errorf("Get of a deleted computer: %v", err)
	}
	pool, err = c.LicensePool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ws := poolEntry(t, pool, client.LicenseTypeWorkstation); ws.InUse != 1 || ws.Available != 3 {
		t.Errorf("after deleting a computer: %+v", ws)
	}

	// Only the bootstrap administrator sets totals.
	tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "alice", UserID: alice.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, err = newClient(t, srv, tok.Token).LicensePool.SetTotal(ctx, client.LicenseTypeServer, 1)
	if !client.IsForbidden(err) {
		t.Errorf("SetTotal by a user: %v, want 403", err)
	}
}

func poolEntry(t *testing.T, p *client.LicensePool, typ string) client.LicensePoolEntry {
	t.Helper()
	for _, e := range p.Items {
		if e.LicenseType == typ {
			return e
		}
	}
	t.Fatalf("no %s entry in %+v", typ, p)
	return client.LicensePoolEntry{}
}

// login logs in a user without MFA and returns the session token.
func login(t *testing.T, srv *testserver.Server, loginName, password string) string {
	t.Helper()
	anon := newClient(t, srv, "")
	res, err := anon.Auth.Login(t.Context(), &client.LoginRequest{Login: loginName, Password: password})
	if err != nil {
		t.Fatalf("Login %s: %v", loginName, err)
	}
	if res.Token == "" || res.MFARequired {
		t.Fatalf("Login %s: %+v", loginName, res)
	}
	return res.Token
}

var codeRE = regexp.MustCompile(`\b\d{6}\b`)

func TestLoginWithMFA(t *testing.T) {
	t.Parallel()
	srv, c := start(t, testserver.Options{})
	ctx := t.Context()
	const email = "carol@acme.example"
	if _, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "carol", Email: email, Password: testPassword, MFAMethod: client.MFAMethodEmail}); err != nil {
		t.Fatal(err)
	}
	anon := newClient(t, srv, "")

	_, err := anon.Auth.Login(ctx, &client.LoginRequest{Login: "carol", Password: "wrong-password-123"})
	if !client.IsUnauthorized(err) || strings.Contains(err.Error(), "wrong-password-123") {
		t.Fatalf("wrong password: %v", err)
	}

	res, err := anon.Auth.Login(ctx, &client.LoginRequest{Login: "carol", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if !res.MFARequired || !strings.HasPrefix(res.ChallengeID, client.PrefixMFAChallenge) || res.Token != "" {
		t.Fatalf("Login = %+v, want an MFA challenge", res)
	}
	msgs, err := c.Outbox.ListAll(ctx, &client.ListOptions{To: email, Kind: client.MessageKindMFACode})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox = %v, %v", msgs, err)
	}
	msg, err := c.Outbox.Get(ctx, msgs[0].ID)
	if err != nil || msg.Body != msgs[0].Body || msg.Kind != client.MessageKindMFACode {
		t.Fatalf("Outbox.Get = %+v, %v", msg, err)
	}
	code := codeRE.FindString(msg.Body)
	if code == "" {
		t.Fatalf("no code in %q", msg.Body)
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if _, err := anon.Auth.Verify(ctx, &client.VerifyRequest{ChallengeID: res.ChallengeID, Code: wrong}); err == nil {
		t.Fatal("a wrong code was accepted")
	}
	ok, err := anon.Auth.Verify(ctx, &client.VerifyRequest{ChallengeID: res.ChallengeID, Code: code})
	if err != nil || ok.Token == "" || ok.ExpiresAt == nil {
		t.Fatalf("Verify = %+v, %v", ok, err)
	}
	// The session token works until Logout ends it.
	session := newClient(t, srv, ok.Token)
	perms, err := session.Permissions.List(ctx)
	if err != nil || len(perms) == 0 {
		t.Fatalf("Permissions with the session token: %v, %v", perms, err)
	}
	if err := session.Auth.Logout(ctx); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if _, err := session.Permissions.List(ctx); !client.IsUnauthorized(err) {
		t.Errorf("Permissions after Logout: %v, want unauthorized", err)
	}
	// Logout never revokes an API token.
	if err := c.Auth.Logout(ctx); !client.IsConflict(err) {
		t.Errorf("Logout with the bootstrap token: %v, want a conflict", err)
	}
	// Paging through the outbox.
	for range 3 {
		if _, err := anon.Auth.Login(ctx, &client.LoginRequest{Login: "carol", Password: testPassword}); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	for m, err := range c.Outbox.All(ctx, &client.ListOptions{To: email, PageSize: 1}) {
		if err != nil || m.To != email {
			t.Fatal(m, err)
		}
		n++
	}
	if n != 4 {
		t.Errorf("outbox holds %d messages for carol, want 4", n)
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	srv, c := start(t, testserver.Options{})
	ctx := t.Context()
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "ci-bot", MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	var toks []*client.APIToken
	for i := range 3 {
		tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: fmt.Sprintf("ci-%d", i), UserID: u.ID, ExpiresAt: &exp})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok.Token, "mspb_") || !strings.HasPrefix(tok.ID, client.PrefixToken) || tok.UserID == nil || *tok.UserID != u.ID {
			t.Fatalf("Create = %+v", tok)
		}
		toks = append(toks, tok)
	}
	got, err := c.Tokens.Get(ctx, toks[0].ID)
	if err != nil || got.Token != "" || got.Name != "ci-0" || got.ExpiresAt == nil || !got.ExpiresAt.Equal(exp) {
		t.Fatalf("Get = %+v, %v (the secret must not come back)", got, err)
	}
	listed, err := c.Tokens.ListAll(ctx, &client.ListOptions{UserID: u.ID, PageSize: 2})
	if err != nil || len(listed) != 3 {
		t.Fatalf("ListAll = %v, %v", listed, err)
	}
	for _, l := range listed {
		if l.Token != "" {
			t.Errorf("list returned a secret")
		}
	}
	bot := newClient(t, srv, toks[0].Token)
	if _, err := bot.Permissions.List(ctx); err != nil {
		t.Fatalf("the new token does not work: %v", err)
	}
	// No permission: users:read is missing and the error names it.
	_, err = bot.Users.ListAll(ctx, nil)
	if !client.IsForbidden(err) || !strings.Contains(err.Error(), client.PermUsersRead) {
		t.Errorf("ListAll without permission: %v", err)
	}
	if err := c.Tokens.Delete(ctx, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Permissions.List(ctx)
	if !client.IsUnauthorized(err) || !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("revoked token: %v, want 401", err)
	}
	if strings.Contains(err.Error(), toks[0].Token) {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestAuditAndPermissions(t *testing.T) {
	t.Parallel()
	_, c := start(t, testserver.Options{})
	ctx := t.Context()
	perms, err := c.Permissions.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range perms {
		names = append(names, p.Name)
		if p.Description == "" {
			t.Errorf("permission %s has no description", p.Name)
		}
	}
	for _, want := range []string{client.PermCustomerAccountsRead, client.PermUsersWrite, client.PermTokensWrite, client.PermOutboxRead, client.PermAuditRead} {
		if !slices.Contains(names, want) {
			t.Errorf("catalogue lacks %s: %v", want, names)
		}
	}

	acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Initech"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := c.CustomerAccounts.Update(ctx, acct.ID, &client.CustomerAccountUpdateRequest{Description: ptr(fmt.Sprint(i))}); err != nil {
			t.Fatal(err)
		}
	}
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "audited", Password: testPassword, MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	events, err := c.AuditEvents.ListAll(ctx, &client.ListOptions{EntityID: acct.ID, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 4 {
		t.Fatalf("got %d events for %s, want 4: %+v", len(events), acct.ID, events)
	}
	if events[0].Action != "create" || events[1].Action != "update" || events[0].Actor != "bootstrap" || !slices.Contains(events[1].Fields, "description") {
		t.Errorf("events %+v", events)
	}
	var n int
	for e, err := range c.AuditEvents.All(ctx, &client.ListOptions{Entity: events[0].Entity, PageSize: 1}) {
		if err != nil || e.Entity != events[0].Entity {
			t.Fatal(e, err)
		}
		n++
	}
	if n != 4 {
		t.Errorf("events by entity: %d", n)
	}
	userEvents, err := c.AuditEvents.ListAll(ctx, &client.ListOptions{EntityID: u.ID})
	if err != nil || len(userEvents) == 0 {
		t.Fatalf("user events %v, %v", userEvents, err)
	}
	for _, e := range userEvents {
		if slices.Contains(e.Fields, testPassword) {
			t.Errorf("audit holds the password: %+v", e)
		}
	}
	page, err := c.AuditEvents.List(ctx, &client.ListOptions{PageSize: 1})
	if err != nil || len(page.Items) != 1 || page.NextPageToken == "" {
		t.Errorf("List = %+v, %v", page, err)
	}
}

func TestValidationErrorsReachCaller(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv, c := start(t, testserver.Options{Wrap: counting(&calls)})
	_ = srv
	_, err := c.Users.Create(t.Context(), &client.UserCreateRequest{
		Login: "dave", Email: "not an address", MFAMethod: client.MFAMethodSMS, Password: "short",
	})
	if !client.IsValidation(err) || !errors.Is(err, client.ErrValidation) {
		t.Fatalf("err = %v, want 422", err)
	}
	if calls.Load() != 1 {
		t.Errorf("a 422 was sent %d times", calls.Load())
	}
	var apiErr *client.Error
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	var fields []string
	for _, fe := range apiErr.Problem.Errors {
		fields = append(fields, fe.Field)
		if fe.Message == "" {
			t.Errorf("field %s without a message", fe.Field)
		}
	}
	for _, want := range []string{"email", "mobile_phone", "password"} {
		if !slices.Contains(fields, want) {
			t.Errorf("field errors %v lack %s", fields, want)
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Error() %q lacks %s", err.Error(), want)
		}
	}
	if strings.Contains(err.Error(), "short") && strings.Contains(err.Error(), `"short"`) {
		t.Errorf("Error() quotes the password: %q", err.Error())
	}
	if apiErr.Method != http.MethodPost || apiErr.Path != "/api/v1/users" || apiErr.StatusCode != 422 {
		t.Errorf("error %+v", apiErr)
	}
	if strings.Count(err.Error(), "\n") != 0 || !strings.HasPrefix(err.Error(), "POST /api/v1/users: 422 Unprocessable Entity: ") {
		t.Errorf("Error() = %q", err.Error())
	}
	t.Logf("a 422 reads: %s", err)

	// A duplicate login is a conflict with a detail.
	if _, err := c.Users.Create(t.Context(), &client.UserCreateRequest{Login: "Erin", MFAMethod: client.MFAMethodNone}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.Create(t.Context(), &client.UserCreateRequest{Login: "erin", MFAMethod: client.MFAMethodNone})
	if !client.IsConflict(err) || !strings.HasPrefix(err.Error(), "POST /api/v1/users: 409 Conflict: ") {
		t.Errorf("duplicate login: %v", err)
	}
	t.Logf("a 409 reads: %s", err)
}

// ---- fault injection around the real handler ----

func counting(n *atomic.Int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			next.ServeHTTP(w, r)
		})
	}
}

func problem(w http.ResponseWriter, code int, detail string) {
	w.Header().Set("Content-Type", client.ProblemContentType)
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"type":"about:blank","title":%q,"status":%d,"detail":%q}`, http.StatusText(code), code, detail)
}

// failFirst answers the first n requests itself with fail, then passes on.
func failFirst(n int64, calls *atomic.Int64, fail func(http.ResponseWriter, *http.Request)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) <= n {
				fail(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		failures  int64
		fail      func(http.ResponseWriter, *http.Request)
		wantCalls int64
		wantErr   func(error) bool // nil: success
		minWait   time.Duration
	}{
		{"503 then success", 3, func(w http.ResponseWriter, _ *http.Request) { problem(w, 503, "maintenance") }, 4, nil, 0},
		{"502 and 504 then success", 2, func(w http.ResponseWriter, r *http.Request) {
			problem(w, 502, "bad gateway")
		}, 3, nil, 0},
		{"429 with Retry-After", 1, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			problem(w, 429, "slow down")
		}, 2, nil, time.Second},
		{"503 beyond max retries", 10, func(w http.ResponseWriter, _ *http.Request) { problem(w, 503, "maintenance") }, 4,
			func(err error) bool {
				var e *client.Error
				return errors.As(err, &e) && e.StatusCode == 503 && e.Problem.Detail == "maintenance"
			}, 0},
		{"500 not retried", 1, func(w http.ResponseWriter, _ *http.Request) { problem(w, 500, "internal error") }, 1,
			func(err error) bool {
				return err != nil && err.Error() == "POST /api/v1/customer-accounts: 500 Internal Server Error: internal error"
			}, 0},
		{"proxy HTML 502 exhausted", 10, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(502)
			fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1>\n<p>upstream unavailable</p></body></html>")
		}, 4, func(err error) bool {
			return err != nil && err.Error() == "POST /api/v1/customer-accounts: 502 Bad Gateway: 502 Bad Gateway upstream unavailable"
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int64
			_, c := start(t, testserver.Options{Wrap: failFirst(tt.failures, &calls, tt.fail)})
			begin := time.Now()
			acct, err := c.CustomerAccounts.Create(t.Context(), &client.CustomerAccountCreateRequest{Name: "Faulty"})
			if waited := time.Since(begin); waited < tt.minWait {
				t.Errorf("waited %s, want at least %s", waited, tt.minWait)
			}
			if calls.Load() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls.Load(), tt.wantCalls)
			}
			if tt.wantErr == nil {
				if err != nil || acct.Name != "Faulty" {
					t.Fatalf("Create = %v, %v", acct, err)
				}
				return
			}
			if !tt.wantErr(err) {
				t.Fatalf("unexpected error: %v", err)
			}
		})
	}
}

// TestLostAnswerCreatesOnce commits a create, then drops the connection
// before answering: the retry carries the same Idempotency-Key and the
// server replays the first answer, so exactly one entity exists.
func TestLostAnswerCreatesOnce(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		keys []string
		drop = map[string]bool{"/api/v1/customer-accounts": true, "/api/v1/tokens": true, "/api/v1/users": true}
	)
	wrap := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				next.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			keys = append(keys, r.URL.Path+" "+r.Header.Get("Idempotency-Key"))
			first := drop[r.URL.Path]
			drop[r.URL.Path] = false
			mu.Unlock()
			if !first {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r) // the create commits...
			if rec.Code != http.StatusCreated {
				t.Errorf("first attempt answered %d: %s", rec.Code, rec.Body)
			}
			conn, _, err := http.NewResponseController(w).Hijack() // ...and the answer is lost
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			_ = conn.Close()
		})
	}
	srv, c := start(t, testserver.Options{Wrap: wrap})
	ctx := t.Context()

	acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Once Only"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	all, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: "Once Only"})
	if err != nil || len(all) != 1 || all[0].ID != acct.ID {
		t.Fatalf("after a lost answer: %v, %v; want exactly %s", all, err, acct.ID)
	}

	// A user with a generated password: the replay still holds it.
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "frank", GeneratePassword: true, MFAMethod: client.MFAMethodNone})
	if err != nil || u.GeneratedPassword == "" {
		t.Fatalf("Create user: %+v, %v", u, err)
	}
	if users, err := c.Users.ListAll(ctx, &client.ListOptions{Login: "frank"}); err != nil || len(users) != 1 {
		t.Fatalf("users: %v, %v", users, err)
	}
	if login(t, srv, "frank", u.GeneratedPassword) == "" {
		t.Fatal("the replayed generated password does not work")
	}

	// A token: the replayed secret is the one the server stored the hash of.
	tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "lost", UserID: u.ID})
	if err != nil || tok.Token == "" {
		t.Fatalf("Create token: %+v, %v", tok, err)
	}
	toks, err := c.Tokens.ListAll(ctx, &client.ListOptions{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	var named int
	for _, tk := range toks {
		if tk.Name == "lost" { // the others are login sessions
			named++
		}
	}
	if named != 1 {
		t.Fatalf("%d tokens named lost, want 1: %+v", named, toks)
	}
	if _, err := newClient(t, srv, tok.Token).Permissions.List(ctx); err != nil {
		t.Fatalf("replayed token secret does not work: %v", err)
	}

	mu.Lock()
	defer mu.Unlock()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
	}
	for _, p := range []string{"/api/v1/customer-accounts", "/api/v1/users", "/api/v1/tokens"} {
		var n int
		for k, cnt := range seen {
			if strings.HasPrefix(k, p+" ") {
				n++
				if cnt != 2 {
					t.Errorf("%s: key sent %d times, want 2 (attempt and retry)", p, cnt)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d distinct keys, want 1: %v", p, n, keys)
		}
	}
}

func TestCancelledMidRetry(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 10)
	wrap := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			arrived <- struct{}{}
			w.Header().Set("Retry-After", "30")
			problem(w, 503, "maintenance")
		})
	}
	srv := testserver.Start(t, testserver.Options{Wrap: wrap})
	c, err := client.New(srv.URL, srv.Token) // default retries and waits
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		<-arrived
		time.Sleep(50 * time.Millisecond) // now waiting 30s to retry
		cancel()
	}()
	begin := time.Now()
	_, err = c.Users.ListAll(ctx, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(begin); d > 3*time.Second {
		t.Errorf("took %s to stop", d)
	}
	if len(arrived) != 0 {
		t.Errorf("retried after the cancellation")
	}
}

func TestRateLimitedByServer(t *testing.T) {
	t.Parallel()
	// One request per second: a burst is slowed down by the pacer, yet every
	// call succeeds.
	srv, _ := start(t, testserver.Options{RateLimit: 1})
	c := newClient(t, srv, srv.Token, client.WithMaxRetries(5))
	begin := time.Now()
	for i := range 3 {
		if _, err := c.Permissions.List(t.Context()); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if d := time.Since(begin); d < time.Second {
		t.Errorf("3 calls at 1/s took only %s", d)
	}
	// Without waiting for rate limits the 429 reaches the caller with its
	// Retry-After.
	c0 := newClient(t, srv, srv.Token, client.WithRateLimitTimeout(0))
	var err error
	for range 5 {
		if _, err = c0.Permissions.List(t.Context()); err != nil {
			break
		}
	}
	var apiErr *client.Error
	if !client.IsRateLimited(err) || !errors.As(err, &apiErr) || apiErr.RetryAfter < time.Second {
		t.Errorf("err = %v, want a 429 with Retry-After", err)
	}
}

// TestErrorsNeverHoldSecrets collects the errors of many failures and
// checks that no token or password appears in them.
func TestErrorsNeverHoldSecrets(t *testing.T) {
	t.Parallel()
	srv, c := start(t, testserver.Options{})
	ctx := t.Context()
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "grace", Password: testPassword, MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "grace", UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	const wrongToken = "mspb_WRONGwrongWRONGwrongWRONGwrongWRONGwrong12"
	bad := newClient(t, srv, wrongToken)
	user := newClient(t, srv, tok.Token)
	dead, err := client.New("http://127.0.0.1:1", srv.Token, client.WithMaxRetries(1), client.WithRetryWait(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	secret := "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	var errs []error
	add := func(_ any, err error) { errs = append(errs, err) }
	add(bad.Users.ListAll(ctx, nil))
	add(user.Users.ListAll(ctx, nil))
	add(c.Users.Get(ctx, "usr_nope"))
	add(c.Users.Create(ctx, &client.UserCreateRequest{Login: "grace", Password: testPassword}))
	add(c.Users.Create(ctx, &client.UserCreateRequest{Login: "heidi", Password: "short-" + testPassword[:3], Email: "x"}))
	add(c.StorageAccounts.Create(ctx, &client.StorageAccountCreateRequest{Name: "s", Type: "nope", SecretAccessKey: secret}))
	add(user.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "x", UserID: "usr_nope"}))
	add(c.Auth.Login(ctx, &client.LoginRequest{Login: "grace", Password: "wrong-" + testPassword}))
	add(dead.Users.Create(ctx, &client.UserCreateRequest{Login: "ivan", Password: testPassword}))
	add(dead.Users.Get(ctx, "usr_1"))
	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d succeeded", i)
			continue
		}
		msg := err.Error()
		for _, s := range []string{srv.Token, tok.Token, wrongToken, testPassword, secret, "Bearer"} {
			if strings.Contains(msg, s) {
				t.Errorf("error %d holds a secret: %q", i, msg)
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("error %d spans lines: %q", i, msg)
		}
		t.Logf("%d: %s", i, msg)
	}
}

// heldWriter is a ResponseWriter whose first Write blocks until release is
// closed: it keeps a handler "still answering".
type heldWriter struct {
	header    http.Header
	answering chan struct{}
	release   chan struct{}
}

func (h *heldWriter) Header() http.Header { return h.header }
func (h *heldWriter) WriteHeader(int)     {}
func (h *heldWriter) Write(b []byte) (int, error) {
	close(h.answering)
	<-h.release
	return len(b), nil
}

// TestRetryWhileFirstAttemptStillRunning: the first attempt of a create is
// still being answered when the client gives up on it and retries. The
// server answers the retry 409 with Retry-After (same Idempotency-Key in
// progress); the client waits and retries again, and gets the first
// attempt's answer: one entity, no error.
func TestRetryWhileFirstAttemptStillRunning(t *testing.T) {
	t.Parallel()
	var (
		mu       sync.Mutex
		attempts []int // status seen by the client on each attempt; 0 = dropped
	)
	held := &heldWriter{header: http.Header{}, answering: make(chan struct{}), release: make(chan struct{})}
	wrap := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				next.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			n := len(attempts)
			attempts = append(attempts, 0)
			mu.Unlock()
			switch n {
			case 0: // the first attempt keeps running; its connection drops
				go next.ServeHTTP(held, r.Clone(context.WithoutCancel(r.Context())))
				<-held.answering
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					_ = conn.Close()
				}
			default:
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				mu.Lock()
				attempts[n] = rec.Code
				mu.Unlock()
				if n == 1 {
					close(held.release) // now let the first attempt finish
				}
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
			}
		})
	}
	_, c := start(t, testserver.Options{Wrap: wrap})
	acct, err := c.CustomerAccounts.Create(t.Context(), &client.CustomerAccountCreateRequest{Name: "Slow Start"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	all, err := c.CustomerAccounts.ListAll(t.Context(), &client.ListOptions{Name: "Slow Start"})
	if err != nil || len(all) != 1 || all[0].ID != acct.ID {
		t.Fatalf("after the retries: %v, %v; want exactly %s", all, err, acct.ID)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(attempts) != 3 || attempts[1] != http.StatusConflict || attempts[2] != http.StatusCreated {
		t.Fatalf("attempts answered %v; want [dropped 409 201]", attempts)
	}
}
