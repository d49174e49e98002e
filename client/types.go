package client

import "time"

// This file holds the wire types of the management API. The reference server
// (internal/server) decodes and encodes these same types, so the client and
// the server cannot drift apart. JSON names are the contract; the OpenAPI
// document generated from these types (internal/apidoc, api/openapi.json)
// states it for other tools.

// ID prefixes of the entities. IDs are opaque strings; only the prefix is
// stable, so callers can tell what kind of entity an id names.
const (
	PrefixCustomerAccount   = "ca_"
	PrefixCompany           = "co_"
	PrefixUser              = "usr_"
	PrefixGroup             = "grp_"
	PrefixLicenseAssignment = "lic_"
	PrefixStorageAccount    = "sa_"
	PrefixStorageLimit      = "sl_"
	PrefixToken             = "tok_"
	PrefixComputer          = "cmp_"
	PrefixOutboxMessage     = "msg_"
	PrefixAuditEvent        = "evt_"
	PrefixMFAChallenge      = "mfa_"
)

// Storage account types.
const (
	StorageTypeAmazonS3           = "amazon_s3"
	StorageTypeAzureBlob          = "azure_blob"
	StorageTypeBackblazeB2        = "backblaze_b2"
	StorageTypeWasabi             = "wasabi"
	StorageTypeGoogleCloudStorage = "google_cloud_storage"
	StorageTypeS3Compatible       = "s3_compatible"
	StorageTypeLocalFilesystem    = "local_filesystem"
)

// StorageTypes lists every storage account type, in documentation order.
var StorageTypes = []string{
	StorageTypeAmazonS3, StorageTypeAzureBlob, StorageTypeBackblazeB2, StorageTypeWasabi,
	StorageTypeGoogleCloudStorage, StorageTypeS3Compatible, StorageTypeLocalFilesystem,
}

// Licence types.
const (
	LicenseTypeWorkstation    = "workstation"
	LicenseTypeServer         = "server"
	LicenseTypeVirtualMachine = "virtual_machine"
	LicenseTypeMicrosoft365   = "microsoft_365"
)

// LicenseTypes lists every licence type, in documentation order.
var LicenseTypes = []string{LicenseTypeWorkstation, LicenseTypeServer, LicenseTypeVirtualMachine, LicenseTypeMicrosoft365}

// Where a user's computers take their licences from.
const (
	// LicenseSourceGlobalPool lets a computer take a licence from the pool when
	// the user's own assignments are used up.
	LicenseSourceGlobalPool = "global_pool"
	// LicenseSourceAssignedOnly restricts a user to the licences assigned to it.
	LicenseSourceAssignedOnly = "assigned_only"
)

// LicenseSources lists every licence source.
var LicenseSources = []string{LicenseSourceGlobalPool, LicenseSourceAssignedOnly}

// MFA methods.
const (
	MFAMethodEmail = "email"
	MFAMethodSMS   = "sms"
	MFAMethodNone  = "none"
)

// MFAMethods lists every MFA method.
var MFAMethods = []string{MFAMethodEmail, MFAMethodSMS, MFAMethodNone}

// Outbox message kinds.
const (
	MessageKindWelcome       = "welcome"
	MessageKindMFACode       = "mfa_code"
	MessageKindPasswordReset = "password_reset"
)

// Permissions of the catalogue. A principal's permissions are the union of
// its groups' permissions.
const (
	PermCustomerAccountsRead  = "customer_accounts:read"
	PermCustomerAccountsWrite = "customer_accounts:write"
	PermCompaniesRead         = "companies:read"
	PermCompaniesWrite        = "companies:write"
	PermUsersRead             = "users:read"
	PermUsersWrite            = "users:write"
	PermGroupsRead            = "groups:read"
	PermGroupsWrite           = "groups:write"
	PermLicensesRead          = "licenses:read"
	PermLicensesWrite         = "licenses:write"
	PermStorageRead           = "storage:read"
	PermStorageWrite          = "storage:write"
	PermAuditRead             = "audit:read"
	PermOutboxRead            = "outbox:read"
	PermTokensWrite           = "tokens:write"
	PermMetricsRead           = "metrics:read"
)

