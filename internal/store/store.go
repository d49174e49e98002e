// Package store persists the management API's entities in SQLite (the
// default: one file) or PostgreSQL (several server replicas on one
// database). One code path serves both: queries are written with `?`
// placeholders and rebound for PostgreSQL (see postgres.go). It owns
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
	"sync/atomic"
	"time"
	"unicode/utf8"

	sqlite "modernc.org/sqlite"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Store is the database. On SQLite, reads go through a small pool of
// read-only connections and writes through a single connection in
// IMMEDIATE transactions; on PostgreSQL, every write transaction first
// takes one advisory lock (see Write). Either way check-then-write rules
// are serialised, across every replica sharing the database.
type Store struct {
	Q
	read  *sql.DB
	write *sql.DB
	stmts *stmtCache // prepared read statements on SQLite; nil on PostgreSQL
	pg    bool
	// gen is the cache generation on SQLite, where one process owns the
	// file; PostgreSQL keeps it in the cache_generation table.
	gen atomic.Uint64
}

// Tx is one write transaction. It reads (Q) and writes.
type Tx struct {
	Q
	tx     querier
	pg     bool
	bumped bool // BumpGeneration was called (SQLite: bump after commit)
	// committed run, in order, once the transaction has committed.
	committed []func()
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

// IsPostgresURL reports whether a --db value names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Open opens the database and applies the migrations that are not yet
// applied. path is a SQLite file (created if needed, with mode 0600) or a
// postgres:// URL (see IsPostgresURL).
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
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
	if err := migrate(ctx, w, false); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := backfillLoginKeys(ctx, w, false); err != nil {
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
	if s.pg {
		return s.read.Close() // one pool serves reads and writes
	}
	return errors.Join(s.stmts.Close(), s.read.Close(), s.write.Close())
}

// Postgres reports whether the store is on PostgreSQL.
func (s *Store) Postgres() bool { return s.pg }

// Pool is one connection pool of the store and its statistics.
type Pool struct {
	// Name is "read" or "write" on SQLite (the read pool and the one writer
	// connection), "postgres" for the pool PostgreSQL reads and writes share.
	Name  string
	Stats sql.DBStats
}

// Pools returns the statistics of the store's connection pools, for the
// server's metrics.
func (s *Store) Pools() []Pool {
	if s.pg {
		return []Pool{{Name: "postgres", Stats: s.read.Stats()}}
	}
	return []Pool{{Name: "read", Stats: s.read.Stats()}, {Name: "write", Stats: s.write.Stats()}}
}

// Write runs fn in one transaction: it commits when fn returns nil and
// rolls back otherwise. On SQLite the transaction is IMMEDIATE on the one
// write connection; on PostgreSQL it first takes the write lock (see
// lockWrites), so writes from every replica run one at a time.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	var q querier = tx
	if s.pg {
		q = pgQuerier{tx}
		if err := lockWrites(ctx, tx); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	t := &Tx{Q: Q{db: q}, tx: q, pg: s.pg}
	if err := fn(t); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if t.bumped && !s.pg {
		s.gen.Add(1)
	}
	for _, fn := range t.committed {
		fn()
	}
	return nil
}

// AfterCommit runs fn once the transaction has committed, and never if it
// rolls back: for effects outside the database that must count only what
// was stored, such as the server's metrics.
func (tx *Tx) AfterCommit(fn func()) { tx.committed = append(tx.committed, fn) }

// BumpGeneration marks, once the transaction commits, every cached
// authentication stale: call it in transactions that may change who a
// token acts as or what it may do (tokens, users, groups, memberships).
func (tx *Tx) BumpGeneration(ctx context.Context) error {
	if tx.bumped {
		return nil
	}
	tx.bumped = true
	if !tx.pg {
		return nil // Write bumps the in-process counter after the commit
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE cache_generation SET value = value + 1 WHERE id = 1`)
	return err
}

// Generation is the cache generation: it changes whenever a transaction
// that called BumpGeneration commits, in this process (SQLite) or on any
// replica (PostgreSQL: one primary-key read).
func (s *Store) Generation(ctx context.Context) (uint64, error) {
	if !s.pg {
		return s.gen.Load(), nil
	}
	var v int64
	if err := s.Q.db.QueryRowContext(ctx, `SELECT value FROM cache_generation WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read cache generation: %w", err)
	}
	return uint64(v), nil
}

// migrator is what migrations run on: a *sql.DB (SQLite) or the one
// connection holding the migration lock (PostgreSQL).
type migrator interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// migrate applies every embedded migration of the dialect not yet recorded
// in schema_migrations, in file-name order, each in its own transaction.
func migrate(ctx context.Context, db migrator, pg bool) error {
	integer := "INTEGER" // SQLite: the rowid, as before PostgreSQL support
	if pg {
		integer = "BIGINT"
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version `+integer+` PRIMARY KEY, name TEXT NOT NULL, applied_at `+integer+` NOT NULL)`); err != nil {
		return err
	}
	files, err := migrationFiles(pg)
	if err != nil {
		return err
	}
	for _, m := range files {
		body, err := migrations.ReadFile(m.file)
		if err != nil {
			return err
		}
		if err := applyMigration(ctx, db, pg, m.version, path.Base(m.file), string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", path.Base(m.file), err)
		}
	}
	return nil
}

type migrationFile struct {
	file    string
	version int
}

// migrationFiles are the embedded migrations of the dialect, in order.
func migrationFiles(pg bool) ([]migrationFile, error) {
	dir := "migrations/sqlite"
	if pg {
		dir = "migrations/postgres"
	}
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]migrationFile, 0, len(names))
	for _, name := range names {
		num, _, ok := strings.Cut(path.Base(name), "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", path.Base(name))
		}
		out = append(out, migrationFile{file: name, version: version})
	}
	return out, nil
}

// Ready reports whether the database answers and has every migration this
// build knows applied: a replica started against a database restored from
// an older copy, or one another replica is still migrating, is not ready.
func (s *Store) Ready(ctx context.Context) error {
	files, err := migrationFiles(s.pg)
	if err != nil {
		return err
	}
	var applied int
	if err := s.Q.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version <= ?`,
		files[len(files)-1].version).Scan(&applied); err != nil {
		return fmt.Errorf("read the applied migrations: %w", err)
	}
	if applied < len(files) {
		return fmt.Errorf("%d of the %d migrations are applied", applied, len(files))
	}
	return nil
}

