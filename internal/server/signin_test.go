package server_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// startOn serves a second server over st (a restart, or a replica) and
// returns its URL.
func startOn(t *testing.T, st *store.Store, now func() time.Time) string {
	t.Helper()
	srv, err := server.New(server.Config{Store: st, BootstrapToken: testserver.BootstrapToken, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	return hs.URL
}

func (a *api) login(login, password string) *resp {
	a.t.Helper()
	return a.do("POST", "/auth/login", client.LoginRequest{Login: login, Password: password})
}

// lastCode is the code of the latest MFA message sent to to (read by the
// bootstrap administrator a).
func (a *api) lastCode(to string) string {
	a.t.Helper()
	msgs := must[client.Page[client.OutboxMessage]](a, 200, "GET", "/outbox?kind=mfa_code&page_size=1000&to="+strings.ReplaceAll(to, "+", "%2B"), nil)
	if len(msgs.Items) == 0 {
		a.t.Fatalf("no MFA message to %s", to)
	}
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(msgs.Items[len(msgs.Items)-1].Body)
	if code == "" {
		a.t.Fatalf("no code in the MFA message to %s", to)
	}
	return code
}

// challenge signs login in with goodPassword and answers the challenge
// id of the MFA code it sends.
func (a *api) challenge(login string) string {
	a.t.Helper()
	lr := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: login, Password: goodPassword})
	if !lr.MFARequired || lr.ChallengeID == "" {
		a.t.Fatalf("login %s answered no challenge: %+v", login, lr)
	}
	return lr.ChallengeID
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// wantThrottled checks a 429 sign-in answer and returns its Retry-After.
func wantThrottled(t *testing.T, r *resp, what string) string {
	t.Helper()
	if r.status != http.StatusTooManyRequests || r.header.Get("Content-Type") != client.ProblemContentType {
		t.Fatalf("%s: %d %s, want a 429 problem", what, r.status, r.body)
	}
	return r.header.Get("Retry-After")
}

func TestLoginLockoutGrowsAndNeverTellsWhetherTheLoginExists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		login string // as typed: the user is "alice"
	}{
		{"known login", "alice"},
		{"known login in another case", "ALICE"},
		{"unknown login", "ghost"},
	}
	type outcome struct {
		statuses    []int
		retryAfters []string
		bodies      []string
	}
	outcomes := make([]outcome, len(tests))
	for i, tt := range tests {
		clock := server.NewFakeClock()
		_, a := start(t, testserver.Options{Now: clock.Now})
		a.user(client.UserCreateRequest{Login: "alice", Password: goodPassword})
		anon := a.as("")
		o := &outcomes[i]
		note := func(r *resp) {
			o.statuses = append(o.statuses, r.status)
			o.retryAfters = append(o.retryAfters, r.header.Get("Retry-After"))
			o.bodies = append(o.bodies, string(r.body))
		}
		for range 5 {
			note(anon.login(tt.login, "wrong password!!"))
		}
		// Locked for 30s: even the right password is refused unchecked.
		r := anon.login(tt.login, goodPassword)
		if got := wantThrottled(t, r, tt.name+" after 5 failures"); got != "30" {
			t.Errorf("%s: Retry-After %q after 5 failures, want 30", tt.name, got)
		}
		note(r)
		// Each failure after a lock ends doubles the lock.
		for _, want := range []string{"60", "120", "240"} {
			clock.Advance(time.Hour - time.Second) // under the hour a count is remembered for
			note(anon.login(tt.login, "wrong password!!"))
			r := anon.login(tt.login, "wrong password!!")
			if got := wantThrottled(t, r, tt.name); got != want {
				t.Errorf("%s: Retry-After %q, want %s", tt.name, got, want)
			}
			note(r)
		}
	}
	for i := range tests[1:] {
		if !slices.Equal(outcomes[0].statuses, outcomes[i+1].statuses) || !slices.Equal(outcomes[0].retryAfters, outcomes[i+1].retryAfters) ||
			!slices.Equal(outcomes[0].bodies, outcomes[i+1].bodies) {
			t.Errorf("%s answered %v %v %q,\n%s answered %v %v %q", tests[0].name, outcomes[0].statuses, outcomes[0].retryAfters, outcomes[0].bodies,
				tests[i+1].name, outcomes[i+1].statuses, outcomes[i+1].retryAfters, outcomes[i+1].bodies)
		}
	}
	want := []int{401, 401, 401, 401, 401, 429, 401, 429, 401, 429, 401, 429}
	if !slices.Equal(outcomes[0].statuses, want) {
		t.Errorf("statuses %v, want %v", outcomes[0].statuses, want)
	}
}

