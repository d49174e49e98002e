// Package export writes a console's customer accounts, companies, users,
// groups, memberships, licence assignments, storage and API tokens as a
// Terraform root module that adopts them: a resource block and an import
// block per object, so that `terraform plan` on the result only imports, and
// the plan after `terraform apply` is empty. mspbackup-export is its command.
package export

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// How memberships are written.
const (
	// MembershipsMembers writes one authoritative mspbackup_group_members per
	// group, with its whole member list.
	MembershipsMembers = "members"
	// MembershipsSingle writes one mspbackup_group_membership per member.
	MembershipsSingle = "single"
)

// Resource types of the provider, as written.
const (
	typeCustomerAccount = "mspbackup_customer_account"
	typeCompany         = "mspbackup_company"
	typeStorageAccount  = "mspbackup_storage_account"
	typeStorageLimit    = "mspbackup_storage_limit"
	typeUser            = "mspbackup_user"
	typeGroup           = "mspbackup_group"
	typeGroupMembers    = "mspbackup_group_members"
	typeGroupMembership = "mspbackup_group_membership"
	typeLicense         = "mspbackup_license_assignment"
	typeAPIToken        = "mspbackup_api_token"
)

// Options say what to export.
type Options struct {
	// CustomerAccounts names the customer accounts to export (ignoring
	// letter case); empty exports the whole console, MSP-level objects
	// included.
	CustomerAccounts []string
	// Memberships is MembershipsMembers (the default when empty) or
	// MembershipsSingle. An export of named customer accounts takes
	// MembershipsSingle: a group's whole member list is MSP-level.
	Memberships string
	// Layout is LayoutOneRoot (the default when empty) or
	// LayoutPerCustomerAccount.
	Layout string
	// Progress receives a line per step; nil discards them.
	Progress io.Writer
	// Now is the time that decides which tokens have expired; nil: time.Now.
	Now func() time.Time
}

// File is one file of the exported module.
type File struct {
	// Name is the file's path, relative to the output directory ("msp.tf",
	// or "msp/main.tf" when there are several root modules).
	Name    string
	Content []byte
}

// Module is an exported Terraform configuration: one root module, or one
// per customer account and one for the MSP (see layout.go).
type Module struct {
	// Files, sorted by name.
	Files []File
	// Imports is the number of import blocks: what the first plans import.
	Imports int
	// Roots are the root modules, sorted by directory.
	Roots []Root
}

// Export reads the console through c (list calls only) and returns the
// Terraform root module that adopts it.
func Export(ctx context.Context, c *client.Client, opts Options) (*Module, error) {
	memberships := cmp.Or(opts.Memberships, MembershipsMembers)
	if len(opts.CustomerAccounts) > 0 && opts.Memberships == "" {
		memberships = MembershipsSingle
	}
	lay, memberships, err := newLayout(opts.Layout, opts.Memberships, memberships)
	if err != nil {
		return nil, err
	}
	switch {
	case memberships != MembershipsMembers && memberships != MembershipsSingle:
		return nil, fmt.Errorf("--memberships must be %q or %q, not %q", MembershipsMembers, MembershipsSingle, memberships)
	case memberships == MembershipsMembers && len(opts.CustomerAccounts) > 0:
		return nil, fmt.Errorf("--memberships=%s cannot be combined with --customer-account: a group's whole member list "+
			"is MSP-level and may hold other tenants' users; export memberships one by one (--memberships=%s, the default "+
			"with --customer-account)", MembershipsMembers, MembershipsSingle)
	}
	progress := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "mspbackup-export: "+format+"\n", args...)
		}
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	con, err := (&reader{c: c, progress: progress}).read(ctx, opts.CustomerAccounts)
	if err != nil {
		return nil, err
	}
	w := newWriter(con, memberships, now())
	w.layout = lay
	m := w.write()
	progress("generated %d files in %d root modules: %d objects to import", len(m.Files), len(m.Roots), m.Imports)
	return m, nil
}

