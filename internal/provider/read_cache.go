package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Batched reads. A scheduled drift plan of hundreds of resources would
// otherwise make one GET per resource and run into the API's rate limit. A
// readCache lets the Reads of one Terraform operation share list pages: the
// first Read of a parent (the MSP level, a customer account, a user, a group)
// lists it a page of snapshotPageSize at a time, and later Reads of the same
// parent are answered from those pages. A licence assignment's or a group
// membership's parent is its user's customer account when a users' snapshot
// of the operation already holds the user (readers.accountOfListedUser), else
// its user or its group; and a customer account's page of users includes
// its users' assignments and memberships (listUsersIncluding): a tenant's
// root then reads its users, their assignments and their memberships in one
// request.
//
// Freshness: a readCache is created by the provider's Configure, which
// Terraform calls once per provider process, that is once per operation
// (plan, apply, import, refresh); it is never a package variable, so nothing
// is served from an earlier process or operation. Every page is fetched
// during this operation, after it started, so a change made in the console
// before the operation started is always seen. Every write this provider
// instance sends drops the snapshots of the kinds it may affect (see
// invalidatingTransport), so no Read is ever served something older than this
// process's own changes.
//
// Deletions: an id that is not in a snapshot is never taken as deleted from
// the snapshot alone (the object may have moved to another parent, or been
// created after the page was read): the Read falls back to a GET by id,
// whose 404 is the only proof of a deletion.

// snapshotPageSize is the API's largest page.
const snapshotPageSize = 1000

// readKind names a collection whose Reads are batched.
type readKind string

const (
	kindCustomerAccounts   readKind = "customer_accounts"
	kindCompanies          readKind = "companies"
	kindStorageAccounts    readKind = "storage_accounts"
	kindStorageLimits      readKind = "storage_limits"
	kindUsers              readKind = "users"
	kindGroups             readKind = "groups"
	kindGroupMembers       readKind = "group_members"
	kindLicenseAssignments readKind = "license_assignments"
	kindLicenseQuotas      readKind = "license_quotas"
)

var allReadKinds = []readKind{
	kindCustomerAccounts, kindCompanies, kindStorageAccounts, kindStorageLimits,
	kindUsers, kindGroups, kindGroupMembers, kindLicenseAssignments, kindLicenseQuotas,
}

// snapshotKey is one list of one parent: parent is the filter value (a
// customer account id, a user id, a group id) or "" for an unfiltered list.
type snapshotKey struct {
	kind   readKind
	parent string
}

// readCache holds the snapshots of one Terraform operation. The zero value
// is not usable: use newReadCache. A nil *readCache reads everything by id.
type readCache struct {
	mu sync.Mutex
	// gens counts the invalidations of each kind: a snapshot serves reads
	// only while the generation it was created in is current.
	gens map[readKind]uint64
	keys map[snapshotKey]any // *snapshot[T] of the kind's T
	// noIncludes: the token may not read what a users' page includes (see
	// listUsersIncluding), so pages of users are listed without it.
	noIncludes atomic.Bool
}

func newReadCache() *readCache {
	return &readCache{gens: map[readKind]uint64{}, keys: map[snapshotKey]any{}}
}

// snapshot is what has been listed of one parent so far.
//
// The bound on requests ("ski rental"): a read of an id that the pages
// fetched so far do not hold either fetches the next page or, while gets <
// pages, is answered by a GET by id (counted in gets). So pages <= gets+1
// and gets <= pages at any time. For a configuration that reads n objects of
// a parent whose list has p pages, the requests made for the key are at most
// pages + gets <= 2*min(n, p) + 1, plus one GET per id that is not in the
// parent's list at all (deleted or moved objects, which need a GET to tell
// which). That is at most about twice what the better of "a GET per object"
// and "list the whole parent" would cost, without knowing p in advance: 3
// users of an account of 100,000 cost at most 7 requests, 500 users of an
// account of 500 cost 1. The bound is per key: an assignment or a membership
// is read through its user's account's key or through its user's (or
// group's), each read through one key, so the sum over keys still bounds
// the whole; reads of n users' assignments that would cost a key per user
// cost one account's key instead.
type snapshot[T any] struct {
	gen uint64
	// sem makes page fetches single-flight: a reader holds it while it looks
	// at the snapshot and while it fetches a page, so concurrent readers of
	// the key wait for the page instead of fetching it again.
	sem      chan struct{}
	items    map[string]T
	next     string // page token of the next page
	pages    int    // pages fetched
	gets     int    // misses answered by a GET by id while incomplete
	complete bool   // every page has been fetched
	failed   bool   // listing failed: the key reads by id from now on
}

