package client

import (
	"context"
	"net/http"
)

// LicenseAssignmentsService manages licence assignments, at
// /api/v1/license-assignments. Needs licenses:read and licenses:write.
// ListOptions filters: UserID, LicenseType, CustomerAccountID (the
// assignments of that account's users).
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core. Only the quantity of an assignment can change; there is one per
// (user, licence type), and a quantity beyond what the pool has left is a
// conflict (409).
type LicenseAssignmentsService struct {
	crud[LicenseAssignment, LicenseAssignmentCreateRequest, LicenseAssignmentUpdateRequest]
}

// LicensePoolService reads and sets the MSP's stock of licences, at
// /api/v1/license-pool. Reading needs licenses:read.
type LicensePoolService struct {
	client *Client
}

// Get returns the pool: one entry per licence type, even those with total 0.
func (s *LicensePoolService) Get(ctx context.Context) (*LicensePool, error) {
	var p LicensePool
	if err := s.client.do(ctx, request{method: http.MethodGet, path: "/license-pool", out: &p}); err != nil {
		return nil, err
	}
	return &p, nil
}

// SetTotal sets how many licences of licenseType (one of LicenseTypes) the
// MSP has bought. Only the bootstrap administrator may (403 otherwise); a
// total below what is assigned or in use is a conflict (409).
func (s *LicensePoolService) SetTotal(ctx context.Context, licenseType string, total int64) (*LicensePoolEntry, error) {
	if licenseType == "" {
		return nil, emptyIDError(http.MethodPut, s.client.basePath+"/license-pool/{license_type}", "licence type")
	}
	var e LicensePoolEntry
	if err := s.client.do(ctx, request{
		method: http.MethodPut, path: "/license-pool/" + escape(licenseType),
		body: &LicensePoolUpdateRequest{Total: total}, out: &e,
	}); err != nil {
		return nil, err
	}
	return &e, nil
}

// ComputersService reads and removes the computers the backup agent
// registered, at /api/v1/computers (licenses:read, licenses:write), and
// registers one as the agent does. ListOptions filter: UserID.
//
// Get, List, ListAll and All come from the shared core.
type ComputersService struct {
	reader[Computer]
}

// Register registers a computer as the backup agent does
// (POST /api/v1/agent/computers). Call it on a client made with the user's
// own token: the computer belongs to that user and takes one licence, from
// the user's assignments first, then from the pool if the user's licence
// source allows; when none is left the call fails with a conflict (409).
// Registering a name the user already has (compared case-insensitively)
// answers that computer and takes no second licence; a user may register
// at most 100 computers (a conflict beyond).
func (s *ComputersService) Register(ctx context.Context, req *ComputerRegisterRequest) (*Computer, error) {
	return create[Computer](ctx, s.client, "/agent/computers", req)
}

// Delete removes a computer and frees its licence.
func (s *ComputersService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return remove(ctx, s.client, s.path, id, opts)
}

// ReportBackup records, as the backup agent does after a backup
// (POST /api/v1/agent/computers/{id}/backup-report, with the user's own
// token), how many bytes the computer has backed up.
func (s *ComputersService) ReportBackup(ctx context.Context, id string, req *ComputerBackupReport) (*Computer, error) {
	return post[Computer](ctx, s.client, "/agent/computers", id, "backup-report", req)
}

// RetainedBackupsService reads and purges the backups kept when a user was
// deleted without its data, at /api/v1/retained-backups (licenses:read,
// licenses:write). ListOptions filters: UserID, CustomerAccountID.
//
// Get, List, ListAll and All come from the shared core.
type RetainedBackupsService struct {
	reader[RetainedBackup]
}

// Purge deletes, for good, up to req.Limit retained backups of a deleted
// user or of a customer account. Call it again while Remaining is not 0.
func (s *RetainedBackupsService) Purge(ctx context.Context, req *RetainedBackupPurgeRequest) (*RetainedBackupPurgeResult, error) {
	return create[RetainedBackupPurgeResult](ctx, s.client, s.path+"/purge", req)
}
