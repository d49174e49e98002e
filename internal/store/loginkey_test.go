package store_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// unmigrateLoginKey turns the database at path back into what it was before
// migration 0003 (no login_key, the old lower(login) index), as a database
// written by an earlier server version is, then runs extra SQL on it.
func unmigrateLoginKey(t *testing.T, path string, extra ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append([]string{
		`DROP INDEX users_login_key`,
		`ALTER TABLE users DROP COLUMN login_key`,
		`CREATE UNIQUE INDEX users_login_ci ON users (lower(login))`,
		`DELETE FROM schema_migrations WHERE version = 3`,
	}, extra...) {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenBackfillsLoginKeysOfAnOlderDatabase(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, path := openFile(t)
	if err := insertUser(ctx, st, "usr_1", "Ａlice"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	unmigrateLoginKey(t, path)

	st = open(t, path)
	u, _, err := st.UserByLogin(ctx, "ALICE")
	if err != nil || u.ID != "usr_1" || u.Login != "Ａlice" {
		t.Fatalf("UserByLogin(ALICE) after the upgrade: %+v, %v", u, err)
	}
	err = insertUser(ctx, st, "usr_2", "alice")
	if ce := (*store.ConflictError)(nil); !errors.As(err, &ce) || ce.Field != "login" {
		t.Fatalf("a login folding to a backfilled one: %v, want a login conflict", err)
	}
}

func TestOpenRefusesOlderLoginsThatFoldToOne(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, path := openFile(t)
	for id, login := range map[string]string{"usr_1": "alice", "usr_2": "bob"} {
		if err := insertUser(ctx, st, id, login); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	// The old index folded ASCII only: it let "alice" and "Ａlice" both in.
	unmigrateLoginKey(t, path, `UPDATE users SET login = 'Ａlice' WHERE id = 'usr_2'`)

	_, err := store.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "usr_1") || !strings.Contains(err.Error(), "usr_2") ||
		!strings.Contains(err.Error(), "same login") {
		t.Fatalf("Open with two logins folding to one: %v, want an error naming both users", err)
	}
}

func TestLoginKey(t *testing.T) {
	t.Parallel()
	for _, same := range [][2]string{
		{"alice", "ALICE"}, {"alice", "Ａｌｉｃｅ"}, {"k", "\u212A"}, {"straße", "STRASSE"}, {"ﬁ", "FI"}, {"ǅ", "dž"},
	} {
		if a, b := store.LoginKey(same[0]), store.LoginKey(same[1]); a != b {
			t.Errorf("LoginKey(%q) = %q, LoginKey(%q) = %q: want one key", same[0], a, same[1], b)
		}
	}
	for _, differ := range [][2]string{{"alice", "alicе"} /* Cyrillic е */, {"ab", "a-b"}} {
		if store.LoginKey(differ[0]) == store.LoginKey(differ[1]) {
			t.Errorf("LoginKey(%q) = LoginKey(%q): want different keys", differ[0], differ[1])
		}
	}
}
