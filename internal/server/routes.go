package server

import (
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// routes is every endpoint of the API, with the permission it needs.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	public := func(pattern string, fn func(http.ResponseWriter, *http.Request) error) {
		s.patterns = append(s.patterns, pattern)
		mux.Handle(pattern, s.public(fn))
	}
	h := func(pattern, perm string, fn handlerFunc) {
		s.patterns = append(s.patterns, pattern)
		mux.Handle(pattern, s.authed(perm, fn))
	}
	// staff is h for what only MSP staff may do: change groups, storage
	// accounts and storage limits (tenants may read them), restore a
	// customer account, read the metrics.
	staff := func(pattern, perm string, fn handlerFunc) {
		h(pattern, perm, func(w http.ResponseWriter, r *http.Request, p *principal) error {
			if !p.staff() {
				return errMSPOnly
			}
			return fn(w, r, p)
		})
	}
	const v1 = "/api/v1"

	public("POST "+v1+"/auth/login", s.login)
	public("POST "+v1+"/auth/verify", s.verify)
	public("GET "+v1+"/openapi.json", s.openAPIDocument)
	public("GET /healthz", s.healthz) // outside the rate limit: see dispatch
	public("GET /readyz", s.readyz)
	h("DELETE "+v1+"/auth/session", "", s.logout) // the session's own token
	h("GET "+v1+"/permissions", "", s.listPermissions)

	h("GET "+v1+"/customer-accounts", client.PermCustomerAccountsRead, s.listCustomerAccounts)
	h("POST "+v1+"/customer-accounts", client.PermCustomerAccountsWrite, s.createCustomerAccount)
	h("GET "+v1+"/customer-accounts/{id}", client.PermCustomerAccountsRead, s.getCustomerAccount)
	h("PATCH "+v1+"/customer-accounts/{id}", client.PermCustomerAccountsWrite, s.updateCustomerAccount)
	h("DELETE "+v1+"/customer-accounts/{id}", client.PermCustomerAccountsWrite, s.deleteCustomerAccount)
	staff("POST "+v1+"/customer-accounts/{id}/restore", client.PermCustomerAccountsWrite, s.restoreCustomerAccount)

	h("GET "+v1+"/companies", client.PermCompaniesRead, s.listCompanies)
	h("POST "+v1+"/companies", client.PermCompaniesWrite, s.createCompany)
	h("GET "+v1+"/companies/{id}", client.PermCompaniesRead, s.getCompany)
	h("PATCH "+v1+"/companies/{id}", client.PermCompaniesWrite, s.updateCompany)
	h("DELETE "+v1+"/companies/{id}", client.PermCompaniesWrite, s.deleteCompany)

	h("GET "+v1+"/storage-accounts", client.PermStorageRead, s.listStorageAccounts)
	staff("POST "+v1+"/storage-accounts", client.PermStorageWrite, s.createStorageAccount)
	h("GET "+v1+"/storage-accounts/{id}", client.PermStorageRead, s.getStorageAccount)
	staff("PATCH "+v1+"/storage-accounts/{id}", client.PermStorageWrite, s.updateStorageAccount)
	staff("DELETE "+v1+"/storage-accounts/{id}", client.PermStorageWrite, s.deleteStorageAccount)

	h("GET "+v1+"/storage-limits", client.PermStorageRead, s.listStorageLimits)
	staff("POST "+v1+"/storage-limits", client.PermStorageWrite, s.createStorageLimit)
	h("GET "+v1+"/storage-limits/{id}", client.PermStorageRead, s.getStorageLimit)
	staff("PATCH "+v1+"/storage-limits/{id}", client.PermStorageWrite, s.updateStorageLimit)
	staff("DELETE "+v1+"/storage-limits/{id}", client.PermStorageWrite, s.deleteStorageLimit)

	h("GET "+v1+"/users", client.PermUsersRead, s.listUsers)
	h("POST "+v1+"/users", client.PermUsersWrite, s.createUser)
	h("GET "+v1+"/users/{id}", "", s.getUser)      // users:read, or the user itself
	h("PATCH "+v1+"/users/{id}", "", s.updateUser) // users:write, or the user itself (credentials only)
	h("DELETE "+v1+"/users/{id}", client.PermUsersWrite, s.deleteUser)
	h("POST "+v1+"/users/{id}/send-instructions", client.PermUsersWrite, s.sendInstructions)
	h("POST "+v1+"/users/{id}/reset-password", client.PermUsersWrite, s.resetPassword)
	h("POST "+v1+"/users/{id}/end-sessions", client.PermUsersWrite, s.endSessions)

	h("GET "+v1+"/groups", client.PermGroupsRead, s.listGroups)
	staff("POST "+v1+"/groups", client.PermGroupsWrite, s.createGroup)
	h("GET "+v1+"/groups/{id}", client.PermGroupsRead, s.getGroup)
	staff("PATCH "+v1+"/groups/{id}", client.PermGroupsWrite, s.updateGroup)
	staff("DELETE "+v1+"/groups/{id}", client.PermGroupsWrite, s.deleteGroup)
	h("GET "+v1+"/groups/{id}/members", client.PermGroupsRead, s.listMembers)
	h("GET "+v1+"/group-members", client.PermGroupsRead, s.listAllMembers)
	h("GET "+v1+"/groups/{id}/members/{user_id}", client.PermGroupsRead, s.getMember)
	h("PUT "+v1+"/groups/{id}/members/{user_id}", client.PermGroupsWrite, s.addMember)
	h("DELETE "+v1+"/groups/{id}/members/{user_id}", client.PermGroupsWrite, s.removeMember)

	h("GET "+v1+"/license-assignments", client.PermLicensesRead, s.listAssignments)
	h("POST "+v1+"/license-assignments", client.PermLicensesWrite, s.createAssignment)
	h("GET "+v1+"/license-assignments/{id}", client.PermLicensesRead, s.getAssignment)
	h("PATCH "+v1+"/license-assignments/{id}", client.PermLicensesWrite, s.updateAssignment)
	h("DELETE "+v1+"/license-assignments/{id}", client.PermLicensesWrite, s.deleteAssignment)
	h("GET "+v1+"/license-pool", client.PermLicensesRead, s.getPool)
	h("PUT "+v1+"/license-pool/{license_type}", "", s.setPoolTotal) // bootstrap administrator only
	h("GET "+v1+"/license-quotas", client.PermLicensesRead, s.listQuotas)
	h("POST "+v1+"/license-quotas", client.PermLicensesWrite, s.createQuota)
	h("GET "+v1+"/license-quotas/{id}", client.PermLicensesRead, s.getQuota)
	h("PATCH "+v1+"/license-quotas/{id}", client.PermLicensesWrite, s.updateQuota)
	h("DELETE "+v1+"/license-quotas/{id}", client.PermLicensesWrite, s.deleteQuota)

	h("POST "+v1+"/agent/computers", "", s.registerComputer)                // the user's own token
	h("POST "+v1+"/agent/computers/{id}/backup-report", "", s.reportBackup) // the user's own token
	h("GET "+v1+"/computers", client.PermLicensesRead, s.listComputers)
	h("GET "+v1+"/computers/{id}", client.PermLicensesRead, s.getComputer)
	h("DELETE "+v1+"/computers/{id}", client.PermLicensesWrite, s.deleteComputer)
	h("GET "+v1+"/retained-backups", client.PermLicensesRead, s.listRetainedBackups)
	h("GET "+v1+"/retained-backups/{id}", client.PermLicensesRead, s.getRetainedBackup)
	h("POST "+v1+"/retained-backups/purge", client.PermLicensesWrite, s.purgeRetainedBackups)

	h("GET "+v1+"/tokens", client.PermTokensWrite, s.listTokens)
	h("POST "+v1+"/tokens", client.PermTokensWrite, s.createToken)
	h("GET "+v1+"/tokens/{id}", client.PermTokensWrite, s.getToken)
	h("DELETE "+v1+"/tokens/{id}", client.PermTokensWrite, s.deleteToken)

	h("GET "+v1+"/outbox", client.PermOutboxRead, s.listOutbox)
	h("GET "+v1+"/outbox/{id}", client.PermOutboxRead, s.getOutboxMessage)
	h("GET "+v1+"/audit-events", client.PermAuditRead, s.listAuditEvents)
	staff("GET "+MetricsPath, client.PermMetricsRead, s.getMetrics) // outside /api/v1, where scrapers look

	mux.Handle("/", s.public(func(_ http.ResponseWriter, r *http.Request) error {
		return errStatus(http.StatusNotFound, "no endpoint %s %s", r.Method, r.URL.Path)
	}))
	return mux
}