// WriteDir writes the module's files into dir, creating it and the roots'
// directories if needed. It refuses a directory that already holds .tf
// files: mixing an export with another configuration (or an older export)
// would declare objects twice.
func WriteDir(dir string, m *Module) error {
	for _, r := range m.Roots {
		rootDir := filepath.Join(dir, r.Dir)
		if err := os.MkdirAll(rootDir, 0o755); err != nil {
			return err
		}
		existing, err := filepath.Glob(filepath.Join(rootDir, "*.tf"))
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			return fmt.Errorf("%s already holds .tf files (%s): export into an empty directory", rootDir, filepath.Base(existing[0]))
		}
	}
	var errs []error
	for _, f := range m.Files {
		errs = append(errs, os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644))
	}
	return errors.Join(errs...)
}

// writer lays the console out as files.
type writer struct {
	con         *console
	memberships string
	now         time.Time
	// layout places files in root modules; nil writes one root.
	layout *layout
	// cur is the file of the object being written: references from it to
	// an object of another root go through a data source of its root.
	cur *tfFile

	// addrs maps an exported object's id to its resource address.
	addrs map[string]addr
	// files by name, and the file each object goes into.
	files     map[string]*tfFile
	accountOf map[string]string // customer account id -> file name
	imports   int

	// Per user id: its licence assignments, its tokens, and the groups it
	// is a member of.
	assignmentsOf map[string][]client.LicenseAssignment
	tokensOf      map[string][]client.APIToken
	groupsOf      map[string][]string
	groupsByID    map[string]*client.Group
}

const (
	mspFile      = "msp.tf"
	versionsFile = "versions.tf"
	providerFile = "provider.tf"
)

func newWriter(con *console, memberships string, now time.Time) *writer {
	return &writer{
		con: con, memberships: memberships, now: now,
		addrs: map[string]addr{}, files: map[string]*tfFile{}, accountOf: map[string]string{},
		assignmentsOf: map[string][]client.LicenseAssignment{},
		tokensOf:      map[string][]client.APIToken{}, groupsOf: map[string][]string{}, groupsByID: map[string]*client.Group{},
	}
}

// byKey sorts objects by natural key ignoring case, then exactly, then by
// id: the same console always gives the same order, hence the same names.
func byKey[T any](items []T, key func(*T) string, id func(*T) string) {
	slices.SortFunc(items, func(a, b T) int {
		ka, kb := key(&a), key(&b)
		return cmp.Or(cmp.Compare(strings.ToLower(ka), strings.ToLower(kb)), cmp.Compare(ka, kb), cmp.Compare(id(&a), id(&b)))
	})
}

func (w *writer) write() *Module {
	con := w.con
	byKey(con.accounts, func(a *client.CustomerAccount) string { return a.Name }, func(a *client.CustomerAccount) string { return a.ID })
	con.accounts = treeOrder(con.accounts)
	byKey(con.limits, func(l *client.StorageLimit) string { return l.Name }, func(l *client.StorageLimit) string { return l.ID })
	byKey(con.storage, func(s *client.StorageAccount) string { return s.Name }, func(s *client.StorageAccount) string { return s.ID })
	byKey(con.groups, func(g *client.Group) string { return g.Name }, func(g *client.Group) string { return g.ID })
	byKey(con.users, func(u *client.User) string { return u.Login }, func(u *client.User) string { return u.ID })
	byKey(con.tokens, func(t *client.APIToken) string { return t.Name }, func(t *client.APIToken) string { return t.ID })
	slices.SortFunc(con.assignments, func(a, b client.LicenseAssignment) int {
		return cmp.Or(cmp.Compare(a.LicenseType, b.LicenseType), cmp.Compare(a.ID, b.ID))
	})

	for i := range con.groups {
		w.groupsByID[con.groups[i].ID] = &con.groups[i]
	}
	for _, a := range con.assignments {
		w.assignmentsOf[a.UserID] = append(w.assignmentsOf[a.UserID], a)
	}
	for _, t := range con.tokens {
		if t.UserID != nil {
			w.tokensOf[*t.UserID] = append(w.tokensOf[*t.UserID], t)
		}
	}
	for _, g := range con.groups {
		for _, u := range con.members[g.ID] {
			w.groupsOf[u] = append(w.groupsOf[u], g.ID)
		}
	}
	// Names first, so that every reference can be written as one.
	w.nameAll()
	w.nameQuotas()

	w.writeAccounts()
	w.writeQuotas()
	if con.mspLevel {
		w.writeMSP()
	}

	return w.layout.module(w.files, w.imports)
}

