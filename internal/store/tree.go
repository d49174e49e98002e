package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// The tree of customer accounts. Each account stores its path, the ids from
// the top of the tree down to itself ("/ca_top/ca_mid/ca_this/"), next to its
// parent_id: the subtree of an account is every account whose path starts
// with the account's path, its depth is the number of ids in its path, and a
// move rewrites the paths of the moved subtree in one statement.

// subtreeIDs selects the ids of the subtree of the account whose id is the
// placeholder.
const subtreeIDs = `(SELECT st.id FROM customer_accounts st, customer_accounts sr
	WHERE sr.id = ? AND substr(st.path, 1, length(sr.path)) = sr.path)`

// scopedCond is a tenancy condition of conds: the index of its SQL and the
// account it scopes to.
type scopedCond struct {
	at      int
	account string
}

// widenScopes turns the tenancy conditions of accounts that have accounts
// below them into membership of their subtree.
func widenScopes(ctx context.Context, q querier, c conds) (conds, error) {
	if len(c.scoped) == 0 {
		return c, nil
	}
	c.sql = slices.Clone(c.sql)
	for _, s := range c.scoped {
		var below int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM customer_accounts WHERE parent_id = ? LIMIT 1) x`, s.account).Scan(&below); err != nil {
			return c, fmt.Errorf("accounts below %s: %w", s.account, err)
		}
		if below > 0 {
			c.sql[s.at] = inSubtree(c.sql[s.at])
		}
	}
	return c, nil
}

// inSubtree turns a condition "column = ?" into "column IN (the subtree of ?)".
func inSubtree(cond string) string {
	i := strings.LastIndex(cond, "= ?")
	if i < 0 {
		panic(fmt.Sprintf("store: tenancy condition %q compares no column with ?", cond))
	}
	return cond[:i] + "IN " + subtreeIDs + cond[i+len("= ?"):]
}

// treeFilters adds the tree filters of a customer account list.
func treeFilters(c *conds, f CustomerAccountFilter) {
	c.filter("t.parent_id = ?", f.ParentID)
	c.filter("t.id IN "+subtreeIDs, f.SubtreeOf)
}

// TreeNode is where a customer account sits in the tree.
type TreeNode struct {
	ID   string
	Path string
	// Depth is the account's level below the MSP: 1 directly under it.
	Depth int
	// Height is the number of levels of the account's subtree: 1 for an
	// account with nothing below it.
	Height int
}

// Ancestors are the ids from the top of the tree down to the account's
// parent.
func (n *TreeNode) Ancestors() []string {
	ids := strings.Split(strings.Trim(n.Path, "/"), "/")
	return ids[:len(ids)-1]
}

// Contains reports whether the account with path p is in n's subtree.
func (n *TreeNode) Contains(path string) bool { return strings.HasPrefix(path, n.Path) }

func pathDepth(path string) int { return strings.Count(path, "/") - 1 }

// TreeNodeOf reads where the customer account sits in the tree.
func (q Q) TreeNodeOf(ctx context.Context, id string) (*TreeNode, error) {
	n := TreeNode{ID: id}
	var deepest string
	err := q.db.QueryRowContext(ctx, `SELECT r.path, (SELECT st.path FROM customer_accounts st
		WHERE substr(st.path, 1, length(r.path)) = r.path ORDER BY length(st.path) - length(replace(st.path, '/', '')) DESC LIMIT 1)
		FROM customer_accounts r WHERE r.id = ?`, id).Scan(&n.Path, &deepest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{Entity: "customer account", ID: id}
	}
	if err != nil {
		return nil, fmt.Errorf("tree node of %s: %w", id, err)
	}
	n.Depth = pathDepth(n.Path)
	n.Height = pathDepth(deepest) - n.Depth + 1
	return &n, nil
}

// SubtreeIDs lists the ids of the account and of every account below it.
func (q Q) SubtreeIDs(ctx context.Context, id string) ([]string, error) {
	ids, err := queryStrings(ctx, q.db, "SELECT t.id FROM customer_accounts t WHERE t.id IN "+subtreeIDs+" ORDER BY t.seq", id)
	if err != nil {
		return nil, fmt.Errorf("subtree of %s: %w", id, err)
	}
	return ids, nil
}

// PlaceCustomerAccount sets the reseller flag of a customer account and
// puts it below parent (nil: directly under the MSP), moving its subtree
// with it. The caller has checked the move (no cycle, depth, quotas).
func (tx *Tx) PlaceCustomerAccount(ctx context.Context, id string, reseller bool, parent *string) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE customer_accounts SET reseller = ?, parent_id = ? WHERE id = ?`,
		boolInt(reseller), nullString(parent), id); err != nil {
		return fmt.Errorf("place customer account %s: %w", id, err)
	}
	// The old path of the account (empty for a new one), and its new one.
	var oldPath, newPath string
	err := tx.tx.QueryRowContext(ctx, `SELECT c.path, coalesce((SELECT p.path FROM customer_accounts p WHERE p.id = c.parent_id), '/') || c.id || '/'
		FROM customer_accounts c WHERE c.id = ?`, id).Scan(&oldPath, &newPath)
	if err != nil {
		return fmt.Errorf("path of customer account %s: %w", id, err)
	}
	if oldPath == newPath {
		return nil
	}
	if oldPath == "" {
		_, err = tx.tx.ExecContext(ctx, `UPDATE customer_accounts SET path = ? WHERE id = ?`, newPath, id)
	} else {
		_, err = tx.tx.ExecContext(ctx, `UPDATE customer_accounts SET path = CAST(? AS TEXT) || substr(path, ?)
			WHERE substr(path, 1, ?) = CAST(? AS TEXT)`, newPath, len(oldPath)+1, len(oldPath), oldPath)
	}
	if err != nil {
		return fmt.Errorf("move the subtree of customer account %s: %w", id, err)
	}
	return nil
}

