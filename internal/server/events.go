package server

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Outbox messages and audit events: tenants read their own account's;
// outbox messages are read through outboxView.

func (s *Server) listOutbox(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "to", "kind")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListOutbox(r.Context(), store.OutboxFilter{Account: p.account(), To: l.get("to"), Kind: l.get("kind")}, l.page)
	return sendPage(w, outboxViews(p, items), next, err)
}

func (s *Server) getOutboxMessage(w http.ResponseWriter, r *http.Request, p *principal) error {
	m, err := s.st.GetOutboxMessage(r.Context(), r.PathValue("id"), p.account())
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, outboxView(p, *m), 0)
}

// maxAuditEntityIDs bounds the ids of one entity_id filter: a drift check
// asks about up to this many changed objects in one request.
const maxAuditEntityIDs = 100

func (s *Server) listAuditEvents(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "entity", "entity_id", "actor", "action", "since")
	if err != nil {
		return err
	}
	f := store.AuditFilter{Account: p.account(), Entity: l.get("entity"), Actor: l.get("actor"), Action: l.get("action")}
	var fe fieldErrors
	if v := l.get("entity_id"); v != "" {
		f.EntityIDs = strings.Split(v, ",")
		if len(f.EntityIDs) > maxAuditEntityIDs || slices.Contains(f.EntityIDs, "") {
			fe.add("entity_id", "must be 1 to %d ids separated by commas, without empty ones", maxAuditEntityIDs)
		}
	}
	if v := l.get("since"); v != "" {
		if f.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
			fe.add("since", "must be an RFC 3339 time such as 2026-12-06T10:14:03Z, not %q", v)
		}
	}
	if err := fe.err(); err != nil {
		return err
	}
	items, next, err := s.st.ListAuditEvents(r.Context(), f, l.page)
	if p.maskData() {
		for i := range items { // the login typed at a sign-in, the address it came from, the actor's login
			items[i].Login, items[i].ClientAddress = maskLogin(items[i].Login), maskText(items[i].ClientAddress)
			if !p.isUser(items[i].Actor) {
				items[i].ActorLogin = maskLogin(items[i].ActorLogin)
			}
		}
	}
	return sendPage(w, items, next, err)
}
