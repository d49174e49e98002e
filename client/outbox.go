package client

// OutboxService reads the e-mails and SMS messages the server sent (or kept,
// with no relay configured), at /api/v1/outbox. Needs outbox:read.
// ListOptions filters: To, Kind.
//
// Get, List, ListAll and All come from the shared core.
type OutboxService struct {
	reader[OutboxMessage]
}
