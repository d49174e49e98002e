// Package apidoc is the management API's contract as an OpenAPI 3.1
// document, generated from one source of truth: the operations below and
// the wire types of package client. The server serves it at
// GET /api/v1/openapi.json; the server's tests check that its routes are
// exactly these operations and that every request and answer they exchange
// conforms to it.
package apidoc

import (
	"net/http"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// class says which of the API's shared behaviours an operation has: which
// headers it takes and answers, and which error statuses it can give.
type class int

const (
	classRead   class = iota // GET of one entity: ETag
	classList                // GET of a collection: filters, paging
	classCreate              // POST: Idempotency-Key, 201 with ETag and Location
	classUpdate              // PATCH (or PUT of a value): If-Match, ETag
	classDelete              // DELETE: If-Match, 204
	classVerb                // POST of a verb on an entity (restore, reset a password): Idempotency-Key
	classAction              // anything else (sign-in, memberships, agent calls)
	classPublic              // needs no token
	classProbe               // a health probe, at the server's root: no token, no rate limit
)

// Operation is one endpoint of the API.
type Operation struct {
	Method string
	// Path is relative to /api/v1 (or to the server's root, see root), with
	// {name} path parameters.
	Path string
	// ID is the OpenAPI operationId.
	ID string
	// Summary is one line for the document.
	Summary string
	// Permission is what the caller needs ("" when any token will do, or
	// when the rule is more than one permission; Summary says).
	Permission string
	// Request is a value of the request body's type (nil: no body).
	Request any
	// Response is a value of the success answer's type (nil: no body).
	Response any
	// Status is the success status.
	Status int
	// Filters are the query parameters of a list.
	Filters []string
	class   class
	public  bool
	// root: Path is at the server's root, not under /api/v1: the health
	// probes and /metrics, where balancers and Prometheus scrapers look.
	root bool
}

// Base is the path under which the API's operations are served.
const Base = "/api/v1"

// Pattern is the operation's route pattern as the server's mux has it
// ("GET /api/v1/users/{id}").
func (op Operation) Pattern() string {
	if op.root {
		return op.Method + " " + op.Path
	}
	return op.Method + " " + Base + op.Path
}

// listOf is the type of one page of a list of T.
func listOf[T any]() any { return client.Page[T]{} }

func crud[T, C, U any](path, name, single, plural, readPerm, writePerm string, filters ...string) []Operation {
	var zero T
	return []Operation{
		{Method: http.MethodGet, Path: path, ID: "list" + plural, Summary: "List " + pluralNoun(name) + ".", Permission: readPerm,
			Response: listOf[T](), Status: 200, Filters: filters, class: classList},
		{Method: http.MethodPost, Path: path, ID: "create" + single, Summary: "Create a " + name + ".",
			Permission: writePerm, Request: *new(C), Response: zero, Status: 201, class: classCreate},
		{Method: http.MethodGet, Path: path + "/{id}", ID: "get" + single, Summary: "Read a " + name + ".",
			Permission: readPerm, Response: zero, Status: 200, class: classRead},
		{Method: http.MethodPatch, Path: path + "/{id}", ID: "update" + single,
			Summary: "Change a " + name + " (JSON merge patch).", Permission: writePerm, Request: *new(U), Response: zero,
			Status: 200, class: classUpdate},
		{Method: http.MethodDelete, Path: path + "/{id}", ID: "delete" + single, Summary: "Delete a " + name + ".",
			Permission: writePerm, Status: 204, class: classDelete},
	}
}

// Operations is every endpoint of the API.
func Operations() []Operation {
	var ops []Operation
	ops = append(ops,
		Operation{Method: http.MethodPost, Path: "/auth/login", ID: "login",
			Summary: "Sign in with a login and password: a session token, or an MFA challenge whose code is sent to the user.",
			Request: client.LoginRequest{}, Response: client.LoginResponse{}, Status: 200, class: classAction, public: true},
		Operation{Method: http.MethodPost, Path: "/auth/verify", ID: "verifyMFA",
			Summary: "Answer an MFA challenge with its code: a session token.",
			Request: client.VerifyRequest{}, Response: client.LoginResponse{}, Status: 200, class: classAction, public: true},
		Operation{Method: http.MethodDelete, Path: "/auth/session", ID: "logout",
			Summary: "Sign out: revoke the session token of the request (409 for an API token, which is revoked with DELETE /tokens/{id}).",
			Status:  204, class: classAction},
		Operation{Method: http.MethodGet, Path: "/openapi.json", ID: "getOpenAPIDocument",
			Summary: "The OpenAPI 3.1 document of this API.", Status: 200, class: classAction, public: true},
		Operation{Method: http.MethodGet, Path: "/healthz", ID: "getHealth",
			Summary: "Liveness, at the server's root (not under /api/v1): 200 while the process answers.",
			Status:  200, class: classProbe, public: true, root: true},
		Operation{Method: http.MethodGet, Path: "/readyz", ID: "getReadiness",
			Summary: "Readiness, at the server's root (not under /api/v1): 200 when the database answers and its migrations are applied; 503 when not, and while the server drains before it stops.",
			Status:  200, class: classProbe, public: true, root: true},
		Operation{Method: http.MethodGet, Path: "/permissions", ID: "listPermissions",
			Summary: "The permission catalogue.", Response: client.Page[client.Permission]{}, Status: 200, class: classAction},
	)
	accounts := crud[client.CustomerAccount, client.CustomerAccountCreateRequest, client.CustomerAccountUpdateRequest](
		"/customer-accounts", "customer account", "CustomerAccount", "CustomerAccounts", client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite, "name", "name_prefix", "parent_id", "subtree_of", "status")
	accounts[0].Summary = "List customer accounts; those pending deletion only with ?status=pending_deletion."
	accounts[2].Summary = "Read a customer account, also one pending deletion (with purge_after)."
	accounts[3].Summary = "Change a customer account (JSON merge patch); status suspended or active suspends or resumes it, a new parent_id moves it with everything below it. With ?dry_run=true, answer the verdict without changing anything."
	accounts[4].Summary = "Delete a customer account: with the server's --deletion-grace it and everything under it are pending deletion, restorable until purge_after; with none it is deleted at once."
	ops = append(ops, accounts...)
	ops = append(ops, Operation{Method: http.MethodPost, Path: "/customer-accounts/{id}/restore", ID: "restoreCustomerAccount",
		Summary:    "Bring back a customer account pending deletion, with everything under it, as it was.",
		Permission: client.PermCustomerAccountsWrite, Response: client.CustomerAccount{}, Status: 200, class: classVerb})
	ops = append(ops, crud[client.Company, client.CompanyCreateRequest, client.CompanyUpdateRequest](
		"/companies", "company", "Company", "Companies", client.PermCompaniesRead, client.PermCompaniesWrite, "name", "name_prefix", "customer_account_id")...)
	ops = append(ops, crud[client.StorageAccount, client.StorageAccountCreateRequest, client.StorageAccountUpdateRequest](
		"/storage-accounts", "storage account", "StorageAccount", "StorageAccounts", client.PermStorageRead, client.PermStorageWrite, "name", "name_prefix")...)
	ops = append(ops, crud[client.StorageLimit, client.StorageLimitCreateRequest, client.StorageLimitUpdateRequest](
		"/storage-limits", "storage limit", "StorageLimit", "StorageLimits", client.PermStorageRead, client.PermStorageWrite, "name", "name_prefix")...)
	users := crud[client.User, client.UserCreateRequest, client.UserUpdateRequest](
		"/users", "user", "User", "Users", client.PermUsersRead, client.PermUsersWrite, "login", "login_prefix", "customer_account_id", "company_id", "group_id", "enabled", "include")
	// With include, a page carries its users' memberships and assignments.
	users[0].Response = client.UserPage{}
	users[2].Permission, users[2].Summary = "", "Read a user (users:read, or the user itself)."
	users[3].Permission, users[3].Summary = "", "Change a user (users:write; or the user itself, its own credentials only, with current_password)."
	users[4].Summary = "Delete a user with its memberships, licence assignments and tokens; its computers' backed-up data is kept as retained backups unless backup_data=delete."
	ops = append(ops, users...)
	ops = append(ops,
		Operation{Method: http.MethodPost, Path: "/users/{id}/send-instructions", ID: "sendUserInstructions",
			Summary:    "Send the user the getting-started e-mail again (409 when it has no email). Needs every right the user holds.",
			Permission: client.PermUsersWrite, Status: 204, class: classVerb},
		Operation{Method: http.MethodPost, Path: "/users/{id}/reset-password", ID: "resetUserPassword",
			Summary: "Set the user's password (new_password), or generate one and mail it to the user (generate: never answered); " +
				"ends the user's sign-in sessions. Needs every right the user holds.",
			Permission: client.PermUsersWrite, Request: client.PasswordResetRequest{}, Response: client.SessionsEnded{}, Status: 200, class: classVerb},
		Operation{Method: http.MethodPost, Path: "/users/{id}/end-sessions", ID: "endUserSessions",
			Summary:    "Sign the user out everywhere: its sign-in sessions end (its API tokens stay). Needs every right the user holds.",
			Permission: client.PermUsersWrite, Response: client.SessionsEnded{}, Status: 200, class: classVerb},
	)
	ops = append(ops, crud[client.Group, client.GroupCreateRequest, client.GroupUpdateRequest](
		"/groups", "security group", "Group", "Groups", client.PermGroupsRead, client.PermGroupsWrite, "name", "name_prefix")...)
	ops = append(ops,
		Operation{Method: http.MethodGet, Path: "/groups/{id}/members", ID: "listGroupMembers", Summary: "List a group's members.",
			Permission: client.PermGroupsRead, Response: client.Page[client.GroupMember]{}, Status: 200, class: classList},
		Operation{Method: http.MethodGet, Path: "/group-members", ID: "listAllGroupMembers",
			Summary:    "List the memberships of every group; with customer_account_id, those of that account's users (one request for a tenant's memberships).",
			Permission: client.PermGroupsRead, Response: client.Page[client.GroupMember]{}, Status: 200, Filters: []string{"customer_account_id"}, class: classList},
		Operation{Method: http.MethodGet, Path: "/groups/{id}/members/{user_id}", ID: "getGroupMember", Summary: "Read a membership.",
			Permission: client.PermGroupsRead, Response: client.GroupMember{}, Status: 200, class: classAction},
		Operation{Method: http.MethodPut, Path: "/groups/{id}/members/{user_id}", ID: "addGroupMember",
			Summary:    "Make a user a member of a group (201 when added, 200 when it already was).",
			Permission: client.PermGroupsWrite, Response: client.GroupMember{}, Status: 201, class: classAction},
		Operation{Method: http.MethodDelete, Path: "/groups/{id}/members/{user_id}", ID: "removeGroupMember", Summary: "End a membership.",
			Permission: client.PermGroupsWrite, Status: 204, class: classAction},
	)
	ops = append(ops, crud[client.LicenseAssignment, client.LicenseAssignmentCreateRequest, client.LicenseAssignmentUpdateRequest](
		"/license-assignments", "licence assignment", "LicenseAssignment", "LicenseAssignments", client.PermLicensesRead, client.PermLicensesWrite, "user_id", "license_type", "customer_account_id")...)
	ops = append(ops, crud[client.LicenseQuota, client.LicenseQuotaCreateRequest, client.LicenseQuotaUpdateRequest](
		"/license-quotas", "licence quota", "LicenseQuota", "LicenseQuotas", client.PermLicensesRead, client.PermLicensesWrite, "customer_account_id", "license_type")...)
	ops = append(ops,
		Operation{Method: http.MethodGet, Path: "/license-pool", ID: "getLicensePool", Summary: "The licence pool: total, assigned, in use and available per type.",
			Permission: client.PermLicensesRead, Response: client.LicensePool{}, Status: 200, class: classAction},
		Operation{Method: http.MethodPut, Path: "/license-pool/{license_type}", ID: "setLicensePoolTotal",
			Summary: "Set the total of one licence type (the bootstrap token only).",
			Request: client.LicensePoolUpdateRequest{}, Response: client.LicensePoolEntry{}, Status: 200, class: classAction},
		Operation{Method: http.MethodPost, Path: "/agent/computers", ID: "registerComputer",
			Summary: "Register a computer with the token of the user who owns it; it takes a licence.",
			Request: client.ComputerRegisterRequest{}, Response: client.Computer{}, Status: 201, class: classCreate},
		Operation{Method: http.MethodPost, Path: "/agent/computers/{id}/backup-report", ID: "reportComputerBackup",
			Summary: "Report, with the token of the user who owns the computer, how many bytes it has backed up.",
			Request: client.ComputerBackupReport{}, Response: client.Computer{}, Status: 200, class: classVerb},
		Operation{Method: http.MethodGet, Path: "/retained-backups", ID: "listRetainedBackups",
			Summary:    "List the retained backups: the backed-up data of deleted users' computers, kept until purged.",
			Permission: client.PermLicensesRead, Response: client.Page[client.RetainedBackup]{}, Status: 200,
			Filters: []string{"user_id", "customer_account_id"}, class: classList},
		Operation{Method: http.MethodGet, Path: "/retained-backups/{id}", ID: "getRetainedBackup", Summary: "Read a retained backup.",
			Permission: client.PermLicensesRead, Response: client.RetainedBackup{}, Status: 200, class: classAction},
		Operation{Method: http.MethodPost, Path: "/retained-backups/purge", ID: "purgeRetainedBackups",
			Summary: "Delete for good up to limit (default 100, at most 1000) retained backups of one deleted user (user_id) or one customer account " +
				"(customer_account_id), with confirm equal to that id; call again while remaining is not 0.",
			Permission: client.PermLicensesWrite, Request: client.RetainedBackupPurgeRequest{}, Response: client.RetainedBackupPurgeResult{},
			Status: 200, class: classVerb},
		Operation{Method: http.MethodGet, Path: "/computers", ID: "listComputers", Summary: "List computers.",
			Permission: client.PermLicensesRead, Response: client.Page[client.Computer]{}, Status: 200, Filters: []string{"user_id"}, class: classList},
		Operation{Method: http.MethodGet, Path: "/computers/{id}", ID: "getComputer", Summary: "Read a computer.",
			Permission: client.PermLicensesRead, Response: client.Computer{}, Status: 200, class: classAction},
		Operation{Method: http.MethodDelete, Path: "/computers/{id}", ID: "deleteComputer", Summary: "Delete a computer, freeing its licence.",
			Permission: client.PermLicensesWrite, Status: 204, class: classAction},
		Operation{Method: http.MethodGet, Path: "/tokens", ID: "listTokens", Summary: "List API tokens (never their secrets).",
			Permission: client.PermTokensWrite, Response: client.Page[client.APIToken]{}, Status: 200, Filters: []string{"user_id"}, class: classList},
		Operation{Method: http.MethodPost, Path: "/tokens", ID: "createToken", Summary: "Create an API token; its secret is answered once.",
			Permission: client.PermTokensWrite, Request: client.APITokenCreateRequest{}, Response: client.APIToken{}, Status: 201, class: classCreate},
		Operation{Method: http.MethodGet, Path: "/tokens/{id}", ID: "getToken", Summary: "Read an API token (never its secret).",
			Permission: client.PermTokensWrite, Response: client.APIToken{}, Status: 200, class: classRead},
		Operation{Method: http.MethodDelete, Path: "/tokens/{id}", ID: "deleteToken", Summary: "Revoke an API token.",
			Permission: client.PermTokensWrite, Status: 204, class: classDelete},
		Operation{Method: http.MethodGet, Path: "/outbox", ID: "listOutbox", Summary: "List the e-mails and SMS messages the server sent.",
			Permission: client.PermOutboxRead, Response: client.Page[client.OutboxMessage]{}, Status: 200, Filters: []string{"to", "kind"}, class: classList},
		Operation{Method: http.MethodGet, Path: "/outbox/{id}", ID: "getOutboxMessage", Summary: "Read one message of the outbox.",
			Permission: client.PermOutboxRead, Response: client.OutboxMessage{}, Status: 200, class: classAction},
		Operation{Method: http.MethodGet, Path: "/audit-events", ID: "listAuditEvents", Summary: "List audit events, oldest first.",
			Permission: client.PermAuditRead, Response: client.Page[client.AuditEvent]{}, Status: 200, Filters: []string{"entity", "entity_id", "actor", "action", "since"}, class: classList},
		Operation{Method: http.MethodGet, Path: "/metrics", ID: "getMetrics",
			Summary: "The server's metrics in the Prometheus text format, at the server's root (not under /api/v1); " +
				"MSP staff only. mspbackup-server --metrics-listen serves them without a token on an address of their own.",
			Permission: client.PermMetricsRead, Status: 200, class: classAction, root: true},
	)
	return ops
}

func pluralNoun(name string) string {
	if base, ok := strings.CutSuffix(name, "y"); ok {
		return base + "ies"
	}
	return name + "s"
}
