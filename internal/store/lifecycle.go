package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// The tenant's life: what a suspension, a deletion that can be undone and a
// user deleted without its backups keep in the database. The rules live in
// internal/server/lifecycle.go.

// CustomerAccountByName reads the customer account whose name is name,
// compared case-insensitively as the unique index compares it.
func (q Q) CustomerAccountByName(ctx context.Context, name string) (*client.CustomerAccount, error) {
	return one(ctx, q.db, selCustomerAccount, "lower(t.name) = lower(?)", scanCustomerAccount, &NotFoundError{Entity: "customer account", ID: name}, name)
}

// AccountStatus reads the status of a customer account.
func (q Q) AccountStatus(ctx context.Context, id string) (string, error) {
	return q.accountStatus(ctx, "status", id)
}

// ClosedAbove returns the topmost reseller above the customer account id
// that is not active, and its status; "" when every account above it is
// active (or it has none). Read from the account's path, so it costs one
// lookup by primary key of at most the tree's depth.
func (q Q) ClosedAbove(ctx context.Context, id string) (above, status string, err error) {
	var path string
	if err := q.db.QueryRowContext(ctx, "SELECT path FROM customer_accounts WHERE id = ?", id).Scan(&path); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", "", &NotFoundError{Entity: "customer account", ID: id}
		}
		return "", "", err
	}
	ids := strings.Split(strings.Trim(path, "/"), "/")
	ancestors := ids[:len(ids)-1]
	for _, a := range ancestors { // topmost first
		st, err := q.AccountStatus(ctx, a)
		if err != nil {
			return "", "", err
		}
		if st != client.CustomerAccountActive {
			return a, st, nil
		}
	}
	return "", "", nil
}

// RestoreStatus reads the status a customer account pending deletion had
// before it was deleted.
func (q Q) RestoreStatus(ctx context.Context, id string) (string, error) {
	return q.accountStatus(ctx, "restore_status", id)
}

// accountStatus reads one status column of a customer account.
func (q Q) accountStatus(ctx context.Context, column, id string) (string, error) {
	var status string
	err := q.db.QueryRowContext(ctx, "SELECT "+column+" FROM customer_accounts WHERE id = ?", id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &NotFoundError{Entity: "customer account", ID: id}
	}
	return status, err
}

// ExpiredDeletions lists up to limit ids of the customer accounts pending
// deletion whose purge_after is at or before now, oldest first.
func (q Q) ExpiredDeletions(ctx context.Context, now time.Time, limit int) ([]string, error) {
	return queryStrings(ctx, q.db, `SELECT id FROM customer_accounts WHERE status = ? AND purge_after <= ? ORDER BY purge_after, seq LIMIT ?`,
		client.CustomerAccountPendingDeletion, ts(now), limit)
}

// PurgeCustomerAccount deletes, for good, a customer account and everything
// under it: its users (with their memberships, licence assignments,
// computers, tokens and MFA challenges, which frees their licences), its
// companies and its retained backups. It returns the number of users purged.
func (tx *Tx) PurgeCustomerAccount(ctx context.Context, id string) (int64, error) {
	const users = "(SELECT id FROM users WHERE customer_account_id = ?)"
	for _, table := range []string{"group_members", "license_assignments", "computers", "tokens", "mfa_challenges"} {
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE user_id IN "+users, id); err != nil {
			return 0, err
		}
	}
	n, err := rowsAffected(tx.tx.ExecContext(ctx, `DELETE FROM users WHERE customer_account_id = ?`, id))
	if err != nil {
		return 0, err
	}
	for _, table := range []string{"companies", "retained_backups"} {
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE customer_account_id = ?", id); err != nil {
			return 0, err
		}
	}
	return n, tx.DeleteCustomerAccount(ctx, id)
}

// EndSessions revokes every sign-in session of a user (not its API tokens)
// and its open MFA challenges; it returns the number of sessions ended.
func (tx *Tx) EndSessions(ctx context.Context, userID string) (int64, error) {
	n, err := rowsAffected(tx.tx.ExecContext(ctx, `DELETE FROM tokens WHERE user_id = ? AND session = 1`, userID))
	if err != nil {
		return 0, err
	}
	return n, tx.EndMFAChallenges(ctx, userID)
}

