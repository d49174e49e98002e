package client

// StorageAccountsService manages storage accounts, at
// /api/v1/storage-accounts. Needs storage:read and storage:write (MSP staff
// only for writes). The secret access key is write-only: reads never return
// it. ListOptions filter: Name.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core.
type StorageAccountsService struct {
	crud[StorageAccount, StorageAccountCreateRequest, StorageAccountUpdateRequest]
}

// StorageLimitsService manages storage limits, at /api/v1/storage-limits.
// Needs storage:read and storage:write (MSP staff only for writes).
// ListOptions filter: Name.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core.
type StorageLimitsService struct {
	crud[StorageLimit, StorageLimitCreateRequest, StorageLimitUpdateRequest]
}