// current reports whether snapshots of kind created in generation gen may
// still serve reads.
func (rc *readCache) current(kind readKind, gen uint64) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.gens[kind] == gen
}

// invalidate drops every snapshot of the kinds. A page fetch in flight for
// one of them is not served afterwards (its generation is gone).
func (rc *readCache) invalidate(kinds ...readKind) {
	if rc == nil || len(kinds) == 0 {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, k := range kinds {
		rc.gens[k]++
	}
	for key := range rc.keys {
		for _, k := range kinds {
			if key.kind == k {
				delete(rc.keys, key)
				break
			}
		}
	}
}

// snapshotFor returns the snapshot of key, creating an empty one.
func snapshotFor[T any](rc *readCache, key snapshotKey) *snapshot[T] {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if s, ok := rc.keys[key].(*snapshot[T]); ok {
		return s
	}
	s := &snapshot[T]{gen: rc.gens[key.kind], sem: make(chan struct{}, 1), items: map[string]T{}}
	rc.keys[key] = s
	return s
}

// batchedSource is a row of the table of batched kinds (below): how one
// kind is listed under a parent, got by id, and identified.
type batchedSource[T any] struct {
	kind readKind
	// list fetches one page of the parent.
	list func(ctx context.Context, c *client.Client, parent string, opts *client.ListOptions) (*client.Page[T], error)
	// listIn, when set, fetches the page instead of list, with the
	// operation's snapshots at hand to fill from what the page includes.
	listIn func(ctx context.Context, c *client.Client, rc *readCache, parent string, opts *client.ListOptions) (*client.Page[T], error)
	// get reads one object by id (a GET, whose error removeIfGone judges).
	get func(ctx context.Context, c *client.Client, parent, id string) (*T, error)
	// id returns the id reads look an item up by.
	id func(*T) string
}

// read returns the object id of parent, from a snapshot of parent when it
// holds it, else by a GET by id.
func (src batchedSource[T]) read(ctx context.Context, r readers, parent, id string) (*T, error) {
	if r.cache == nil || id == "" {
		return src.get(ctx, r.client, parent, id)
	}
	v, ok, err := src.lookup(ctx, r.client, r.cache, parent, id)
	if err != nil {
		return nil, err
	}
	if ok {
		return v, nil
	}
	return src.get(ctx, r.client, parent, id)
}

// lookup looks id up in the snapshot of parent, fetching a page when the
// rule on snapshot says so. ok is false when the caller must GET by id.
func (src batchedSource[T]) lookup(ctx context.Context, c *client.Client, rc *readCache, parent, id string) (v *T, ok bool, err error) {
	return src.lookupBy(ctx, c, rc, parent, id, func(items map[string]T) (*T, bool) {
		item, found := items[id]
		return &item, found
	})
}

// lookupBy is lookup of what find finds among the items (what names it in
// errors): a miss counts against the rule on snapshot like a miss of an id.
func (src batchedSource[T]) lookupBy(ctx context.Context, c *client.Client, rc *readCache, parent, what string,
	find func(items map[string]T) (*T, bool)) (v *T, ok bool, err error) {
	key := snapshotKey{src.kind, parent}
	s := snapshotFor[T](rc, key)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, false, fmt.Errorf("read %s %s: %w", src.kind, what, ctx.Err())
	}
	defer func() { <-s.sem }()
	for {
		// A write since the snapshot was created may have changed anything
		// it holds: read by id (a later read starts a new snapshot).
		if !rc.current(src.kind, s.gen) {
			return nil, false, nil
		}
		if item, found := find(s.items); found {
			return item, true, nil
		}
		if s.complete || s.failed {
			return nil, false, nil
		}
		if s.pages > 0 && s.gets < s.pages {
			s.gets++
			return nil, false, nil
		}
		opts := &client.ListOptions{PageSize: snapshotPageSize, PageToken: s.next}
		var page *client.Page[T]
		var err error
		if src.listIn != nil {
			page, err = src.listIn(ctx, c, rc, parent, opts)
		} else {
			page, err = src.list(ctx, c, parent, opts)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, false, fmt.Errorf("list %s: %w", src.kind, err)
			}
			// A list the token may not make (a user reading itself) or a
			// failed page must not fail the Read: GETs decide instead.
			tflog.Debug(ctx, "mspbackup: batched read failed, reading by id", map[string]any{
				"kind": string(src.kind), "parent": parent, "error": err.Error()})
			s.failed = true
			return nil, false, nil
		}
		for i := range page.Items {
			s.items[src.id(&page.Items[i])] = page.Items[i]
		}
		s.pages++
		s.next = page.NextPageToken
		s.complete = s.next == ""
	}
}