func applyMigration(ctx context.Context, db migrator, pg bool, version int, name, body string) error {
	return inSetupTx(ctx, db, pg, func(tx querier) error {
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
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			version, name, ts(time.Now()))
		return err
	})
}

// inSetupTx runs fn in one transaction of db, with PostgreSQL's placeholders
// rebound, and commits when fn returns nil. Migrations and the backfills
// that follow them use it, before the store takes any write.
func inSetupTx(ctx context.Context, db migrator, pg bool, fn func(tx querier) error) error {
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback() //nolint:errcheck // no-op after commit
	var tx querier = sqlTx
	if pg {
		tx = pgQuerier{sqlTx}
	}
	if err := fn(tx); err != nil {
		return err
	}
	return sqlTx.Commit()
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
	if ce, ok := pgUniqueViolation(err, byIndex); ok {
		return ce
	}
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
	if s == "" || s == "[]" {
		return []string{}, nil // not nil: the wire shows []; an empty literal allocates nothing
	}
	if out, ok := parsePlainList(s); ok {
		return out, nil
	}
	out := []string{}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("decode list column: %w", err)
	}
	return out, nil
}

// parsePlainList decodes a JSON array of strings as jsonList writes it (no
// spaces) when no string holds an escape, a control character or invalid
// UTF-8, which is every list of ordinary addresses: the strings are
// substrings of s, so the list costs one allocation where json.Unmarshal
// costs several and reflection. ok is false for anything else, which
// json.Unmarshal then decodes.
func parsePlainList(s string) (out []string, ok bool) {
	if len(s) < 4 || s[0] != '[' || s[len(s)-1] != ']' || !utf8.ValidString(s) {
		return nil, false
	}
	n := strings.Count(s, ",") + 1
	out = make([]string, 0, n)
	rest := s[1 : len(s)-1]
	for {
		if len(rest) < 2 || rest[0] != '"' {
			return nil, false
		}
		end := 1
		for end < len(rest) && rest[end] != '"' {
			if c := rest[end]; c == '\\' || c < 0x20 {
				return nil, false
			}
			end++
		}
		if end == len(rest) {
			return nil, false
		}
		out = append(out, rest[1:end])
		rest = rest[end+1:]
		if rest == "" {
			return out, true
		}
		if rest[0] != ',' {
			return nil, false
		}
		rest = rest[1:]
	}
}

// int64Col and boolCol receive INTEGER columns without the reflection
// database/sql uses to assign an int64 to an *int64 or *bool.
type (
	int64Col int64
	boolCol  bool
)

func (c *int64Col) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan %T into an integer column", src)
	}
	*c = int64Col(v)
	return nil
}

func (c *boolCol) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan %T into a boolean column", src)
	}
	*c = v != 0
	return nil
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