func TestLoginLockoutEndsAndSuccessResetsTheCount(t *testing.T) {
	t.Parallel()
	clock := server.NewFakeClock()
	_, a := start(t, testserver.Options{Now: clock.Now})
	a.user(client.UserCreateRequest{Login: "bob", Password: goodPassword})
	anon := a.as("")
	for range 4 {
		anon.login("bob", "wrong password!!")
	}
	if r := anon.login("Bob", goodPassword); r.status != 200 {
		t.Fatalf("right password after 4 failures: %d %s", r.status, r.body)
	}
	// The count started over: 4 more failures do not lock.
	for i := range 4 {
		if r := anon.login("bob", "wrong password!!"); r.status != 401 {
			t.Fatalf("failure %d after a success: %d", i+1, r.status)
		}
	}
	if r := anon.login("bob", goodPassword); r.status != 200 {
		t.Fatalf("right password: %d %s", r.status, r.body)
	}
	for range 5 {
		anon.login("bob", "wrong password!!")
	}
	wantThrottled(t, anon.login("bob", goodPassword), "locked login")
	clock.Advance(30 * time.Second)
	if r := anon.login("bob", goodPassword); r.status != 200 {
		t.Errorf("right password once the lock ended: %d %s", r.status, r.body)
	}
}

func TestLoginBurstGetsNoMoreAnswersThanTheLimit(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "burst", Password: goodPassword})
	const n = 12
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { statuses[i] = a.as("").login("burst", "wrong password!!").status })
	}
	wg.Wait()
	counted := countStatuses(t, statuses)
	// Guesses checked at once are counted one by one: those that find the
	// login locked when they are counted answer 429 too.
	if counted[401] != 5 || counted[429] != n-5 {
		t.Errorf("%d concurrent wrong passwords answered %v, want 5 401s and the rest 429", n, counted)
	}
}

func TestLoginLockoutPerClientAddress(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "carol", Password: goodPassword})
	anon := a.as("")
	// 20 failures spread over logins that each stay under their own limit.
	for i := range 20 {
		if r := anon.login(unique("guess"), "wrong password!!"); r.status != 401 {
			t.Fatalf("failure %d: %d %s", i+1, r.status, r.body)
		}
	}
	wantThrottled(t, anon.login("carol", goodPassword), "a fresh login from a locked address")
}

