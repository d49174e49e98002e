package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "mspb_SECRETsecretSECRETsecretSECRETsecret12345"

// fakeAPI is a scripted server: answer i is script[min(i, len-1)].
type fakeAPI struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	script   []func(w http.ResponseWriter, r *http.Request)
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	i := len(f.requests)
	f.requests = append(f.requests, r.Clone(context.Background()))
	f.bodies = append(f.bodies, string(b))
	h := f.script[min(i, len(f.script)-1)]
	f.mu.Unlock()
	h(w, r)
}

func (f *fakeAPI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func status(code int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", ProblemContentType)
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(Problem{Title: http.StatusText(code), Status: code, Detail: "scripted " + http.StatusText(code)})
	}
}

func jsonAnswer(code int, v any) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(v)
	}
}

// newFake serves script (see fakeAPI) and answers a client of it that
// retries quickly.
func newFake(t *testing.T, script ...func(http.ResponseWriter, *http.Request)) (*fakeAPI, *Client) {
	t.Helper()
	return newFakeWith(t, []Option{WithRetryWait(time.Millisecond, 5*time.Millisecond), WithMaxRetries(3)}, script...)
}

// newFakeWith serves script and answers a client of it made with opts.
func newFakeWith(t *testing.T, opts []Option, script ...func(http.ResponseWriter, *http.Request)) (*fakeAPI, *Client) {
	t.Helper()
	f := &fakeAPI{script: script}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testToken, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	ok := jsonAnswer(200, CustomerAccount{Meta: Meta{ID: "ca_1"}, Name: "Acme"})
	tests := []struct {
		name      string
		first     func(http.ResponseWriter, *http.Request)
		wantCalls int
		wantErr   int // status of the *Error, 0 for success
	}{
		{"429 waited for and retried", status(429), 2, 0},
		{"502 retried", status(502), 2, 0},
		{"503 retried", status(503), 2, 0},
		{"504 retried", status(504), 2, 0},
		{"500 not retried", status(500), 1, 500},
		{"501 not retried", status(501), 1, 501},
		{"400 not retried", status(400), 1, 400},
		{"401 not retried", status(401), 1, 401},
		{"403 not retried", status(403), 1, 403},
		{"404 not retried", status(404), 1, 404},
		{"409 not retried", status(409), 1, 409},
		{"409 with Retry-After retried (same Idempotency-Key still in progress)", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			status(409)(w, r)
		}, 2, 0},
		{"412 not retried", status(412), 1, 412},
		{"422 not retried", status(422), 1, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, c := newFake(t, tt.first, ok)
			got, err := c.CustomerAccounts.Get(t.Context(), "ca_1")
			if f.count() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", f.count(), tt.wantCalls)
			}
			if tt.wantErr == 0 {
				if err != nil || got.Name != "Acme" {
					t.Fatalf("Get = %v, %v", got, err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.StatusCode != tt.wantErr {
				t.Fatalf("err = %v, want *Error %d", err, tt.wantErr)
			}
			if !strings.Contains(e.Problem.Detail, "scripted") {
				t.Errorf("problem body did not reach the caller: %+v", e.Problem)
			}
		})
	}
}

