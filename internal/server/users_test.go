package server_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestUserValidationReportsEveryFieldAtOnce(t *testing.T) {
	_, a := startParallel(t)
	r := a.do("POST", "/users", map[string]any{
		"login":               "has space",
		"email":               "Alice <alice@example.com>",
		"mobile_phone":        "0123",
		"mfa_method":          "pigeon",
		"license_source":      "anywhere",
		"bucket":              "b1",
		"password":            "short",
		"notification_emails": []string{"ok@example.com", "OK@example.com", "nope"},
		"company_id":          "co_missing",
	})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != client.ProblemContentType {
		t.Errorf("Content-Type %q, want %q", ct, client.ProblemContentType)
	}
	var got []string
	for _, fe := range r.problem().Errors {
		got = append(got, fe.Field)
	}
	for _, want := range []string{"login", "email", "mobile_phone", "mfa_method", "license_source", "bucket", "password",
		"notification_emails[1]", "notification_emails[2]", "company_id"} {
		if !slices.Contains(got, want) {
			t.Errorf("no error for %s; errors: %v", want, r.problem().Errors)
		}
	}
}

func TestUserRules(t *testing.T) {
	_, a := startParallel(t)
	acc1, acc2 := a.customerAccount(), a.customerAccount()
	co2 := must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: "Co", CustomerAccountID: &acc2.ID})
	sa := must[client.StorageAccount](a, 201, "POST", "/storage-accounts", client.StorageAccountCreateRequest{Name: "S3", Type: "amazon_s3"})

	tests := []struct {
		name  string
		req   client.UserCreateRequest
		field string // "" = accepted
	}{
		{"company of another account", client.UserCreateRequest{CustomerAccountID: &acc1.ID, CompanyID: &co2.ID, MFAMethod: "none"}, "company_id"},
		{"company of the same account", client.UserCreateRequest{CustomerAccountID: &acc2.ID, CompanyID: &co2.ID, MFAMethod: "none"}, ""},
		{"MSP user with a tenant company", client.UserCreateRequest{CompanyID: &co2.ID, MFAMethod: "none"}, "company_id"},
		{"bucket without storage account", client.UserCreateRequest{Bucket: "b", MFAMethod: "none"}, "bucket"},
		{"bucket with storage account", client.UserCreateRequest{Bucket: "b", StorageAccountID: &sa.ID, MFAMethod: "none"}, ""},
		{"email MFA needs email", client.UserCreateRequest{}, "email"},
		{"sms MFA needs phone", client.UserCreateRequest{MFAMethod: "sms"}, "mobile_phone"},
		{"sms MFA with phone", client.UserCreateRequest{MFAMethod: "sms", MobilePhone: "+441632960961"}, ""},
		{"password and generate_password", client.UserCreateRequest{MFAMethod: "none", Password: "long enough password", GeneratePassword: true}, "generate_password"},
		{"welcome needs email", client.UserCreateRequest{MFAMethod: "none", SendWelcomeEmail: true}, "send_welcome_email"},
		{"unknown customer account", client.UserCreateRequest{MFAMethod: "none", CustomerAccountID: ptr("ca_nope")}, "customer_account_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := a.as(a.token)
			a.t = t
			tt.req.Login = unique("rule")
			r := a.do("POST", "/users", tt.req)
			if tt.field == "" {
				if r.status != http.StatusCreated {
					t.Fatalf("status %d, want 201: %s", r.status, r.body)
				}
				return
			}
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", r.status, r.body)
			}
			if errs := r.problem().Errors; !slices.ContainsFunc(errs, func(fe client.FieldError) bool { return fe.Field == tt.field }) {
				t.Errorf("errors %v do not name %s", errs, tt.field)
			}
		})
	}
}

func TestUserDefaultsAndExactLogin(t *testing.T) {
	_, a := startParallel(t)
	u := must[client.User](a, 201, "POST", "/users", client.UserCreateRequest{Login: "MiXeD.Case@Example.com", Email: "m@example.com"})
	if u.Login != "MiXeD.Case@Example.com" || !u.Enabled || u.LicenseSource != "global_pool" || u.MFAMethod != "email" || u.MaskData {
		t.Errorf("defaults or login not kept: %+v", u)
	}
	if u.NotificationEmails == nil || u.Version != 1 || !strings.HasPrefix(u.ID, "usr_") {
		t.Errorf("unexpected %+v", u)
	}
	list := must[client.Page[client.User]](a, 200, "GET", "/users?login=mixed.case@example.COM", nil)
	if len(list.Items) != 1 || list.Items[0].ID != u.ID {
		t.Errorf("case-insensitive login filter found %v", list.Items)
	}
}

func TestConcurrentCreatesOfOneLoginDifferingInCase(t *testing.T) {
	_, a := startParallel(t)
	const n = 20
	statuses := make([]int, n)
	details := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			login := []byte("concurrent-login")
			for j := range login { // a different mix of case per request
				if i>>(j%5)&1 == 1 {
					login[j] = strings.ToUpper(string(login[j]))[0]
				}
			}
			r := a.do("POST", "/users", client.UserCreateRequest{Login: string(login), MFAMethod: "none"})
			statuses[i], details[i] = r.status, r.problem().Detail
		})
	}
	wg.Wait()
	created := 0
	for i, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			if !strings.Contains(strings.ToLower(details[i]), `"concurrent-login" is already taken`) {
				t.Errorf("409 detail %q does not name the login", details[i])
			}
		default:
			t.Errorf("status %d", s)
		}
	}
	if created != 1 {
		t.Errorf("%d creates succeeded, want exactly 1", created)
	}
	list := must[client.Page[client.User]](a, 200, "GET", "/users?login=CONCURRENT-LOGIN", nil)
	if len(list.Items) != 1 {
		t.Errorf("%d users with the login, want 1", len(list.Items))
	}
}

