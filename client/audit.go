package client

import (
	"context"
	"net/http"
)

// AuditEventsService reads the audit log, at /api/v1/audit-events: one event
// per successful change, oldest first. Needs audit:read. ListOptions
// filters: Entity, EntityID.
//
// List, ListAll and All come from the shared core.
type AuditEventsService struct {
	lister[AuditEvent]
}

// PermissionsService reads the permission catalogue, at /api/v1/permissions.
type PermissionsService struct {
	client *Client
}

// List returns every permission of the catalogue.
func (s *PermissionsService) List(ctx context.Context) ([]Permission, error) {
	var page Page[Permission]
	if err := s.client.do(ctx, request{method: http.MethodGet, path: "/permissions", out: &page}); err != nil {
		return nil, err
	}
	if page.Items == nil {
		page.Items = []Permission{}
	}
	return page.Items, nil
}
