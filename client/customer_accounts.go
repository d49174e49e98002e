package client

// CustomerAccountsService manages end-customer accounts (tenants), at
// /api/v1/customer-accounts. Needs customer_accounts:read and
// customer_accounts:write. ListOptions filter: Name.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core.
type CustomerAccountsService struct {
	crud[CustomerAccount, CustomerAccountCreateRequest, CustomerAccountUpdateRequest]
}
