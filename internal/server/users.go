package server

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// validateUser checks every rule of a user's state: fields, references
// and the rules between them (rules.UserProblems); create, on a create, is
// the request, whose one-off fields (send_welcome_email,
// generate_password) those rules read too.
func validateUser(ctx context.Context, q store.Q, p *principal, v *client.User, create *client.UserCreateRequest, fe *fieldErrors) error {
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
	checkEnum(fe, "license_source", v.LicenseSource, client.LicenseSources)
	checkEnum(fe, "mfa_method", v.MFAMethod, client.MFAMethods)
	if v.MobilePhone != "" {
		checkPhone(fe, "mobile_phone", v.MobilePhone)
	}
	between := rules.User{MFAMethod: v.MFAMethod, Email: v.Email, MobilePhone: v.MobilePhone, Bucket: v.Bucket,
		StorageAccount: v.StorageAccountID != nil}
	if create != nil {
		between.SendWelcomeEmail, between.GeneratePassword = create.SendWelcomeEmail, create.GeneratePassword
		if create.Password != "" {
			between.Passwords = []string{"password"}
		}
	}
	for _, problem := range rules.UserProblems(between) {
		fe.add(problem.Field, "%s", problem.Message)
	}
	if _, err := refersTo(fe, "customer_account_id", v.CustomerAccountID, client.PrefixCustomerAccount,
		func(id string) (*client.CustomerAccount, error) { return loadCustomerAccount(ctx, q, p, id) }); err != nil {
		return err
	}
	company, err := refersTo(fe, "company_id", v.CompanyID, client.PrefixCompany,
		func(id string) (*client.Company, error) { return loadCompany(ctx, q, p, id) })
	if err != nil {
		return err
	}
	if company != nil && !sameAccount(company.CustomerAccountID, v.CustomerAccountID) {
		fe.add("company_id", "company %s belongs to %s, not to the user's %s", company.ID,
			accountName(company.CustomerAccountID), accountName(v.CustomerAccountID))
	}
	if _, err := refersTo(fe, "storage_account_id", v.StorageAccountID, client.PrefixStorageAccount,
		func(id string) (*client.StorageAccount, error) { return q.GetStorageAccount(ctx, id) }); err != nil {
		return err
	}
	if _, err := refersTo(fe, "storage_limit_id", v.StorageLimitID, client.PrefixStorageLimit,
		func(id string) (*client.StorageLimit, error) { return q.GetStorageLimit(ctx, id) }); err != nil {
		return err
	}
	return fe.err()
}

func sameAccount(a, b *string) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func accountName(a *string) string {
	if a == nil {
		return "the MSP level"
	}
	return "customer account " + *a
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	id := r.PathValue("id")
	if !p.isUser(id) && !p.can(client.PermUsersRead) {
		return missingPermission(client.PermUsersRead)
	}
	v, err := loadUser(r.Context(), s.st.Q, p, id)
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, maskUser(p, v), v.Version)
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
		v.LicenseSource = rules.DefaultLicenseSource
	}
	if v.MFAMethod == "" {
		v.MFAMethod = rules.DefaultMFAMethod
	}
	if v.CustomerAccountID == nil {
		v.CustomerAccountID = p.account() // a tenant's users are its own
	}

	var pre fieldErrors
	password := req.Password
	switch {
	case req.GeneratePassword && req.Password != "":
		password = "" // refused by validateUser (rules.UserProblems): nothing to hash
	case req.GeneratePassword:
		password = generatePassword()
		v.GeneratedPassword = password
	case req.Password != "":
		checkPassword(&pre, "password", req.Password)
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
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		fe := pre
		if err := validateUser(ctx, tx.Q, p, v, req, &fe); err != nil {
			return nil, err
		}
		if err := checkLoginFree(ctx, tx.Q, p, v.ID, v.Login); err != nil {
			return nil, err
		}
		if err := tx.InsertUser(ctx, v, hash); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "create", "user", v.ID, v.CustomerAccountID, changedFields(&client.User{}, v, extra...)); err != nil {
			return nil, err
		}
		if req.SendWelcomeEmail {
			if err := s.send(ctx, tx, v.Email, "Welcome to mspbackup", welcomeBody(v, s.consoleLink()), client.MessageKindWelcome, v.CustomerAccountID); err != nil {
				return nil, err
			}
		}
		return createdReply(maskUser(p, v), v.Version, "/api/v1/users/"+v.ID)
	})
}

