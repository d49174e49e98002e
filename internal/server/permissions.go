package server

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// permissionDescriptions says what each permission of the catalogue
// (client.Permissions) allows.
var permissionDescriptions = map[string]string{
	client.PermCustomerAccountsRead:  "Read customer accounts.",
	client.PermCustomerAccountsWrite: "Create, change, suspend, delete and restore customer accounts (MSP staff).",
	client.PermCompaniesRead:         "Read companies.",
	client.PermCompaniesWrite:        "Create, change and delete companies.",
	client.PermUsersRead:             "Read users.",
	client.PermUsersWrite:            "Create, change and delete users; send them instructions, reset their passwords and end their sessions.",
	client.PermGroupsRead:            "Read security groups and their members.",
	client.PermGroupsWrite:           "Create, change and delete security groups (MSP staff) and change memberships.",
	client.PermLicensesRead:          "Read the licence pool, licence assignments, computers and the retained backups of deleted users.",
	client.PermLicensesWrite:         "Assign licences, delete computers and purge retained backups.",
	client.PermStorageRead:           "Read storage accounts and storage limits.",
	client.PermStorageWrite:          "Create, change and delete storage accounts and storage limits (MSP staff).",
	client.PermAuditRead:             "Read audit events.",
	client.PermOutboxRead:            "Read the outbox of e-mails and SMS messages sent.",
	client.PermTokensWrite:           "Create, list and revoke API tokens.",
	client.PermMetricsRead:           "Read the server's Prometheus metrics at GET /metrics (MSP staff; they cover every customer account).",
}

func isPermission(name string) bool { return slices.Contains(client.Permissions, name) }

func allPermissions() []string { return slices.Clone(client.Permissions) }

func (s *Server) listPermissions(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	items := make([]client.Permission, len(client.Permissions))
	for i, name := range client.Permissions {
		items[i] = client.Permission{Name: name, Description: permissionDescriptions[name]}
	}
	writeJSON(w, http.StatusOK, client.Page[client.Permission]{Items: items})
	return nil
}

// openAPIDocument serves the API's OpenAPI 3.1 document (internal/apidoc).
func (s *Server) openAPIDocument(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.apiDocument)))
	_, err := w.Write(s.apiDocument)
	return err
}
