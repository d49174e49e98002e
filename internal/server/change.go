package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// change runs fn in one transaction together with the audit events and
// outbox messages fn records and, for a POST with an Idempotency-Key, the
// sealed answer; then it sends the answer.
func (s *Server) change(w http.ResponseWriter, r *http.Request, p *principal, fn func(*store.Tx) (*reply, error)) error {
	ctx := r.Context()
	idem, _ := ctx.Value(keyIdempotency).(*idemRequest)
	var rep *reply
	var answered *store.IdempotencyRecord
	err := s.write(ctx, func(tx *store.Tx) error {
		if idem != nil {
			// The same request may have been answered since idempotent
			// looked: on another replica sharing the database, whose
			// in-flight requests this process cannot see. Writes are
			// serialised, so this read sees its answer if it committed:
			// replay it rather than create a second entity.
			rec, err := tx.GetIdempotency(ctx, p.actor, idem.key, s.now().Add(-IdempotencyTTL))
			if err == nil {
				answered = rec
				return errAnswered
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		var err error
		if rep, err = fn(tx); err != nil {
			return err
		}
		if idem != nil {
			return s.saveIdempotent(ctx, tx, p, idem, rep)
		}
		return nil
	})
	if answered != nil {
		s.replay(w, r, p, idem, answered)
		return nil
	}
	if err != nil {
		return err
	}
	rep.write(w)
	return nil
}

// changeWith decodes the request's body and runs fn on it in one change
// (see change).
func changeWith[Req any](s *Server, w http.ResponseWriter, r *http.Request, p *principal,
	fn func(ctx context.Context, tx *store.Tx, req *Req) (*reply, error)) error {
	req, err := decode[Req](r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) { return fn(ctx, tx, req) })
}

// errAnswered rolls back a change whose Idempotency-Key was answered
// meanwhile (see change).
var errAnswered = errors.New("idempotency key answered meanwhile")

// createdReply answers 201 with the new entity, its ETag and Location.
func createdReply(v any, version int64, location string) (*reply, error) {
	rep, err := entityReply(http.StatusCreated, v, version)
	if err != nil {
		return nil, err
	}
	rep.Location = location
	return rep, nil
}

// createdAudited records a create's audit event and answers 201 with the
// new entity (shown as v), its ETag and Location, within the create's
// transaction: what every create does once its entity is inserted.
func (s *Server) createdAudited(ctx context.Context, tx *store.Tx, p *principal, kind, collection string,
	meta client.Meta, account *string, fields []string, v any) (*reply, error) {
	if err := s.audit(ctx, tx, p, "create", kind, meta.ID, account, fields); err != nil {
		return nil, err
	}
	return createdReply(v, meta.Version, "/api/v1/"+collection+"/"+meta.ID)
}

// deletedAudited deletes an entity in the change's transaction with del,
// records its audit event and answers 204.
func (s *Server) deletedAudited(ctx context.Context, tx *store.Tx, p *principal, kind, id string, account *string,
	del func(ctx context.Context, id string) error) (*reply, error) {
	if err := del(ctx, id); err != nil {
		return nil, err
	}
	return deletedReply(s.audit(ctx, tx, p, "delete", kind, id, account, nil))
}

// deletedReply answers 204 once the delete's audit event is recorded
// (auditErr is the error of recording it).
func deletedReply(auditErr error) (*reply, error) {
	if auditErr != nil {
		return nil, auditErr
	}
	return &reply{Status: http.StatusNoContent}, nil
}

// newMeta is the Meta of an entity created now.
func (s *Server) newMeta(prefix string) client.Meta {
	now := s.clock()
	return client.Meta{ID: ident.NewID(prefix), CreatedAt: now, UpdatedAt: now, Version: 1}
}

// bump marks an entity changed now.
func (s *Server) bump(m *client.Meta) {
	m.UpdatedAt = s.clock()
	m.Version++
}

// audit records one successful change in the transaction.
func (s *Server) audit(ctx context.Context, tx *store.Tx, p *principal, action, entity, id string, account *string, fields []string) error {
	if fields == nil {
		fields = []string{}
	}
	ev := &client.AuditEvent{
		ID: ident.NewID(client.PrefixAuditEvent), Actor: p.actor, Action: action, Entity: entity, EntityID: id,
		At: s.clock(), Fields: fields, Via: p.via, TokenID: p.tokenID, TokenName: p.tokenName,
	}
	if p.user != nil {
		ev.ActorLogin = p.user.Login
	}
	return tx.InsertAuditEvent(ctx, ev, account)
}

// send records a message in the outbox (there is no relay).
func (s *Server) send(ctx context.Context, tx *store.Tx, to, subject, body, kind string, account *string) error {
	return tx.InsertOutboxMessage(ctx, &client.OutboxMessage{
		ID: ident.NewID(client.PrefixOutboxMessage), To: to, Subject: subject, Body: body, Kind: kind, CreatedAt: s.clock(),
	}, account)
}

// changedFields lists the wire names of the fields whose values differ
// between two versions of an entity (for a create, old is the zero value).
// Meta fields are left out.
func changedFields(old, cur any, extra ...string) []string {
	a, b := fieldMap(old), fieldMap(cur)
	var out []string
	for _, m := range []map[string]json.RawMessage{a, b} {
		for k := range m {
			switch k {
			case "id", "created_at", "updated_at", "version", "generated_password", "token":
				continue
			}
			if string(a[k]) != string(b[k]) {
				out = append(out, k)
			}
		}
	}
	out = append(out, extra...)
	slices.Sort(out)
	return slices.Compact(out)
}

func fieldMap(v any) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	b, err := json.Marshal(v)
	if err == nil {
		_ = json.Unmarshal(b, &m)
	}
	for k, raw := range m { // a zero value counts as absent
		switch string(raw) {
		case "null", `""`, "[]", "false", "0":
			delete(m, k)
		}
	}
	return m
}
