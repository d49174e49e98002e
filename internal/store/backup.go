package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
)

// BackupSQLite writes a consistent copy of the SQLite database file db to
// the new file out, while servers keep reading and writing db.
//
// VACUUM INTO runs in one read transaction of a connection of its own: in
// WAL mode that is a snapshot taken when it starts, so every transaction
// committed before is in the copy and none committed during it, and writers
// are never blocked. The copy is a database as it is (compacted, without a
// -wal file): open it, or copy it back in place of db to restore.
//
// out must not exist: it is created with mode 0600 (it holds password
// hashes and personal data) and removed again if the copy fails.
func BackupSQLite(ctx context.Context, db, out string) error {
	if IsPostgresURL(db) {
		return errors.New("not a SQLite database: back up PostgreSQL with pg_dump")
	}
	// Opening db would create it: a mistyped path must not give an empty copy.
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("database %s: %w", db, err)
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create the copy: %w (choose a new file)", err)
	}
	f.Close()
	if err := vacuumInto(ctx, db, out); err != nil {
		return errors.Join(err, os.Remove(out))
	}
	return nil
}

func vacuumInto(ctx context.Context, db, out string) error {
	// Not the read pool's DSN: query_only refuses VACUUM INTO, although it
	// writes only the copy.
	conn, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open %s: %w", db, err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return fmt.Errorf("%s is not an mspbackup database: %w", db, err)
	}
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return fmt.Errorf("copy %s: %w", db, err)
	}
	// VACUUM INTO leaves syncing the copy to the operating system; the
	// copy is a backup only once it is on disk.
	f, err := os.OpenFile(out, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}