// The table of batched kinds. Each list answer carries the same fields,
// masking and version as the GET of the same object
// (TestBatchedListMatchesGet), so a Read served from a page never diffs
// against one served by id.
var (
	customerAccountReads = listed(kindCustomerAccounts, func(c *client.Client) listGetter[client.CustomerAccount] { return c.CustomerAccounts }, func(v *client.CustomerAccount) string { return v.ID }, nil)
	storageAccountReads  = listed(kindStorageAccounts, func(c *client.Client) listGetter[client.StorageAccount] { return c.StorageAccounts }, func(v *client.StorageAccount) string { return v.ID }, nil)
	storageLimitReads    = listed(kindStorageLimits, func(c *client.Client) listGetter[client.StorageLimit] { return c.StorageLimits }, func(v *client.StorageLimit) string { return v.ID }, nil)
	groupReads           = listed(kindGroups, func(c *client.Client) listGetter[client.Group] { return c.Groups }, func(v *client.Group) string { return v.ID }, nil)
	// A user or a company is read through the snapshot of its customer
	// account (from the prior state), or of all of them for one at MSP
	// level: the list has no filter for "no customer account".
	// A customer account's page of users includes its users' memberships
	// and assignments (listUsersIncluding).
	userReads = func() batchedSource[client.User] {
		src := listed(kindUsers, func(c *client.Client) listGetter[client.User] { return c.Users }, func(v *client.User) string { return v.ID }, byAccount)
		src.listIn = listUsersIncluding
		return src
	}()
	companyReads = listed(kindCompanies, func(c *client.Client) listGetter[client.Company] { return c.Companies }, func(v *client.Company) string { return v.ID }, byAccount)
	// An assignment is read through the snapshot of its user's customer
	// account when a users' snapshot of this operation holds the user (see
	// readers.accountOfListedUser), else of its user's assignments (the user
	// from the prior state). Both rows share the kind, so a write drops both;
	// their parents never clash (an account id and a user id differ in
	// prefix).
	licenseAssignmentReads = listed(kindLicenseAssignments, func(c *client.Client) listGetter[client.LicenseAssignment] { return c.LicenseAssignments },
		func(v *client.LicenseAssignment) string { return v.ID }, func(o *client.ListOptions, userID string) { o.UserID = userID })
	accountLicenseAssignmentReads = listed(kindLicenseAssignments, func(c *client.Client) listGetter[client.LicenseAssignment] { return c.LicenseAssignments },
		func(v *client.LicenseAssignment) string { return v.ID }, byAccount)
	// A quota is read through one list of them all; its used changes with
	// every assignment and computer (see affectedKinds).
	licenseQuotaReads = listed(kindLicenseQuotas, func(c *client.Client) listGetter[client.LicenseQuota] { return c.LicenseQuotas },
		func(v *client.LicenseQuota) string { return v.ID }, nil)
	// A membership is read, likewise, through the snapshot of the memberships
	// of its user's customer account in every group (one list for a tenant,
	// where a group's member pages hold every tenant's members), else of the
	// group's member list.
	groupMemberReads = batchedSource[client.GroupMember]{
		kind: kindGroupMembers,
		list: func(ctx context.Context, c *client.Client, groupID string, o *client.ListOptions) (*client.Page[client.GroupMember], error) {
			return c.Groups.ListMembers(ctx, groupID, o)
		},
		get: func(ctx context.Context, c *client.Client, groupID, userID string) (*client.GroupMember, error) {
			return c.Groups.GetMember(ctx, groupID, userID)
		},
		id: func(v *client.GroupMember) string { return v.UserID },
	}
	accountGroupMemberReads = batchedSource[client.GroupMember]{
		kind: kindGroupMembers,
		list: func(ctx context.Context, c *client.Client, accountID string, o *client.ListOptions) (*client.Page[client.GroupMember], error) {
			o.CustomerAccountID = accountID
			return c.Groups.ListMemberships(ctx, o)
		},
		get: func(ctx context.Context, c *client.Client, _, id string) (*client.GroupMember, error) {
			groupID, userID, _ := strings.Cut(id, "/")
			return c.Groups.GetMember(ctx, groupID, userID)
		},
		id: func(v *client.GroupMember) string { return membershipID(v.GroupID, v.UserID) },
	}
)