// Permissions is the whole catalogue, in the order GET /permissions lists it.
var Permissions = []string{
	PermCustomerAccountsRead, PermCustomerAccountsWrite, PermCompaniesRead, PermCompaniesWrite,
	PermUsersRead, PermUsersWrite, PermGroupsRead, PermGroupsWrite, PermLicensesRead, PermLicensesWrite,
	PermStorageRead, PermStorageWrite, PermAuditRead, PermOutboxRead, PermTokensWrite, PermMetricsRead,
}

// AdministratorsGroupName is the name of the built-in group that holds every
// permission and can be neither changed nor deleted.
const AdministratorsGroupName = "Administrators"

// AdministratorsGroupID is the id of the built-in Administrators group.
const AdministratorsGroupID = "grp_administrators"

// Meta is what every entity carries besides its own fields.
type Meta struct {
	// ID is server-assigned and opaque, with a prefix naming the entity type.
	ID string `json:"id"`
	// CreatedAt is when the entity was created (UTC).
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the entity last changed (UTC).
	UpdatedAt time.Time `json:"updated_at"`
	// Version is incremented on every change; reads send it as the ETag and
	// updates and deletes can require it with If-Match.
	Version int64 `json:"version"`
}

// Page is one page of a list answer. NextPageToken is empty on the last page.
type Page[T any] struct {
	Items         []T    `json:"items"`
	NextPageToken string `json:"next_page_token,omitempty"`
}

// ---- Customer accounts ----

// CustomerAccount is an end customer of the MSP: a tenant with its own
// companies and users.
type CustomerAccount struct {
	Meta
	// Name is the business name or a unique identifier; unique, case-insensitive.
	Name        string `json:"name"`
	Description string `json:"description"`
	// Status is CustomerAccountActive, CustomerAccountSuspended (its users
	// cannot sign in; nothing is deleted) or CustomerAccountPendingDeletion
	// (deleted, restorable until PurgeAfter).
	Status string `json:"status"`
	// PurgeAfter is when a deleted account is purged for good; set only
	// while Status is CustomerAccountPendingDeletion.
	PurgeAfter *time.Time `json:"purge_after,omitempty"`
	// Reseller is true for an account that may have customer accounts of
	// its own below it; its users see and manage that whole subtree.
	Reseller bool `json:"reseller"`
	// ParentID is the reseller account this account sits under; nil for an
	// account directly under the MSP. Changing it moves the account with
	// everything under it (see MaxTreeDepth).
	ParentID *string `json:"parent_id"`
}

// The statuses of a customer account.
const (
	CustomerAccountActive          = "active"
	CustomerAccountSuspended       = "suspended"
	CustomerAccountPendingDeletion = "pending_deletion"
)

// CustomerAccountCreateRequest creates a customer account.
type CustomerAccountCreateRequest struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Status is CustomerAccountActive (the default when empty) or
	// CustomerAccountSuspended.
	Status string `json:"status,omitempty"`
	// Reseller and ParentID place the account in the tree (see CustomerAccount).
	Reseller bool    `json:"reseller,omitempty"`
	ParentID *string `json:"parent_id,omitempty"`
}

// CustomerAccountUpdateRequest changes the fields it sets. Status moves an
// account between CustomerAccountActive and CustomerAccountSuspended; a
// deleted account comes back with CustomerAccounts.Restore.
type CustomerAccountUpdateRequest struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	Status      *string `json:"status,omitempty"`
	Reseller    *bool   `json:"reseller,omitempty"`
	// ParentID moves the account (null: to directly under the MSP).
	ParentID Nullable[string] `json:"parent_id,omitzero"`
}

// ---- Companies ----

// Company groups users of a customer account (or, without one, of the MSP).
type Company struct {
	Meta
	// Name is unique within its customer account, or at MSP level.
	Name string `json:"name"`
	// CustomerAccountID is nil for a company at MSP level. It cannot change.
	CustomerAccountID *string `json:"customer_account_id"`
	StorageLimitID    *string `json:"storage_limit_id"`
	Description       string  `json:"description"`
}

// CompanyCreateRequest creates a company.
type CompanyCreateRequest struct {
	Name              string  `json:"name"`
	CustomerAccountID *string `json:"customer_account_id,omitempty"`
	StorageLimitID    *string `json:"storage_limit_id,omitempty"`
	Description       string  `json:"description,omitempty"`
}

