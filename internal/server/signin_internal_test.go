package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// FakeClock is a server clock that moves only when told, so that lockouts
// and expiries are tested without waiting. Exported for the package's
// external tests.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func NewFakeClock() *FakeClock { return NewFakeClockAt(time.Now()) }

// NewFakeClockAt is a FakeClock that starts at t.
func NewFakeClockAt(t time.Time) *FakeClock { return &FakeClock{now: t} }

func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const testBootstrap = "mspb_signin-test-bootstrap-token-0123456789abcdefgh"

// signinServer is a Server over a fresh database with a clock that moves
// only when told and a log kept in memory.
type signinServer struct {
	*Server
	*FakeClock
	st  *store.Store
	log *bytes.Buffer
}

func newSigninServer(t *testing.T) *signinServer {
	t.Helper()
	st, err := store.Open(t.Context(), pgtest.StoreDB(t, "mspbackup.db"))
	if err != nil {
		t.Fatal(err)
	}
	ss := &signinServer{FakeClock: NewFakeClock(), st: st, log: &bytes.Buffer{}}
	var logMu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(writerFunc(func(b []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return ss.log.Write(b)
	}), nil))
	s, err := New(Config{Store: st, BootstrapToken: testBootstrap, Logger: logger, Now: ss.FakeClock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ss.Server = s
	t.Cleanup(func() {
		s.Close()
		st.Close()
	})
	return ss
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// serve sends one request (from 192.0.2.1, httptest's address) and decodes
// a JSON answer into out when not nil.
func (ss *signinServer) serve(t *testing.T, method, path, token string, body, out any) *httptest.ResponseRecorder {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(method, "/api/v1"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	ss.ServeHTTP(w, req)
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, path, w.Code, w.Body, err)
		}
	}
	return w
}

func (ss *signinServer) createUser(t *testing.T, req client.UserCreateRequest) *client.User {
	t.Helper()
	var u client.User
	if w := ss.serve(t, "POST", "/users", testBootstrap, req, &u); w.Code != http.StatusCreated {
		t.Fatalf("create user: %d %s", w.Code, w.Body)
	}
	return &u
}

func TestPasswordHashingQueue(t *testing.T) {
	t.Parallel()
	phc := dummyHash()
	tests := []struct {
		name       string
		maxWaiting int
		ctx        func() context.Context
		want       error
	}{
		{"queue full: refused at once", 0, context.Background, errHashBusy},
		{"waiting, then the request is cancelled", 1, func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newPasswordHasher(1, tt.maxWaiting)
			release, err := h.acquire(context.Background()) // the one slot is busy
			if err != nil {
				t.Fatal(err)
			}
			defer release()
			if _, err := h.verify(tt.ctx(), phc, "password"); !errors.Is(err, tt.want) {
				t.Errorf("verify = %v, want %v", err, tt.want)
			}
			if _, err := h.hash(tt.ctx(), "password"); !errors.Is(err, tt.want) {
				t.Errorf("hash = %v, want %v", err, tt.want)
			}
			if n := h.waiting.Load(); n != 0 {
				t.Errorf("%d still counted as waiting", n)
			}
		})
	}
}