// membershipID is how a membership is looked up among those of every group.
func membershipID(groupID, userID string) string { return groupID + "/" + userID }

// listUsersIncluding lists a page of a customer account's users with their
// memberships of every group and their licence assignments (GET
// /users?include=..., read by the server in one transaction with the page),
// and adds those to the account's snapshots of memberships and assignments,
// where readers.groupMember and readers.licenseAssignment look a listed
// user's up: a tenant's root then reads its users, their memberships and
// their assignments in one request. Those snapshots count as complete: a
// listed user's membership or assignment that the page did not include did
// not exist when the page was read, and is read by id (whose 404 alone says
// it is gone), never fetched a page for. The users of every account (parent
// "") are listed without includes: that list serves users at MSP level, and
// would carry every tenant's memberships.
func listUsersIncluding(ctx context.Context, c *client.Client, rc *readCache, accountID string, opts *client.ListOptions) (*client.Page[client.User], error) {
	opts.CustomerAccountID = accountID
	if accountID == "" || rc.noIncludes.Load() {
		return c.Users.List(ctx, opts)
	}
	// The snapshots are taken before the request, so that a write sent
	// meanwhile (which drops them) keeps what it may have changed out.
	members := snapshotFor[client.GroupMember](rc, snapshotKey{kindGroupMembers, accountID})
	assignments := snapshotFor[client.LicenseAssignment](rc, snapshotKey{kindLicenseAssignments, accountID})
	page, err := c.Users.ListIncluding(ctx, opts, client.UserIncludes...)
	if client.IsForbidden(err) {
		// A token that may read users but not memberships or licences.
		tflog.Debug(ctx, "mspbackup: users listed without their memberships and assignments", map[string]any{"error": err.Error()})
		rc.noIncludes.Store(true)
		return c.Users.List(ctx, opts)
	}
	if err != nil {
		return nil, err
	}
	if page.Included != nil {
		if err := accountGroupMemberReads.fill(ctx, rc, members, page.Included.GroupMemberships); err != nil {
			return nil, err
		}
		if err := accountLicenseAssignmentReads.fill(ctx, rc, assignments, page.Included.LicenseAssignments); err != nil {
			return nil, err
		}
	}
	return &client.Page[client.User]{Items: page.Items, NextPageToken: page.NextPageToken}, nil
}

// fill adds items, read by a request made after s was taken, to s and
// marks it complete (see listUsersIncluding). Nothing is added when a write
// has dropped s since.
func (src batchedSource[T]) fill(ctx context.Context, rc *readCache, s *snapshot[T], items []T) error {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("read %s: %w", src.kind, ctx.Err())
	}
	defer func() { <-s.sem }()
	if !rc.current(src.kind, s.gen) {
		return nil
	}
	for i := range items {
		s.items[src.id(&items[i])] = items[i]
	}
	s.complete = true
	return nil
}

