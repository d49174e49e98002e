package server_test

import (
	"database/sql"
	"os"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
)

// The suite runs on SQLite, or on PostgreSQL with MSPBACKUP_TEST_DB=postgres
// (make test runs both).
func TestMain(m *testing.M) { pgtest.Main(m) }

// rawDB opens the database of a test server directly, read-only where the
// backend allows it, for tests that check what is stored.
func rawDB(t *testing.T, dbPath string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+dbPath+"?mode=ro"
	if pgtest.Postgres() {
		driver, dsn = "pgx", dbPath
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// storedBytes is everything the database holds: the files on SQLite (the
// database and its write-ahead log), every row as text on PostgreSQL.
func storedBytes(t *testing.T, dbPath string) []byte {
	t.Helper()
	var out []byte
	if !pgtest.Postgres() {
		for _, suffix := range []string{"", "-wal"} {
			b, err := os.ReadFile(dbPath + suffix)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			out = append(out, b...)
		}
		return out
	}
	db := rawDB(t, dbPath)
	rows, err := db.QueryContext(t.Context(), `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		var dump sql.NullString
		if err := db.QueryRowContext(t.Context(), `SELECT string_agg(t::text, E'\n') FROM "`+table+`" t`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		out = append(out, dump.String...)
	}
	return out
}
