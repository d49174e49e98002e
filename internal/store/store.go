// Package store persists the management API's entities in SQLite. It owns
// SQL and nothing else: typed methods take a context first and return the
// client wire types or small store types; rules that need more than a
// constraint live in internal/server.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	sqlite "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Reads go through a small pool of read-only
// connections; writes go through a single connection in IMMEDIATE
// transactions (see Write), so check-then-write rules are serialised.
type Store struct {
	Q
	read  *sql.DB
	write *sql.DB
	stmts *stmtCache // prepared read statements (Q runs through it)
}

// Tx is one write transaction. It reads (Q) and writes.
type Tx struct {
	Q
	tx *sql.Tx
}

// Q runs the read queries, on the read pool (Store) or inside a write
// transaction (Tx).
type Q struct{ db querier }

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ReadConns is the size of the read pool.
const ReadConns = 4

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed, with mode 0600) the database file at path
// and applies the migrations that are not yet applied.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := backfillLoginKeys(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(ReadConns)
	r.SetMaxIdleConns(ReadConns)
	r.SetConnMaxIdleTime(0)
	r.SetConnMaxLifetime(0)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	stmts := newStmtCache(r)
	return &Store{Q: Q{db: stmts}, read: r, write: w, stmts: stmts}, nil
}

// createPrivate creates the database file with mode 0600 when it does not
// exist: it holds password hashes and personal data. SQLite then gives its
// -wal and -shm files the mode of the database file. An existing file keeps
// the mode its operator gave it (mspbackup-server warns when it is shared).
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.stmts.Close(), s.read.Close(), s.write.Close())
}

// Write runs fn in one IMMEDIATE transaction: it commits when fn returns nil
// and rolls back otherwise.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&Tx{Q: Q{db: tx}, tx: tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrate applies every embedded migration not yet recorded in
// schema_migrations, in file-name order, each in its own transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migration %s: name must start with a number and '_'", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if err := applyMigration(ctx, db, version, base, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, version int, name, body string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, name, ts(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- errors ----

// ErrNotFound is matched (errors.Is) by every *NotFoundError.
var ErrNotFound = errors.New("not found")

// NotFoundError says that an entity does not exist.
type NotFoundError struct {
	Entity string // "user", "customer account", ...
	ID     string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %s not found", e.Entity, e.ID) }

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ConflictError says that a unique constraint refused a value.
type ConflictError struct {
	Field string // wire name of the field, e.g. "login"
	Value string // the value that is taken
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %q is already taken", e.Field, e.Value)
}

// ErrVersionMismatch is returned by updates whose expected version is stale.
var ErrVersionMismatch = errors.New("version mismatch")

// uniqueViolation maps a UNIQUE constraint failure on one of the indexes to
// a *ConflictError naming the field and value; other errors pass through.
func uniqueViolation(err error, byIndex map[string]*ConflictError) error {
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != 2067 && se.Code() != 1555 { // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
		return err
	}
	msg := se.Error()
	for index, ce := range byIndex {
		if strings.Contains(msg, index) {
			return ce
		}
	}
	return err
}

// ---- column helpers ----

func ts(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromTS(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func ptrString(ns sql.NullString) *string {
	if !ns.Valid {
		return nil
	}
	s := ns.String
	return &s
}

func nullTime(p *time.Time) any {
	if p == nil {
		return nil
	}
	return ts(*p)
}

func ptrTime(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromTS(n.Int64)
	return &t
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func parseList(s string) ([]string, error) {
	out := []string{}
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("decode list column: %w", err)
	}
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nullStr scans a nullable TEXT column.
type nullStr struct{ sql.NullString }

func (n nullStr) ptr() *string { return ptrString(n.NullString) }