// byName looks up the one object of an unfiltered kind whose name is name,
// from the kind's unfiltered snapshot of this operation (the one its
// resources read through), by the same rule on snapshot as a read by id: the
// first lookup of a kind lists its first page (one request, as the
// name-filtered list would be), later ones are served from it. When the
// snapshot does not hold exactly one match, filtered (the name-filtered
// list, as without a cache) answers, with its errors for none and for
// several.
//
// The server matches names with SQL lower(), which folds only ASCII letters
// on SQLite and every letter on PostgreSQL; a snapshot serves a lookup only
// when exactly one name matches with every letter folded and that one also
// matches with ASCII letters folded, so it serves what either server would.
func (src batchedSource[T]) byName(ctx context.Context, r readers, name string, nameOf func(*T) string,
	filtered func(context.Context, *client.Client, string) (*T, error)) (*T, error) {
	if r.cache != nil && name != "" {
		v, ok, err := src.lookupBy(ctx, r.client, r.cache, "", "named "+name, func(items map[string]T) (*T, bool) {
			var match *T
			for _, item := range items {
				if strings.EqualFold(nameOf(&item), name) {
					if match != nil {
						return nil, false
					}
					match = &item
				}
			}
			return match, match != nil && asciiLower(nameOf(match)) == asciiLower(name)
		})
		if err != nil {
			return nil, err
		}
		if ok {
			return v, nil
		}
	}
	return filtered(ctx, r.client, name)
}

// asciiLower lowers the ASCII letters of s only, as SQLite's lower() does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// listGetter is a client service that lists and gets one kind.
type listGetter[T any] interface {
	List(context.Context, *client.ListOptions) (*client.Page[T], error)
	Get(context.Context, string) (*T, error)
}

// listed is the row of a kind whose service lists and gets it, its lists
// filtered on the parent by filter (nil: one unfiltered list).
func listed[T any](kind readKind, service func(*client.Client) listGetter[T], id func(*T) string,
	filter func(*client.ListOptions, string)) batchedSource[T] {
	return batchedSource[T]{
		kind: kind,
		list: func(ctx context.Context, c *client.Client, parent string, o *client.ListOptions) (*client.Page[T], error) {
			if filter != nil {
				filter(o, parent)
			}
			return service(c).List(ctx, o)
		},
		get: func(ctx context.Context, c *client.Client, _, id string) (*T, error) { return service(c).Get(ctx, id) },
		id:  id,
	}
}

func byAccount(o *client.ListOptions, accountID string) { o.CustomerAccountID = accountID }

// readers is what a resource reads through: the client and the operation's
// snapshots (nil reads everything by id).
type readers struct {
	client *client.Client
	cache  *readCache
}

func (r readers) licenseQuota(ctx context.Context, id string) (*client.LicenseQuota, error) {
	return licenseQuotaReads.read(ctx, r, "", id)
}

func (r readers) customerAccount(ctx context.Context, id string) (*client.CustomerAccount, error) {
	return customerAccountReads.read(ctx, r, "", id)
}

func (r readers) user(ctx context.Context, accountID, id string) (*client.User, error) {
	return userReads.read(ctx, r, accountID, id)
}

func (r readers) company(ctx context.Context, accountID, id string) (*client.Company, error) {
	return companyReads.read(ctx, r, accountID, id)
}

func (r readers) storageAccount(ctx context.Context, id string) (*client.StorageAccount, error) {
	return storageAccountReads.read(ctx, r, "", id)
}

func (r readers) storageLimit(ctx context.Context, id string) (*client.StorageLimit, error) {
	return storageLimitReads.read(ctx, r, "", id)
}

func (r readers) group(ctx context.Context, id string) (*client.Group, error) {
	return groupReads.read(ctx, r, "", id)
}

func (r readers) customerAccountByName(ctx context.Context, name string) (*client.CustomerAccount, error) {
	return customerAccountReads.byName(ctx, r, name, func(v *client.CustomerAccount) string { return v.Name }, findCustomerAccountByName)
}

func (r readers) groupByName(ctx context.Context, name string) (*client.Group, error) {
	return groupReads.byName(ctx, r, name, func(v *client.Group) string { return v.Name }, findGroupByName)
}

func (r readers) storageAccountByName(ctx context.Context, name string) (*client.StorageAccount, error) {
	return storageAccountReads.byName(ctx, r, name, func(v *client.StorageAccount) string { return v.Name }, findStorageAccountByName)
}

