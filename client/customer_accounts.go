package client

import "context"

// CustomerAccountsService manages end-customer accounts (tenants), at
// /api/v1/customer-accounts. Needs customer_accounts:read and
// customer_accounts:write. ListOptions filters: Name, NamePrefix, Status.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core. Delete marks the account and everything under it
// pending_deletion until its PurgeAfter (the server's deletion grace), when
// it is purged for good; Restore brings it back before that. Suspend with
// Update and Status CustomerAccountSuspended.
type CustomerAccountsService struct {
	crud[CustomerAccount, CustomerAccountCreateRequest, CustomerAccountUpdateRequest]
}

// Restore brings back a customer account that is pending deletion, with
// everything that was under it, exactly as it was.
func (s *CustomerAccountsService) Restore(ctx context.Context, id string) (*CustomerAccount, error) {
	return post[CustomerAccount](ctx, s.client, s.path, id, "restore", nil)
}