func TestRetriesExhaustedKeepLastProblem(t *testing.T) {
	t.Parallel()
	f, c := newFake(t, status(503))
	_, err := c.Users.Get(t.Context(), "usr_1")
	if f.count() != 4 {
		t.Errorf("calls = %d, want 1 + 3 retries", f.count())
	}
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 503 {
		t.Fatalf("err = %v, want the 503 problem", err)
	}
	if want := "GET /api/v1/users/usr_1: 503 Service Unavailable: scripted Service Unavailable"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestIdempotencyKeyStableAcrossRetries(t *testing.T) {
	t.Parallel()
	f, c := newFake(t, status(503), status(429), status(502), jsonAnswer(201, User{Meta: Meta{ID: "usr_1"}}))
	if _, err := c.Users.Create(t.Context(), &UserCreateRequest{Login: "alice", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Create(t.Context(), &UserCreateRequest{Login: "bob"}); err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	for i, r := range f.requests {
		k := r.Header.Get("Idempotency-Key")
		if len(k) != 32 {
			t.Errorf("request %d: Idempotency-Key %q, want 32 hex digits", i, k)
		}
		keys[k]++
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("request %d: no bearer token", i)
		}
		if f.bodies[i] == "" {
			t.Errorf("request %d: empty body on a retry", i)
		}
	}
	if len(keys) != 2 {
		t.Errorf("keys = %v, want one per call, the first one used 4 times (after a 503, a 429 and a 502)", keys)
	}
}

func TestGetSendsNoIdempotencyKey(t *testing.T) {
	t.Parallel()
	f, c := newFake(t, jsonAnswer(200, Group{}))
	if _, err := c.Groups.Get(t.Context(), "grp_1"); err != nil {
		t.Fatal(err)
	}
	if k := f.requests[0].Header.Get("Idempotency-Key"); k != "" {
		t.Errorf("GET sent Idempotency-Key %q", k)
	}
}

func TestRetryAfterHonouredAndClamped(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"1", time.Second, true},
		{"0", 0, true},
		{" 2 ", 2 * time.Second, true},
		{"3600", MaxRetryAfter, true},
		{"99999999999999999", MaxRetryAfter, true},
		{"-1", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second, true},
		{now.Add(-5 * time.Second).Format(http.TimeFormat), 0, true},
		{now.Add(time.Hour).Format(http.TimeFormat), MaxRetryAfter, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	minW, maxW := 100*time.Millisecond, time.Second
	for attempt := range 10 {
		base := min(minW<<attempt, maxW)
		for range 50 {
			d := backoff(minW, maxW, attempt, nil)
			if d < base/2 || d > base {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, base/2, base)
			}
		}
	}
	if d := backoff(minW, maxW, 1000, nil); d < maxW/2 || d > maxW {
		t.Errorf("huge attempt: %s", d)
	}
	resp := &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"7"}}}
	if d := backoff(minW, maxW, 0, resp); d != 7*time.Second {
		t.Errorf("Retry-After 7 on 503: waited %s", d)
	}
	resp.Header.Set("Retry-After", "86400")
	if d := backoff(minW, maxW, 0, resp); d != MaxRetryAfter {
		t.Errorf("Retry-After 86400: waited %s, want clamp %s", d, MaxRetryAfter)
	}
	resp = &http.Response{StatusCode: 502, Header: http.Header{"Retry-After": {"7"}}}
	if d := backoff(minW, maxW, 0, resp); d > minW {
		t.Errorf("Retry-After on a 502 should be ignored: waited %s", d)
	}
}