func (r readers) storageLimitByName(ctx context.Context, name string) (*client.StorageLimit, error) {
	return storageLimitReads.byName(ctx, r, name, func(v *client.StorageLimit) string { return v.Name }, findStorageLimitByName)
}

func (r readers) groupMember(ctx context.Context, groupID, userID string) (*client.GroupMember, error) {
	accountID, err := r.accountOfListedUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	if accountID != "" {
		return accountGroupMemberReads.read(ctx, r, accountID, membershipID(groupID, userID))
	}
	return groupMemberReads.read(ctx, r, groupID, userID)
}

func (r readers) licenseAssignment(ctx context.Context, userID, id string) (*client.LicenseAssignment, error) {
	accountID, err := r.accountOfListedUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	if accountID != "" {
		return accountLicenseAssignmentReads.read(ctx, r, accountID, id)
	}
	return licenseAssignmentReads.read(ctx, r, userID, id)
}

// accountOfListedUser returns the customer account of the user when a
// current users' snapshot of this operation holds it, else "" (no snapshot
// holds it, or it is at MSP level). Terraform refreshes a user before the
// assignments and memberships that refer to it, so in a plan of a tenant's
// root the users' page has been read by then, and their assignments and
// memberships are read a page per account rather than a list per user or
// per group. It never fetches a page itself: when no snapshot holds the
// user, the reads keep their own parents.
func (r readers) accountOfListedUser(ctx context.Context, userID string) (string, error) {
	if r.cache == nil || userID == "" {
		return "", nil
	}
	r.cache.mu.Lock()
	var snaps []*snapshot[client.User]
	for key, v := range r.cache.keys {
		if s, ok := v.(*snapshot[client.User]); ok && key.kind == kindUsers {
			snaps = append(snaps, s)
		}
	}
	r.cache.mu.Unlock()
	for _, s := range snaps {
		// Items change only under sem (a page being added): wait for it.
		select {
		case s.sem <- struct{}{}:
		case <-ctx.Done():
			return "", fmt.Errorf("read user %s: %w", userID, ctx.Err())
		}
		u, found := s.items[userID]
		<-s.sem
		if found && r.cache.current(kindUsers, s.gen) {
			if u.CustomerAccountID == nil {
				return "", nil
			}
			return *u.CustomerAccountID, nil
		}
	}
	return "", nil
}

// invalidatingTransport drops the snapshots a write may affect, before the
// write is sent and again once it is answered, so that no read that starts
// after a write of this provider instance is served what was listed before
// it. Doing it here rather than in each Create, Update and Delete catches
// every write, including the membership and assignment changes that other
// resources make, and every retry.
type invalidatingTransport struct {
	base  http.RoundTripper
	cache *readCache
}

func (t *invalidatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return t.base.RoundTrip(req)
	}
	kinds := affectedKinds(req.URL.Path)
	t.cache.invalidate(kinds...)
	resp, err := t.base.RoundTrip(req)
	t.cache.invalidate(kinds...)
	return resp, err
}

// affectedKinds returns the kinds a write to path may change, erring on the
// side of more: a dropped snapshot costs a page, a kept stale one a wrong plan.
func affectedKinds(path string) []readKind {
	_, rest, _ := strings.Cut(path, client.APIPath+"/")
	collection, _, _ := strings.Cut(rest, "/")
	switch collection {
	case "tokens":
		return nil // tokens are read by id only
	case "license-assignments", "license-pool":
		return []readKind{kindLicenseAssignments, kindLicenseQuotas}
	case "license-quotas":
		return []readKind{kindLicenseQuotas}
	case "groups":
		// Deleting a group ends its memberships.
		return []readKind{kindGroups, kindGroupMembers}
	case "users":
		// Deleting a user removes its memberships and assignments.
		return []readKind{kindUsers, kindGroupMembers, kindLicenseAssignments, kindLicenseQuotas}
	case "companies":
		return []readKind{kindCompanies, kindUsers}
	default:
		// Customer accounts, storage, and anything unknown: everything.
		return allReadKinds
	}
}