func TestLoginLockoutSurvivesARestart(t *testing.T) {
	t.Parallel()
	clock := server.NewFakeClock()
	ts, a := start(t, testserver.Options{Now: clock.Now})
	a.user(client.UserCreateRequest{Login: "dave", Password: goodPassword})
	for range 5 {
		a.as("").login("dave", "wrong password!!")
	}
	// A second server on the same database (a restart, or a replica).
	st, err := store.Open(t.Context(), ts.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	other := &api{t: t, base: startOn(t, st, clock.Now) + "/api/v1"}
	wantThrottled(t, other.login("DAVE", goodPassword), "locked login on another server")
}

func TestFailedSignInsAreAudited(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{Login: "erin", Email: "erin@example.com", Password: goodPassword})
	anon := a.as("")
	anon.login("Erin", "wrong password!!")
	anon.login("nobody-here", "another wrong one")
	for range 4 {
		anon.login("erin", "wrong password!!")
	}
	anon.login("erin", goodPassword) // throttled
	frank := a.user(client.UserCreateRequest{Login: "frank", Email: "frank@example.com", Password: goodPassword})
	challenge := a.challenge("frank")
	code := a.lastCode("frank@example.com")
	anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: challenge, Code: wrongCode(code)})

	raw := a.do("GET", "/audit-events?page_size=1000", nil).body
	for _, secret := range []string{goodPassword, "wrong password!!", "another wrong one", wrongCode(code)} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the audit log holds %q", secret)
		}
	}
	page := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?page_size=1000", nil)
	count := map[string]int{}
	for _, ev := range page.Items {
		if !strings.Contains(ev.Action, "_") {
			continue // creates, logins
		}
		count[ev.Action+" "+ev.Login+" "+ev.EntityID]++
		if ev.ClientAddress != "127.0.0.1" || ev.Actor != "anonymous" {
			t.Errorf("event %+v: want client address 127.0.0.1 and actor anonymous", ev)
		}
	}
	// Throttled attempts are refused before the login is looked up.
	want := map[string]int{
		"login_failed Erin " + u.ID:    1,
		"login_failed nobody-here ":    1,
		"login_failed erin " + u.ID:    4,
		"login_throttled erin ":        1,
		"mfa_failed frank " + frank.ID: 1,
	}
	if !maps.Equal(count, want) {
		t.Errorf("sign-in events %v,\nwant %v", count, want)
	}
}

func TestNewLoginEndsEarlierChallenges(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "gina", Email: "gina@example.com", Password: goodPassword})
	anon := a.as("")
	first := a.challenge("gina")
	firstCode := a.lastCode("gina@example.com")
	second := a.challenge("gina")
	if r := anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: first, Code: firstCode}); r.status != 401 {
		t.Errorf("the first challenge after a second login: %d %s, want 401", r.status, r.body)
	}
	must[client.LoginResponse](anon, 200, "POST", "/auth/verify", client.VerifyRequest{ChallengeID: second, Code: a.lastCode("gina@example.com")})
}

func TestWrongMFACodesCountPerUserAcrossChallenges(t *testing.T) {
	t.Parallel()
	clock := server.NewFakeClock()
	_, a := start(t, testserver.Options{Now: clock.Now})
	a.user(client.UserCreateRequest{Login: "hank", MFAMethod: "sms", MobilePhone: "+441632960962", Password: goodPassword})
	anon := a.as("")
	verify := func(id, code string) *resp {
		return anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: id, Code: code})
	}
	first := a.challenge("hank")
	for range 3 {
		if r := verify(first, wrongCode(a.lastCode("+441632960962"))); r.status != 401 {
			t.Fatalf("wrong code: %d", r.status)
		}
	}
	// A new challenge does not bring new tries.
	second := a.challenge("hank")
	code := a.lastCode("+441632960962")
	for range 2 {
		verify(second, wrongCode(code))
	}
	if got := wantThrottled(t, verify(second, code), "the right code after 5 wrong ones"); got != "30" {
		t.Errorf("Retry-After %q, want 30", got)
	}
	clock.Advance(30 * time.Second)
	third := a.challenge("hank")
	code = a.lastCode("+441632960962")
	verify(third, wrongCode(code))
	if got := wantThrottled(t, verify(third, code), "a wrong code after a lock"); got != "60" {
		t.Errorf("Retry-After %q after the next failure, want 60 (doubled)", got)
	}
	clock.Advance(time.Minute)
	must[client.LoginResponse](anon, 200, "POST", "/auth/verify", client.VerifyRequest{ChallengeID: third, Code: code})
}