const versionsTF = `terraform {
  # import blocks need Terraform 1.5 or later.
  required_version = ">= 1.5.0"

  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}
`

const providerTF = `# The endpoint and the API token come from MSPBACKUP_ENDPOINT and
# MSPBACKUP_API_TOKEN, so that no secret is written into the configuration.
provider "mspbackup" {}
`

// nameAll gives every exported object its resource name.
func (w *writer) nameAll() {
	con := w.con
	accountNames := map[string]string{}
	n := newNamer("customer_account")
	for _, a := range con.accounts {
		w.addrs[a.ID] = addr{typeCustomerAccount, n.name(a.Name)}
		accountNames[a.ID] = a.Name
	}
	// A company's name is unique only within its customer account: its
	// resource name starts with the account's.
	slices.SortFunc(con.companies, func(a, b client.Company) int {
		ka := accountNames[deref(a.CustomerAccountID)] + "\x00" + a.Name
		kb := accountNames[deref(b.CustomerAccountID)] + "\x00" + b.Name
		return cmp.Or(cmp.Compare(strings.ToLower(ka), strings.ToLower(kb)), cmp.Compare(ka, kb), cmp.Compare(a.ID, b.ID))
	})
	n = newNamer("company")
	for _, c := range con.companies {
		w.addrs[c.ID] = addr{typeCompany, n.name(accountNames[deref(c.CustomerAccountID)], c.Name)}
	}
	if con.mspLevel || w.layout != nil {
		n = newNamer("storage_limit")
		for _, l := range con.limits {
			w.addrs[l.ID] = addr{typeStorageLimit, n.name(l.Name)}
		}
		n = newNamer("storage_account")
		for _, s := range con.storage {
			w.addrs[s.ID] = addr{typeStorageAccount, n.name(s.Name)}
		}
		n = newNamer("group")
		for _, g := range con.groups {
			w.addrs[g.ID] = addr{typeGroup, n.name(g.Name)}
		}
	}
	n = newNamer("user")
	for _, u := range con.users {
		w.addrs[u.ID] = addr{typeUser, n.name(u.Login)}
	}
	n = newNamer("license_assignment")
	for _, a := range con.assignments {
		w.addrs[a.ID] = addr{typeLicense, n.name(w.addrs[a.UserID].name, a.LicenseType)}
	}
	n = newNamer("api_token")
	for _, t := range con.tokens {
		if t.UserID != nil {
			w.addrs[t.ID] = addr{typeAPIToken, n.name(w.addrs[*t.UserID].name, t.Name)}
		}
	}
	if w.memberships == MembershipsSingle {
		n = newNamer("group_membership")
		for _, u := range con.users {
			for _, g := range w.groupsOf[u.ID] {
				w.addrs[membershipID(g, u.ID)] = addr{typeGroupMembership, n.name(w.groupsByID[g].Name, w.addrs[u.ID].name)}
			}
		}
	}
}

// membershipID is the import id of a membership, which also keys its
// address: group id and user id joined by a slash.
func membershipID(groupID, userID string) string { return groupID + "/" + userID }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// file returns the file of that name, creating it with a header.
func (w *writer) file(name, header string) *tfFile {
	if f, ok := w.files[name]; ok {
		return f
	}
	f := newTFFile(name)
	f.comment(header)
	w.files[name] = f
	return f
}

const secretsNote = `Secrets cannot be read from the console and are left out: users' passwords and
storage accounts' secret access keys. Terraform then leaves them as they are.`

// accountFileName names the file of a customer account after its resource.
func (w *writer) accountFileName(accountID string) string {
	return "customer_" + strings.TrimPrefix(w.addrs[accountID].name, "_") + ".tf"
}

func (w *writer) mspFile() *tfFile {
	return w.file(mspFile, "MSP-level objects of the console, exported by mspbackup-export: storage limits and\n"+
		"accounts, MSP companies, security groups and their members, and MSP staff.\n"+secretsNote)
}