// greeting is the name a message to u greets it by, and the line naming
// the web console (console: its address, or "" when the server does not
// know it).
func greeting(u *client.User, console string) (name, consoleLine string) {
	name = u.DisplayName
	if name == "" {
		name = strings.TrimSpace(u.FirstName + " " + u.LastName)
	}
	if name == "" {
		name = u.Login
	}
	if console != "" {
		consoleLine = "\nThe web console: " + console + "\n"
	}
	return name, consoleLine
}

// welcomeBody tells the new user its login and how to start, and the web
// console's address when the server knows it (console: "" when not); never
// a password.
func welcomeBody(u *client.User, console string) string {
	name, console := greeting(u, console)
	return fmt.Sprintf(`Hello %s,

An mspbackup backup account has been created for you.

Your login: %s
%s
To start:
1. Install the mspbackup backup agent on the computer you want to protect.
2. Sign in to the agent with your login and the password your administrator
   gives you (this message never contains a password).
3. The agent registers the computer and takes a licence; choose what to back
   up and when.

If you did not expect this message, tell your administrator.
`, name, u.Login, console)
}

// updateUser changes a user. A signed-in user may change its own
// password, email, mobile_phone and mfa_method without users:write, and
// must always confirm such a change with current_password.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.UserUpdateRequest](r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	self := p.isUser(id)
	if !p.can(client.PermUsersWrite) && !(self && onlyCredentials(req)) {
		return missingPermission(client.PermUsersWrite)
	}
	ctx := r.Context()
	var pre fieldErrors
	switch {
	case !self && req.CurrentPassword != nil:
		pre.add("current_password", "is only for changing your own user")
	case self && changesCredentials(req) && req.CurrentPassword == nil:
		pre.add("current_password", "is required to change your own password, email, mobile_phone or mfa_method")
	case self && req.CurrentPassword != nil:
		if err := s.confirmPassword(ctx, id, *req.CurrentPassword); err != nil {
			return err
		}
	}
	var hash *string
	var extra []string
	if req.Password != nil {
		checkPassword(&pre, "password", *req.Password)
		if len(pre) == 0 {
			h, err := s.passwords.hash(ctx, *req.Password) // before the transaction: it is slow
			if err != nil {
				return err
			}
			hash, extra = &h, []string{"password"}
		}
	}
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		old, err := loadUser(ctx, tx.Q, p, id)
		if err != nil {
			return nil, err
		}
		if err := checkIfMatch(r, old.Version); err != nil {
			return nil, err
		}
		v := *old
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
		if err := mayManageUser(ctx, tx.Q, p, old, &v, "change"); err != nil {
			return nil, err
		}
		fe := pre
		if err := validateUser(ctx, tx.Q, p, &v, nil, &fe); err != nil {
			return nil, err
		}
		fields := changedFields(old, &v, extra...)
		if len(fields) == 0 {
			return entityReply(http.StatusOK, maskUser(p, old), old.Version)
		}
		s.bump(&v.Meta)
		if req.Login != nil {
			if err := checkLoginFree(ctx, tx.Q, p, v.ID, v.Login); err != nil {
				return nil, err
			}
		}
		if err := tx.UpdateUser(ctx, &v, hash); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "update", "user", v.ID, v.CustomerAccountID, fields); err != nil {
			return nil, err
		}
		return entityReply(http.StatusOK, maskUser(p, &v), v.Version)
	})
}

// changesCredentials reports whether a patch changes what signs the user
// in or receives its sign-in codes.
func changesCredentials(req *client.UserUpdateRequest) bool {
	return req.Password != nil || req.Email != nil || req.MobilePhone != nil || req.MFAMethod != nil
}