func TestLoginWithTheHashQueueFullAnswers503AndCountsNothing(t *testing.T) {
	t.Parallel()
	ss := newSigninServer(t)
	ss.createUser(t, client.UserCreateRequest{Login: "busy", Password: "correct horse battery staple", MFAMethod: client.MFAMethodNone})
	ss.passwords = newPasswordHasher(1, 0)
	release, err := ss.passwords.acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	w := ss.serve(t, "POST", "/auth/login", "", client.LoginRequest{Login: "busy", Password: "wrong password!!"}, nil)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "1" || w.Header().Get("Content-Type") != client.ProblemContentType {
		t.Errorf("login with the hash queue full: %d Retry-After %q %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	// A busy server locks no one out.
	if c, err := ss.st.SigninCounter(t.Context(), loginThrottle("busy").key); err != nil || c.Failures != 0 {
		t.Errorf("counter %+v, %v after a 503; want none", c, err)
	}
}

func TestFailedSignInsKeepCachedAuthentications(t *testing.T) {
	t.Parallel()
	ss := newSigninServer(t)
	ss.createUser(t, client.UserCreateRequest{Login: "cached", Email: "cached@example.com", Password: "correct horse battery staple"})
	var lr client.LoginResponse
	ss.serve(t, "POST", "/auth/login", "", client.LoginRequest{Login: "cached", Password: "correct horse battery staple"}, &lr)
	if lr.ChallengeID == "" {
		t.Fatal("no challenge")
	}
	gen, err := ss.st.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{lr.ChallengeID, "mfa_unknown", ""} {
		if w := ss.serve(t, "POST", "/auth/verify", "", client.VerifyRequest{ChallengeID: id, Code: "not-a-code"}, nil); w.Code != http.StatusUnauthorized {
			t.Errorf("verify %q: %d %s", id, w.Code, w.Body)
		}
	}
	ss.serve(t, "POST", "/auth/login", "", client.LoginRequest{Login: "cached", Password: "wrong password!!"}, nil)
	if got, err := ss.st.Generation(t.Context()); err != nil || got != gen {
		t.Errorf("failed sign-ins invalidated cached authentications (generation %d -> %d, %v)", gen, got, err)
	}
}

func TestAccessLogRecordsTheClientAddress(t *testing.T) {
	t.Parallel()
	ss := newSigninServer(t)
	req := httptest.NewRequest("GET", "/api/v1/permissions", nil)
	req.RemoteAddr = "198.51.100.7:40123"
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	ss.ServeHTTP(httptest.NewRecorder(), req)
	var line struct {
		Msg        string `json:"msg"`
		RemoteAddr string `json:"remote_addr"`
	}
	if err := json.Unmarshal(ss.log.Bytes(), &line); err != nil || line.Msg != "request" || line.RemoteAddr != "198.51.100.7" {
		t.Errorf("access log %s (%v): want remote_addr 198.51.100.7", ss.log, err)
	}
	if strings.Contains(ss.log.String(), "203.0.113.9") {
		t.Error("the access log trusted X-Forwarded-For")
	}
}

func TestSweepPurgesExpiredSessionsChallengesAndCounters(t *testing.T) {
	t.Parallel()
	ss := newSigninServer(t)
	const password = "correct horse battery staple"
	plain := ss.createUser(t, client.UserCreateRequest{Login: "plain", Password: password, MFAMethod: client.MFAMethodNone})
	ss.createUser(t, client.UserCreateRequest{Login: "twofactor", Email: "2fa@example.com", Password: password})
	var session, challenge client.LoginResponse
	ss.serve(t, "POST", "/auth/login", "", client.LoginRequest{Login: "plain", Password: password}, &session)
	ss.serve(t, "POST", "/auth/login", "", client.LoginRequest{Login: "twofactor", Password: password}, &challenge)
	ss.serve(t, "POST", "/auth/login", "", client.LoginRequest{Login: "nobody", Password: password}, nil)
	var apiToken client.APIToken
	ss.serve(t, "POST", "/tokens", testBootstrap, client.APITokenCreateRequest{Name: "ci", UserID: plain.ID,
		ExpiresAt: new(ss.Now().Add(time.Minute))}, &apiToken)

	ctx := t.Context()
	if n, err := ss.purgeSignins(ctx); err != nil || n != 0 {
		t.Fatalf("purge before anything expired: %d, %v", n, err)
	}
	ss.Advance(SessionTTL + failureMemory)
	// login session, MFA challenge, and the counters of "nobody" and of the address
	if n, err := ss.purgeSignins(ctx); err != nil || n != 4 {
		t.Errorf("purge: %d rows, %v; want 4", n, err)
	}
	if _, err := ss.st.SessionByHash(ctx, ident.SecretHash(session.Token)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	if _, err := ss.st.GetMFAChallenge(ctx, challenge.ChallengeID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired challenge: %v", err)
	}
	if _, err := ss.st.GetToken(ctx, apiToken.ID); err != nil {
		t.Errorf("an expired API token was purged: %v", err)
	}
	for range 2 {
		if err := ss.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
}