func (w *writer) writeAccounts() {
	con := w.con
	for _, a := range con.accounts {
		name := w.accountFileName(a.ID)
		w.accountOf[a.ID] = name
		f := w.file(name, fmt.Sprintf("Customer account %q (%s), exported by mspbackup-export.\n%s", a.Name, a.ID, secretsNote))
		b := w.resource(f, a.ID)
		setString(b, "name", a.Name)
		setUnlessDefault(b, "description", a.Description, "")
		// active is the schema's default: written only when suspended. The
		// server lists no account pending deletion unless asked, so those
		// (deleted, restorable) are never exported.
		setUnlessDefault(b, "status", a.Status, client.CustomerAccountActive)
		w.accountTree(b, &a)
	}
	// Only the accounts read are exported, and with them everything that
	// belongs to them: their companies and users have a file.
	for _, c := range con.companies {
		if c.CustomerAccountID != nil {
			w.company(w.files[w.accountOf[*c.CustomerAccountID]], &c)
		}
	}
	for i := range con.users {
		if u := &con.users[i]; u.CustomerAccountID != nil {
			w.user(w.files[w.accountOf[*u.CustomerAccountID]], u)
		}
	}
}

func (w *writer) writeMSP() {
	con := w.con
	f := w.mspFile()
	for _, l := range con.limits {
		b := w.resource(f, l.ID)
		setString(b, "name", l.Name)
		b.SetAttributeValue("limit_gb", cty.NumberIntVal(l.LimitGB))
	}
	for _, s := range con.storage {
		b := w.resource(f, s.ID)
		setString(b, "name", s.Name)
		setString(b, "type", s.Type)
		setUnlessDefault(b, "endpoint", s.Endpoint, "")
		setUnlessDefault(b, "region", s.Region, "")
		setUnlessDefault(b, "access_key_id", s.AccessKeyID, "")
	}
	for _, c := range con.companies {
		if c.CustomerAccountID == nil {
			w.company(f, &c)
		}
	}
	for _, g := range con.groups {
		if g.BuiltIn {
			f.comment(fmt.Sprintf("%q is the console's built-in group: it holds every permission and can be neither\n"+
				"changed nor deleted; destroying it only removes it from the Terraform state.", g.Name))
		}
		b := w.resource(f, g.ID)
		setString(b, "name", g.Name)
		setUnlessDefault(b, "description", g.Description, "")
		if len(g.Permissions) > 0 {
			setStrings(b, "permissions", slices.Sorted(slices.Values(g.Permissions)))
		}
		if w.memberships == MembershipsMembers {
			w.groupMembers(f, &g)
		}
	}
	for i := range con.users {
		if u := &con.users[i]; u.CustomerAccountID == nil {
			w.user(f, u)
		}
	}
	for _, t := range con.tokens {
		if t.UserID == nil {
			f.comment(fmt.Sprintf("Not exported: API token %q (%s) acts as the bootstrap administrator, not as a user;\n"+
				"mspbackup_api_token manages tokens of users only.", t.Name, t.ID))
		}
	}
}

// resource writes the import block and the resource block of an exported
// object and returns the resource's body.
func (w *writer) resource(f *tfFile, id string) *hclwrite.Body {
	return w.resourceAt(f, w.addrs[id], id)
}

func (w *writer) resourceAt(f *tfFile, a addr, importID string) *hclwrite.Body {
	imp := f.block("import")
	imp.SetAttributeTraversal("to", a.traversal(""))
	setString(imp, "id", importID)
	w.imports++
	f.imports++
	w.cur = f
	f.f.Body().AppendNewline()
	return f.f.Body().AppendNewBlock("resource", []string{a.typ, a.name}).Body()
}

// ref sets an attribute that holds another object's id: a reference to its
// resource when it is exported, the literal id otherwise.
func (w *writer) ref(b *hclwrite.Body, name string, id *string) {
	if id == nil {
		return
	}
	if a, ok := w.addrs[*id]; ok {
		b.SetAttributeTraversal(name, w.layout.reference(w, a, *id))
		return
	}
	setString(b, name, *id)
}

func (w *writer) company(f *tfFile, c *client.Company) {
	b := w.resource(f, c.ID)
	setString(b, "name", c.Name)
	w.ref(b, "customer_account_id", c.CustomerAccountID)
	w.ref(b, "storage_limit_id", c.StorageLimitID)
	setUnlessDefault(b, "description", c.Description, "")
}

