package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The suite runs on SQLite, or on PostgreSQL with MSPBACKUP_TEST_DB=postgres
// (make test runs both).
func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openFile opens a new SQLite database file in the test's directory, for
// the tests of the file itself; it answers the store and the file's path.
func openFile(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "db.sqlite")
	return open(t, path), path
}

// insertUser stores a new user (see newUser) in a transaction of its own.
func insertUser(ctx context.Context, st *store.Store, id, login string) error {
	return st.Write(ctx, func(tx *store.Tx) error { return tx.InsertUser(ctx, newUser(id, login), "") })
}

func newUser(id, login string) *client.User {
	now := time.Now().UTC()
	return &client.User{Meta: client.Meta{ID: id, CreatedAt: now, UpdatedAt: now, Version: 1}, Login: login,
		LicenseSource: "global_pool", MFAMethod: "none", Enabled: true, NotificationEmails: []string{"a@example.com"}}
}

func TestMigrationsApplyOnceAndDataSurvivesReopen(t *testing.T) {
	t.Parallel()
	path := pgtest.StoreDB(t, "db.sqlite")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := insertUser(ctx, st, "usr_1", "Alice"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, path) // migrations must not run again (the seed group would clash)
	u, err := st.GetUser(ctx, "usr_1")
	if err != nil || u.Login != "Alice" || len(u.NotificationEmails) != 1 {
		t.Fatalf("after reopen: %+v, %v", u, err)
	}
	g, err := st.GetGroup(ctx, "grp_administrators")
	if err != nil || !g.BuiltIn {
		t.Fatalf("built-in group: %+v, %v", g, err)
	}
}

func TestUniqueLoginIsEnforcedByTheDatabase(t *testing.T) {
	t.Parallel()
	st := open(t, pgtest.StoreDB(t, "db.sqlite"))
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(insertUser(ctx, st, "usr_1", "Alice"))
	err := insertUser(ctx, st, "usr_2", "aLiCe")
	var ce *store.ConflictError
	if !errors.As(err, &ce) || ce.Field != "login" || ce.Value != "aLiCe" {
		t.Fatalf("duplicate login: %v", err)
	}
	if _, err := st.GetUser(ctx, "usr_2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused user exists: %v", err)
	}
}

func TestUpdateChecksVersionAndPagination(t *testing.T) {
	t.Parallel()
	st := open(t, pgtest.StoreDB(t, "db.sqlite"))
	ctx := t.Context()
	for i := range 5 {
		u := newUser("usr_"+string(rune('a'+i)), "user"+string(rune('a'+i)))
		if err := st.Write(ctx, func(tx *store.Tx) error { return tx.InsertUser(ctx, u, "") }); err != nil {
			t.Fatal(err)
		}
	}
	stale := newUser("usr_a", "renamed")
	stale.Version = 5 // the stored one is 1, so 4 is expected
	err := st.Write(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, stale, nil) })
	if !errors.Is(err, store.ErrVersionMismatch) {
		t.Errorf("stale update: %v", err)
	}
	var ids []string
	p := store.Page{Limit: 2}
	for {
		items, next, err := st.ListUsers(ctx, store.UserFilter{}, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range items {
			ids = append(ids, u.ID)
		}
		if next == 0 {
			break
		}
		p.After = next
	}
	if len(ids) != 5 || ids[0] != "usr_a" || ids[4] != "usr_e" {
		t.Errorf("pages gave %v", ids)
	}
}

func TestRollbackLeavesNothing(t *testing.T) {
	t.Parallel()
	st := open(t, pgtest.StoreDB(t, "db.sqlite"))
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertUser(ctx, newUser("usr_x", "x"), ""); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := st.GetUser(ctx, "usr_x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rolled back user exists: %v", err)
	}
}

func TestOpenCreatesTheDatabaseFilesPrivate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, path := openFile(t)
	if err := insertUser(ctx, st, "usr_1", "alice"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", filepath.Base(name), fi.Mode().Perm())
		}
	}
}

func TestOpenLeavesAnExistingFileModeAlone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db.sqlite")
	if err := os.WriteFile(path, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil { // whatever the umask
		t.Fatal(err)
	}
	open(t, path)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("existing file: %v, %v; want its mode 0640 kept", fi.Mode().Perm(), err)
	}
}
