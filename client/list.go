package client

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ListOptions are the paging and filter parameters of a list call. Every
// filter is an exact match (Name ignores case; Login matches on its NFKC
// case-folded form, as login uniqueness does), except NamePrefix and
// LoginPrefix, which match the start of a name or login the same way; leave
// a field zero to not filter on it. Each collection takes only its own filters, and the
// server refuses (400) a filter a collection does not have:
//
//	customer accounts: Name, NamePrefix, Status, ParentID, SubtreeOf
//	companies: Name, NamePrefix, CustomerAccountID
//	storage accounts, storage limits, groups: Name, NamePrefix
//	users:  Login, LoginPrefix, CustomerAccountID, CompanyID, GroupID, Enabled
//	licence assignments: UserID, LicenseType, CustomerAccountID (of the user)
//	memberships of every group (Groups.ListMemberships): CustomerAccountID (of the user)
//	computers, tokens: UserID        outbox: To, Kind
//	retained backups: UserID, CustomerAccountID
//	audit events: Entity, EntityID, Actor, Action, Since
//
// A nil *ListOptions means the first page of everything.
type ListOptions struct {
	// PageSize is the number of items per page, 1 to 1000; 0 means the
	// server's default (100).
	PageSize int
	// PageToken is the NextPageToken of the previous page; empty for the first.
	PageToken string

	Name              string
	NamePrefix        string
	Login             string
	LoginPrefix       string
	CustomerAccountID string
	CompanyID         string
	GroupID           string
	UserID            string
	LicenseType       string
	To                string
	Kind              string
	Entity            string
	// Status filters customer accounts: "active", "suspended" or
	// "pending_deletion". Without it a list leaves pending deletions out.
	Status string
	// ParentID keeps the customer accounts directly below this reseller
	// account; SubtreeOf keeps the account with this id and every account
	// below it, at any depth.
	ParentID  string
	SubtreeOf string
	// EntityID filters audit events on the changed object: one id, or up
	// to 100 ids separated by commas.
	EntityID string
	// Actor and Action filter audit events: a user id (or "bootstrap"),
	// and an action such as "update".
	Actor  string
	Action string
	// Since, when not zero, keeps the audit events at or after it.
	Since time.Time
	// Enabled filters users on their enabled flag when not nil.
	Enabled *bool
}

// values encodes the options as a query.
func (o *ListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if o.PageSize != 0 {
		q.Set("page_size", strconv.Itoa(o.PageSize))
	}
	for _, kv := range [...]struct{ k, v string }{
		{"page_token", o.PageToken},
		{"name", o.Name},
		{"name_prefix", o.NamePrefix},
		{"login", o.Login},
		{"login_prefix", o.LoginPrefix},
		{"customer_account_id", o.CustomerAccountID},
		{"company_id", o.CompanyID},
		{"group_id", o.GroupID},
		{"user_id", o.UserID},
		{"license_type", o.LicenseType},
		{"to", o.To},
		{"kind", o.Kind},
		{"entity", o.Entity},
		{"entity_id", o.EntityID},
		{"actor", o.Actor},
		{"action", o.Action},
		{"status", o.Status},
		{"parent_id", o.ParentID},
		{"subtree_of", o.SubtreeOf},
	} {
		if kv.v != "" {
			q.Set(kv.k, kv.v)
		}
	}
	if !o.Since.IsZero() {
		q.Set("since", o.Since.UTC().Format(time.RFC3339Nano))
	}
	if o.Enabled != nil {
		q.Set("enabled", strconv.FormatBool(*o.Enabled))
	}
	return q
}

// pageFunc fetches one page.
type pageFunc[T any] func(ctx context.Context, opts *ListOptions) (*Page[T], error)

// walk returns an iterator over every item of every page, starting at
// opts.PageToken. It stops at the first error, which it yields with a zero T.
func walk[T any](ctx context.Context, fetch pageFunc[T], opts *ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var o ListOptions
		if opts != nil {
			o = *opts
		}
		seen := map[string]bool{}
		for {
			page, err := fetch(ctx, &o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if page.NextPageToken == "" {
				return
			}
			if seen[page.NextPageToken] {
				// A server bug would otherwise loop forever.
				var zero T
				yield(zero, fmt.Errorf("list: the server repeated page token %q", page.NextPageToken))
				return
			}
			seen[page.NextPageToken] = true
			o.PageToken = page.NextPageToken
		}
	}
}

// collect reads every page into one slice.
func collect[T any](ctx context.Context, fetch pageFunc[T], opts *ListOptions) ([]T, error) {
	all := []T{}
	for item, err := range walk(ctx, fetch, opts) {
		if err != nil {
			return nil, err
		}
		all = append(all, item)
	}
	return all, nil
}

// lister is the List, ListAll and All calls of one collection.
type lister[T any] struct {
	client *Client
	path   string // e.g. "/users"
}