// RecordMove notes on the latest audit event of a customer account (the
// update that moved it) where it came from and where it went.
func (tx *Tx) RecordMove(ctx context.Context, id, from, to string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE audit_events SET moved_from = ?, moved_to = ? WHERE seq = (
		SELECT max(seq) FROM audit_events WHERE entity = 'customer_account' AND entity_id = ?)`, from, to, id)
	return err
}

// ---- licence quotas ----

// quotaUsed is what the subtree of t.customer_account_id holds of
// t.license_type: assignments and computers drawing from the pool.
const quotaUsed = `(SELECT CAST(coalesce(sum(a.quantity), 0) AS BIGINT) FROM license_assignments a JOIN users u ON u.id = a.user_id
		WHERE a.license_type = t.license_type AND u.customer_account_id IN ` + subtreeOfQuota + `)
	+ (SELECT count(*) FROM computers c JOIN users u ON u.id = c.user_id
		WHERE c.license_type = t.license_type AND c.license_from = 'pool' AND u.customer_account_id IN ` + subtreeOfQuota + `)`

const subtreeOfQuota = `(SELECT st.id FROM customer_accounts st, customer_accounts sr
	WHERE sr.id = t.customer_account_id AND substr(st.path, 1, length(sr.path)) = sr.path)`

const selQuota = "SELECT " + metaCols + ", t.customer_account_id, t.license_type, t.quota, " + quotaUsed + " FROM license_quotas t"

func scanQuota(r scanner) (client.LicenseQuota, int64, error) {
	var v client.LicenseQuota
	var m metaScan
	err := r.Scan(m.dest(&v.Meta, &v.CustomerAccountID, &v.LicenseType, &v.Quota, &v.Used)...)
	m.fill(&v.Meta)
	return v, m.seq, err
}

// QuotaFilter narrows a list of licence quotas.
type QuotaFilter struct {
	Account           *string // only quotas within this account's subtree (tenant scope)
	CustomerAccountID string
	LicenseType       string
}

// GetLicenseQuota reads one licence quota.
func (q Q) GetLicenseQuota(ctx context.Context, id string) (*client.LicenseQuota, error) {
	return get(ctx, q.db, selQuota, "licence quota", id, scanQuota)
}

// ListLicenseQuotas lists licence quotas in creation order.
func (q Q) ListLicenseQuotas(ctx context.Context, f QuotaFilter, p Page) ([]client.LicenseQuota, int64, error) {
	var c conds
	c.scope(f.Account, "t.customer_account_id = ?")
	c.filter("t.customer_account_id = ?", f.CustomerAccountID)
	c.filter("t.license_type = ?", f.LicenseType)
	return list(ctx, q.db, selQuota, c, p, scanQuota)
}

// QuotasAbove lists the quotas of a licence type (every type when
// licenseType is "") that bind the account: those of the account itself and
// of every account above it, top first.
func (q Q) QuotasAbove(ctx context.Context, accountID, licenseType string) ([]client.LicenseQuota, error) {
	c := conds{}
	c.add(`t.customer_account_id IN (SELECT r.id FROM customer_accounts r, customer_accounts a
		WHERE a.id = ? AND substr(a.path, 1, length(r.path)) = r.path)`, accountID)
	if licenseType != "" {
		c.add("t.license_type = ?", licenseType)
	}
	items, _, err := list(ctx, q.db, selQuota, c, Page{Limit: 1 << 20}, scanQuota)
	return items, err
}

// SubtreeUsage is what the subtree of the account holds of each licence
// type: assignments and computers drawing from the pool.
func (q Q) SubtreeUsage(ctx context.Context, accountID string) (map[string]int64, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT license_type, CAST(sum(n) AS BIGINT) FROM (
		SELECT a.license_type, a.quantity AS n FROM license_assignments a JOIN users u ON u.id = a.user_id
			WHERE u.customer_account_id IN `+subtreeIDs+`
		UNION ALL
		SELECT c.license_type, 1 AS n FROM computers c JOIN users u ON u.id = c.user_id
			WHERE c.license_from = 'pool' AND u.customer_account_id IN `+subtreeIDs+`) x GROUP BY license_type`, accountID, accountID)
	if err != nil {
		return nil, fmt.Errorf("licences used below %s: %w", accountID, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var typ string
		var n int64
		if err := rows.Scan(&typ, &n); err != nil {
			return nil, err
		}
		out[typ] = n
	}
	return out, rows.Err()
}

// InsertLicenseQuota stores a new licence quota.
func (tx *Tx) InsertLicenseQuota(ctx context.Context, v *client.LicenseQuota) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO license_quotas (id, customer_account_id, license_type, quota, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.ID, v.CustomerAccountID, v.LicenseType, v.Quota, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, map[string]*ConflictError{
		"license_quotas.customer_account_id, license_quotas.license_type": {Field: "license_type", Value: v.LicenseType},
	})
}

// UpdateLicenseQuota stores v, whose Version must be one more than the stored one.
func (tx *Tx) UpdateLicenseQuota(ctx context.Context, v *client.LicenseQuota) error {
	return tx.updateVersioned(ctx, "license_quotas", "licence quota", v.Meta, "quota = ?", v.Quota)
}

// DeleteLicenseQuota deletes a licence quota.
func (tx *Tx) DeleteLicenseQuota(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "license_quotas", "licence quota", id)
}
