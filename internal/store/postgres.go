package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// PostgreSQL support. The store keeps one code path for both databases:
// database/sql over pgx's stdlib adapter, the same queries with `?`
// placeholders (rebound to $n here), and migrations per dialect.

// Advisory lock keys (arbitrary constants, "mspb" + a number). The
// migration lock is held for the session while migrations run, so replicas
// starting together apply each migration once; the write lock is held by
// every write transaction until it ends.
const (
	migrationLockKey int64 = 0x6d737062_0001
	writeLockKey     int64 = 0x6d737062_0002
)

// PostgresConns is the size of each replica's connection pool.
const PostgresConns = 10

func openPostgres(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(PostgresConns)
	db.SetMaxIdleConns(PostgresConns)
	if err := migratePostgres(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate postgres: %w", err)
	}
	if err := backfillLoginKeys(ctx, db, true); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate postgres: %w", err)
	}
	q := pgQuerier{db}
	return &Store{Q: Q{db: q}, read: db, write: db, pg: true}, nil
}

// migratePostgres applies the migrations while holding the migration lock
// on one connection, so that replicas starting together do not race: the
// second waits, then finds every migration recorded.
func migratePostgres(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	err = migrate(ctx, conn, true)
	// Unlock even when the request's context is done: the lock belongs to
	// the session, which goes back to the pool.
	if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLockKey); uerr != nil {
		err = errors.Join(err, fmt.Errorf("release the migration lock: %w", uerr))
	}
	return err
}

// lockWrites takes the write lock for the rest of the transaction. Every
// write transaction of every replica takes it first, so writes run one at a
// time as on SQLite, and under READ COMMITTED each statement after it sees
// every write committed before: the server's check-then-write rules (the
// licence pool, versions, idempotency keys) hold across replicas without
// SERIALIZABLE retries, which would re-run handlers.
func lockWrites(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLockKey); err != nil {
		return fmt.Errorf("take the write lock: %w", err)
	}
	return nil
}

// pgQuerier runs queries written with `?` placeholders on PostgreSQL.
type pgQuerier struct{ q querier }

func (p pgQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.q.ExecContext(ctx, rebind(query), args...)
}

func (p pgQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.q.QueryContext(ctx, rebind(query), args...)
}

func (p pgQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.q.QueryRowContext(ctx, rebind(query), args...)
}

// rebound caches rebind's results: the store's queries are a fixed set of
// texts, and pgx caches prepared statements by text.
var rebound sync.Map // string -> string

// rebind turns the `?` placeholders of query into $1, $2, ...; question
// marks inside quoted literals and identifiers are left alone.
func rebind(query string) string {
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	out := b.String()
	rebound.Store(query, out)
	return out
}

// pgConstraints names, for PostgreSQL's constraint names, the keys under
// which the store's callers know the unique constraints (SQLite's
// "table.column" messages); expression indexes have the same name in both.
var pgConstraints = map[string]string{
	"users_login_key":                              "users.login_key",
	"idempotency_keys_pkey":                        "idempotency_keys.principal",
	"license_assignments_user_id_license_type_key": "license_assignments.user_id, license_assignments.license_type",
}

// pgUniqueViolation maps a PostgreSQL unique violation (23505) on one of
// the constraints of byIndex to its *ConflictError.
func pgUniqueViolation(err error, byIndex map[string]*ConflictError) (*ConflictError, bool) {
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) || pe.Code != "23505" {
		return nil, false
	}
	if ce, ok := byIndex[pe.ConstraintName]; ok {
		return ce, true
	}
	if ce, ok := byIndex[pgConstraints[pe.ConstraintName]]; ok {
		return ce, true
	}
	return nil, false
}
