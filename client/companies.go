package client

// CompaniesService manages companies, at /api/v1/companies. Needs
// companies:read and companies:write. ListOptions filters: Name,
// CustomerAccountID.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core.
type CompaniesService struct {
	crud[Company, CompanyCreateRequest, CompanyUpdateRequest]
}
