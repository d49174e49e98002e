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

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type env struct {
	t     *testing.T
	srv   *testserver.Server
	admin *client.Client // bootstrap
	clk   *clock
}

func start(t *testing.T) *env {
	t.Helper()
	return startWith(t, testserver.Options{})
}

// startSignedIn starts the server and signs an administrator,
// ops@msp.example, in through the forms in a browser.
func startSignedIn(t *testing.T) (*env, *client.User, *browser) {
	t.Helper()
	e := start(t)
	ops := e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	return e, ops, b
}

// startWith starts the server with opts, and the settable clock.
func startWith(t *testing.T, opts testserver.Options) *env {
	t.Helper()
	clk := &clock{t: time.Now()}
	opts.Now = clk.now
	srv := testserver.Start(t, opts)
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
