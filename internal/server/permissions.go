package server

import (
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// catalogue is every permission, with what it allows.
var catalogue = []client.Permission{
	{Name: client.PermCustomerAccountsRead, Description: "Read customer accounts."},
	{Name: client.PermCustomerAccountsWrite, Description: "Create, change and delete customer accounts (MSP staff)."},
	{Name: client.PermCompaniesRead, Description: "Read companies."},
	{Name: client.PermCompaniesWrite, Description: "Create, change and delete companies."},
	{Name: client.PermUsersRead, Description: "Read users."},
	{Name: client.PermUsersWrite, Description: "Create, change and delete users."},
	{Name: client.PermGroupsRead, Description: "Read security groups and their members."},
	{Name: client.PermGroupsWrite, Description: "Create, change and delete security groups (MSP staff) and change memberships."},
	{Name: client.PermLicensesRead, Description: "Read the licence pool, licence assignments and computers."},
	{Name: client.PermLicensesWrite, Description: "Assign licences and delete computers."},
	{Name: client.PermStorageRead, Description: "Read storage accounts and storage limits."},
	{Name: client.PermStorageWrite, Description: "Create, change and delete storage accounts and storage limits (MSP staff)."},
	{Name: client.PermAuditRead, Description: "Read audit events."},
	{Name: client.PermOutboxRead, Description: "Read the outbox of e-mails and SMS messages sent."},
	{Name: client.PermTokensWrite, Description: "Create, list and revoke API tokens."},
}

func isPermission(name string) bool {
	for _, p := range catalogue {
		if p.Name == name {
			return true
		}
	}
	return false
}

func allPermissions() []string {
	out := make([]string, len(catalogue))
	for i, p := range catalogue {
		out[i] = p.Name
	}
	return out
}

func (s *Server) listPermissions(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	writeJSON(w, http.StatusOK, struct {
		Items []client.Permission `json:"items"`
	}{catalogue})
	return nil
}
