package export

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// pageSize is the largest page the API serves: an export reads the whole
// console, so fewer, larger pages mean fewer round trips.
const pageSize = 1000

// console is what an export reads: every object it will write, and the
// groups, storage accounts and limits that tenant objects may refer to.
type console struct {
	accounts    []client.CustomerAccount
	companies   []client.Company
	storage     []client.StorageAccount
	limits      []client.StorageLimit
	users       []client.User
	groups      []client.Group
	members     map[string][]string // group id -> user ids
	assignments []client.LicenseAssignment
	tokens      []client.APIToken
	quotas      []client.LicenseQuota

	// mspLevel says whether MSP-level objects (staff, MSP companies, groups,
	// storage accounts and limits, whole member lists) are exported: only
	// when the whole console is.
	mspLevel bool
}

// reader reads the console with list calls only (every page of each), never
// one request per object, reporting progress as it goes.
type reader struct {
	c        *client.Client
	progress func(format string, args ...any)
}

// read reads the whole console, or only the customer accounts named in
// accountNames (ignoring letter case) and what belongs to them.
func (r *reader) read(ctx context.Context, accountNames []string) (*console, error) {
	con := &console{members: map[string][]string{}, mspLevel: len(accountNames) == 0}
	var err error
	if con.mspLevel {
		if con.accounts, err = all(ctx, r, "customer accounts", r.c.CustomerAccounts.All, nil); err != nil {
			return nil, err
		}
		if con.companies, err = all(ctx, r, "companies", r.c.Companies.All, nil); err != nil {
			return nil, err
		}
		if con.users, err = all(ctx, r, "users", r.c.Users.All, nil); err != nil {
			return nil, err
		}
	} else if err := r.readAccounts(ctx, con, accountNames); err != nil {
		return nil, err
	}
	// Read even for named customer accounts: a root per customer account
	// looks the storage its objects use up by name.
	if con.storage, err = all(ctx, r, "storage accounts", r.c.StorageAccounts.All, nil); err != nil {
		return nil, err
	}
	if con.limits, err = all(ctx, r, "storage limits", r.c.StorageLimits.All, nil); err != nil {
		return nil, err
	}

	if con.groups, err = all(ctx, r, "groups", r.c.Groups.All, nil); err != nil {
		return nil, err
	}
	exported := map[string]bool{}
	for _, u := range con.users {
		exported[u.ID] = true
	}
	for i, g := range con.groups {
		for m, err := range r.c.Groups.AllMembers(ctx, g.ID, &client.ListOptions{PageSize: pageSize}) {
			if err != nil {
				return nil, fmt.Errorf("read the members of group %q (%s): %w", g.Name, g.ID, err)
			}
			if exported[m.UserID] {
				con.members[g.ID] = append(con.members[g.ID], m.UserID)
			}
		}
		if (i+1)%100 == 0 {
			r.progress("read the members of %d of %d groups", i+1, len(con.groups))
		}
	}
	r.progress("read the members of %d groups", len(con.groups))

	// Neither list can be filtered by customer account: read them whole and
	// keep what belongs to the users exported.
	assignments, err := all(ctx, r, "licence assignments", r.c.LicenseAssignments.All, nil)
	if err != nil {
		return nil, err
	}
	con.assignments = slices.DeleteFunc(assignments, func(a client.LicenseAssignment) bool { return !exported[a.UserID] })
	tokens, err := all(ctx, r, "API tokens", r.c.Tokens.All, nil)
	if err != nil {
		return nil, err
	}
	if err := r.readQuotas(ctx, con); err != nil {
		return nil, err
	}
	con.tokens = slices.DeleteFunc(tokens, func(t client.APIToken) bool {
		// Bootstrap-level tokens have no user; they are exported (as comments)
		// only with the MSP-level objects.
		if t.UserID == nil {
			return !con.mspLevel
		}
		return !exported[*t.UserID]
	})
	return con, nil
}

// readAccounts reads the customer accounts named (each must exist) and their
// companies and users.
func (r *reader) readAccounts(ctx context.Context, con *console, names []string) error {
	seen := map[string]bool{}
	var missing []string
	for _, name := range names {
		found, err := r.c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: name, PageSize: pageSize})
		if err != nil {
			return fmt.Errorf("find customer account %q: %w", name, err)
		}
		if len(found) == 0 {
			pending, err := r.c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: name, Status: client.CustomerAccountPendingDeletion})
			if err != nil {
				return fmt.Errorf("find customer account %q: %w", name, err)
			}
			if len(pending) > 0 {
				return fmt.Errorf("--customer-account: customer account %q (%s) is pending deletion until %s: restore it before exporting it",
					name, pending[0].ID, pending[0].PurgeAfter.Format(time.RFC3339))
			}
			missing = append(missing, fmt.Sprintf("%q", name))
			continue
		}
		for _, a := range found {
			if !seen[a.ID] {
				seen[a.ID] = true
				con.accounts = append(con.accounts, a)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("--customer-account: no customer account is named %s (names ignore letter case)", strings.Join(missing, ", "))
	}
	r.progress("read %d customer accounts", len(con.accounts))
	for _, a := range con.accounts {
		opts := &client.ListOptions{CustomerAccountID: a.ID}
		companies, err := all(ctx, r, "companies of "+a.Name, r.c.Companies.All, opts)
		if err != nil {
			return err
		}
		users, err := all(ctx, r, "users of "+a.Name, r.c.Users.All, opts)
		if err != nil {
			return err
		}
		con.companies = append(con.companies, companies...)
		con.users = append(con.users, users...)
	}
	return nil
}

// progressEvery is how many objects of one list are read between two
// progress lines.
const progressEvery = 1000

// all reads every page of one list, reporting progress every progressEvery
// objects and at the end.
func all[T any](ctx context.Context, r *reader, what string,
	list func(context.Context, *client.ListOptions) iter.Seq2[T, error], opts *client.ListOptions,
) ([]T, error) {
	o := client.ListOptions{}
	if opts != nil {
		o = *opts
	}
	o.PageSize = pageSize
	items := []T{}
	for item, err := range list(ctx, &o) {
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		items = append(items, item)
		if len(items)%progressEvery == 0 {
			r.progress("read %d %s...", len(items), what)
		}
	}
	r.progress("read %d %s", len(items), what)
	return items, nil
}
