package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const selUser = "SELECT " + metaCols + `, t.login, t.email, t.first_name, t.last_name, t.display_name, t.notification_emails,
	t.customer_account_id, t.company_id, t.storage_account_id, t.bucket, t.storage_limit_id, t.enabled, t.license_source,
	t.mfa_method, t.mobile_phone, t.mask_data FROM users t`

// userScan receives one row of selUser. Its destinations are built once and
// reused for every row of a page: with a fresh set per row (the user, the
// nullable columns and the []any escaping to the heap) the scan cost about
// ten allocations a row before reading a column. The integer columns go
// through int64Col and boolCol rather than *int64 and *bool, which
// database/sql assigns by reflection.
type userScan struct {
	v                     client.User
	seq, created, updated int64Col
	version               int64Col
	enabled, maskData     boolCol
	emails                string
	acc, co, sa, sl       sql.NullString
	dest                  []any
	strs                  []string // backs the nullable ids of a page (see ptr)
}

func newUserScan(rows int) *userScan {
	s := &userScan{strs: make([]string, 0, min(rows, 1024))}
	s.dest = []any{&s.seq, &s.v.ID, &s.created, &s.updated, &s.version, &s.v.Login, &s.v.Email, &s.v.FirstName,
		&s.v.LastName, &s.v.DisplayName, &s.emails, &s.acc, &s.co, &s.sa, &s.v.Bucket, &s.sl, &s.enabled,
		&s.v.LicenseSource, &s.v.MFAMethod, &s.v.MobilePhone, &s.maskData}
	return s
}

// scan reads the current row into a new client.User.
func (s *userScan) scan(r scanner) (client.User, int64, error) {
	if err := r.Scan(s.dest...); err != nil {
		return client.User{}, 0, err
	}
	v := s.v
	v.CreatedAt, v.UpdatedAt, v.Version = fromTS(int64(s.created)), fromTS(int64(s.updated)), int64(s.version)
	v.Enabled, v.MaskData = bool(s.enabled), bool(s.maskData)
	v.CustomerAccountID, v.CompanyID, v.StorageAccountID, v.StorageLimitID = s.ptr(s.acc), s.ptr(s.co), s.ptr(s.sa), s.ptr(s.sl)
	var err error
	v.NotificationEmails, err = parseList(s.emails)
	return v, int64(s.seq), err
}

// ptr points into s.strs, so that the nullable ids of a page share a few
// allocations instead of one each; a full s.strs is replaced, never grown
// in place, which would move the strings already pointed to.
func (s *userScan) ptr(ns sql.NullString) *string {
	if !ns.Valid {
		return nil
	}
	if len(s.strs) == cap(s.strs) {
		s.strs = make([]string, 0, max(cap(s.strs), 16))
	}
	s.strs = append(s.strs, ns.String)
	return &s.strs[len(s.strs)-1]
}

func scanUser(r scanner) (client.User, int64, error) { return newUserScan(4).scan(r) }

// UserFilter narrows a list of users.
type UserFilter struct {
	Account           *string // only this account's users (tenant scope)
	Login             string  // compared by LoginKey
	LoginPrefix       string  // a prefix of the LoginKey
	CustomerAccountID string
	CompanyID         string
	GroupID           string
	Enabled           *bool
}

// GetUser reads one user.
func (q Q) GetUser(ctx context.Context, id string) (*client.User, error) {
	return get(ctx, q.db, selUser, "user", id, scanUser)
}

// UserByLogin reads the user whose login has the LoginKey of login, and its
// password hash ("" when it has none).
func (q Q) UserByLogin(ctx context.Context, login string) (*client.User, string, error) {
	key := LoginKey(login)
	row := q.db.QueryRowContext(ctx, "SELECT coalesce(password_hash, '') FROM users WHERE login_key = ?", key)
	var hash string
	if err := row.Scan(&hash); errors.Is(err, sql.ErrNoRows) {
		return nil, "", &NotFoundError{Entity: "user", ID: login}
	} else if err != nil {
		return nil, "", err
	}
	v, _, err := scanUser(q.db.QueryRowContext(ctx, selUser+" WHERE t.login_key = ?", key))
	if err != nil {
		return nil, "", err
	}
	return &v, hash, nil
}