func TestRetryAfterWaitedOn429(t *testing.T) {
	t.Parallel()
	f, c := newFake(t, status(429, "Retry-After", "1"), jsonAnswer(200, Group{Name: "ops"}))
	start := time.Now()
	g, err := c.Groups.Get(t.Context(), "grp_1")
	if err != nil || g.Name != "ops" {
		t.Fatalf("Get = %v, %v", g, err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("waited %s, want at least the 1s of Retry-After", waited)
	}
	if f.count() != 2 {
		t.Errorf("calls = %d", f.count())
	}
}

func TestRateLimitTimeoutErrorCarriesLastAnswer(t *testing.T) {
	t.Parallel()
	fake := func(rateLimitTimeout time.Duration, script ...func(http.ResponseWriter, *http.Request)) (*fakeAPI, *Client) {
		return newFakeWith(t, []Option{WithRetryWait(time.Millisecond, 5*time.Millisecond), WithMaxRetries(3),
			WithRateLimitTimeout(rateLimitTimeout)}, script...)
	}

	// Rate-limit timeout 0: the first 429 is the answer.
	f, c := fake(0, status(429, "Retry-After", "0"))
	_, err := c.Groups.Get(t.Context(), "grp_1")
	var rl *RateLimitTimeoutError
	if !IsRateLimited(err) || !errors.Is(err, ErrRateLimited) || !errors.As(err, &rl) || f.count() != 1 {
		t.Fatalf("err = %v after %d calls, want one 429 as a RateLimitTimeoutError", err, f.count())
	}

	// A Retry-After beyond the deadline ends the call at once, with the
	// server's last answer.
	f, c = fake(2*time.Second, status(503, "Retry-After", "0"), status(429, "Retry-After", "0"),
		status(429, "Retry-After", "0"), status(429, "Retry-After", "30"))
	begin := time.Now()
	_, err = c.Groups.Get(t.Context(), "grp_1")
	var e *Error
	if !errors.As(err, &e) || e.RetryAfter != 30*time.Second || !errors.As(err, &rl) {
		t.Fatalf("err = %#v, want a RateLimitTimeoutError wrapping the 429 with RetryAfter 30s", err)
	}
	if waited := time.Since(begin); waited >= 2*time.Second {
		t.Errorf("waited %s for a wait that could not finish", waited)
	}
	want := "GET /api/v1/groups/grp_1: rate limit did not lift within the rate-limit timeout of 2s: it needed another 30s " +
		"(the server answered 429 Too Many Requests); last answer, after 4 attempts: 429 Too Many Requests: " +
		"scripted Too Many Requests (retry after 30s)"
	if got := err.Error(); !strings.HasPrefix(got, "GET /api/v1/groups/grp_1: rate limit did not lift") ||
		!strings.HasSuffix(got, "last answer, after 4 attempts: 429 Too Many Requests: scripted Too Many Requests (retry after 30s)") {
		t.Errorf("Error() = %q\nwant like %q", got, want)
	}
	if f.count() != 4 {
		t.Errorf("calls = %d, want 4", f.count())
	}
}

func TestContextCancelledMidBackoff(t *testing.T) {
	t.Parallel()
	f, c := newFakeWith(t, nil, status(503, "Retry-After", "30"))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Users.List(ctx, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s to notice the cancellation", d)
	}
	if f.count() != 1 {
		t.Errorf("calls = %d, want 1", f.count())
	}
}

func TestContextCancelledMidRequest(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	t.Cleanup(func() { close(release) })
	f, c := newFakeWith(t, nil, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var cancelled time.Time
	go func() {
		<-arrived
		cancelled = time.Now()
		cancel()
	}()
	_, err := c.Users.Create(ctx, &UserCreateRequest{Login: "x"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(cancelled); d > 2*time.Second {
		t.Errorf("took %s after the cancellation", d)
	}
	if f.count() != 1 {
		t.Errorf("calls = %d, want 1 (no retry after the context ended)", f.count())
	}
}

func TestConnectionErrorsRetried(t *testing.T) {
	t.Parallel()
	// A server that closes every connection without answering.
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testToken, WithMaxRetries(2), WithRetryWait(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.Get(t.Context(), "usr_1")
	if err == nil || calls.Load() != 3 {
		t.Fatalf("err = %v after %d calls, want an error after 3", err, calls.Load())
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "GET /api/v1/users/usr_1: giving up after 3 attempts: ") || strings.Contains(msg, testToken) {
		t.Errorf("Error() = %q", msg)
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		jsonAnswer(200, User{Login: "alice"})(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testToken, WithRequestTimeout(100*time.Millisecond), WithRetryWait(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Get(t.Context(), "usr_1")
	if err != nil || u.Login != "alice" {
		t.Fatalf("Get = %v, %v; want the second attempt to succeed", u, err)
	}
}

func TestNonProblemBody(t *testing.T) {
	t.Parallel()
	html := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"
	_, c := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, html)
	})
	_, err := c.Users.Get(t.Context(), "usr_1")
	want := "GET /api/v1/users/usr_1: 502 Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx"
	if err == nil || err.Error() != want {
		t.Fatalf("Error() = %q, want %q", err, want)
	}

	long := strings.Repeat("x", 5000) + "\n"
	_, c = newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, long)
	})
	_, err = c.Users.Get(t.Context(), "usr_1")
	if err == nil || len(err.Error()) > 300 || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Error() = %q, want one short line", err)
	}
	if !strings.HasPrefix(err.Error(), "GET /api/v1/users/usr_1: 500 Internal Server Error: xxxx") {
		t.Errorf("Error() = %q", err)
	}

	_, c = newFake(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) })
	_, err = c.Users.Get(t.Context(), "usr_1")
	if err == nil || err.Error() != "GET /api/v1/users/usr_1: 404 Not Found" || !IsNotFound(err) {
		t.Errorf("empty 404: %v", err)
	}
}