// CompanyUpdateRequest changes the fields it sets. A company cannot move to
// another customer account.
type CompanyUpdateRequest struct {
	Name           *string          `json:"name,omitempty"`
	StorageLimitID Nullable[string] `json:"storage_limit_id,omitzero"`
	Description    *string          `json:"description,omitempty"`
}

// ---- Storage accounts ----

// StorageAccount is the cloud or local storage that holds users' backups.
// The secret access key is write-only: it is never returned.
type StorageAccount struct {
	Meta
	Name string `json:"name"`
	// Type is one of StorageTypes. It cannot change.
	Type        string `json:"type"`
	Endpoint    string `json:"endpoint"`
	Region      string `json:"region"`
	AccessKeyID string `json:"access_key_id"`
}

// StorageAccountCreateRequest creates a storage account.
type StorageAccountCreateRequest struct {
	Name            string `json:"name"`
	Type            string `json:"type"`
	Endpoint        string `json:"endpoint,omitempty"`
	Region          string `json:"region,omitempty"`
	AccessKeyID     string `json:"access_key_id,omitempty"`
	SecretAccessKey string `json:"secret_access_key,omitempty"`
}

// StorageAccountUpdateRequest changes the fields it sets.
type StorageAccountUpdateRequest struct {
	Name            *string `json:"name,omitempty"`
	Endpoint        *string `json:"endpoint,omitempty"`
	Region          *string `json:"region,omitempty"`
	AccessKeyID     *string `json:"access_key_id,omitempty"`
	SecretAccessKey *string `json:"secret_access_key,omitempty"`
}

// ---- Storage limits ----

// StorageLimit caps the volume of data a user or company may store.
type StorageLimit struct {
	Meta
	Name    string `json:"name"`
	LimitGB int64  `json:"limit_gb"`
}

// StorageLimitCreateRequest creates a storage limit.
type StorageLimitCreateRequest struct {
	Name    string `json:"name"`
	LimitGB int64  `json:"limit_gb"`
}

// StorageLimitUpdateRequest changes the fields it sets.
type StorageLimitUpdateRequest struct {
	Name    *string `json:"name,omitempty"`
	LimitGB *int64  `json:"limit_gb,omitempty"`
}

// ---- Users ----

