package server

import (
	"net/http"

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

func (s *Server) listAuditEvents(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "entity", "entity_id")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListAuditEvents(r.Context(), store.AuditFilter{
		Account: p.account(), Entity: l.get("entity"), EntityID: l.get("entity_id"),
	}, l.page)
	if p.maskData() {
		for i := range items { // the login typed at a sign-in and the address it came from
			items[i].Login, items[i].ClientAddress = maskLogin(items[i].Login), maskText(items[i].ClientAddress)
		}
	}
	return sendPage(w, items, next, err)
}