// user writes a user, then its licence assignments, its memberships (one by
// one) and its API tokens.
func (w *writer) user(f *tfFile, u *client.User) {
	b := w.resource(f, u.ID)
	setString(b, "login", u.Login)
	w.ref(b, "customer_account_id", u.CustomerAccountID)
	setUnlessDefault(b, "email", u.Email, "")
	setUnlessDefault(b, "first_name", u.FirstName, "")
	setUnlessDefault(b, "last_name", u.LastName, "")
	setUnlessDefault(b, "display_name", u.DisplayName, "")
	if len(u.NotificationEmails) > 0 {
		setStrings(b, "notification_emails", slices.Sorted(slices.Values(u.NotificationEmails)))
	}
	w.ref(b, "company_id", u.CompanyID)
	w.ref(b, "storage_account_id", u.StorageAccountID)
	setUnlessDefault(b, "bucket", u.Bucket, "")
	w.ref(b, "storage_limit_id", u.StorageLimitID)
	if !u.Enabled {
		b.SetAttributeValue("enabled", cty.False)
	}
	setUnlessDefault(b, "license_source", u.LicenseSource, rules.DefaultLicenseSource)
	setUnlessDefault(b, "mfa_method", u.MFAMethod, rules.DefaultMFAMethod)
	setUnlessDefault(b, "mobile_phone", u.MobilePhone, "")
	if u.MaskData {
		b.SetAttributeValue("mask_data", cty.True)
	}

	for _, a := range w.assignmentsOf[u.ID] {
		b := w.resource(f, a.ID)
		w.ref(b, "user_id", &a.UserID)
		setString(b, "license_type", a.LicenseType)
		b.SetAttributeValue("quantity", cty.NumberIntVal(a.Quantity))
	}
	if w.memberships == MembershipsSingle {
		w.memberships1(f, u)
	}
	for _, t := range w.tokensOf[u.ID] {
		w.token(f, u, &t)
	}
}

// groupMembers writes a group's whole member list.
func (w *writer) groupMembers(f *tfFile, g *client.Group) {
	group := w.addrs[g.ID]
	b := w.resourceAt(f, addr{typeGroupMembers, group.name}, g.ID)
	w.ref(b, "group_id", &g.ID)
	members := make([]addr, 0, len(w.con.members[g.ID]))
	for _, id := range w.con.members[g.ID] {
		members = append(members, w.addrs[id])
	}
	slices.SortFunc(members, func(a, b addr) int { return cmp.Compare(a.name, b.name) })
	elems := make([]hclwrite.Tokens, len(members))
	for i, m := range members {
		elems[i] = hclwrite.TokensForTraversal(m.traversal("id"))
	}
	b.SetAttributeRaw("user_ids", multilineTuple(elems))
}

// memberships1 writes the user's memberships one by one.
func (w *writer) memberships1(f *tfFile, u *client.User) {
	for _, groupID := range w.groupsOf[u.ID] {
		b := w.resource(f, membershipID(groupID, u.ID))
		w.ref(b, "group_id", &groupID)
		w.ref(b, "user_id", &u.ID)
	}
}

// token writes one of the user's API tokens, or says why it is left out.
func (w *writer) token(f *tfFile, u *client.User, t *client.APIToken) {
	switch rules.TokenNotConfiguration(t.Name, t.ExpiresAt, w.now) {
	case rules.TokenLoginSession:
		f.comment(fmt.Sprintf("Not exported: token %s of %s is a login session, not configuration.", t.ID, u.Login))
	case rules.TokenExpired:
		f.comment(fmt.Sprintf("Not exported: API token %q (%s) of %s expired at %s.", t.Name, t.ID, u.Login,
			t.ExpiresAt.UTC().Format(time.RFC3339)))
	default:
		b := w.resource(f, t.ID)
		setString(b, "name", t.Name)
		w.ref(b, "user_id", t.UserID)
		if t.ExpiresAt != nil {
			setString(b, "expires_at", t.ExpiresAt.UTC().Format(time.RFC3339))
		}
	}
}
