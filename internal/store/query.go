package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Page asks for one page of a list in creation order: the rows after the
// cursor After (0 for the first page), at most Limit of them.
type Page struct {
	After int64
	Limit int
}

type scanner interface{ Scan(dest ...any) error }

// conds collects the conditions of a WHERE clause and their arguments.
type conds struct {
	sql  []string
	args []any
	// scoped are the tenancy conditions (see scope).
	scoped []scopedCond
}

func (c *conds) add(cond string, args ...any) {
	c.sql = append(c.sql, cond)
	c.args = append(c.args, args...)
}

// filter adds cond (with one placeholder) for a filter that is set: an
// empty filter matches every row.
func (c *conds) filter(cond, value string) {
	if value != "" {
		c.add(cond, value)
	}
}

// prefix matches rows whose column expression col starts with value, with
// arg the expression of the value's placeholder ("lower(?)" folds the value
// the way col is folded). LIKE's wildcards in value are escaped, so "a_b"
// matches only names that start with "a_b".
func (c *conds) prefix(col, arg, value string) {
	if value == "" {
		return
	}
	escaped := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(value)
	c.add(col+" LIKE "+arg+` ESCAPE '\'`, escaped+"%")
}

// scope restricts rows to one customer account's subtree (the account and
// every account below it, see tree.go) when account is not nil; cond is the
// condition comparing an account column with one placeholder ("... = ?").
// list widens it to the subtree when the account has accounts below it
// (widenScopes), so a plain account's pages keep their index plan. This is
// where every list and read of the store applies tenancy.
func (c *conds) scope(account *string, cond string) {
	if account != nil {
		c.scoped = append(c.scoped, scopedCond{len(c.sql), *account})
		c.add(cond, *account)
	}
}

// pendingAccounts selects the ids of the customer accounts pending deletion.
const pendingAccounts = "(SELECT id FROM customer_accounts WHERE status = 'pending_deletion')"

// live leaves out the rows under a customer account pending deletion; col
// is the rows' customer account column (NULL: the MSP level).
func (c *conds) live(col string) {
	c.add("(" + col + " IS NULL OR " + col + " NOT IN " + pendingAccounts + ")")
}

// liveUser leaves out the rows of users (t.user_id) under a customer
// account pending deletion.
func (c *conds) liveUser() {
	c.add("(t.user_id IS NULL OR t.user_id NOT IN (SELECT id FROM users WHERE customer_account_id IN " + pendingAccounts + "))")
}

// list runs sel (a SELECT over a table aliased t whose first column is
// t.seq) with the conditions, one page at a time. next is the cursor of the
// following page, or 0 on the last page.
func list[T any](ctx context.Context, q querier, sel string, c conds, p Page, scan func(scanner) (T, int64, error)) (items []T, next int64, err error) {
	if c, err = widenScopes(ctx, q, c); err != nil {
		return nil, 0, err
	}
	query, args := pageQuery(sel, c, p)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	items = make([]T, 0, min(p.Limit, 128))
	var last int64
	for rows.Next() {
		if len(items) == p.Limit {
			next = last
			break
		}
		item, seq, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, item)
		last = seq
	}
	return items, next, rows.Err()
}

// pageQuery is the query of one page of sel and its arguments: one row more
// than the page, which tells whether another page follows.
func pageQuery(sel string, c conds, p Page) (string, []any) {
	c.add("t.seq > ?", p.After)
	return sel + " WHERE " + joinConds(c) + " ORDER BY t.seq LIMIT ?", append(c.args, p.Limit+1)
}

// joinConds is the WHERE clause of c (without WHERE); "1 = 1" for none.
func joinConds(c conds) string {
	if len(c.sql) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.sql, " AND ")
}

// get reads the row of sel whose t.id is id.
func get[T any](ctx context.Context, q querier, sel, entity, id string, scan func(scanner) (T, int64, error)) (*T, error) {
	return one(ctx, q, sel, "t.id = ?", scan, &NotFoundError{Entity: entity, ID: id}, id)
}