// ListUsers lists users in creation order.
func (q Q) ListUsers(ctx context.Context, f UserFilter, p Page) ([]client.User, int64, error) {
	return list(ctx, q.db, selUser, f.conds(), p, newUserScan(p.Limit).scan)
}

func (f UserFilter) conds() conds {
	var c conds
	c.scope(f.Account, "t.customer_account_id = ?")
	if f.Login != "" {
		c.add("t.login_key = ?", LoginKey(f.Login))
	}
	c.prefix("t.login_key", "?", LoginKey(f.LoginPrefix))
	if f.CustomerAccountID != "" {
		c.add("t.customer_account_id = ?", f.CustomerAccountID)
	}
	if f.CompanyID != "" {
		c.add("t.company_id = ?", f.CompanyID)
	}
	if f.GroupID != "" {
		c.add("t.id IN (SELECT user_id FROM group_members WHERE group_id = ?)", f.GroupID)
	}
	if f.Enabled != nil {
		c.add("t.enabled = ?", boolInt(*f.Enabled))
	}
	c.live("t.customer_account_id")
	return c
}

// loginTaken maps the unique index on login_key (SQLite names its column;
// see pgConstraints for PostgreSQL) to a conflict on login.
func loginTaken(login string) map[string]*ConflictError {
	return map[string]*ConflictError{"users.login_key": {Field: "login", Value: login}}
}

// InsertUser stores a new user; passwordHash is "" for a user without a password.
func (tx *Tx) InsertUser(ctx context.Context, v *client.User, passwordHash string) error {
	var hash any
	if passwordHash != "" {
		hash = passwordHash
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO users (id, login, login_key, email, first_name, last_name, display_name, password_hash,
		notification_emails, customer_account_id, company_id, storage_account_id, bucket, storage_limit_id, enabled,
		license_source, mfa_method, mobile_phone, mask_data, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.Login, LoginKey(v.Login), v.Email, v.FirstName, v.LastName, v.DisplayName, hash, jsonList(v.NotificationEmails),
		nullString(v.CustomerAccountID), nullString(v.CompanyID), nullString(v.StorageAccountID), v.Bucket,
		nullString(v.StorageLimitID), boolInt(v.Enabled), v.LicenseSource, v.MFAMethod, v.MobilePhone, boolInt(v.MaskData),
		ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, loginTaken(v.Login))
}

// UpdateUser stores v, whose Version must be one more than the stored one;
// a nil passwordHash keeps the stored password.
func (tx *Tx) UpdateUser(ctx context.Context, v *client.User, passwordHash *string) error {
	err := tx.updateVersioned(ctx, "users", "user", v.Meta, `login = ?, login_key = ?, email = ?, first_name = ?, last_name = ?, display_name = ?,
		password_hash = coalesce(?, password_hash), notification_emails = ?, company_id = ?, storage_account_id = ?, bucket = ?,
		storage_limit_id = ?, enabled = ?, license_source = ?, mfa_method = ?, mobile_phone = ?, mask_data = ?`,
		v.Login, LoginKey(v.Login), v.Email, v.FirstName, v.LastName, v.DisplayName, nullString(passwordHash), jsonList(v.NotificationEmails),
		nullString(v.CompanyID), nullString(v.StorageAccountID), v.Bucket, nullString(v.StorageLimitID), boolInt(v.Enabled),
		v.LicenseSource, v.MFAMethod, v.MobilePhone, boolInt(v.MaskData))
	return uniqueViolation(err, loginTaken(v.Login))
}

// DeleteUser deletes a user with its memberships, licence assignments,
// computers (freeing their licences), tokens and MFA challenges.
func (tx *Tx) DeleteUser(ctx context.Context, id string) error {
	for _, table := range []string{"group_members", "license_assignments", "computers", "tokens", "mfa_challenges"} {
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE user_id = ?", id); err != nil {
			return err
		}
	}
	return tx.deleteByID(ctx, "users", "user", id)
}

// PasswordHash reads the password hash of a user ("" when it has none).
func (q Q) PasswordHash(ctx context.Context, userID string) (string, error) {
	var hash string
	err := q.db.QueryRowContext(ctx, "SELECT coalesce(password_hash, '') FROM users WHERE id = ?", userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &NotFoundError{Entity: "user", ID: userID}
	}
	return hash, err
}
