package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
)

// TestUserPagePlans checks that a page of users is read through an index
// in the order of the page, without sorting: by the primary key, and by
// users_customer_account_seq (migration 0005) for one customer account.
// On PostgreSQL, sequential and bitmap scans are disabled for the check:
// on a near-empty table the planner rightly prefers them.
func TestUserPagePlans(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := Open(ctx, pgtest.StoreDB(t, "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc := "cac_1"
	for _, tc := range []struct {
		name       string
		f          UserFilter
		sqlite, pg string // in the plan
	}{
		{"all", UserFilter{}, "USING INTEGER PRIMARY KEY (rowid>?)", "Index Scan using users_pkey"},
		{"account filter", UserFilter{CustomerAccountID: acc},
			"USING INDEX users_customer_account_seq (customer_account_id=? AND seq>?)", "Index Scan using users_customer_account_seq"},
		{"tenant", UserFilter{Account: &acc},
			"USING INDEX users_customer_account_seq (customer_account_id=? AND seq>?)", "Index Scan using users_customer_account_seq"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, args := pageQuery(selUser, tc.f.conds(), Page{After: 10, Limit: 100})
			plan, err := explain(ctx, st, query, args)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.sqlite
			if st.pg {
				want = tc.pg
			}
			if !strings.Contains(plan, want) || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
				t.Errorf("plan of %s:\n%s\nwant %q and no sort", query, plan, want)
			}
		})
	}
}

// explain returns the plan of query: EXPLAIN QUERY PLAN on SQLite, EXPLAIN
// on PostgreSQL, one line per row.
func explain(ctx context.Context, st *Store, query string, args []any) (string, error) {
	tx, err := st.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return "", err
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	var rows *sql.Rows
	if st.pg {
		for _, set := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off"} {
			if _, err := tx.ExecContext(ctx, set); err != nil {
				return "", err
			}
		}
		rows, err = tx.QueryContext(ctx, "EXPLAIN "+rebind(query), args...)
	} else {
		rows, err = tx.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	}
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		b.WriteString(strings.TrimSpace(toString(vals[len(vals)-1])))
		b.WriteByte('\n')
	}
	return b.String(), rows.Err()
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	default:
		return ""
	}
}
