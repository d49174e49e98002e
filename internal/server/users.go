package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

var userKind = &kind[client.User]{
	name: "user", audit: "user", path: "/api/v1/users",
	get:     store.Q.GetUser,
	meta:    func(v *client.User) *client.Meta { return &v.Meta },
	account: func(v *client.User) *string { return v.CustomerAccountID },
	remove:  (*store.Tx).DeleteUser, // with its memberships, assignments, computers and tokens
	view:    func(p *principal, v *client.User) any { return maskUser(p, v) },
}

// validateUser checks every rule of a user's state: fields, references
// and the rules between them.
func validateUser(ctx context.Context, tx *store.Tx, p *principal, v *client.User, fe *fieldErrors) error {
	checkLogin(fe, v.Login)
	if v.Email != "" {
		checkEmail(fe, "email", v.Email)
	}
	checkText(fe, "first_name", v.FirstName, maxName, false)
	checkText(fe, "last_name", v.LastName, maxName, false)
	checkText(fe, "display_name", v.DisplayName, maxName, false)
	seen := map[string]bool{}
	for i, e := range v.NotificationEmails {
		field := fmt.Sprintf("notification_emails[%d]", i)
		checkEmail(fe, field, e)
		if seen[strings.ToLower(e)] {
			fe.add(field, "%q is listed twice", e)
		}
		seen[strings.ToLower(e)] = true
	}
	checkText(fe, "bucket", v.Bucket, maxName, false)
	if v.Bucket != "" && v.StorageAccountID == nil {
		fe.add("bucket", "needs a storage_account_id")
	}
	checkEnum(fe, "license_source", v.LicenseSource, client.LicenseSources)
	checkEnum(fe, "mfa_method", v.MFAMethod, client.MFAMethods)
	if v.MobilePhone != "" {
		checkPhone(fe, "mobile_phone", v.MobilePhone)
	}
	switch {
	case v.MFAMethod == client.MFAMethodEmail && v.Email == "":
		fe.add("email", "is required when mfa_method is \"email\"")
	case v.MFAMethod == client.MFAMethodSMS && v.MobilePhone == "":
		fe.add("mobile_phone", "is required when mfa_method is \"sms\"")
	}
	if _, err := reference(ctx, tx.Q, p, fe, "customer_account_id", v.CustomerAccountID, customerAccountKind, client.PrefixCustomerAccount); err != nil {
		return err
	}
	company, err := reference(ctx, tx.Q, p, fe, "company_id", v.CompanyID, companyKind, client.PrefixCompany)
	if err != nil {
		return err
	}
	if company != nil && !sameAccount(company.CustomerAccountID, v.CustomerAccountID) {
		fe.add("company_id", "company %s belongs to %s, not to the user's %s", company.ID,
			accountName(company.CustomerAccountID), accountName(v.CustomerAccountID))
	}
	if _, err := reference(ctx, tx.Q, p, fe, "storage_account_id", v.StorageAccountID, storageAccountKind, client.PrefixStorageAccount); err != nil {
		return err
	}
	if _, err := reference(ctx, tx.Q, p, fe, "storage_limit_id", v.StorageLimitID, storageLimitKind, client.PrefixStorageLimit); err != nil {
		return err
	}
	return nil
}

func sameAccount(a, b *string) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func accountName(a *string) string {
	if a == nil {
		return "the MSP level"
	}
	return "customer account " + *a
}

// userKindWith is userKind for one request: its password problems join the
// others, and its password hash is stored with the user.
func userKindWith(pre fieldErrors, passwordHash string) *kind[client.User] {
	k := *userKind
	k.validate = func(ctx context.Context, tx *store.Tx, p *principal, v *client.User) error {
		fe := append(fieldErrors(nil), pre...)
		if err := validateUser(ctx, tx, p, v, &fe); err != nil {
			return err
		}
		return fe.err()
	}
	k.insert = func(tx *store.Tx, ctx context.Context, v *client.User) error {
		return tx.InsertUser(ctx, v, passwordHash)
	}
	k.update = func(tx *store.Tx, ctx context.Context, v *client.User) error {
		if passwordHash == "" {
			return tx.UpdateUser(ctx, v, nil)
		}
		return tx.UpdateUser(ctx, v, &passwordHash)
	}
	return &k
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.UserCreateRequest](r)
	if err != nil {
		return err
	}
	v := &client.User{
		Meta: s.newMeta(client.PrefixUser), Login: req.Login, Email: req.Email, FirstName: req.FirstName,
		LastName: req.LastName, DisplayName: req.DisplayName, NotificationEmails: req.NotificationEmails,
		CustomerAccountID: req.CustomerAccountID, CompanyID: req.CompanyID, StorageAccountID: req.StorageAccountID,
		Bucket: req.Bucket, StorageLimitID: req.StorageLimitID, Enabled: true, LicenseSource: req.LicenseSource,
		MFAMethod: req.MFAMethod, MobilePhone: req.MobilePhone,
	}
	if v.NotificationEmails == nil {
		v.NotificationEmails = []string{}
	}
	if req.Enabled != nil {
		v.Enabled = *req.Enabled
	}
	if req.MaskData != nil {
		v.MaskData = *req.MaskData
	}
	if v.LicenseSource == "" {
		v.LicenseSource = client.LicenseSourceGlobalPool
	}
	if v.MFAMethod == "" {
		v.MFAMethod = client.MFAMethodEmail
	}
	if v.CustomerAccountID == nil {
		v.CustomerAccountID = p.account() // a tenant's users are its own
	}

	var pre fieldErrors
	password := req.Password
	switch {
	case req.GeneratePassword && req.Password != "":
		pre.add("generate_password", "cannot be combined with password")
	case req.GeneratePassword:
		password = generatePassword()
		v.GeneratedPassword = password
	case req.Password != "":
		checkPassword(&pre, "password", req.Password)
	}
	if req.SendWelcomeEmail && req.Email == "" {
		pre.add("send_welcome_email", "needs an email address to send to")
	}
	var hash string
	var extra []string
	if password != "" && len(pre) == 0 {
		var err error // hashed before the transaction: it is slow
		if hash, err = s.passwords.hash(r.Context(), password); err != nil {
			return err
		}
		extra = []string{"password"}
	}
	var welcome func(ctx context.Context, tx *store.Tx) error
	if req.SendWelcomeEmail {
		welcome = func(ctx context.Context, tx *store.Tx) error {
			return s.send(ctx, tx, v.Email, "Welcome to mspbackup", welcomeBody(v), client.MessageKindWelcome, v.CustomerAccountID)
		}
	}
	return createEntity(s, w, r, p, userKindWith(pre, hash), v, welcome, extra...)
}