func TestErrorFormatAndHelpers(t *testing.T) {
	t.Parallel()
	e := &Error{StatusCode: 422, Method: "POST", Path: "/api/v1/users", Problem: Problem{
		Title: "Unprocessable Entity", Status: 422, Detail: "the user is invalid",
		Errors: []FieldError{{Field: "email", Message: "not an e-mail address"}, {Field: "mobile_phone", Message: "not in E.164\nform"}},
	}}
	want := "POST /api/v1/users: 422 Unprocessable Entity: the user is invalid; email: not an e-mail address; mobile_phone: not in E.164 form"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
	e2 := *e
	e2.Problem.Detail = "invalid request: email: not an e-mail address; mobile_phone: not in E.164 form"
	want = "POST /api/v1/users: 422 Unprocessable Entity: invalid request: email: not an e-mail address; mobile_phone: not in E.164 form"
	if e2.Error() != want {
		t.Errorf("a detail listing the fields is not repeated:\n got %q\nwant %q", e2.Error(), want)
	}
	wrapped := errors.Join(errors.New("creating user"), e)
	checks := []struct {
		name string
		is   func(error) bool
		err  error
		code int
	}{
		{"NotFound", IsNotFound, ErrNotFound, 404},
		{"Conflict", IsConflict, ErrConflict, 409},
		{"Forbidden", IsForbidden, ErrForbidden, 403},
		{"Unauthorized", IsUnauthorized, ErrUnauthorized, 401},
		{"PreconditionFailed", IsPreconditionFailed, ErrPreconditionFailed, 412},
		{"Validation", IsValidation, ErrValidation, 422},
		{"RateLimited", IsRateLimited, ErrRateLimited, 429},
	}
	for _, ch := range checks {
		got := ch.is(wrapped)
		if got != (ch.code == 422) {
			t.Errorf("Is%s(422) = %v", ch.name, got)
		}
		if errors.Is(wrapped, ch.err) != (ch.code == 422) {
			t.Errorf("errors.Is(422, Err%s) wrong", ch.name)
		}
		own := &Error{StatusCode: ch.code}
		if !ch.is(own) || !errors.Is(own, ch.err) {
			t.Errorf("Is%s(%d) = false", ch.name, ch.code)
		}
		if ch.is(errors.New("plain")) || ch.is(nil) {
			t.Errorf("Is%s on a plain error", ch.name)
		}
	}
}

func TestNewValidatesEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, wantBase, wantErr string
	}{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1", ""},
		{"https://backup.example.com/", "https://backup.example.com/api/v1", ""},
		{"https://backup.example.com/api/v1/", "https://backup.example.com/api/v1", ""},
		{"https://example.com/mspbackup", "https://example.com/mspbackup/api/v1", ""},
		{"", "", "empty"},
		{"   ", "", "empty"},
		{"backup.example.com", "", "scheme must be http or https"},
		{"ftp://backup.example.com", "", "scheme must be http or https"},
		{"http://", "", "no host"},
		{"http:///path", "", "no host"},
		{"https://u:hunter2@backup.example.com", "", "credentials"},
		{"https://backup.example.com?x=1", "", "query"},
		{"http://[::1", "", "not a URL"},
	}
	for _, tt := range tests {
		c, err := New(tt.in, "")
		if tt.wantErr == "" {
			if err != nil || c.baseURL != tt.wantBase {
				t.Errorf("New(%q): %v, base %q; want %q", tt.in, err, c.baseURL, tt.wantBase)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("New(%q) err = %v, want it to say %q", tt.in, err, tt.wantErr)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New(%q) leaks the password: %v", tt.in, err)
		}
	}
}

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	bad := []Option{
		WithHTTPClient(nil), WithMaxRetries(-1), WithRetryWait(0, time.Second),
		WithRetryWait(2*time.Second, time.Second), WithRequestTimeout(-time.Second),
		WithUserAgent(""), WithUserAgent("a\nb"),
	}
	for i, o := range bad {
		if _, err := New("http://localhost", "", o); err == nil {
			t.Errorf("option %d accepted", i)
		}
	}
	if _, err := New("http://localhost", "tok en"); err == nil || strings.Contains(err.Error(), "tok en") {
		t.Errorf("token with a space: %v", err)
	}
	hc := &http.Client{Timeout: time.Hour}
	c, err := New("http://localhost", testToken, WithHTTPClient(hc), WithRequestTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if hc.Timeout != time.Hour || c.http.HTTPClient.Timeout != time.Second {
		t.Errorf("timeout: caller's %s, client's %s", hc.Timeout, c.http.HTTPClient.Timeout)
	}
	if c.http.Logger != nil {
		t.Errorf("default logger %T, want none (retryablehttp would log to stderr)", c.http.Logger)
	}
	for _, s := range []string{c.String(), c.GoString()} {
		if strings.Contains(s, testToken) {
			t.Errorf("%q leaks the token", s)
		}
	}
}

func TestHeadersAndEscaping(t *testing.T) {
	t.Parallel()
	f, c := newFake(t, jsonAnswer(200, User{}), func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }, jsonAnswer(200, LoginResponse{Token: "t"}))
	if _, err := c.Users.Update(t.Context(), "usr_a/b?c", &UserUpdateRequest{CompanyID: Null[string]()}, IfMatch(7)); err != nil {
		t.Fatal(err)
	}
	if err := c.Groups.Delete(t.Context(), "grp_1", IfMatch(3)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Auth.Login(t.Context(), &LoginRequest{Login: "a", Password: "p"}); err != nil {
		t.Fatal(err)
	}
	r := f.requests[0]
	if r.URL.EscapedPath() != "/api/v1/users/usr_a%2Fb%3Fc" || r.URL.RawQuery != "" {
		t.Errorf("path %q query %q", r.URL.EscapedPath(), r.URL.RawQuery)
	}
	if r.Method != "PATCH" || r.Header.Get("If-Match") != `"7"` || r.Header.Get("Content-Type") != "application/merge-patch+json" {
		t.Errorf("PATCH headers %v", r.Header)
	}
	if f.bodies[0] != `{"company_id":null}` {
		t.Errorf("PATCH body %s", f.bodies[0])
	}
	if r.Header.Get("User-Agent") != DefaultUserAgent {
		t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
	}
	if got := f.requests[1].Header.Get("If-Match"); got != `"3"` || f.requests[1].Method != "DELETE" {
		t.Errorf("DELETE If-Match %q", got)
	}
	if got := f.requests[2].Header.Get("Authorization"); got != "" {
		t.Errorf("login sent Authorization %q", got)
	}
	for _, err := range []error{
		func() error { _, err := c.Users.Get(t.Context(), ""); return err }(),
		c.Users.Delete(t.Context(), ""),
		func() error { _, err := c.Users.Update(t.Context(), "", &UserUpdateRequest{}); return err }(),
		func() error { _, err := c.Users.Update(t.Context(), "usr_1", nil); return err }(),
		func() error { _, err := c.Users.Create(t.Context(), nil); return err }(),
		func() error { _, err := c.Groups.AddMember(t.Context(), "grp_1", ""); return err }(),
		c.Groups.RemoveMember(t.Context(), "", "usr_1"),
		func() error { _, err := c.LicensePool.SetTotal(t.Context(), "", 1); return err }(),
	} {
		if err == nil {
			t.Error("an empty id or nil request was sent")
		}
	}
	if f.count() != 3 {
		t.Errorf("calls = %d, want 3", f.count())
	}
}