// List returns one page of the collection, filtered by opts. Prefer ListAll
// or All, which read every page: reading only the first one is a classic
// cause of false drift.
func (s lister[T]) List(ctx context.Context, opts *ListOptions) (*Page[T], error) {
	var page Page[T]
	if err := s.client.do(ctx, request{method: http.MethodGet, path: s.path, query: opts.values(), out: &page}); err != nil {
		return nil, err
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return &page, nil
}

// ListAll returns every item of the collection that matches opts, reading
// every page from opts.PageToken on.
func (s lister[T]) ListAll(ctx context.Context, opts *ListOptions) ([]T, error) {
	return collect(ctx, s.List, opts)
}

// All iterates over every item of the collection that matches opts,
// fetching pages as it goes. On an error it yields the error once and stops.
//
//	for u, err := range c.Users.All(ctx, nil) {
//		if err != nil { return err }
//		...
//	}
func (s lister[T]) All(ctx context.Context, opts *ListOptions) iter.Seq2[T, error] {
	return walk(ctx, s.List, opts)
}

// reader adds Get to a lister.
type reader[T any] struct {
	lister[T]
}

func newReader[T any](c *Client, path string) reader[T] {
	return reader[T]{lister[T]{client: c, path: path}}
}

// Get returns the entity with this id. A missing entity, or one the caller
// may not see, is an error for which IsNotFound is true.
func (s reader[T]) Get(ctx context.Context, id string) (*T, error) {
	if id == "" {
		return nil, emptyIDError(http.MethodGet, s.client.basePath+s.path+"/{id}", "id")
	}
	var v T
	if err := s.client.do(ctx, request{method: http.MethodGet, path: s.path + "/" + escape(id), out: &v}); err != nil {
		return nil, err
	}
	return &v, nil
}

// create posts req to path and decodes the created entity.
func create[T, C any](ctx context.Context, c *Client, path string, req *C) (*T, error) {
	if req == nil {
		return nil, fmt.Errorf("POST %s%s: the request is nil", c.basePath, path)
	}
	var v T
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: req, out: &v}); err != nil {
		return nil, err
	}
	return &v, nil
}

// post posts body (nil for none) to path/id/verb, a verb on one entity, and
// decodes the answer unless T is struct{}. It carries an Idempotency-Key
// like every POST.
func post[T any](ctx context.Context, c *Client, path, id, verb string, body any) (*T, error) {
	if id == "" {
		return nil, emptyIDError(http.MethodPost, c.basePath+path+"/{id}/"+verb, "id")
	}
	var v T
	r := request{method: http.MethodPost, path: path + "/" + escape(id) + "/" + verb, body: body}
	if _, none := any(v).(struct{}); !none {
		r.out = &v
	}
	if err := c.do(ctx, r); err != nil {
		return nil, err
	}
	return &v, nil
}

// remove deletes path/id.
func remove(ctx context.Context, c *Client, path, id string, opts []RequestOption) error {
	if id == "" {
		return emptyIDError(http.MethodDelete, c.basePath+path+"/{id}", "id")
	}
	return c.do(ctx, request{method: http.MethodDelete, path: path + "/" + escape(id), opts: opts})
}

// crud is the full set of calls of a collection whose entities are created
// from a C and updated (merge patch) from a U. Services embed it, so each is
// a few lines.
type crud[T, C, U any] struct {
	reader[T]
}

func newCRUD[T, C, U any](c *Client, path string) crud[T, C, U] {
	return crud[T, C, U]{newReader[T](c, path)}
}

// Create creates an entity and returns it as stored. The call carries an
// Idempotency-Key, so a retry after a lost answer does not create it twice.
func (s crud[T, C, U]) Create(ctx context.Context, req *C) (*T, error) {
	return create[T](ctx, s.client, s.path, req)
}

// Update changes the fields req sets (a JSON merge patch) and returns the
// entity as stored. With IfMatch(version) it applies only if the entity is
// still at that version.
func (s crud[T, C, U]) Update(ctx context.Context, id string, req *U, opts ...RequestOption) (*T, error) {
	if id == "" {
		return nil, emptyIDError(http.MethodPatch, s.client.basePath+s.path+"/{id}", "id")
	}
	if req == nil {
		return nil, fmt.Errorf("PATCH %s%s/%s: the request is nil", s.client.basePath, s.path, escape(id))
	}
	var v T
	if err := s.client.do(ctx, request{method: http.MethodPatch, path: s.path + "/" + escape(id), body: req, out: &v, opts: opts}); err != nil {
		return nil, err
	}
	return &v, nil
}

// Delete deletes the entity with this id. With IfMatch(version) it applies
// only if the entity is still at that version. The server refuses (409) to
// delete an entity that others still reference, naming them.
func (s crud[T, C, U]) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return remove(ctx, s.client, s.path, id, opts)
}
