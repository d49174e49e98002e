package console

import (
	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// Field kinds of a form.
const (
	kindText     = "text"
	kindEmail    = "email"
	kindTel      = "tel"
	kindPassword = "password"
	kindTextarea = "textarea"
	kindNumber   = "number"
	kindCheckbox = "checkbox"
	kindSelect   = "select" // one of Options
	kindRef      = "ref"    // the id of an entity of the collection Ref, or none
	kindList     = "list"   // a list of strings, typed separated by ";"
	kindPerms    = "perms"  // permission checkboxes from GET /permissions
)

// field is one field of a screen. Name is the API's wire name: the form
// field, the JSON field and the problem+json error field are the same word.
type field struct {
	Name, Label, Help, Kind string
	Options                 []option
	Ref                     string // collection of a kindRef
	Create, Update          bool   // sent on create, on update
	Default                 string // initial value of a new entity's form
	Column                  bool   // shown in the list
}

type option struct{ Value, Label string }

// screen is one collection of the API with its console pages. The console
// path and the API collection are the same (/users and /api/v1/users).
type screen struct {
	Path, Title, Singular, NewLabel string
	Fields                          []field
	// Filters are list filters passed to the API (users); the search box
	// filters the loaded list by its visible text.
	Filters []field
	// ReadOnly screens have no create, edit or delete (outbox, audit log).
	ReadOnly bool
	// NoUpdate screens are created and deleted but not edited (tokens).
	NoUpdate bool
	// NoShow screens have no page per item (the API has no read by id).
	NoShow bool
	// Label is the field naming an entity in lists of references.
	Label string
}

func opts(values []string, labels map[string]string) []option {
	o := make([]option, len(values))
	for i, v := range values {
		l := labels[v]
		if l == "" {
			l = v
		}
		o[i] = option{v, l}
	}
	return o
}

var yesNo = []option{{"", "Any"}, {"true", "Enabled"}, {"false", "Disabled"}}

// screens are in menu order.
var screens = []*screen{
	{
		Path: "customer-accounts", Title: "Customer Accounts", Singular: "customer account", NewLabel: "Create New Account", Label: "name",
		Fields: []field{
			{Name: "name", Label: "Business name or unique identifier", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "description", Label: "Description", Kind: kindTextarea, Create: true, Update: true, Column: true},
			{Name: "status", Label: "Status", Help: "A suspended account's users cannot sign in; nothing is deleted. Suspend and Resume change it later.", Kind: kindSelect,
				Create: true, Default: client.CustomerAccountActive, Column: true,
				Options: opts([]string{client.CustomerAccountActive, client.CustomerAccountSuspended}, map[string]string{
					client.CustomerAccountActive: "Active", client.CustomerAccountSuspended: "Suspended",
				})},
			{Name: "reseller", Label: "Reseller", Help: "A reseller has customer accounts of its own below it; its users manage that subtree.", Kind: kindCheckbox, Create: true, Update: true, Column: true},
			{Name: "parent_id", Label: "Parent reseller", Help: "None: directly under the MSP. Changing it moves the account with everything below it (ids and logins stay).", Kind: kindRef, Ref: "customer-accounts", Create: true, Update: true},
		},
	},
	{
		Path: "companies", Title: "Companies", Singular: "company", NewLabel: "Add Company", Label: "name",
		Fields: []field{
			{Name: "name", Label: "Name", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "customer_account_id", Label: "Customer account", Help: "None for an MSP-level company. It cannot change.", Kind: kindRef, Ref: "customer-accounts", Create: true, Column: true},
			{Name: "storage_limit_id", Label: "Storage limit", Kind: kindRef, Ref: "storage-limits", Create: true, Update: true, Column: true},
			{Name: "description", Label: "Description", Kind: kindTextarea, Create: true, Update: true},
		},
	},
	{
		Path: "users", Title: "Users", Singular: "user", NewLabel: "Add New User", Label: "login",
		Fields: []field{
			{Name: "first_name", Label: "First name", Kind: kindText, Create: true, Update: true},
			{Name: "last_name", Label: "Last name", Kind: kindText, Create: true, Update: true},
			{Name: "display_name", Label: "Display name", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "login", Label: "Login", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "email", Label: "E-mail", Kind: kindEmail, Create: true, Update: true, Column: true},
			{Name: "password", Label: "Password", Help: "Left empty on edit: the password is kept.", Kind: kindPassword, Create: true, Update: true},
			{Name: "generate_password", Label: "Generate a password (shown once, after the user is created)", Kind: kindCheckbox, Create: true},
			{Name: "notification_emails", Label: "Notification e-mails", Help: "Separated by ;", Kind: kindList, Create: true, Update: true},
			{Name: "customer_account_id", Label: "Customer account", Help: "None for MSP staff. It cannot change.", Kind: kindRef, Ref: "customer-accounts", Create: true, Column: true},
			{Name: "company_id", Label: "Company", Kind: kindRef, Ref: "companies", Create: true, Update: true},
			{Name: "storage_account_id", Label: "Storage account", Kind: kindRef, Ref: "storage-accounts", Create: true, Update: true},
			{Name: "bucket", Label: "Bucket", Kind: kindText, Create: true, Update: true},
			{Name: "storage_limit_id", Label: "Storage limit", Kind: kindRef, Ref: "storage-limits", Create: true, Update: true},
			{Name: "enabled", Label: "Enabled", Kind: kindCheckbox, Create: true, Update: true, Default: "true", Column: true},
			{Name: "license_source", Label: "Licences", Kind: kindSelect, Create: true, Update: true, Default: rules.DefaultLicenseSource,
				Options: opts(client.LicenseSources, map[string]string{
					client.LicenseSourceGlobalPool:   "Use licences from the global pool",
					client.LicenseSourceAssignedOnly: "Use specified licences only",
				})},
			{Name: "send_welcome_email", Label: "Send instructions to the e-mail address", Kind: kindCheckbox, Create: true},
			{Name: "mask_data", Label: "Mask data", Help: "This user reads other people's personal data masked.", Kind: kindCheckbox, Create: true, Update: true},
			{Name: "mfa_method", Label: "Two-factor authentication", Kind: kindSelect, Create: true, Update: true, Default: rules.DefaultMFAMethod,
				Options: opts(client.MFAMethods, map[string]string{"email": "Code by e-mail", "sms": "Code by SMS", "none": "None"})},
			{Name: "mobile_phone", Label: "Mobile phone", Help: "E.164, e.g. +441632960961", Kind: kindTel, Create: true, Update: true},
			{Name: "current_password", Label: "Your current password", Help: "Needed only to change your own password, e-mail, mobile phone or two-factor method.", Kind: kindPassword, Update: true},
		},
		Filters: []field{
			{Name: "customer_account_id", Label: "Customer account", Kind: kindRef, Ref: "customer-accounts"},
			{Name: "company_id", Label: "Company", Kind: kindRef, Ref: "companies"},
			{Name: "group_id", Label: "Group", Kind: kindRef, Ref: "groups"},
			{Name: "enabled", Label: "Status", Kind: kindSelect, Options: yesNo},
		},
	},
	{
		Path: "groups", Title: "Security Groups", Singular: "security group", NewLabel: "Add Group", Label: "name",
		Fields: []field{
			{Name: "name", Label: "Name", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "description", Label: "Description", Kind: kindTextarea, Create: true, Update: true, Column: true},
			{Name: "permissions", Label: "Permissions", Kind: kindPerms, Create: true, Update: true},
		},
	},
	{
		Path: "storage-accounts", Title: "Storage Accounts", Singular: "storage account", NewLabel: "Add Storage Account", Label: "name",
		Fields: []field{
			{Name: "name", Label: "Name", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "type", Label: "Type", Help: "It cannot change.", Kind: kindSelect, Options: opts(client.StorageTypes, nil), Create: true, Column: true},
			{Name: "endpoint", Label: "Endpoint", Help: "A URL for s3_compatible, a directory for local_filesystem.", Kind: kindText, Create: true, Update: true},
			{Name: "region", Label: "Region", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "access_key_id", Label: "Access key ID", Kind: kindText, Create: true, Update: true},
			{Name: "secret_access_key", Label: "Secret access key", Help: "Never shown. Left empty on edit: kept.", Kind: kindPassword, Create: true, Update: true},
		},
	},
	{
		Path: "storage-limits", Title: "Storage Limits", Singular: "storage limit", NewLabel: "Add Storage Limit", Label: "name",
		Fields: []field{
			{Name: "name", Label: "Name", Kind: kindText, Create: true, Update: true, Column: true},
			{Name: "limit_gb", Label: "Limit (GB)", Kind: kindNumber, Create: true, Update: true, Column: true},
		},
	},
	{
		Path: "license-assignments", Title: "Licences", Singular: "licence assignment", NewLabel: "Assign Licences", Label: "license_type",
		Fields: []field{
			{Name: "user_id", Label: "User", Kind: kindRef, Ref: "users", Create: true, Column: true},
			{Name: "license_type", Label: "Licence type", Kind: kindSelect, Options: opts(client.LicenseTypes, nil), Create: true, Column: true},
			{Name: "quantity", Label: "Quantity", Kind: kindNumber, Create: true, Update: true, Column: true},
		},
	},
	{
		Path: "retained-backups", Title: "Retained Backups", Singular: "retained backup", ReadOnly: true, Label: "computer_name",
		Fields: []field{
			{Name: "user_login", Label: "Deleted user", Kind: kindText, Column: true},
			{Name: "computer_name", Label: "Computer", Kind: kindText, Column: true},
			{Name: "customer_account_id", Label: "Customer account", Kind: kindRef, Ref: "customer-accounts", Column: true},
			{Name: "license_type", Label: "Licence type", Kind: kindText},
			{Name: "backup_bytes", Label: "Backed up (bytes)", Kind: kindNumber, Column: true},
			{Name: "retained_at", Label: "Kept since", Kind: kindText, Column: true},
			{Name: "user_id", Label: "Deleted user's ID", Kind: kindText},
		},
		Filters: []field{{Name: "customer_account_id", Label: "Customer account", Kind: kindRef, Ref: "customer-accounts"}},
	},
	{
		Path: "license-quotas", Title: "Licence Quotas", Singular: "licence quota", NewLabel: "Set Licence Quota", Label: "license_type",
		Fields: []field{
			{Name: "customer_account_id", Label: "Reseller account", Help: "It cannot change.", Kind: kindRef, Ref: "customer-accounts", Create: true, Column: true},
			{Name: "license_type", Label: "Licence type", Help: "It cannot change.", Kind: kindSelect, Options: opts(client.LicenseTypes, nil), Create: true, Column: true},
			{Name: "quota", Label: "Quota", Help: "The most licences the reseller's subtree may hold; not below what it uses.", Kind: kindNumber, Create: true, Update: true, Column: true},
			{Name: "used", Label: "Used", Kind: kindNumber, Column: true},
		},
	},
	{
		Path: "tokens", Title: "API Tokens", Singular: "API token", NewLabel: "Create API Token", Label: "name", NoUpdate: true,
		Fields: []field{
			{Name: "name", Label: "Name", Kind: kindText, Create: true, Column: true},
			{Name: "user_id", Label: "User", Help: "The token acts as this user.", Kind: kindRef, Ref: "users", Create: true, Column: true},
			{Name: "expires_at", Label: "Expires at", Help: "RFC 3339, e.g. 2030-01-31T00:00:00Z; empty: never.", Kind: kindText, Create: true, Column: true},
		},
	},
	{
		Path: "outbox", Title: "Outbox", Singular: "message", ReadOnly: true, Label: "subject",
		Fields: []field{
			{Name: "created_at", Label: "Sent", Kind: kindText, Column: true},
			{Name: "to", Label: "To", Kind: kindText, Column: true},
			{Name: "kind", Label: "Kind", Kind: kindText, Column: true},
			{Name: "subject", Label: "Subject", Kind: kindText, Column: true},
			{Name: "body", Label: "Body", Kind: kindTextarea},
		},
	},
	{
		Path: "audit-events", Title: "Audit Log", Singular: "audit event", ReadOnly: true, NoShow: true, Label: "action",
		Fields: []field{
			{Name: "at", Label: "When", Kind: kindText, Column: true},
			{Name: "actor", Label: "Who", Kind: kindRef, Ref: "users", Column: true},
			{Name: "via", Label: "Via", Kind: kindText, Column: true},
			{Name: "token_name", Label: "Token", Kind: kindText, Column: true},
			{Name: "action", Label: "What", Kind: kindText, Column: true},
			{Name: "entity", Label: "Entity", Kind: kindText, Column: true},
			{Name: "entity_id", Label: "Entity ID", Kind: kindText, Column: true},
			{Name: "fields", Label: "Fields", Kind: kindList, Column: true},
		},
	},
}

func screenOf(path string) *screen {
	for _, s := range screens {
		if s.Path == path {
			return s
		}
	}
	return nil
}
