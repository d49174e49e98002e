package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Batched reads. A scheduled drift plan of hundreds of resources would
// otherwise make one GET per resource and run into the API's rate limit. A
// readCache lets the Reads of one Terraform operation share list pages: the
// first Read of a parent (the MSP level, a customer account, a user, a group)
// lists it a page of snapshotPageSize at a time, and later Reads of the same
// parent are answered from those pages.
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
)

var allReadKinds = []readKind{
	kindCustomerAccounts, kindCompanies, kindStorageAccounts, kindStorageLimits,
	kindUsers, kindGroups, kindGroupMembers, kindLicenseAssignments,
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
// account of 500 cost 1.
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

// batchedSource is how one kind is listed and identified.
type batchedSource[T any] struct {
	kind readKind
	// list fetches one page of the parent.
	list func(ctx context.Context, parent string, opts *client.ListOptions) (*client.Page[T], error)
	// id returns the id reads look an item up by.
	id func(*T) string
}

// read returns the object id of parent, from a snapshot of parent when it
// holds it, else from get (a GET by id, whose error removeIfGone judges).
func (src batchedSource[T]) read(ctx context.Context, rc *readCache, parent, id string,
	get func(context.Context) (*T, error)) (*T, error) {
	if rc == nil || id == "" {
		return get(ctx)
	}
	v, ok, err := src.lookup(ctx, rc, parent, id)
	if err != nil {
		return nil, err
	}
	if ok {
		return v, nil
	}
	return get(ctx)
}

// lookup looks id up in the snapshot of parent, fetching a page when the
// rule on snapshot says so. ok is false when the caller must GET by id.
func (src batchedSource[T]) lookup(ctx context.Context, rc *readCache, parent, id string) (v *T, ok bool, err error) {
	key := snapshotKey{src.kind, parent}
	s := snapshotFor[T](rc, key)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, false, fmt.Errorf("read %s %s: %w", src.kind, id, ctx.Err())
	}
	defer func() { <-s.sem }()
	for {
		// A write since the snapshot was created may have changed anything
		// it holds: read by id (a later read starts a new snapshot).
		if !rc.current(src.kind, s.gen) {
			return nil, false, nil
		}
		if item, found := s.items[id]; found {
			return &item, true, nil
		}
		if s.complete || s.failed {
			return nil, false, nil
		}
		if s.pages > 0 && s.gets < s.pages {
			s.gets++
			return nil, false, nil
		}
		page, err := src.list(ctx, parent, &client.ListOptions{PageSize: snapshotPageSize, PageToken: s.next})
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

// The batched kinds follow. Each list answer carries the same fields,
// masking and version as the GET of the same object
// (TestBatchedListMatchesGet), so a Read served from a page never diffs
// against one served by id.

// readers is what a resource reads through: the client and the operation's
// snapshots (nil reads everything by id).
type readers struct {
	client *client.Client
	cache  *readCache
}

func (r readers) customerAccount(ctx context.Context, id string) (*client.CustomerAccount, error) {
	return batchedSource[client.CustomerAccount]{
		kind: kindCustomerAccounts,
		list: func(ctx context.Context, _ string, o *client.ListOptions) (*client.Page[client.CustomerAccount], error) {
			return r.client.CustomerAccounts.List(ctx, o)
		},
		id: func(v *client.CustomerAccount) string { return v.ID },
	}.read(ctx, r.cache, "", id, func(ctx context.Context) (*client.CustomerAccount, error) {
		return r.client.CustomerAccounts.Get(ctx, id)
	})
}

// user reads a user through the snapshot of its customer account
// (accountID, from the prior state), or of all users for MSP staff: the
// list has no filter for "no customer account".
func (r readers) user(ctx context.Context, accountID, id string) (*client.User, error) {
	return batchedSource[client.User]{
		kind: kindUsers,
		list: func(ctx context.Context, parent string, o *client.ListOptions) (*client.Page[client.User], error) {
			o.CustomerAccountID = parent
			return r.client.Users.List(ctx, o)
		},
		id: func(v *client.User) string { return v.ID },
	}.read(ctx, r.cache, accountID, id, func(ctx context.Context) (*client.User, error) {
		return r.client.Users.Get(ctx, id)
	})
}

// company reads a company through the snapshot of its customer account, or
// of all companies for one at MSP level.
func (r readers) company(ctx context.Context, accountID, id string) (*client.Company, error) {
	return batchedSource[client.Company]{
		kind: kindCompanies,
		list: func(ctx context.Context, parent string, o *client.ListOptions) (*client.Page[client.Company], error) {
			o.CustomerAccountID = parent
			return r.client.Companies.List(ctx, o)
		},
		id: func(v *client.Company) string { return v.ID },
	}.read(ctx, r.cache, accountID, id, func(ctx context.Context) (*client.Company, error) {
		return r.client.Companies.Get(ctx, id)
	})
}

func (r readers) storageAccount(ctx context.Context, id string) (*client.StorageAccount, error) {
	return batchedSource[client.StorageAccount]{
		kind: kindStorageAccounts,
		list: func(ctx context.Context, _ string, o *client.ListOptions) (*client.Page[client.StorageAccount], error) {
			return r.client.StorageAccounts.List(ctx, o)
		},
		id: func(v *client.StorageAccount) string { return v.ID },
	}.read(ctx, r.cache, "", id, func(ctx context.Context) (*client.StorageAccount, error) {
		return r.client.StorageAccounts.Get(ctx, id)
	})
}

func (r readers) storageLimit(ctx context.Context, id string) (*client.StorageLimit, error) {
	return batchedSource[client.StorageLimit]{
		kind: kindStorageLimits,
		list: func(ctx context.Context, _ string, o *client.ListOptions) (*client.Page[client.StorageLimit], error) {
			return r.client.StorageLimits.List(ctx, o)
		},
		id: func(v *client.StorageLimit) string { return v.ID },
	}.read(ctx, r.cache, "", id, func(ctx context.Context) (*client.StorageLimit, error) {
		return r.client.StorageLimits.Get(ctx, id)
	})
}

func (r readers) group(ctx context.Context, id string) (*client.Group, error) {
	return batchedSource[client.Group]{
		kind: kindGroups,
		list: func(ctx context.Context, _ string, o *client.ListOptions) (*client.Page[client.Group], error) {
			return r.client.Groups.List(ctx, o)
		},
		id: func(v *client.Group) string { return v.ID },
	}.read(ctx, r.cache, "", id, func(ctx context.Context) (*client.Group, error) {
		return r.client.Groups.Get(ctx, id)
	})
}

// groupMember reads a membership through the snapshot of the group's
// member list.
func (r readers) groupMember(ctx context.Context, groupID, userID string) (*client.GroupMember, error) {
	return batchedSource[client.GroupMember]{
		kind: kindGroupMembers,
		list: func(ctx context.Context, parent string, o *client.ListOptions) (*client.Page[client.GroupMember], error) {
			return r.client.Groups.ListMembers(ctx, parent, o)
		},
		id: func(v *client.GroupMember) string { return v.UserID },
	}.read(ctx, r.cache, groupID, userID, func(ctx context.Context) (*client.GroupMember, error) {
		return r.client.Groups.GetMember(ctx, groupID, userID)
	})
}

// licenseAssignment reads an assignment through the snapshot of its user's
// assignments (userID, from the prior state).
func (r readers) licenseAssignment(ctx context.Context, userID, id string) (*client.LicenseAssignment, error) {
	return batchedSource[client.LicenseAssignment]{
		kind: kindLicenseAssignments,
		list: func(ctx context.Context, parent string, o *client.ListOptions) (*client.Page[client.LicenseAssignment], error) {
			o.UserID = parent
			return r.client.LicenseAssignments.List(ctx, o)
		},
		id: func(v *client.LicenseAssignment) string { return v.ID },
	}.read(ctx, r.cache, userID, id, func(ctx context.Context) (*client.LicenseAssignment, error) {
		return r.client.LicenseAssignments.Get(ctx, id)
	})
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
		return []readKind{kindLicenseAssignments}
	case "groups":
		// Deleting a group ends its memberships.
		return []readKind{kindGroups, kindGroupMembers}
	case "users":
		// Deleting a user removes its memberships and assignments.
		return []readKind{kindUsers, kindGroupMembers, kindLicenseAssignments}
	case "companies":
		return []readKind{kindCompanies, kindUsers}
	default:
		// Customer accounts, storage, and anything unknown: everything.
		return allReadKinds
	}
}