// User is a person who backs up computers or works in the console. Users
// without a customer account are MSP staff; the others belong to that tenant.
// The password is write-only: it is never returned.
type User struct {
	Meta
	// Login is unique on its Unicode NFKC case-folded form ("ALICE" and
	// fullwidth "Ａlice" are "alice"), and kept exactly as given.
	Login       string `json:"login"`
	Email       string `json:"email"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	DisplayName string `json:"display_name"`
	// NotificationEmails are extra addresses for reports, in the order given.
	NotificationEmails []string `json:"notification_emails"`
	// CustomerAccountID is nil for MSP staff. It cannot change.
	CustomerAccountID *string `json:"customer_account_id"`
	CompanyID         *string `json:"company_id"`
	StorageAccountID  *string `json:"storage_account_id"`
	Bucket            string  `json:"bucket"`
	StorageLimitID    *string `json:"storage_limit_id"`
	Enabled           bool    `json:"enabled"`
	// LicenseSource is one of LicenseSources.
	LicenseSource string `json:"license_source"`
	// MFAMethod is one of MFAMethods.
	MFAMethod string `json:"mfa_method"`
	// MobilePhone is in E.164 form, e.g. +441632960961.
	MobilePhone string `json:"mobile_phone"`
	// MaskData makes this user read other people's personal data masked.
	MaskData bool `json:"mask_data"`
	// GeneratedPassword is set only in the answer to a create with
	// GeneratePassword, and only that once.
	GeneratedPassword string `json:"generated_password,omitempty"`
}

// UserCreateRequest creates a user. Fields left nil take the defaults:
// enabled, licence source global_pool, MFA by e-mail, data not masked.
type UserCreateRequest struct {
	Login              string   `json:"login"`
	Email              string   `json:"email,omitempty"`
	FirstName          string   `json:"first_name,omitempty"`
	LastName           string   `json:"last_name,omitempty"`
	DisplayName        string   `json:"display_name,omitempty"`
	Password           string   `json:"password,omitempty"`
	GeneratePassword   bool     `json:"generate_password,omitempty"`
	NotificationEmails []string `json:"notification_emails,omitempty"`
	CustomerAccountID  *string  `json:"customer_account_id,omitempty"`
	CompanyID          *string  `json:"company_id,omitempty"`
	StorageAccountID   *string  `json:"storage_account_id,omitempty"`
	Bucket             string   `json:"bucket,omitempty"`
	StorageLimitID     *string  `json:"storage_limit_id,omitempty"`
	Enabled            *bool    `json:"enabled,omitempty"`
	LicenseSource      string   `json:"license_source,omitempty"`
	MFAMethod          string   `json:"mfa_method,omitempty"`
	MobilePhone        string   `json:"mobile_phone,omitempty"`
	MaskData           *bool    `json:"mask_data,omitempty"`
	SendWelcomeEmail   bool     `json:"send_welcome_email,omitempty"`
}

// UserUpdateRequest changes the fields it sets. A user cannot move to another
// customer account. Setting Password replaces the password.
type UserUpdateRequest struct {
	Login              *string          `json:"login,omitempty"`
	Email              *string          `json:"email,omitempty"`
	FirstName          *string          `json:"first_name,omitempty"`
	LastName           *string          `json:"last_name,omitempty"`
	DisplayName        *string          `json:"display_name,omitempty"`
	Password           *string          `json:"password,omitempty"`
	NotificationEmails *[]string        `json:"notification_emails,omitempty"`
	CompanyID          Nullable[string] `json:"company_id,omitzero"`
	StorageAccountID   Nullable[string] `json:"storage_account_id,omitzero"`
	Bucket             *string          `json:"bucket,omitempty"`
	StorageLimitID     Nullable[string] `json:"storage_limit_id,omitzero"`
	Enabled            *bool            `json:"enabled,omitempty"`
	LicenseSource      *string          `json:"license_source,omitempty"`
	MFAMethod          *string          `json:"mfa_method,omitempty"`
	MobilePhone        *string          `json:"mobile_phone,omitempty"`
	MaskData           *bool            `json:"mask_data,omitempty"`
	// CurrentPassword is the caller's own password. It is required, and
	// only accepted, when a signed-in user changes its own password, email,
	// mobile_phone or mfa_method.
	CurrentPassword *string `json:"current_password,omitempty"`
}

// UserInclude names what a page of users may carry besides its users
// (UsersService.ListIncluding, GET /users?include=...).
type UserInclude string

// What a page of users may include, and the permission each needs besides
// users:read (the server refuses the list with 403 naming it otherwise).
const (
	// IncludeGroupMemberships: the users' memberships of every group
	// (groups:read).
	IncludeGroupMemberships UserInclude = "group_memberships"
	// IncludeLicenseAssignments: the users' licence assignments
	// (licenses:read).
	IncludeLicenseAssignments UserInclude = "license_assignments"
)

// UserIncludes are the UserInclude values the server knows.
var UserIncludes = []UserInclude{IncludeGroupMemberships, IncludeLicenseAssignments}

// UserPage is one page of users with what it was asked to include:
// Included holds the memberships and licence assignments of exactly the
// users of Items, read in the same transaction and shown as their own lists
// show them. It is nil when nothing was asked for.
type UserPage struct {
	Items         []User        `json:"items"`
	NextPageToken string        `json:"next_page_token,omitempty"`
	Included      *UserIncluded `json:"included,omitempty"`
}

// UserIncluded is what a page of users includes; a list is nil when it was
// not asked for, and empty when the page's users have none.
type UserIncluded struct {
	GroupMemberships   []GroupMember       `json:"group_memberships,omitzero"`
	LicenseAssignments []LicenseAssignment `json:"license_assignments,omitzero"`
}

// ---- Groups and memberships ----

// Group is a security group: its members hold its permissions.
type Group struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description"`
	// Permissions are names from the catalogue, sorted.
	Permissions []string `json:"permissions"`
	// BuiltIn is true for the Administrators group, which cannot change.
	BuiltIn bool `json:"built_in"`
}

// GroupCreateRequest creates a group.
type GroupCreateRequest struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Permissions []string `json:"permissions"`
}

// GroupUpdateRequest changes the fields it sets; Permissions replaces the set.
type GroupUpdateRequest struct {
	Name        *string   `json:"name,omitempty"`
	Description *string   `json:"description,omitempty"`
	Permissions *[]string `json:"permissions,omitempty"`
}