func TestOneMFACodeGivesOneSessionWhenVerifiedConcurrently(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "ivy", Email: "ivy@example.com", Password: goodPassword})
	anon := a.as("")
	challenge := a.challenge("ivy")
	code := a.lastCode("ivy@example.com")
	const n = 20
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			statuses[i] = anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: challenge, Code: code}).status
		})
	}
	wg.Wait()
	if ok := countStatuses(t, statuses, 200, 401)[200]; ok != 1 {
		t.Errorf("%d of %d concurrent verifies of one code got a session, want exactly 1 (%v)", ok, n, statuses)
	}
}

func TestVerifyOfUnknownChallengesNeedsNoWriter(t *testing.T) {
	ts, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "jack", Email: "jack@example.com", Password: goodPassword})
	// Another connection holds the database's write lock meanwhile.
	st, err := store.Open(t.Context(), ts.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	locked, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- st.Write(context.Background(), func(*store.Tx) error {
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	defer func() {
		close(release)
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	// Bounded so that a handler waiting for the writer fails the test
	// rather than hanging it.
	hc := &http.Client{Timeout: 5 * time.Second}
	for _, id := range []string{"mfa_00000000000000000000", "nonsense", ""} {
		req, _ := http.NewRequest("POST", a.base+"/auth/verify", strings.NewReader(`{"challenge_id":"`+id+`","code":"123456"}`))
		req.Header.Set("Content-Type", "application/json")
		res, err := hc.Do(req)
		if err != nil {
			t.Fatalf("verify of challenge %q while the writer is busy: %v", id, err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Errorf("verify of challenge %q: %d, want 401", id, res.StatusCode)
		}
	}
}

func TestAuthBodiesAreCapped(t *testing.T) {
	_, a := startParallel(t)
	big := strings.Repeat("x", 5<<10)
	for _, path := range []string{"/auth/login", "/auth/verify"} {
		r := a.as("").do("POST", path, `{"login":"`+big+`"}`)
		if r.status != http.StatusRequestEntityTooLarge || r.header.Get("Content-Type") != client.ProblemContentType {
			t.Errorf("POST %s with a 5 KiB body: %d %s, want a 413 problem", path, r.status, r.body)
		}
	}
	// Other routes keep the general limit.
	if r := a.do("POST", "/customer-accounts", `{"name":"Big","description":"`+big+`"}`); r.status == http.StatusRequestEntityTooLarge {
		t.Errorf("a 5 KiB body elsewhere: %d", r.status)
	}
}

func TestLogout(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{Login: "kim", Password: goodPassword})
	lr := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "kim", Password: goodPassword})
	other := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "kim", Password: goodPassword})
	session := a.as(lr.Token)
	must[client.Page[client.Permission]](session, 200, "GET", "/permissions", nil) // warms the authentication cache
	if r := session.do("DELETE", "/auth/session", nil); r.status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", r.status, r.body)
	}
	for _, try := range []string{"GET /permissions", "DELETE /auth/session"} {
		method, path, _ := strings.Cut(try, " ")
		if r := session.do(method, path, nil); r.status != http.StatusUnauthorized {
			t.Errorf("%s with the ended session: %d, want 401", try, r.status)
		}
	}
	// Only that session ended.
	must[client.Page[client.Permission]](a.as(other.Token), 200, "GET", "/permissions", nil)
	// API tokens and the bootstrap token are not sessions: refused, and kept.
	apiToken := a.tokenFor(u.ID)
	for name, token := range map[string]string{"API token": apiToken, "bootstrap token": a.token} {
		if r := a.as(token).do("DELETE", "/auth/session", nil); r.status != http.StatusConflict {
			t.Errorf("logout with the %s: %d %s, want 409", name, r.status, r.body)
		}
		must[client.Page[client.Permission]](a.as(token), 200, "GET", "/permissions", nil)
	}
	events := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity=user&entity_id="+u.ID, nil)
	if last := events.Items[len(events.Items)-1]; last.Action != "logout" || last.Actor != u.ID || last.ClientAddress != "127.0.0.1" {
		t.Errorf("last event %+v, want a logout by %s from 127.0.0.1", last, u.ID)
	}
}

