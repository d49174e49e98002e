package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// LoginKey is the form of a login that decides uniqueness and lookups: NFKC
// (so fullwidth "Ａlice" is "Alice", the Kelvin sign is "K"), then Unicode
// case folding, then NFKC again (folding can leave a string that is not in
// NFKC). Two logins with one key are the same login; the login itself is
// stored and returned exactly as given.
func LoginKey(login string) string {
	// A Caser keeps state: one per call, never shared between goroutines.
	return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(login)))
}

// backfillLoginKeys sets login_key on the users that lack it: rows written
// before migration 0003, which SQLite alone cannot fill. Two existing logins
// that fold to one key stop the start, naming both users, since neither may
// silently lose its login.
func backfillLoginKeys(ctx context.Context, db *sql.DB, pg bool) error {
	return inSetupTx(ctx, db, pg, func(tx querier) error {
		type pending struct{ id, login string }
		todo, err := queryAll(ctx, tx, func(rows *sql.Rows, p *pending) error { return rows.Scan(&p.id, &p.login) },
			`SELECT id, login FROM users WHERE login_key IS NULL ORDER BY seq`)
		if err != nil {
			return err
		}
		for _, p := range todo {
			key := LoginKey(p.login)
			_, err := tx.ExecContext(ctx, `UPDATE users SET login_key = ? WHERE id = ?`, key, p.id)
			var ce *ConflictError
			if errors.As(uniqueViolation(err, loginTaken(p.login)), &ce) {
				var otherID, otherLogin string
				if err := tx.QueryRowContext(ctx, `SELECT id, login FROM users WHERE login_key = ?`, key).Scan(&otherID, &otherLogin); err != nil {
					return err
				}
				return fmt.Errorf("users %s (login %q) and %s (login %q) have the same login once case and Unicode compatibility forms are folded: "+
					"rename one of them with the previous server version, then start this one", otherID, otherLogin, p.id, p.login)
			}
			if err != nil {
				return fmt.Errorf("set login_key of user %s: %w", p.id, err)
			}
		}
		return nil
	})
}
