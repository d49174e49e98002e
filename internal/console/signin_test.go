package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
