package client

// PrefixLicenseQuota starts the id of a licence quota.
const PrefixLicenseQuota = "lq_"

// LicenseQuota caps how many licences of one type the accounts of a
// reseller's subtree (the reseller's own included) may hold together: the
// sum of their assignments and of their users' computers drawing from the
// pool. It applies on top of the MSP's pool and of the quotas of the
// resellers above.
type LicenseQuota struct {
	Meta
	// CustomerAccountID is the reseller account the quota belongs to. It
	// cannot change.
	CustomerAccountID string `json:"customer_account_id"`
	// LicenseType is one of LicenseTypes. It cannot change; there is one
	// quota per (account, licence type).
	LicenseType string `json:"license_type"`
	// Quota is the most licences the subtree may hold; it cannot be set
	// below Used.
	Quota int64 `json:"quota"`
	// Used is what the subtree holds now (computed by the server).
	Used int64 `json:"used"`
}

// LicenseQuotaCreateRequest creates a licence quota.
type LicenseQuotaCreateRequest struct {
	CustomerAccountID string `json:"customer_account_id"`
	LicenseType       string `json:"license_type"`
	Quota             int64  `json:"quota"`
}

// LicenseQuotaUpdateRequest changes a quota's size.
type LicenseQuotaUpdateRequest struct {
	Quota *int64 `json:"quota,omitempty"`
}

// LicenseQuotasService manages licence quotas of reseller accounts, at
// /api/v1/license-quotas. Needs licenses:read and licenses:write; a
// reseller's users may change the quotas of the resellers below their own
// account, not their own. ListOptions filters: CustomerAccountID,
// LicenseType.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core. An assignment or a move that would take a subtree beyond one
// of its quotas, and a quota below what is used, are conflicts (409).
type LicenseQuotasService struct {
	crud[LicenseQuota, LicenseQuotaCreateRequest, LicenseQuotaUpdateRequest]
}