// GroupMember says that a user is a member of a group.
type GroupMember struct {
	GroupID   string    `json:"group_id"`
	UserID    string    `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
}

// ---- Licences ----

// LicenseAssignment reserves Quantity licences of one type for one user.
type LicenseAssignment struct {
	Meta
	// UserID cannot change.
	UserID string `json:"user_id"`
	// LicenseType is one of LicenseTypes. It cannot change.
	LicenseType string `json:"license_type"`
	Quantity    int64  `json:"quantity"`
}

// LicenseAssignmentCreateRequest creates an assignment; one per (user, type).
type LicenseAssignmentCreateRequest struct {
	UserID      string `json:"user_id"`
	LicenseType string `json:"license_type"`
	Quantity    int64  `json:"quantity"`
}

// LicenseAssignmentUpdateRequest changes the quantity.
type LicenseAssignmentUpdateRequest struct {
	Quantity *int64 `json:"quantity,omitempty"`
}

// LicensePoolEntry is the MSP's stock of one licence type.
type LicensePoolEntry struct {
	LicenseType string `json:"license_type"`
	// Total is what the MSP bought.
	Total int64 `json:"total"`
	// Assigned is the sum of assignments of this type.
	Assigned int64 `json:"assigned"`
	// InUse is the number of registered computers that hold a licence of this type.
	InUse int64 `json:"in_use"`
	// Available is what new assignments or pool-drawing computers can still take:
	// Total - Assigned - (computers drawing from the pool).
	Available int64 `json:"available"`
}

// LicensePool is the answer of GET /license-pool: one entry per licence type.
type LicensePool struct {
	Items []LicensePoolEntry `json:"items"`
}

// LicensePoolUpdateRequest sets the total of one licence type
// (PUT /license-pool/{license_type}; bootstrap administrator only).
type LicensePoolUpdateRequest struct {
	Total int64 `json:"total"`
}

// Computer is a machine registered by the backup agent; it holds one licence.
type Computer struct {
	ID          string `json:"id"`
	UserID      string `json:"user_id"`
	Name        string `json:"name"`
	LicenseType string `json:"license_type"`
	// LicenseFrom is "assignment" or "pool": where its licence came from.
	LicenseFrom string `json:"license_from"`
	// BackupBytes is how much the computer has backed up, as its agent
	// last reported (Computers.ReportBackup).
	BackupBytes int64     `json:"backup_bytes"`
	CreatedAt   time.Time `json:"created_at"`
}

// ComputerBackupReport is what the agent sends to
// POST /agent/computers/{id}/backup-report after a backup.
type ComputerBackupReport struct {
	BackupBytes int64 `json:"backup_bytes"`
}

// RetainedBackup is the backed-up data of a computer whose user was deleted
// with its backups kept (the default). It belongs to the user's customer
// account and holds no licence; it stays until purged.
type RetainedBackup struct {
	// ID is the id the computer had.
	ID string `json:"id"`
	// CustomerAccountID is the account of the deleted user; nil for MSP staff.
	CustomerAccountID *string `json:"customer_account_id"`
	// UserID and UserLogin name the deleted user.
	UserID       string    `json:"user_id"`
	UserLogin    string    `json:"user_login"`
	ComputerName string    `json:"computer_name"`
	LicenseType  string    `json:"license_type"`
	BackupBytes  int64     `json:"backup_bytes"`
	RetainedAt   time.Time `json:"retained_at"`
}

// RetainedBackupPurgeRequest is the body of POST /retained-backups/purge:
// exactly one of UserID (a deleted user's id) and CustomerAccountID, and
// Confirm equal to that id. Limit bounds how many backups one call purges
// (1 to 1000; 0 means 100), so a large purge reports progress.
type RetainedBackupPurgeRequest struct {
	UserID            string `json:"user_id,omitempty"`
	CustomerAccountID string `json:"customer_account_id,omitempty"`
	Confirm           string `json:"confirm"`
	Limit             int    `json:"limit,omitempty"`
}

// RetainedBackupPurgeResult answers a purge call.
type RetainedBackupPurgeResult struct {
	// Purged and PurgedBytes are what this call deleted.
	Purged      int   `json:"purged"`
	PurgedBytes int64 `json:"purged_bytes"`
	// Remaining is how many matching backups are left: call again until 0.
	Remaining int `json:"remaining"`
}

// PasswordResetRequest is the body of POST /users/{id}/reset-password:
// either NewPassword, or Generate, which mails a new password to the user
// and answers none.
type PasswordResetRequest struct {
	NewPassword string `json:"new_password,omitempty"`
	Generate    bool   `json:"generate,omitempty"`
}

// SessionsEnded answers POST /users/{id}/end-sessions and a password reset.
type SessionsEnded struct {
	// Ended is how many sign-in sessions of the user were ended.
	Ended int `json:"ended"`
}

// ComputerRegisterRequest is what the agent sends to POST /agent/computers
// with the user's own token.
type ComputerRegisterRequest struct {
	Name        string `json:"name"`
	LicenseType string `json:"license_type"`
}

// ---- Authentication and tokens ----

// LoginRequest is the body of POST /auth/login.
type LoginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// LoginResponse answers a login or an MFA verification: either a token, or,
// for a user with MFA, a challenge whose code was sent to the outbox.
type LoginResponse struct {
	Token       string     `json:"token,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	MFARequired bool       `json:"mfa_required,omitempty"`
	ChallengeID string     `json:"challenge_id,omitempty"`
}

