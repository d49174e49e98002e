package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// UserIncludes says what a page of users carries besides its users
// (GET /users?include=...).
type UserIncludes struct {
	Memberships bool // the users' memberships of every group
	Assignments bool // the users' licence assignments
}

// UsersIncluded is what a page of users carries: the memberships and licence
// assignments of exactly the users of the page, oldest first; nil for what
// was not asked for.
type UsersIncluded struct {
	Memberships []client.GroupMember
	Assignments []client.LicenseAssignment
}

// ListUsersIncluding lists one page of users as ListUsers does and, in the
// same read transaction (one snapshot of the database, so a change committed
// between the queries is in all of them or in none), what inc asks for of
// those users, with the tenancy and liveness conditions of ListMembers and
// ListLicenseAssignments. What is included is not paged: a user has at most
// one membership per group and one assignment per licence type.
func (s *Store) ListUsersIncluding(ctx context.Context, f UserFilter, p Page, inc UserIncludes) (users []client.User, next int64, included UsersIncluded, err error) {
	err = s.readSnapshot(ctx, func(q Q) error {
		if users, next, err = q.ListUsers(ctx, f, p); err != nil {
			return err
		}
		ids := make([]string, len(users))
		for i := range users {
			ids[i] = users[i].ID
		}
		all := Page{Limit: math.MaxInt32}
		if inc.Memberships {
			c := ofUsers(f.Account, ids)
			if included.Memberships, _, err = list(ctx, q.db, selMember, c, all, scanMember); err != nil {
				return err
			}
		}
		if inc.Assignments {
			c := ofUsers(f.Account, ids)
			if included.Assignments, _, err = list(ctx, q.db, selAssignment, c, all, scanAssignment); err != nil {
				return err
			}
		}
		return nil
	})
	return users, next, included, err
}

// ofUsers are the conditions of the rows (of a table with t.user_id) of the
// users ids, within the tenancy scope account, leaving out those of users
// under an account pending deletion: those of ListMembers and
// ListLicenseAssignments, narrowed to the users. The list of ids is padded
// to a power of two (repeating the last id) so that pages of any size share
// a few query texts, which PostgreSQL's driver prepares once each.
func ofUsers(account *string, ids []string) conds {
	var c conds
	c.scope(account, userInAccount)
	if len(ids) == 0 {
		c.add("1 = 0")
		return c
	}
	n := 1
	for n < len(ids) {
		n *= 2
	}
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	c.add("t.user_id IN (?"+strings.Repeat(", ?", n-1)+")", args...)
	c.liveUser()
	return c
}

// readSnapshot runs fn in one read-only transaction, so that its queries read one
// snapshot of the database: on SQLite a deferred transaction on the read
// pool (WAL: its snapshot is taken at its first read and kept to its end),
// on PostgreSQL REPEATABLE READ (one snapshot for the transaction, where
// READ COMMITTED takes one per statement).
func (s *Store) readSnapshot(ctx context.Context, fn func(Q) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.pg {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	var q querier = tx
	if s.pg {
		q = pgQuerier{tx}
	}
	if err := fn(Q{db: q}); err != nil {
		_ = tx.Rollback() // read only: nothing to undo
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("end read: %w", err)
	}
	return nil
}