// one reads the row of sel that where (a condition with args) selects;
// when there is none it answers notFound (nil: no row and no error).
func one[T any](ctx context.Context, q querier, sel, where string, scan func(scanner) (T, int64, error), notFound error, args ...any) (*T, error) {
	v, _, err := scan(q.QueryRowContext(ctx, sel+" WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// metaCols are the columns every versioned entity starts with.
const metaCols = "t.seq, t.id, t.created_at, t.updated_at, t.version"

// metaScan receives metaCols.
type metaScan struct{ seq, created, updated int64 }

func (m *metaScan) dest(v *client.Meta, more ...any) []any {
	return append([]any{&m.seq, &v.ID, &m.created, &m.updated, &v.Version}, more...)
}

func (m *metaScan) fill(v *client.Meta) {
	v.CreatedAt, v.UpdatedAt = fromTS(m.created), fromTS(m.updated)
}

// updateVersioned stores the columns set names (assignments with a
// placeholder each, args their values) of the entity m is the Meta of, with
// m's updated_at and version; the stored version must be the one before
// (see updated).
func (tx *Tx) updateVersioned(ctx context.Context, table, entity string, m client.Meta, set string, args ...any) error {
	res, err := tx.tx.ExecContext(ctx, "UPDATE "+table+" SET "+set+", updated_at = ?, version = ? WHERE id = ? AND version = ?",
		append(args, ts(m.UpdatedAt), m.Version, m.ID, m.Version-1)...)
	return tx.updated(ctx, res, err, table, entity, m.ID)
}

// updated checks the result of an UPDATE ... WHERE id = ? AND version = ?.
func (q Q) updated(ctx context.Context, res sql.Result, err error, table, entity, id string) error {
	n, err := rowsAffected(res, err)
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	var exists int
	if err := q.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&exists); err != nil {
		return err
	}
	if exists == 0 {
		return &NotFoundError{Entity: entity, ID: id}
	}
	return ErrVersionMismatch
}

// rowsAffected is the number of rows a statement changed (err: the
// statement's error).
func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// deleteByID deletes the row of table with the id; none is a NotFoundError
// naming entity.
func (tx *Tx) deleteByID(ctx context.Context, table, entity, id string) error {
	res, err := tx.tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ?", id)
	return deleted(res, err, entity, id)
}

// queryAll runs a query and reads every row with scan before it returns,
// so that the caller may write in the same transaction next.
func queryAll[T any](ctx context.Context, q querier, scan func(rows *sql.Rows, v *T) error, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, v)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	return out, nil
}

// queryStrings runs a query of one text column and returns its values.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	return queryAll(ctx, q, func(rows *sql.Rows, v *string) error { return rows.Scan(v) }, query, args...)
}

// deleted checks the result of a DELETE ... WHERE id = ?.
func deleted(res sql.Result, err error, entity, id string) error {
	n, err := rowsAffected(res, err)
	if err != nil {
		return err
	}
	if n == 0 {
		return &NotFoundError{Entity: entity, ID: id}
	}
	return nil
}

// Dependants are the entities of one kind that still reference another.
type Dependants struct {
	Kind  string   // plural wire name, e.g. "companies"
	Count int64    // how many
	IDs   []string // up to 10 of them, oldest first
}

// references lists, for each entity kind that can be referenced, where.
var references = map[string][]struct{ kind, table, column, idColumn string }{
	"customer account": {{"companies", "companies", "customer_account_id", "id"}, {"users", "users", "customer_account_id", "id"},
		{"retained backups", "retained_backups", "customer_account_id", "id"}, {"customer_accounts", "customer_accounts", "parent_id", "id"}},
	"company":         {{"users", "users", "company_id", "id"}},
	"storage account": {{"users", "users", "storage_account_id", "id"}},
	"storage limit":   {{"companies", "companies", "storage_limit_id", "id"}, {"users", "users", "storage_limit_id", "id"}},
}

// Dependants reports what still references the entity (one of "customer
// account", "company", "storage account", "storage limit").
// It returns nothing when the entity can be deleted.
func (q Q) Dependants(ctx context.Context, entity, id string) ([]Dependants, error) {
	refs, ok := references[entity]
	if !ok {
		return nil, fmt.Errorf("no references known for %q", entity)
	}
	var out []Dependants
	for _, ref := range refs {
		var d Dependants
		if err := q.db.QueryRowContext(ctx, "SELECT count(*) FROM "+ref.table+" WHERE "+ref.column+" = ?", id).Scan(&d.Count); err != nil {
			return nil, err
		}
		if d.Count == 0 {
			continue
		}
		var err error
		if d.IDs, err = queryStrings(ctx, q.db, "SELECT "+ref.idColumn+" FROM "+ref.table+" WHERE "+ref.column+" = ? ORDER BY seq LIMIT 10", id); err != nil {
			return nil, err
		}
		d.Kind = ref.kind
		out = append(out, d)
	}
	return out, nil
}