// VerifyRequest is the body of POST /auth/verify.
type VerifyRequest struct {
	ChallengeID string `json:"challenge_id"`
	Code        string `json:"code"`
}

// APIToken is a bearer token for the API. Its secret (Token) is returned only
// by the create call; the server keeps only a hash.
type APIToken struct {
	Meta
	Name string `json:"name"`
	// UserID is the user the token acts as; nil for the bootstrap administrator.
	UserID    *string    `json:"user_id"`
	ExpiresAt *time.Time `json:"expires_at"`
	// Token is the secret, set only in the answer to a create.
	Token string `json:"token,omitempty"`
}

// APITokenCreateRequest creates a token acting as UserID. A principal can
// create tokens for itself, or for a user whose permissions it holds all of.
type APITokenCreateRequest struct {
	Name      string     `json:"name"`
	UserID    string     `json:"user_id"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// ---- Outbox, audit, permissions ----

// OutboxMessage is an e-mail or SMS the server sent (or, with no relay
// configured, kept). It never holds a password or token.
type OutboxMessage struct {
	ID        string    `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// AuditEvent records one successful change. It never holds a secret.
type AuditEvent struct {
	ID string `json:"id"`
	// Actor is the user id of the principal, or "bootstrap" for the bootstrap token.
	Actor string `json:"actor"`
	// Action is "create", "update", "delete", "login", "add_member", ...
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	At       time.Time `json:"at"`
	// Fields are the names of the fields that changed (never their values).
	Fields []string `json:"fields"`
	// Login is the login as typed, on sign-in events ("login",
	// "login_failed"): failed ones name logins that may not exist.
	Login string `json:"login,omitempty"`
	// ClientAddress is the network address the request came from, on
	// sign-in and sign-out events.
	ClientAddress string `json:"client_address,omitempty"`
	// Via is how the actor made a change: "console" (signed in to the web
	// console), "session" (a sign-in through the API), "terraform" (this
	// provider, with an API token or the bootstrap token) or "token" (any
	// other client with an API token or the bootstrap token: scripts).
	// Empty on sign-in events.
	Via string `json:"via,omitempty"`
	// ActorLogin is the acting user's login when the change was made (its
	// personal data: masked for a reader with mask_data); empty for the
	// bootstrap administrator.
	ActorLogin string `json:"actor_login,omitempty"`
	// TokenID and TokenName name the API token (or sign-in session) the
	// change was made with; empty for the bootstrap token the server was
	// started with.
	TokenID   string `json:"token_id,omitempty"`
	TokenName string `json:"token_name,omitempty"`
	// MovedFrom and MovedTo are set on the update event of a customer
	// account's move: its parent before and after, or "msp" for directly
	// under the MSP.
	MovedFrom string `json:"moved_from,omitempty"`
	MovedTo   string `json:"moved_to,omitempty"`
}

// Ways a change was made (AuditEvent.Via).
const (
	ViaConsole   = "console"
	ViaSession   = "session"
	ViaTerraform = "terraform"
	ViaToken     = "token"
)

// TerraformUserAgent starts the User-Agent of this provider's requests;
// the server records their changes as made "terraform", which is how a
// drift check tells the provider's own changes from the others.
const TerraformUserAgent = "terraform-provider-mspbackup/"

// Permission is one entry of the permission catalogue.
type Permission struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}
