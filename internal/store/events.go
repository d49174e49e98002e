package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// ---- outbox ----

const selOutbox = "SELECT t.seq, t.id, t.recipient, t.subject, t.body, t.kind, t.created_at FROM outbox t"

func scanOutbox(r scanner) (client.OutboxMessage, int64, error) {
	var v client.OutboxMessage
	var seq, created int64
	err := r.Scan(&seq, &v.ID, &v.To, &v.Subject, &v.Body, &v.Kind, &created)
	v.CreatedAt = fromTS(created)
	return v, seq, err
}

// OutboxFilter narrows a list of outbox messages.
type OutboxFilter struct {
	Account *string // only messages to this account's users (tenant scope)
	To      string
	Kind    string
}

// GetOutboxMessage reads one message; account (when not nil) restricts
// it to the messages of that customer account.
func (q Q) GetOutboxMessage(ctx context.Context, id string, account *string) (*client.OutboxMessage, error) {
	var c conds
	c.add("t.id = ?", id)
	c.scope(account, "t.customer_account_id = ?")
	items, _, err := list(ctx, q.db, selOutbox, c, Page{Limit: 1}, scanOutbox)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, &NotFoundError{Entity: "outbox message", ID: id}
	}
	return &items[0], nil
}

// ListOutbox lists messages, oldest first.
func (q Q) ListOutbox(ctx context.Context, f OutboxFilter, p Page) ([]client.OutboxMessage, int64, error) {
	var c conds
	c.scope(f.Account, "t.customer_account_id = ?")
	c.filter("t.recipient = ?", f.To)
	c.filter("t.kind = ?", f.Kind)
	return list(ctx, q.db, selOutbox, c, p, scanOutbox)
}

// InsertOutboxMessage stores a sent message; account is the recipient's
// customer account (nil for MSP staff).
func (tx *Tx) InsertOutboxMessage(ctx context.Context, v *client.OutboxMessage, account *string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox (id, customer_account_id, recipient, subject, body, kind, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.ID, nullString(account), v.To, v.Subject, v.Body, v.Kind, ts(v.CreatedAt))
	return err
}

// ---- audit events ----

const selAudit = "SELECT t.seq, t.id, t.actor, t.action, t.entity, t.entity_id, t.at, t.fields, t.login, t.client_address, t.via, " +
	"t.actor_login, t.token_id, t.token_name, t.moved_from, t.moved_to FROM audit_events t"

func scanAudit(r scanner) (client.AuditEvent, int64, error) {
	var v client.AuditEvent
	var seq, at int64
	var fields string
	if err := r.Scan(&seq, &v.ID, &v.Actor, &v.Action, &v.Entity, &v.EntityID, &at, &fields, &v.Login, &v.ClientAddress, &v.Via,
		&v.ActorLogin, &v.TokenID, &v.TokenName, &v.MovedFrom, &v.MovedTo); err != nil {
		return v, 0, err
	}
	v.At = fromTS(at)
	var err error
	v.Fields, err = parseList(fields)
	return v, seq, err
}

// AuditFilter narrows a list of audit events.
type AuditFilter struct {
	Account *string // only events of this customer account (tenant scope)
	Entity  string
	// EntityIDs, when not empty, keeps the events of any of these ids.
	EntityIDs []string
	Actor     string // a user id, or "bootstrap"
	Action    string
	// Since, when not zero, keeps the events at or after it.
	Since time.Time
}

// ListAuditEvents lists events, oldest first.
func (q Q) ListAuditEvents(ctx context.Context, f AuditFilter, p Page) ([]client.AuditEvent, int64, error) {
	var c conds
	c.scope(f.Account, "t.customer_account_id = ?")
	c.filter("t.entity = ?", f.Entity)
	if len(f.EntityIDs) > 0 {
		args := make([]any, len(f.EntityIDs))
		for i, id := range f.EntityIDs {
			args[i] = id
		}
		c.add("t.entity_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")", args...)
	}
	c.filter("t.actor = ?", f.Actor)
	c.filter("t.action = ?", f.Action)
	if !f.Since.IsZero() {
		c.add("t.at >= ?", ts(f.Since))
	}
	return list(ctx, q.db, selAudit, c, p, scanAudit)
}

// InsertAuditEvent records a change; account is the customer account the
// changed entity belongs to (nil for MSP-level entities).
func (tx *Tx) InsertAuditEvent(ctx context.Context, v *client.AuditEvent, account *string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO audit_events (id, customer_account_id, actor, action, entity, entity_id, at, fields, login,
		client_address, via, actor_login, token_id, token_name)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, nullString(account), v.Actor, v.Action, v.Entity, v.EntityID, ts(v.At), jsonList(v.Fields),
		v.Login, v.ClientAddress, v.Via, v.ActorLogin, v.TokenID, v.TokenName)
	return err
}

// ---- idempotency keys ----

// IdempotencyRecord is the stored answer to a request with an Idempotency-Key.
type IdempotencyRecord struct {
	RequestHash string
	// Response is sealed by the server; the store never sees it in clear.
	Response  []byte
	CreatedAt time.Time
}

// GetIdempotency reads the record of (principal, key) created at or after since.
func (q Q) GetIdempotency(ctx context.Context, principal, key string, since time.Time) (*IdempotencyRecord, error) {
	var r IdempotencyRecord
	var created int64
	err := q.db.QueryRowContext(ctx, `SELECT request_hash, response, created_at FROM idempotency_keys
		WHERE principal = ? AND key = ? AND created_at >= ?`, principal, q.keyArg(key), ts(since)).Scan(&r.RequestHash, &r.Response, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{Entity: "idempotency key", ID: key}
	}
	r.CreatedAt = fromTS(created)
	return &r, err
}

// PutIdempotency stores the record of (principal, key), replacing one
// older than expiredBefore, and drops every record older than that.
func (tx *Tx) PutIdempotency(ctx context.Context, principal, key string, r *IdempotencyRecord, expiredBefore time.Time) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, ts(expiredBefore)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO idempotency_keys (principal, key, request_hash, response, created_at)
		VALUES (?, ?, ?, ?, ?)`, principal, tx.keyArg(key), r.RequestHash, r.Response, ts(r.CreatedAt))
	return uniqueViolation(err, map[string]*ConflictError{"idempotency_keys.principal": {Field: "Idempotency-Key", Value: key}})
}

// keyArg is an idempotency key as its column takes it: TEXT on SQLite,
// BYTEA on PostgreSQL (see migrations/postgres/0001_init.sql).
func (q Q) keyArg(key string) any {
	if _, pg := q.db.(pgQuerier); pg {
		return []byte(key)
	}
	return key
}
