package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// clock is a settable server clock, so sessions expire without waiting.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type env struct {
	t     *testing.T
	srv   *testserver.Server
	admin *client.Client // bootstrap
	clk   *clock
}

func start(t *testing.T) *env {
	t.Helper()
	clk := &clock{t: time.Now()}
	srv := testserver.Start(t, testserver.Options{Now: clk.now})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, admin: c, clk: clk}
}

// user makes a user with MFA by e-mail in the given groups (by name).
func (e *env) user(login string, account *string, groups ...string) *client.User {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.admin.Users.Create(ctx, &client.UserCreateRequest{
		Login: login, Email: login, Password: "correct horse battery staple", CustomerAccountID: account,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, name := range groups {
		gs, err := e.admin.Groups.ListAll(ctx, &client.ListOptions{Name: name})
		if err != nil || len(gs) != 1 {
			e.t.Fatalf("group %s: %v %v", name, gs, err)
		}
		if _, err := e.admin.Groups.AddMember(ctx, gs[0].ID, u.ID); err != nil {
			e.t.Fatal(err)
		}
	}
	return u
}

// browser is a cookie-keeping HTTP client, like a browser with JS off.
type browser struct {
	e  *env
	hc *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, hc: &http.Client{Jar: jar}}
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.hc.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *browser) get(path string) (int, string) {
	b.e.t.Helper()
	res, err := b.hc.Get(b.e.srv.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// post submits a form with the browser's CSRF token (got by a GET first).
func (b *browser) post(path string, v url.Values) (int, string) {
	b.e.t.Helper()
	if b.cookie("mspbackup_csrf") == "" {
		b.get("/signin")
	}
	if v.Get("csrf_token") == "" {
		v.Set("csrf_token", b.cookie("mspbackup_csrf"))
	}
	res, err := b.hc.PostForm(b.e.srv.URL+path, v)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var challengeRE = regexp.MustCompile(`name="challenge_id" value="([^"]+)"`)

// signIn signs in through the forms: password, then the MFA code read
// from the outbox.
func (b *browser) signIn(login string) {
	b.e.t.Helper()
	status, body := b.post("/signin", url.Values{"login": {login}, "password": {"correct horse battery staple"}})
	m := challengeRE.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		b.e.t.Fatalf("sign-in: %d, no MFA form:\n%s", status, body)
	}
	code := b.e.code(login)
	status, body = b.post("/signin/verify", url.Values{"challenge_id": {m[1]}, "code": {code}, "login": {login}})
	if status != http.StatusOK || !strings.Contains(body, "Sign out") {
		b.e.t.Fatalf("verify: %d\n%s", status, body)
	}
}

var codeRE = regexp.MustCompile(`\b(\d{6,8})\b`)

func (e *env) code(login string) string {
	e.t.Helper()
	msgs, err := e.admin.Outbox.ListAll(context.Background(), &client.ListOptions{To: login, Kind: "mfa_code"})
	if err != nil || len(msgs) == 0 {
		e.t.Fatalf("outbox: %v %v", msgs, err)
	}
	m := codeRE.FindStringSubmatch(msgs[len(msgs)-1].Body)
	if m == nil {
		e.t.Fatalf("no code in %q", msgs[len(msgs)-1].Body)
	}
	return m[1]
}

func TestSignInWithMFASetsAStrictHttpOnlySession(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	status, body := b.get("/customer-accounts")
	if status != http.StatusOK || !strings.Contains(body, `action="/signin"`) || !strings.Contains(body, "outbox") {
		t.Fatalf("signed out: want the sign-in page saying codes go to the outbox, got %d\n%s", status, body)
	}
	// Wrong password: the API's refusal, on the sign-in form.
	status, body = b.post("/signin", url.Values{"login": {"ops@msp.example"}, "password": {"wrong"}})
	if status != http.StatusUnauthorized || !strings.Contains(body, `value="ops@msp.example"`) {
		t.Errorf("wrong password: %d, want 401 with the login kept\n%s", status, body)
	}
	// A raw request, to see the Set-Cookie attributes.
	res, err := http.PostForm(e.srv.URL+"/signin", url.Values{"login": {"ops@msp.example"}, "password": {"correct horse battery staple"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without CSRF token: %d, want 403", res.StatusCode)
	}
	b.signIn("ops@msp.example")
	status, body = b.get("/customer-accounts")
	if status != http.StatusOK || !strings.Contains(body, "Create New Account") {
		t.Fatalf("signed in: %d\n%s", status, body)
	}
	// The cookie flags, from a fresh sign-in's answer.
	b2 := e.browser()
	b2.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	b2.get("/signin")
	_, body = b2.post("/signin", url.Values{"login": {"ops@msp.example"}, "password": {"correct horse battery staple"}})
	ch := challengeRE.FindStringSubmatch(body)
	v := url.Values{"challenge_id": {ch[1]}, "code": {e.code("ops@msp.example")}, "csrf_token": {b2.cookie("mspbackup_csrf")}}
	res, err = b2.hc.PostForm(e.srv.URL+"/signin/verify", v)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, c := range res.Cookies() {
		if c.Name == "mspbackup_session" {
			found = true
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Value == "" {
				t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict", c)
			}
		}
	}
	if !found {
		t.Errorf("verify set no session cookie: %v", res.Header)
	}
	// Sign out ends the API session too.
	tok := b.cookie("mspbackup_session")
	b.post("/signout", url.Values{})
	api, _ := client.New(e.srv.URL, tok)
	if _, err := api.Permissions.List(context.Background()); !client.IsUnauthorized(err) {
		t.Errorf("session token after sign-out: %v, want 401", err)
	}
}

func TestFormsNeedTheCSRFToken(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	status, body := b.post("/customer-accounts", url.Values{"name": {"Acme"}, "csrf_token": {"forged-forged-forged-forged-forged-forged"}})
	if status != http.StatusForbidden || !strings.Contains(body, "expired") {
		t.Errorf("forged token: %d\n%s", status, body)
	}
	if got, _ := e.admin.CustomerAccounts.ListAll(context.Background(), nil); len(got) != 0 {
		t.Errorf("a forged form created %v", got)
	}
}

func TestCustomerAccountScreens(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	ctx := context.Background()

	status, body := b.post("/customer-accounts", url.Values{"name": {"Acme Ltd"}, "description": {"first"}})
	if status != http.StatusOK || !strings.Contains(body, "Acme Ltd") || !strings.Contains(body, "Edit Details") {
		t.Fatalf("create: %d\n%s", status, body)
	}
	accts, _ := e.admin.CustomerAccounts.ListAll(ctx, nil)
	if len(accts) != 1 || accts[0].Description != "first" {
		t.Fatalf("created %+v", accts)
	}
	// The API's validation, next to its field, with the input kept.
	status, body = b.post("/customer-accounts", url.Values{"name": {"ACME LTD"}, "description": {"kept input"}})
	if status != http.StatusConflict || !strings.Contains(body, "kept input") {
		t.Errorf("duplicate: %d\n%s", status, body)
	}
	status, body = b.post("/customer-accounts", url.Values{"name": {""}, "description": {"kept"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="name-error"`) {
		t.Errorf("empty name: %d, want 422 with the error next to name\n%s", status, body)
	}
	// Search.
	b.post("/customer-accounts", url.Values{"name": {"Globex"}})
	_, body = b.get("/customer-accounts?q=glob")
	if !strings.Contains(body, "Globex") || strings.Contains(body, "Acme Ltd") {
		t.Errorf("search glob:\n%s", body)
	}
	// Edit sends only what changed.
	id := accts[0].ID
	status, _ = b.post("/customer-accounts/"+id, url.Values{"name": {"Acme Ltd"}, "description": {"second"}, "version": {"1"}})
	got, _ := e.admin.CustomerAccounts.Get(ctx, id)
	if status != http.StatusOK || got.Description != "second" {
		t.Errorf("edit: %d, %+v", status, got)
	}
	// A refused delete names the dependants.
	if _, err := e.admin.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "Acme Storage Dept", CustomerAccountID: &id}); err != nil {
		t.Fatal(err)
	}
	status, body = b.post("/customer-accounts/"+id+"/delete", url.Values{})
	if status != http.StatusConflict || !strings.Contains(body, "Acme Storage Dept") {
		t.Errorf("delete with a company: %d\n%s", status, body)
	}
	// The audit log tells the console's change from the bootstrap token's.
	evs, err := e.admin.AuditEvents.ListAll(ctx, &client.ListOptions{Entity: "customer_account"})
	if err != nil {
		t.Fatal(err)
	}
	var created bool
	for _, ev := range evs {
		if ev.Action == "create" && ev.EntityID == id {
			created = true
			if ev.Via != client.ViaConsole {
				t.Errorf("console create: via %q, want console", ev.Via)
			}
		}
	}
	if !created {
		t.Errorf("no create event for %s in %+v", id, evs)
	}
	evs, _ = e.admin.AuditEvents.ListAll(ctx, &client.ListOptions{Entity: "company"})
	if len(evs) != 1 || evs[0].Via != "token" {
		t.Errorf("bootstrap token's create: %+v, want via token", evs)
	}
	_, body = b.get("/audit-events")
	if !strings.Contains(body, "<td>console</td>") || !strings.Contains(body, "<td>ops@msp.example</td>") {
		t.Errorf("the Audit Log screen does not show who and via:\n%s", body)
	}
	_, body = b.get("/customer-accounts/" + id)
	if !strings.Contains(body, "Acme Storage Dept") || !strings.Contains(body, "<h2>Users</h2>") {
		t.Errorf("account page lacks its companies and users:\n%s", body)
	}
}

func TestUserScreensAndGroups(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	ctx := context.Background()
	acct, _ := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme"})
	grp, _ := e.admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Operators", Permissions: []string{client.PermUsersRead}})

	// Every field error at once, each next to its field, the input kept.
	status, body := b.post("/users", url.Values{"login": {"bob@acme.example"}, "mfa_method": {"sms"}, "mobile_phone": {"12"},
		"notification_emails": {"ok@acme.example; not-an-address"}, "customer_account_id": {acct.ID}, "enabled": {"true"}})
	for _, f := range []string{"mobile_phone", "notification_emails"} {
		if !strings.Contains(body, `id="`+f+`-error"`) {
			t.Errorf("no error next to %s (%d)", f, status)
		}
	}
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "ok@acme.example; not-an-address") {
		t.Errorf("invalid user: %d, input not kept\n%s", status, body)
	}

	status, body = b.post("/users", url.Values{"login": {"bob@acme.example"}, "email": {"bob@acme.example"}, "first_name": {"Bob"},
		"generate_password": {"true"}, "notification_emails": {"a@acme.example; b@acme.example"}, "customer_account_id": {acct.ID},
		"enabled": {"true"}, "license_source": {"assigned_only"}, "mfa_method": {"email"}, "send_welcome_email": {"true"}})
	if status != http.StatusOK || !strings.Contains(body, "shown once") {
		t.Fatalf("create user: %d\n%s", status, body)
	}
	users, _ := e.admin.Users.ListAll(ctx, &client.ListOptions{Login: "bob@acme.example"})
	if len(users) != 1 || users[0].LicenseSource != "assigned_only" || len(users[0].NotificationEmails) != 2 || !users[0].Enabled {
		t.Fatalf("created %+v", users)
	}
	u := users[0]
	// Filters.
	_, body = b.get("/users?customer_account_id=" + acct.ID)
	if !strings.Contains(body, "bob@acme.example") || strings.Contains(body, ">ops@msp.example<") {
		t.Errorf("filter by account:\n%s", body)
	}
	// Add Group from the user's page, then remove it.
	b.post("/users/"+u.ID+"/groups", url.Values{"group_id": {grp.ID}})
	if _, err := e.admin.Groups.GetMember(ctx, grp.ID, u.ID); err != nil {
		t.Fatalf("Add Group: %v", err)
	}
	_, body = b.get("/users/" + u.ID)
	if !strings.Contains(body, "Operators") {
		t.Errorf("user page lacks its group")
	}
	b.post("/groups/"+grp.ID+"/members/"+u.ID+"/delete", url.Values{"back": {"/users/" + u.ID}})
	if _, err := e.admin.Groups.GetMember(ctx, grp.ID, u.ID); !client.IsNotFound(err) {
		t.Errorf("remove group: %v", err)
	}
	// Edit Details, then Disable.
	form := url.Values{"display_name": {"Bob B."}, "login": {"bob@acme.example"}, "email": {"bob@acme.example"}, "first_name": {"Bob"},
		"notification_emails": {"a@acme.example; b@acme.example"}, "enabled": {"true"}, "license_source": {"assigned_only"}, "mfa_method": {"email"}}
	status, _ = b.post("/users/"+u.ID, form)
	got, _ := e.admin.Users.Get(ctx, u.ID)
	if status != http.StatusOK || got.DisplayName != "Bob B." || got.LicenseSource != "assigned_only" {
		t.Errorf("edit: %d %+v", status, got)
	}
	b.post("/users/"+u.ID+"/disable", url.Values{})
	if got, _ := e.admin.Users.Get(ctx, u.ID); got.Enabled {
		t.Errorf("disable: still enabled")
	}
	b.post("/users/"+u.ID+"/delete", url.Values{})
	if _, err := e.admin.Users.Get(ctx, u.ID); !client.IsNotFound(err) {
		t.Errorf("delete: %v", err)
	}
}

func TestGroupScreenPermissionsAndMembers(t *testing.T) {
	e := start(t)
	ops := e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	ctx := context.Background()
	_, body := b.get("/groups/new")
	if !strings.Contains(body, `name="permissions" value="users:read"`) {
		t.Fatalf("no permission checkboxes:\n%s", body)
	}
	b.post("/groups", url.Values{"name": {"Helpdesk"}, "permissions": {"users:read", "users:write"}})
	gs, _ := e.admin.Groups.ListAll(ctx, &client.ListOptions{Name: "Helpdesk"})
	if len(gs) != 1 || len(gs[0].Permissions) != 2 {
		t.Fatalf("group %+v", gs)
	}
	b.post("/groups/"+gs[0].ID+"/members", url.Values{"user_id": {ops.ID}})
	if _, err := e.admin.Groups.GetMember(ctx, gs[0].ID, ops.ID); err != nil {
		t.Errorf("add member: %v", err)
	}
	// Unchecking a permission removes it.
	b.post("/groups/"+gs[0].ID, url.Values{"name": {"Helpdesk"}, "permissions": {"users:read"}})
	g, _ := e.admin.Groups.Get(ctx, gs[0].ID)
	if len(g.Permissions) != 1 || g.Permissions[0] != "users:read" {
		t.Errorf("permissions after edit: %v", g.Permissions)
	}
}

func TestSessionExpiryGoesToSignIn(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	e.clk.add(30 * 24 * time.Hour)
	_, body := b.get("/users")
	if !strings.Contains(body, "session has ended") || b.cookie("mspbackup_session") != "" {
		t.Errorf("expired session: want the sign-in page and no cookie\n%s", body)
	}
}

func TestTenantSeesOnlyItsAccount(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	acme, _ := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme"})
	globex, _ := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Globex"})
	grp, _ := e.admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Tenant admins",
		Permissions: []string{client.PermCustomerAccountsRead, client.PermUsersRead, client.PermUsersWrite}})
	e.user("admin@acme.example", &acme.ID, grp.Name)
	e.user("someone@globex.example", &globex.ID)
	b := e.browser()
	b.signIn("admin@acme.example")
	_, body := b.get("/customer-accounts")
	if !strings.Contains(body, "Acme") || strings.Contains(body, "Globex") {
		t.Errorf("tenant's account list:\n%s", body)
	}
	_, body = b.get("/users")
	if strings.Contains(body, "globex") {
		t.Errorf("tenant sees another tenant's user:\n%s", body)
	}
	if status, _ := b.get("/customer-accounts/" + globex.ID); status != http.StatusNotFound {
		t.Errorf("other tenant's account: %d, want 404", status)
	}
	if status, _ := b.get("/audit-events"); status != http.StatusForbidden {
		t.Errorf("audit without audit:read: %d, want 403", status)
	}
}

func TestEveryScreenRenders(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	for _, path := range []string{"/customer-accounts", "/companies", "/users", "/groups", "/storage-accounts", "/storage-limits",
		"/licenses", "/tokens", "/outbox", "/audit-events", "/companies/new", "/storage-accounts/new", "/storage-limits/new",
		"/license-assignments/new", "/tokens/new", "/users/new"} {
		status, body := b.get(path)
		if status != http.StatusOK || !strings.Contains(body, "<h1>") {
			t.Errorf("GET %s: %d\n%s", path, status, body)
		}
	}
	_, body := b.get("/licenses")
	if !strings.Contains(body, "workstation") || !strings.Contains(body, "Available") {
		t.Errorf("pool:\n%s", body)
	}
	_, body = b.get("/users/new")
	for _, f := range []string{"first_name", "last_name", "login", "email", "password", "generate_password", "notification_emails",
		"customer_account_id", "company_id", "storage_account_id", "bucket", "storage_limit_id", "enabled", "license_source",
		"send_welcome_email", "mask_data", "mfa_method", "mobile_phone"} {
		if !strings.Contains(body, `<label for="`+f+`"`) || !strings.Contains(body, `name="`+f+`"`) {
			t.Errorf("Add New User lacks a labelled %s", f)
		}
	}
	// A token's secret is shown once.
	ops, _ := e.admin.Users.ListAll(context.Background(), &client.ListOptions{Login: "ops@msp.example"})
	status, body := b.post("/tokens", url.Values{"name": {"ci"}, "user_id": {ops[0].ID}})
	if status != http.StatusOK || !strings.Contains(body, "shown once") || !strings.Contains(body, "mspb_") {
		t.Errorf("token: %d\n%s", status, body)
	}
}

func TestSignInThrottlingIsTheAPIs(t *testing.T) {
	e := start(t)
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	var status int
	var body string
	for range 6 {
		status, body = b.post("/signin", url.Values{"login": {"ops@msp.example"}, "password": {"wrong"}})
	}
	if status != http.StatusTooManyRequests || !strings.Contains(body, `role="alert"`) {
		t.Errorf("sixth wrong password: %d, want 429 on the sign-in form\n%s", status, body)
	}
}

func TestMaskedValuesAreNotWrittenBack(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	grp, _ := e.admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Masked helpdesk",
		Permissions: []string{client.PermUsersRead, client.PermUsersWrite}})
	helper := e.user("helper@msp.example", nil, grp.Name)
	masked := true
	if _, err := e.admin.Users.Update(ctx, helper.ID, &client.UserUpdateRequest{MaskData: &masked}); err != nil {
		t.Fatal(err)
	}
	carol, err := e.admin.Users.Create(ctx, &client.UserCreateRequest{Login: "carol", Email: "carol@example.com", FirstName: "Carol", MFAMethod: "none"})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.signIn("helper@msp.example")
	_, body := b.get("/users/" + carol.ID + "/edit")
	if strings.Contains(body, "carol@example.com") {
		t.Fatalf("a masking user sees the e-mail in clear:\n%s", body)
	}
	// Submit the form as shown, masked values and all, changing only the display name.
	m := regexp.MustCompile(`id="email" name="email" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no e-mail field:\n%s", body)
	}
	form := url.Values{"login": {"carol"}, "email": {m[1]}, "first_name": {regexp.MustCompile(`id="first_name" name="first_name" value="([^"]*)"`).FindStringSubmatch(body)[1]},
		"display_name": {"Carol C."}, "enabled": {"true"}, "license_source": {"global_pool"}, "mfa_method": {"none"}}
	if status, body := b.post("/users/"+carol.ID, form); status != http.StatusOK {
		t.Fatalf("edit: %d\n%s", status, body)
	}
	got, _ := e.admin.Users.Get(ctx, carol.ID)
	if got.Email != "carol@example.com" || got.FirstName != "Carol" || got.DisplayName != "Carol C." {
		t.Errorf("after an edit by a masking user: %+v", got)
	}
}

func TestStorageCompanyAndLicenceForms(t *testing.T) {
	e := start(t)
	ops := e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	ctx := context.Background()
	if status, body := b.post("/storage-limits", url.Values{"name": {"Small"}, "limit_gb": {"many"}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="limit_gb-error"`) || !strings.Contains(body, `value="many"`) {
		t.Errorf("limit_gb=many: %d\n%s", status, body)
	}
	b.post("/storage-limits", url.Values{"name": {"Small"}, "limit_gb": {"50"}})
	limits, _ := e.admin.StorageLimits.ListAll(ctx, nil)
	if len(limits) != 1 || limits[0].LimitGB != 50 {
		t.Fatalf("storage limit: %+v", limits)
	}
	status, body := b.post("/storage-accounts", url.Values{"name": {"S3"}, "type": {"s3_compatible"}, "endpoint": {""}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="endpoint-error"`) {
		t.Errorf("s3_compatible without endpoint: %d\n%s", status, body)
	}
	b.post("/storage-accounts", url.Values{"name": {"S3"}, "type": {"s3_compatible"}, "endpoint": {"https://s3.example.net"}, "secret_access_key": {"s3cret"}})
	sas, _ := e.admin.StorageAccounts.ListAll(ctx, nil)
	if len(sas) != 1 || sas[0].Endpoint != "https://s3.example.net" {
		t.Fatalf("storage account: %+v", sas)
	}
	if _, body := b.get("/storage-accounts/" + sas[0].ID); strings.Contains(body, "s3cret") {
		t.Errorf("the secret access key is shown")
	}
	b.post("/companies", url.Values{"name": {"Branch"}, "storage_limit_id": {limits[0].ID}})
	cos, _ := e.admin.Companies.ListAll(ctx, nil)
	if len(cos) != 1 || cos[0].StorageLimitID == nil || *cos[0].StorageLimitID != limits[0].ID {
		t.Fatalf("company: %+v", cos)
	}
	// Clearing a reference in Edit Details sends null.
	b.post("/companies/"+cos[0].ID, url.Values{"name": {"Branch"}, "storage_limit_id": {""}})
	if co, _ := e.admin.Companies.Get(ctx, cos[0].ID); co.StorageLimitID != nil {
		t.Errorf("storage limit not cleared: %v", *co.StorageLimitID)
	}
	b.post("/license-assignments", url.Values{"user_id": {ops.ID}, "license_type": {"server"}, "quantity": {"3"}})
	if _, body := b.get("/licenses"); !strings.Contains(body, "<td>server</td><td>20</td><td>3</td>") {
		t.Errorf("pool after assigning 3 server licences:\n%s", body)
	}
}

func TestOwnEmailChangeNeedsTheCurrentPassword(t *testing.T) {
	e := start(t)
	me := e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	form := url.Values{"login": {"ops@msp.example"}, "email": {"new@msp.example"}, "enabled": {"true"},
		"license_source": {"global_pool"}, "mfa_method": {"email"}}
	status, body := b.post("/users/"+me.ID, form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="current_password-error"`) || !strings.Contains(body, `value="new@msp.example"`) {
		t.Errorf("own e-mail without current password: %d\n%s", status, body)
	}
	form.Set("current_password", "correct horse battery staple")
	if status, body := b.post("/users/"+me.ID, form); status != http.StatusOK {
		t.Errorf("own e-mail with current password: %d\n%s", status, body)
	}
	if u, _ := e.admin.Users.Get(context.Background(), me.ID); u.Email != "new@msp.example" {
		t.Errorf("e-mail %q", u.Email)
	}
}