func TestExpiredSessionsArePurgedAtLogin(t *testing.T) {
	t.Parallel()
	clock := server.NewFakeClock()
	ts, a := start(t, testserver.Options{Now: clock.Now})
	u := a.user(client.UserCreateRequest{Login: "lee", Password: goodPassword})
	old := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "lee", Password: goodPassword})
	expiring := must[client.APIToken](a, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "ci", UserID: u.ID,
		ExpiresAt: ptr(clock.Now().Add(time.Hour))})
	clock.Advance(13 * time.Hour)
	if r := a.as(old.Token).do("GET", "/permissions", nil); r.status != 401 {
		t.Errorf("expired session: %d", r.status)
	}
	must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "lee", Password: goodPassword})
	tokens := must[client.Page[client.APIToken]](a, 200, "GET", "/tokens?user_id="+u.ID, nil)
	var names []string
	for _, tok := range tokens.Items {
		names = append(names, tok.Name)
		if tok.ExpiresAt != nil && tok.Name == "login session" && !tok.ExpiresAt.After(clock.Now()) {
			t.Errorf("expired session %s is still stored", tok.ID)
		}
	}
	// API tokens are the user's to manage: an expired one stays listed.
	if !slices.Contains(names, "ci") || len(names) != 2 {
		t.Errorf("tokens after a new login: %v, want the new session and the expired API token %s", names, expiring.ID)
	}
	db := rawDB(t, ts.DBPath)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM tokens WHERE session = 1`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d sessions stored (%v), want 1", n, err)
	}
}

func TestAgentReRegistrationAndComputerCap(t *testing.T) {
	t.Parallel()
	_, a := start(t, testserver.Options{Licenses: map[string]int64{"workstation": 200, "server": 5}})
	u, agent := a.principal(nil)
	pool := func() int64 {
		for _, e := range must[client.LicensePool](a, 200, "GET", "/license-pool", nil).Items {
			if e.LicenseType == "workstation" {
				return e.InUse
			}
		}
		t.Fatal("no workstation pool entry")
		return 0
	}
	first := must[client.Computer](agent, 201, "POST", "/agent/computers", client.ComputerRegisterRequest{Name: "LAPTOP-1", LicenseType: "workstation"})
	again := must[client.Computer](agent, 200, "POST", "/agent/computers", client.ComputerRegisterRequest{Name: "laptop-1", LicenseType: "workstation"})
	if again.ID != first.ID || again.Name != "LAPTOP-1" {
		t.Errorf("re-registration answered %+v, want %+v", again, first)
	}
	if n := pool(); n != 1 {
		t.Errorf("%d workstation licences in use after registering one computer twice, want 1", n)
	}
	if r := agent.do("POST", "/agent/computers", client.ComputerRegisterRequest{Name: "LAPTOP-1", LicenseType: "server"}); r.status != 409 ||
		!strings.Contains(r.problem().Detail, "already registered") {
		t.Errorf("same name, other licence type: %d %s", r.status, r.body)
	}
	for i := 2; i <= 100; i++ {
		must[client.Computer](agent, 201, "POST", "/agent/computers", client.ComputerRegisterRequest{Name: unique("pc"), LicenseType: "workstation"})
	}
	r := agent.do("POST", "/agent/computers", client.ComputerRegisterRequest{Name: "one-too-many", LicenseType: "workstation"})
	if r.status != 409 || !strings.Contains(r.problem().Detail, "100 computers") || !strings.Contains(r.problem().Detail, u.Login) {
		t.Errorf("the 101st computer: %d %s, want 409 naming the cap", r.status, r.body)
	}
	if n := pool(); n != 100 {
		t.Errorf("%d licences in use, want 100", n)
	}
}