// welcomeBody tells the new user its login and how to start; never a password.
func welcomeBody(u *client.User) string {
	name := u.DisplayName
	if name == "" {
		name = strings.TrimSpace(u.FirstName + " " + u.LastName)
	}
	if name == "" {
		name = u.Login
	}
	return fmt.Sprintf(`Hello %s,

An mspbackup backup account has been created for you.

Your login: %s

To start:
1. Install the mspbackup backup agent on the computer you want to protect.
2. Sign in to the agent with your login and the password your administrator
   gives you (this message never contains a password).
3. The agent registers the computer and takes a licence; choose what to back
   up and when.

If you did not expect this message, tell your administrator.
`, name, u.Login)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.UserUpdateRequest](r)
	if err != nil {
		return err
	}
	var pre fieldErrors
	var hash string
	var extra []string
	if req.Password != nil {
		checkPassword(&pre, "password", *req.Password)
		if len(pre) == 0 {
			if hash, err = s.passwords.hash(r.Context(), *req.Password); err != nil {
				return err
			}
			extra = []string{"password"}
		}
	}
	return updateEntity(s, w, r, p, userKindWith(pre, hash), func(ctx context.Context, tx *store.Tx, v *client.User) ([]string, error) {
		if err := mayManageUser(ctx, tx, p, v.ID, "change"); err != nil {
			return nil, err
		}
		setIf(&v.Login, req.Login)
		setIf(&v.Email, req.Email)
		setIf(&v.FirstName, req.FirstName)
		setIf(&v.LastName, req.LastName)
		setIf(&v.DisplayName, req.DisplayName)
		setIf(&v.NotificationEmails, req.NotificationEmails)
		if v.NotificationEmails == nil {
			v.NotificationEmails = []string{}
		}
		setNullable(&v.CompanyID, req.CompanyID)
		setNullable(&v.StorageAccountID, req.StorageAccountID)
		setIf(&v.Bucket, req.Bucket)
		setNullable(&v.StorageLimitID, req.StorageLimitID)
		setIf(&v.Enabled, req.Enabled)
		setIf(&v.LicenseSource, req.LicenseSource)
		setIf(&v.MFAMethod, req.MFAMethod)
		setIf(&v.MobilePhone, req.MobilePhone)
		setIf(&v.MaskData, req.MaskData)
		return extra, nil
	})
}

// mayManageUser: no principal but the bootstrap administrator may change,
// delete or make a token for another user who holds a permission it lacks;
// otherwise users:write would be a way into the Administrators' rights (reset
// an administrator's password, then log in as them).
func mayManageUser(ctx context.Context, tx *store.Tx, p *principal, userID, action string) error {
	if p.bootstrap || userID == p.actor {
		return nil
	}
	perms, err := tx.UserPermissions(ctx, userID)
	if err != nil {
		return err
	}
	if missing := p.holdsAll(perms); len(missing) > 0 {
		slices.Sort(missing)
		return forbidden("cannot %s user %s: it holds permissions you do not: %s",
			action, userID, strings.Join(slices.Compact(missing), ", "))
	}
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteEntity(s, w, r, p, userKind, func(ctx context.Context, tx *store.Tx, v *client.User) error {
		return mayManageUser(ctx, tx, p, v.ID, "delete")
	})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "login", "customer_account_id", "company_id", "group_id", "enabled")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListUsers(r.Context(), store.UserFilter{
		Account: p.account(), Login: l.get("login"), CustomerAccountID: l.get("customer_account_id"),
		CompanyID: l.get("company_id"), GroupID: l.get("group_id"), Enabled: l.enabled(),
	}, l.page)
	return sendPage(w, maskUsers(p, items), next, err)
}
