package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// ---- failed sign-in counters ----

// SigninCounter counts the recent failed sign-ins of one key (a login, a
// client address or a user's MFA codes). The rules that read and advance
// it live in internal/server.
type SigninCounter struct {
	Failures      int
	LastFailureAt time.Time
	// LockedUntil is when attempts are allowed again (zero: not locked).
	LockedUntil time.Time
}

// SigninCounter reads the counter of key; a key never counted reads as the
// zero counter.
func (q Q) SigninCounter(ctx context.Context, key string) (SigninCounter, error) {
	var c SigninCounter
	var last, locked int64
	err := q.db.QueryRowContext(ctx, `SELECT failures, last_failure_at, locked_until FROM signin_counters WHERE key = ?`, key).
		Scan(&c.Failures, &last, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return SigninCounter{}, nil
	}
	if err != nil {
		return SigninCounter{}, err
	}
	c.LastFailureAt = fromTS(last)
	if locked > 0 {
		c.LockedUntil = fromTS(locked)
	}
	return c, nil
}

// PutSigninCounter stores the counter of key.
func (tx *Tx) PutSigninCounter(ctx context.Context, key string, c SigninCounter) error {
	var locked int64
	if !c.LockedUntil.IsZero() {
		locked = ts(c.LockedUntil)
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO signin_counters (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
		locked_until = excluded.locked_until`, key, c.Failures, ts(c.LastFailureAt), locked)
	return err
}

// ResetSigninCounter forgets the failures of key (a successful sign-in).
func (tx *Tx) ResetSigninCounter(ctx context.Context, key string) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM signin_counters WHERE key = ?`, key)
	return err
}

// ---- login sessions and MFA challenges ----

// InsertSession stores a new login session token with the hash of its
// secret. Unlike API tokens, sessions are purged once expired.
func (tx *Tx) InsertSession(ctx context.Context, v *client.APIToken, secretHash string) error {
	if v.ExpiresAt == nil {
		return errors.New("a login session needs an expiry")
	}
	return tx.insertToken(ctx, v, secretHash, true)
}

// SessionByHash finds the login session whose secret hashes to secretHash;
// API tokens and unknown secrets are a *NotFoundError.
func (q Q) SessionByHash(ctx context.Context, secretHash string) (*client.APIToken, error) {
	v, _, err := scanToken(q.db.QueryRowContext(ctx, selToken+" WHERE t.secret_hash = ? AND t.session = 1", secretHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{Entity: "login session", ID: "(by secret)"}
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// EndMFAChallenges deletes every open challenge of a user (a new login
// replaces them).
func (tx *Tx) EndMFAChallenges(ctx context.Context, userID string) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM mfa_challenges WHERE user_id = ?`, userID)
	return err
}

// ConsumeMFAChallenge deletes the challenge if it is still usable at now
// (not expired, fewer than maxAttempts failed attempts) and reports whether
// it did: of concurrent consumers of one challenge, exactly one gets true.
func (tx *Tx) ConsumeMFAChallenge(ctx context.Context, id string, now time.Time, maxAttempts int) (bool, error) {
	n, err := rowsAffected(tx.tx.ExecContext(ctx, `DELETE FROM mfa_challenges WHERE id = ? AND expires_at > ? AND attempts < ?`,
		id, ts(now), maxAttempts))
	return n == 1, err
}

// PurgeUserSignins deletes the user's login sessions and MFA challenges
// expired at now: the cheap purge done at each login.
func (tx *Tx) PurgeUserSignins(ctx context.Context, userID string, now time.Time) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM tokens WHERE user_id = ? AND session = 1 AND expires_at <= ?`, userID, ts(now)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM mfa_challenges WHERE user_id = ? AND expires_at <= ?`, userID, ts(now))
	return err
}

// PurgeSignins deletes what sign-in leaves behind once it is of no use:
// login sessions and MFA challenges expired at now, and failure counters
// neither locked at now nor failed since forgetBefore. It returns the
// number of rows deleted.
func (tx *Tx) PurgeSignins(ctx context.Context, now, forgetBefore time.Time) (int64, error) {
	var total int64
	for _, st := range []struct {
		query string
		args  []any
	}{
		{`DELETE FROM tokens WHERE session = 1 AND expires_at <= ?`, []any{ts(now)}},
		{`DELETE FROM mfa_challenges WHERE expires_at <= ?`, []any{ts(now)}},
		{`DELETE FROM signin_counters WHERE last_failure_at < ? AND locked_until <= ?`, []any{ts(forgetBefore), ts(now)}},
	} {
		n, err := rowsAffected(tx.tx.ExecContext(ctx, st.query, st.args...))
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
