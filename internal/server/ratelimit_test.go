package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// rateClock starts the rate-limit tests' clock on a whole second, so that
// buckets refill exactly when the test says.
func rateClock() *server.FakeClock {
	return server.NewFakeClockAt(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}

func TestRateLimitHeadersOnEveryAnswer(t *testing.T) {
	t.Parallel()
	clock := rateClock()
	_, a := start(t, testserver.Options{RateLimit: 3, Now: clock.Now})
	// 3 per second with two seconds of burst: quota 6 per window of 2 s.
	const policy = `"default";q=6;w=2`
	tests := []struct {
		name       string
		as         *api
		method     string
		path       string
		body       any
		wantStatus int
	}{
		{"read", a, "GET", "/permissions", nil, 200},
		{"write", a, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: "Acme"}, 201},
		{"unknown path", a, "GET", "/nowhere", nil, 404},
		{"invalid body", a, "POST", "/customer-accounts", "{", 400},
		{"wrong token", a.as("mspb_wrong-token-wrong-token-wrong-token"), "GET", "/permissions", nil, 401},
		{"public route", a.as(""), "POST", "/auth/login", client.LoginRequest{Login: "nobody", Password: "not the password"}, 401},
	}
	for _, tt := range tests {
		clock.Advance(time.Hour) // a full bucket for each
		r := tt.as.do(tt.method, tt.path, tt.body)
		if r.status != tt.wantStatus {
			t.Errorf("%s: status %d, want %d: %s", tt.name, r.status, tt.wantStatus, r.body)
		}
		if got := r.header.Get("RateLimit-Policy"); got != policy {
			t.Errorf("%s: RateLimit-Policy %q, want %q", tt.name, got, policy)
		}
		// One unit spent of six; a third of a second to get it back.
		if got, want := r.header.Get("RateLimit"), `"default";r=5;t=1`; got != want {
			t.Errorf("%s: RateLimit %q, want %q", tt.name, got, want)
		}
	}

	clock.Advance(time.Hour)
	for range 6 {
		a.do("GET", "/permissions", nil)
	}
	r := a.do("GET", "/permissions", nil)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "1" {
		t.Errorf("seventh request in a burst: %d, Retry-After %q; want 429 and 1", r.status, r.header.Get("Retry-After"))
	}
	// Empty: two seconds (the window) until it is full again.
	if got, want := r.header.Get("RateLimit"), `"default";r=0;t=2`; got != want {
		t.Errorf("429: RateLimit %q, want %q", got, want)
	}
	if r.header.Get("RateLimit-Policy") != policy {
		t.Errorf("429: RateLimit-Policy %q", r.header.Get("RateLimit-Policy"))
	}

	_, off := start(t, testserver.Options{})
	r = off.do("GET", "/permissions", nil)
	if r.header.Get("RateLimit-Policy") != "" || r.header.Get("RateLimit") != "" {
		t.Errorf("without a rate limit the answer advertises one: %v", r.header)
	}
}

// TestRateLimitKeysOnPrincipal: after authentication requests are charged
// to the principal (all tokens of a user together), before it to the client
// address, so neither new tokens nor junk ones buy a fresh bucket.
func TestRateLimitKeysOnPrincipal(t *testing.T) {
	t.Parallel()
	clock := rateClock()
	_, admin := start(t, testserver.Options{RateLimit: 1, Now: clock.Now}) // quota 2 per 2 s
	setup := func() { clock.Advance(time.Minute) }
	setup()
	alice := admin.user(client.UserCreateRequest{})
	setup()
	alice1 := admin.as(admin.tokenFor(alice.ID))
	setup()
	alice2 := admin.as(admin.tokenFor(alice.ID))
	setup()
	bob := admin.user(client.UserCreateRequest{})
	setup()
	bobAPI := admin.as(admin.tokenFor(bob.ID))
	junk := func(n string) *api { return admin.as("mspb_junk-token-number-" + n + "-0123456789abcdef") }
	anonymous := admin.as("")
	clock.Advance(time.Hour) // every bucket full: 2 units each

	steps := []struct {
		name string
		as   *api
		want int
	}{
		{"alice, first token", alice1, 200},
		{"alice, first token again", alice1, 200},
		{"alice, second token: same user, same empty bucket", alice2, 429},
		{"bob: a bucket of his own", bobAPI, 200},
		{"bootstrap: a bucket of its own", admin, 200},
		{"junk token 1: charged to the address", junk("1"), 401},
		{"junk token 2: charged to the address", junk("2"), 401},
		{"junk token 3: the address's bucket is empty", junk("3"), 429},
		{"no token: the same address's bucket", anonymous, 429},
		{"bob from the same address: still served", bobAPI, 200},
	}
	for _, s := range steps {
		r := s.as.do("GET", "/permissions", nil)
		if r.status != s.want {
			t.Errorf("%s: status %d, want %d: %s", s.name, r.status, s.want, r.body)
		}
		if r.status == 429 && r.header.Get("Retry-After") != "1" {
			t.Errorf("%s: Retry-After %q, want 1", s.name, r.header.Get("Retry-After"))
		}
	}
	clock.Advance(time.Second) // one unit back in every bucket
	if r := alice2.do("GET", "/permissions", nil); r.status != 200 {
		t.Errorf("alice after a second: %d, want 200", r.status)
	}
	if r := junk("4").do("GET", "/permissions", nil); r.status != 401 {
		t.Errorf("a junk token after a second: %d, want 401", r.status)
	}
}