func TestMaskedRead(t *testing.T) {
	_, a := startParallel(t)
	other := a.user(client.UserCreateRequest{Email: "alice@example.com", FirstName: "Alice", LastName: "Smith",
		DisplayName: "Alice Smith", MobilePhone: "+441632960961", NotificationEmails: []string{"ops@example.org"}})
	viewer, _ := a.principal(nil, client.PermUsersRead)
	must[client.User](a, 200, "PATCH", "/users/"+viewer.ID, client.UserUpdateRequest{MaskData: ptr(true), Email: ptr("viewer@example.com")})
	va := a.as(a.tokenFor(viewer.ID))

	got := must[client.User](va, 200, "GET", "/users/"+other.ID, nil)
	want := map[string][2]string{
		"email":        {got.Email, "a****@*******.***"},
		"first_name":   {got.FirstName, "A****"},
		"last_name":    {got.LastName, "S****"},
		"display_name": {got.DisplayName, "A**********"},
		"mobile_phone": {got.MobilePhone, "+************"},
		"login":        {got.Login, other.Login},
	}
	for f, v := range want {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", f, v[0], v[1])
		}
	}
	if len(got.NotificationEmails) != 1 || got.NotificationEmails[0] != "o**@*******.***" {
		t.Errorf("notification_emails = %v", got.NotificationEmails)
	}
	list := must[client.Page[client.User]](va, 200, "GET", "/users?login="+other.Login, nil)
	if list.Items[0].Email != "a****@*******.***" {
		t.Errorf("list not masked: %q", list.Items[0].Email)
	}
	self := must[client.User](va, 200, "GET", "/users/"+viewer.ID, nil)
	if self.Email != "viewer@example.com" {
		t.Errorf("own data masked: %q", self.Email)
	}
	clear := must[client.User](a, 200, "GET", "/users/"+other.ID, nil)
	if clear.Email != "alice@example.com" {
		t.Errorf("unmasked principal reads %q", clear.Email)
	}
}

func TestWelcomeEmailTellsLoginNeverPassword(t *testing.T) {
	_, a := startParallel(t)
	const password = "Sup3r-secret-passw0rd"
	u := a.user(client.UserCreateRequest{Login: "welcome-me", Email: "welcome@example.com", Password: password, SendWelcomeEmail: true})
	gen := must[client.User](a, 201, "POST", "/users", client.UserCreateRequest{Login: "welcome-gen", Email: "gen@example.com",
		GeneratePassword: true, SendWelcomeEmail: true})
	if len(gen.GeneratedPassword) < 16 {
		t.Fatalf("generated_password %q", gen.GeneratedPassword)
	}
	again := must[client.User](a, 200, "GET", "/users/"+gen.ID, nil)
	if again.GeneratedPassword != "" {
		t.Error("generated_password returned by a read")
	}
	for _, c := range []struct{ to, login, secret string }{{u.Email, u.Login, password}, {gen.Email, gen.Login, gen.GeneratedPassword}} {
		msgs := must[client.Page[client.OutboxMessage]](a, 200, "GET", "/outbox?kind=welcome&to="+c.to, nil)
		if len(msgs.Items) != 1 {
			t.Fatalf("%d welcome messages to %s", len(msgs.Items), c.to)
		}
		body := msgs.Items[0].Body
		if !strings.Contains(body, c.login) || !strings.Contains(body, "agent") {
			t.Errorf("welcome body does not tell login and how to start: %q", body)
		}
		if strings.Contains(body, c.secret) {
			t.Errorf("welcome body holds the password")
		}
	}
}

func TestUserPatchAndDeleteFreeEverything(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{FirstName: "Ann"})
	g := a.group(client.PermUsersRead)
	a.addMember(g.ID, u.ID)
	must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "server", Quantity: 3})

	p := must[client.User](a, 200, "PATCH", "/users/"+u.ID, map[string]any{"first_name": "Anne", "company_id": nil})
	if p.FirstName != "Anne" || p.Version != 2 {
		t.Errorf("patch: %+v", p)
	}
	noop := must[client.User](a, 200, "PATCH", "/users/"+u.ID, map[string]any{"first_name": "Anne"})
	if noop.Version != 2 {
		t.Errorf("a patch changing nothing bumped the version to %d", noop.Version)
	}
	if r := a.do("PATCH", "/users/"+u.ID, map[string]any{"customer_account_id": "ca_x"}); r.status != 400 || !strings.Contains(r.problem().Detail, "customer_account_id") {
		t.Errorf("immutable field: %d %s", r.status, r.body)
	}
	a.do("DELETE", "/users/"+u.ID, nil)
	if r := a.do("GET", "/users/"+u.ID, nil); r.status != 404 || r.problem().Detail != "user "+u.ID+" not found" {
		t.Errorf("after delete: %d %s", r.status, r.body)
	}
	pool := must[client.LicensePool](a, 200, "GET", "/license-pool", nil)
	for _, e := range pool.Items {
		if e.Assigned != 0 {
			t.Errorf("%s still assigned %d after the user's delete", e.LicenseType, e.Assigned)
		}
	}
	members := must[client.Page[client.GroupMember]](a, 200, "GET", "/groups/"+g.ID+"/members", nil)
	if len(members.Items) != 0 {
		t.Errorf("memberships left: %v", members.Items)
	}
}