// onlyCredentials reports whether a patch changes nothing but credentials
// (what a user may change on itself without users:write).
func onlyCredentials(req *client.UserUpdateRequest) bool {
	rest := *req
	rest.Password, rest.Email, rest.MobilePhone, rest.MFAMethod, rest.CurrentPassword = nil, nil, nil, nil, nil
	return reflect.ValueOf(rest).IsZero()
}

// errWrongCurrentPassword answers a self-service change whose
// current_password does not match.
var errWrongCurrentPassword = forbidden("current_password does not match your password")

// confirmPassword checks the signed-in user's own password (through the
// same bounded hashing queue as sign-in).
func (s *Server) confirmPassword(ctx context.Context, userID, password string) error {
	hash, err := s.st.PasswordHash(ctx, userID)
	if err != nil {
		return err
	}
	if hash == "" {
		hash = dummyHash() // the same time as a wrong password
	}
	ok, err := s.passwords.verify(ctx, hash, password)
	if err != nil {
		return err
	}
	if !ok {
		return errWrongCurrentPassword
	}
	return nil
}

// deleteUser deletes a user with its memberships, assignments and tokens.
// Its computers' backed-up data is kept as retained backups of its customer
// account (see retained.go) unless ?backup_data=delete; either way their
// licences are freed.
func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	keep, err := keepBackupData(r)
	if err != nil {
		return err
	}
	return deleteAudited(s, w, r, p, "user", "", loadUser, userRef,
		func(ctx context.Context, tx *store.Tx, v *client.User) error {
			return mayManageUser(ctx, tx.Q, p, v, nil, "delete")
		}, func(tx *store.Tx, ctx context.Context, id string) error {
			if keep {
				u, err := tx.GetUser(ctx, id)
				if err != nil {
					return err
				}
				if err := tx.RetainComputers(ctx, u, s.clock()); err != nil {
					return err
				}
			}
			return tx.DeleteUser(ctx, id)
		})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "login", "login_prefix", "customer_account_id", "company_id", "group_id", "enabled", "include")
	if err != nil {
		return err
	}
	inc, err := userIncludes(p, l.q["include"])
	if err != nil {
		return err
	}
	f := store.UserFilter{
		Account: p.account(), Login: l.get("login"), LoginPrefix: l.get("login_prefix"), CustomerAccountID: l.get("customer_account_id"),
		CompanyID: l.get("company_id"), GroupID: l.get("group_id"), Enabled: l.enabled(),
	}
	if inc == (store.UserIncludes{}) {
		items, next, err := s.st.ListUsers(r.Context(), f, l.page)
		return sendUserPage(w, maskUsers(p, items), next, err)
	}
	items, next, included, err := s.st.ListUsersIncluding(r.Context(), f, l.page, inc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, client.UserPage{Items: maskUsers(p, items), NextPageToken: pageToken(next),
		Included: &client.UserIncluded{GroupMemberships: included.Memberships, LicenseAssignments: included.Assignments}})
	return nil
}

// userIncludes reads the include parameter of a list of users: names of
// client.UserIncludes separated by commas, each once, in one or more
// parameters. An include needs the permission of its own list (their
// answers carry the same rows): without it the list is refused with a 403
// naming it rather than answered without the include, which a reader would
// take for users without memberships or assignments.
func userIncludes(p *principal, values []string) (store.UserIncludes, error) {
	var inc store.UserIncludes
	if len(values) == 0 {
		return inc, nil
	}
	var fe fieldErrors
	for _, name := range strings.Split(strings.Join(values, ","), ",") {
		var flag *bool
		var perm string
		switch client.UserInclude(name) {
		case client.IncludeGroupMemberships:
			flag, perm = &inc.Memberships, client.PermGroupsRead
		case client.IncludeLicenseAssignments:
			flag, perm = &inc.Assignments, client.PermLicensesRead
		default:
			fe.add("include", "%q is not one of group_memberships, license_assignments (separated by commas)", name)
			continue
		}
		if *flag {
			fe.add("include", "names %s twice", name)
		}
		if !p.can(perm) {
			return inc, forbidden("missing permission %q, which include=%s needs", perm, name)
		}
		*flag = true
	}
	return inc, fe.err()
}