func TestListOptionsQuery(t *testing.T) {
	t.Parallel()
	enabled := false
	var nilOpts *ListOptions
	if q := nilOpts.values().Encode(); q != "" {
		t.Errorf("nil: %q", q)
	}
	o := &ListOptions{PageSize: 5, PageToken: "abc", Name: "A b", Login: "l", CustomerAccountID: "ca_1", CompanyID: "co_1",
		GroupID: "grp_1", UserID: "usr_1", LicenseType: "server", To: "x@y.z", Kind: "mfa_code", Entity: "user", EntityID: "usr_2", Enabled: &enabled}
	want := "company_id=co_1&customer_account_id=ca_1&enabled=false&entity=user&entity_id=usr_2&group_id=grp_1&kind=mfa_code&license_type=server&login=l&name=A+b&page_size=5&page_token=abc&to=x%40y.z&user_id=usr_1"
	if q := o.values().Encode(); q != want {
		t.Errorf("query %q\nwant  %q", q, want)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	pages := map[string]Page[Group]{
		"":   {Items: []Group{{Name: "a"}, {Name: "b"}}, NextPageToken: "p2"},
		"p2": {Items: []Group{{Name: "c"}}, NextPageToken: "p3"},
		"p3": {Items: []Group{}},
	}
	f, c := newFakeWith(t, nil, func(w http.ResponseWriter, r *http.Request) {
		jsonAnswer(200, pages[r.URL.Query().Get("page_token")])(w, r)
	})
	all, err := c.Groups.ListAll(t.Context(), &ListOptions{Name: "x", PageSize: 2})
	if err != nil || len(all) != 3 || all[2].Name != "c" {
		t.Fatalf("ListAll = %v, %v", all, err)
	}
	for _, r := range f.requests {
		if r.URL.Query().Get("name") != "x" || r.URL.Query().Get("page_size") != "2" {
			t.Errorf("filters lost on a later page: %s", r.URL.RawQuery)
		}
	}
	// Breaking out of All stops fetching.
	before := f.count()
	for g, err := range c.Groups.All(t.Context(), nil) {
		if err != nil || g.Name != "a" {
			t.Fatal(g, err)
		}
		break
	}
	if f.count() != before+1 {
		t.Errorf("All fetched %d pages for one item", f.count()-before)
	}

	// A server that repeats a page token does not loop forever.
	loop := httptest.NewServer(http.HandlerFunc(jsonAnswer(200, Page[Group]{Items: []Group{{}}, NextPageToken: "same"})))
	t.Cleanup(loop.Close)
	c, _ = New(loop.URL, testToken)
	if _, err := c.Groups.ListAll(t.Context(), nil); err == nil || !strings.Contains(err.Error(), "repeated page token") {
		t.Errorf("looping server: %v", err)
	}
}

func TestLoggerNeverLogsSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, c := newFakeWith(t, []Option{WithLogger(logger), WithRetryWait(time.Millisecond, time.Millisecond)},
		status(503), status(422), jsonAnswer(201, APIToken{Token: "mspb_newsecret"}))
	_, err := c.Users.Create(t.Context(), &UserCreateRequest{Login: "alice", Password: "hunter2hunter2"})
	if err == nil || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), testToken) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.Tokens.Create(t.Context(), &APITokenCreateRequest{Name: "ci", UserID: "usr_1"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	for _, secret := range []string{testToken, "hunter2", "mspb_newsecret", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"path=/api/v1/users", "attempt=2", "status=503", "status=422", "retrying"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestResponseSizeLimit(t *testing.T) {
	// Not parallel: it streams 32 MiB.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"items":[`)
		chunk := strings.Repeat(`{"name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},`, 1000)
		for range (maxResponseBytes / len(chunk)) + 2 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
		_, _ = io.WriteString(w, `{}]}`)
	}))
	t.Cleanup(srv.Close)
	c, _ := New(srv.URL, testToken)
	_, err := c.Groups.List(t.Context(), nil)
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("err = %v, want the size limit", err)
	}
}
