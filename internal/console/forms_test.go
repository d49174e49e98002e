package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
	e, ops, b := startSignedIn(t)
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
	e, me, b := startSignedIn(t)
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

var (
	idempotencyKeyRE = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)
	secretRE         = regexp.MustCompile(`<code id="secret">([^<]+)</code>`)
)

// TestDoubleSubmittedCreateMakesOneObject: a create form carries a hidden
// Idempotency-Key, so the same form posted twice (a double click, a
// reload) makes one object, and the second post gets the first one's
// answer, the generated password included.
func TestDoubleSubmittedCreateMakesOneObject(t *testing.T) {
	e, _, b := startSignedIn(t)
	ctx := context.Background()

	formKey := func(screen string) string {
		t.Helper()
		_, body := b.get("/" + screen + "/new")
		m := idempotencyKeyRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("the %s form has no idempotency_key:\n%s", screen, body)
		}
		return m[1]
	}

	key := formKey("customer-accounts")
	form := url.Values{"name": {"Acme Ltd"}, "idempotency_key": {key}}
	for i := range 2 {
		if status, body := b.post("/customer-accounts", form); status != http.StatusOK || !strings.Contains(body, "Acme Ltd") {
			t.Fatalf("post %d: %d\n%s", i+1, status, body)
		}
	}
	if accts, _ := e.admin.CustomerAccounts.ListAll(ctx, nil); len(accts) != 1 {
		t.Errorf("the same form posted twice made %d customer accounts, want 1", len(accts))
	}
	// Another form (another key) is another create: the API's duplicate
	// name rule answers it.
	if key2 := formKey("customer-accounts"); key2 == key {
		t.Errorf("two forms got the same key %q", key)
	}

	key = formKey("users")
	form = url.Values{"login": {"new@msp.example"}, "mfa_method": {"none"}, "generate_password": {"true"}, "idempotency_key": {key}}
	var secrets []string
	for i := range 2 {
		status, body := b.post("/users", form)
		m := secretRE.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			t.Fatalf("post %d: %d, no generated password shown\n%s", i+1, status, body)
		}
		secrets = append(secrets, m[1])
	}
	if secrets[0] != secrets[1] {
		t.Errorf("the second post showed another password than the first")
	}
	if users, _ := e.admin.Users.ListAll(ctx, &client.ListOptions{Login: "new@msp.example"}); len(users) != 1 {
		t.Errorf("the same user form posted twice made %d users, want 1", len(users))
	}
}