// SetPassword sets a user's password hash.
func (tx *Tx) SetPassword(ctx context.Context, userID, hash string, at time.Time) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		hash, ts(at), userID)
	return deleted(res, err, "user", userID) // no row: no user
}

// SetBackupBytes records what a computer has backed up.
func (tx *Tx) SetBackupBytes(ctx context.Context, computerID string, n int64) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE computers SET backup_bytes = ? WHERE id = ?`, n, computerID)
	return deleted(res, err, "computer", computerID)
}

// ---- retained backups ----

const selRetained = `SELECT t.seq, t.id, t.customer_account_id, t.user_id, t.user_login, t.computer_name, t.license_type,
	t.backup_bytes, t.retained_at FROM retained_backups t`

func scanRetained(r scanner) (client.RetainedBackup, int64, error) {
	var v client.RetainedBackup
	var seq, at int64
	var acc nullStr
	err := r.Scan(&seq, &v.ID, &acc, &v.UserID, &v.UserLogin, &v.ComputerName, &v.LicenseType, &v.BackupBytes, &at)
	v.CustomerAccountID, v.RetainedAt = acc.ptr(), fromTS(at)
	return v, seq, err
}

// RetainedBackupFilter narrows a list of retained backups.
type RetainedBackupFilter struct {
	Account           *string // only this account's (tenant scope)
	UserID            string
	CustomerAccountID string
}

func (f RetainedBackupFilter) conds() conds {
	var c conds
	c.scope(f.Account, "t.customer_account_id = ?")
	c.filter("t.user_id = ?", f.UserID)
	c.filter("t.customer_account_id = ?", f.CustomerAccountID)
	c.live("t.customer_account_id")
	return c
}

// GetRetainedBackup reads one retained backup.
func (q Q) GetRetainedBackup(ctx context.Context, id string) (*client.RetainedBackup, error) {
	return get(ctx, q.db, selRetained, "retained backup", id, scanRetained)
}

// ListRetainedBackups lists retained backups in the order they were kept.
func (q Q) ListRetainedBackups(ctx context.Context, f RetainedBackupFilter, p Page) ([]client.RetainedBackup, int64, error) {
	return list(ctx, q.db, selRetained, f.conds(), p, scanRetained)
}

// RetainComputers keeps the computers of user u as retained backups of its
// customer account and deletes the computers (freeing their licences).
func (tx *Tx) RetainComputers(ctx context.Context, u *client.User, at time.Time) error {
	kept, err := queryAll(ctx, tx.tx, func(rows *sql.Rows, v *client.RetainedBackup) error {
		return rows.Scan(&v.ID, &v.ComputerName, &v.LicenseType, &v.BackupBytes)
	}, `SELECT id, name, license_type, backup_bytes FROM computers WHERE user_id = ? ORDER BY seq`, u.ID)
	if err != nil {
		return err
	}
	for _, v := range kept {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO retained_backups (id, customer_account_id, user_id, user_login, computer_name,
			license_type, backup_bytes, retained_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			v.ID, nullString(u.CustomerAccountID), u.ID, u.Login, v.ComputerName, v.LicenseType, v.BackupBytes, ts(at)); err != nil {
			return err
		}
	}
	_, err = tx.tx.ExecContext(ctx, `DELETE FROM computers WHERE user_id = ?`, u.ID)
	return err
}

// PurgeRetainedBackups deletes, oldest first, up to limit of the retained
// backups f selects; it returns how many it deleted, their bytes and how
// many matching ones remain.
func (tx *Tx) PurgeRetainedBackups(ctx context.Context, f RetainedBackupFilter, limit int) (purged, bytes, remaining int64, err error) {
	c := f.conds()
	where := " WHERE " + joinConds(c)
	args := c.args
	if err := tx.tx.QueryRowContext(ctx, `SELECT count(*), CAST(coalesce(sum(backup_bytes), 0) AS BIGINT) FROM (SELECT t.backup_bytes FROM retained_backups t`+
		where+` ORDER BY t.seq LIMIT ?) x`, append(args, limit)...).Scan(&purged, &bytes); err != nil {
		return 0, 0, 0, err
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM retained_backups WHERE seq IN (SELECT t.seq FROM retained_backups t`+
		where+` ORDER BY t.seq LIMIT ?)`, append(args, limit)...); err != nil {
		return 0, 0, 0, err
	}
	err = tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM retained_backups t`+where, args...).Scan(&remaining)
	return purged, bytes, remaining, err
}
