package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const selToken = "SELECT " + metaCols + ", t.name, t.user_id, t.expires_at FROM tokens t"

func scanToken(r scanner) (client.APIToken, int64, error) {
	var v client.APIToken
	var m metaScan
	var user nullStr
	var exp sql.NullInt64
	err := r.Scan(m.dest(&v.Meta, &v.Name, &user, &exp)...)
	m.fill(&v.Meta)
	v.UserID, v.ExpiresAt = user.ptr(), ptrTime(exp)
	return v, m.seq, err
}

// TokenFilter narrows a list of tokens.
type TokenFilter struct {
	Account *string // only tokens of this account's users (tenant scope)
	UserID  string
	// UsersOnly hides tokens without a user (bootstrap-level tokens).
	UsersOnly bool
}

// GetToken reads one token (never its secret, which is not stored).
func (q Q) GetToken(ctx context.Context, id string) (*client.APIToken, error) {
	return get(ctx, q.db, selToken, "token", id, scanToken)
}

// ListTokens lists tokens in creation order.
func (q Q) ListTokens(ctx context.Context, f TokenFilter, p Page) ([]client.APIToken, int64, error) {
	var c conds
	c.scope(f.Account, userInAccount)
	c.filter("t.user_id = ?", f.UserID)
	if f.UsersOnly {
		c.add("t.user_id IS NOT NULL")
	}
	c.liveUser()
	return list(ctx, q.db, selToken, c, p, scanToken)
}

// TokenAuth is what authentication needs to know about a token.
type TokenAuth struct {
	TokenID string
	// TokenName is the token's name (a session's is the server's).
	TokenName string
	ExpiresAt *time.Time
	// User is the user the token acts as; nil for a bootstrap-level token.
	User *client.User
	// Session is true for the token of a sign-in (POST /auth/login).
	Session bool
}

// TokenByHash finds the token whose secret hashes to secretHash.
func (q Q) TokenByHash(ctx context.Context, secretHash string) (*TokenAuth, error) {
	var a TokenAuth
	var user nullStr
	var exp sql.NullInt64
	var session int64
	err := q.db.QueryRowContext(ctx, `SELECT id, name, user_id, expires_at, session FROM tokens WHERE secret_hash = ?`, secretHash).Scan(&a.TokenID, &a.TokenName, &user, &exp, &session)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{Entity: "token", ID: "(by secret)"}
	}
	if err != nil {
		return nil, err
	}
	a.ExpiresAt = ptrTime(exp)
	a.Session = session != 0
	if id := user.ptr(); id != nil {
		if a.User, err = q.GetUser(ctx, *id); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// InsertToken stores a new token with the hash of its secret.
func (tx *Tx) InsertToken(ctx context.Context, v *client.APIToken, secretHash string) error {
	return tx.insertToken(ctx, v, secretHash, false)
}

func (tx *Tx) insertToken(ctx context.Context, v *client.APIToken, secretHash string, session bool) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO tokens (id, name, user_id, secret_hash, expires_at, created_at, updated_at, version, session)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, v.Name, nullString(v.UserID), secretHash, nullTime(v.ExpiresAt),
		ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, boolInt(session))
	return err
}

// DeleteToken deletes (revokes) a token.
func (tx *Tx) DeleteToken(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "tokens", "token", id)
}

// ---- MFA challenges ----

// MFAChallenge is a pending second factor of a login.
type MFAChallenge struct {
	ID        string
	UserID    string
	CodeHash  string
	Attempts  int
	ExpiresAt time.Time
}

// GetMFAChallenge reads one challenge.
func (q Q) GetMFAChallenge(ctx context.Context, id string) (*MFAChallenge, error) {
	var c MFAChallenge
	var exp int64
	err := q.db.QueryRowContext(ctx, `SELECT id, user_id, code_hash, attempts, expires_at FROM mfa_challenges WHERE id = ?`, id).
		Scan(&c.ID, &c.UserID, &c.CodeHash, &c.Attempts, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{Entity: "challenge", ID: id}
	}
	c.ExpiresAt = fromTS(exp)
	return &c, err
}

// InsertMFAChallenge stores a challenge, dropping expired ones.
func (tx *Tx) InsertMFAChallenge(ctx context.Context, c *MFAChallenge, now time.Time) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM mfa_challenges WHERE expires_at < ?`, ts(now)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO mfa_challenges (id, user_id, code_hash, attempts, expires_at) VALUES (?, ?, ?, 0, ?)`,
		c.ID, c.UserID, c.CodeHash, ts(c.ExpiresAt))
	return err
}

// CountMFAAttempt records a failed attempt at a challenge.
func (tx *Tx) CountMFAAttempt(ctx context.Context, id string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE mfa_challenges SET attempts = attempts + 1 WHERE id = ?`, id)
	return err
}
