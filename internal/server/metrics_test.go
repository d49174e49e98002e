package server_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// scrape is one parsed scrape of /metrics.
type scrape map[string]*dto.MetricFamily

// parseScrape parses a text exposition with the Prometheus parser.
func parseScrape(t *testing.T, body []byte) scrape {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the scrape does not parse: %v\n%s", err, body)
	}
	return families
}

// value is the value of the series of family name with exactly these
// labels (name, value pairs); -1 when there is no such series.
func (s scrape) value(name string, labels ...string) float64 {
	f := s[name]
	if f == nil {
		return -1
	}
	want := map[string]string{}
	for i := 0; i+1 < len(labels); i += 2 {
		want[labels[i]] = labels[i+1]
	}
next:
	for _, m := range f.Metric {
		if len(m.Label) != len(want) {
			continue
		}
		for _, l := range m.Label {
			if want[l.GetName()] != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// scrapeAs reads /metrics (at the root, through the conformance check) with
// token and requires status 200.
func (a *api) scrape(t *testing.T, ts *testserver.Server) scrape {
	t.Helper()
	r := (&api{t: t, base: ts.URL, token: a.token}).do("GET", server.MetricsPath, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", r.status, r.body)
	}
	return parseScrape(t, r.body)
}

func TestMetricsCountRequestsByRouteAndReadTheLicencePool(t *testing.T) {
	ts, a := startParallel(t)
	u := a.user(client.UserCreateRequest{})
	const route = "GET /api/v1/users/{id}"

	before := a.scrape(t, ts)
	if v := before.value("mspbackup_license_pool_size", "license_type", "server"); v != 20 {
		t.Errorf("licence pool size of server: %v, want 20", v)
	}
	if v := before.value("mspbackup_license_pool_assigned", "license_type", "server"); v != 0 {
		t.Errorf("assigned server licences before: %v, want 0", v)
	}
	for _, pool := range []string{"read", "write", "postgres"} {
		if v := before.value("mspbackup_db_max_open_connections", "pool", pool); v > 0 {
			goto pooled
		}
	}
	t.Errorf("no connection pool in the scrape: %v", before["mspbackup_db_max_open_connections"])
pooled:
	ok0 := max(0, before.value("mspbackup_http_requests_total", "route", route, "code", "200"))
	missing0 := max(0, before.value("mspbackup_http_requests_total", "route", route, "code", "404"))

	for range 3 {
		must[client.User](a, 200, "GET", "/users/"+u.ID, nil)
	}
	if r := a.do("GET", "/users/usr_nobody", nil); r.status != 404 {
		t.Fatalf("GET a missing user: %d", r.status)
	}
	// A path the mux cleans is redirected, and counted under its pattern.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(ts.URL + "/api/v1//users/" + u.ID)
	if err != nil || res.StatusCode/100 != 3 {
		t.Fatalf("GET a path to clean: %v, %v", res, err)
	}
	res.Body.Close()
	must[client.LicenseAssignment](a, 201, "POST", "/license-assignments",
		client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "server", Quantity: 7})

	after := a.scrape(t, ts)
	if v := after.value("mspbackup_http_requests_total", "route", route, "code", "200"); v != ok0+3 {
		t.Errorf("%s 200: %v, want %v", route, v, ok0+3)
	}
	// The missing id counts under the route's pattern, never its own path.
	if v := after.value("mspbackup_http_requests_total", "route", route, "code", "404"); v != missing0+1 {
		t.Errorf("%s 404: %v, want %v", route, v, missing0+1)
	}
	for _, m := range after["mspbackup_http_requests_total"].Metric {
		for _, l := range m.Label {
			if l.GetName() == "route" && bytes.Contains([]byte(l.GetValue()), []byte(u.ID)) {
				t.Errorf("a series is labelled with a raw path: %q", l.GetValue())
			}
		}
	}
	if v := after.value("mspbackup_http_requests_total", "route", route, "code", strconv.Itoa(res.StatusCode)); v != 1 {
		t.Errorf("%s %d (a redirect to the clean path): %v, want 1", route, res.StatusCode, v)
	}
	if v := after.value("mspbackup_http_request_duration_seconds", "route", route); v < 4 {
		t.Errorf("latency observations of %s: %v, want 4 or more", route, v)
	}
	if v := after.value("mspbackup_license_pool_assigned", "license_type", "server"); v != 7 {
		t.Errorf("assigned server licences after assigning 7: %v", v)
	}
	if v := after.value("mspbackup_license_pool_available", "license_type", "server"); v != 13 {
		t.Errorf("available server licences after assigning 7: %v, want 13", v)
	}
}

func TestMetricsCountSignInFailuresLocksAndReplays(t *testing.T) {
	ts, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "metrics-lock", Password: goodPassword})
	before := a.scrape(t, ts)
	for _, s := range []struct{ name, label, value string }{
		{"mspbackup_signin_failures_total", "step", "password"},
		{"mspbackup_signin_failures_total", "step", "mfa"},
		{"mspbackup_signin_throttled_total", "step", "password"},
		{"mspbackup_signin_locks_total", "counter", "login"},
		{"mspbackup_signin_locks_total", "counter", "address"},
		{"mspbackup_rate_limit_refusals_total", "by", "address"},
	} {
		if v := before.value(s.name, s.label, s.value); v != 0 {
			t.Errorf("%s{%s=%q} before any event: %v, want a series at 0", s.name, s.label, s.value, v)
		}
	}
	for range 5 { // the fifth locks the login
		if r := a.as("").login("metrics-lock", "wrong password 123"); r.status != 401 {
			t.Fatalf("wrong password: %d %s", r.status, r.body)
		}
	}
	if r := a.as("").login("metrics-lock", goodPassword); r.status != 429 {
		t.Fatalf("the right password on a locked login: %d, want 429", r.status)
	}
	const key = "metrics-replay"
	for range 2 {
		must[client.CustomerAccount](a, 201, "POST", "/customer-accounts",
			client.CustomerAccountCreateRequest{Name: "Replayed"}, "Idempotency-Key", key)
	}

	after := a.scrape(t, ts)
	for _, s := range []struct {
		name, label, value string
		want               float64
	}{
		{"mspbackup_signin_failures_total", "step", "password", 5},
		{"mspbackup_signin_throttled_total", "step", "password", 1},
		{"mspbackup_signin_locks_total", "counter", "login", 1},
		{"mspbackup_signin_locks_total", "counter", "address", 0},
	} {
		if v := after.value(s.name, s.label, s.value); v != s.want {
			t.Errorf("%s{%s=%q}: %v, want %v", s.name, s.label, s.value, v, s.want)
		}
	}
	if v := after.value("mspbackup_signins_total"); v != 0 {
		t.Errorf("sign-ins: %v, want 0", v)
	}
	if v := after.value("mspbackup_idempotent_replays_total"); v != 1 {
		t.Errorf("idempotent replays: %v, want 1", v)
	}
}

// The rate limiter's refusals are counted by what they were charged to; the
// handler of --metrics-listen serves the same registry without a token.
func TestMetricsCountRateLimitRefusalsAndServeWithoutATokenOnTheirOwnHandler(t *testing.T) {
	t.Parallel()
	frozen := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ts, a := start(t, testserver.Options{RateLimit: 1, Now: func() time.Time { return frozen }})
	open := httptest.NewServer(ts.Handler.(*server.Server).MetricsHandler())
	t.Cleanup(open.Close)

	refused := 0
	for range 3 { // a quota of 2 and a clock that stands still
		if r := a.as("").do("GET", "/openapi.json", nil); r.status == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d of 3 anonymous requests refused, want 1", refused)
	}
	res, err := http.Get(open.URL + server.MetricsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET /metrics without a token on the metrics handler: %d %s", res.StatusCode, body.String())
	}
	s := parseScrape(t, body.Bytes())
	if v := s.value("mspbackup_rate_limit_refusals_total", "by", "address"); v != 1 {
		t.Errorf("refusals by address: %v, want 1", v)
	}
	if v := s.value("mspbackup_rate_limit_refusals_total", "by", "principal"); v != 0 {
		t.Errorf("refusals by principal: %v, want 0", v)
	}
	if v := s.value("mspbackup_http_requests_total", "route", "GET /api/v1/openapi.json", "code", "429"); v != 1 {
		t.Errorf("the refused request under its route: %v, want 1", v)
	}
	for _, path := range []string{"/", "/api/v1/users", "/metrics/x"} {
		res, err := http.Get(open.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("GET %s on the metrics handler: %d, want 404", path, res.StatusCode)
		}
	}
}

func TestMetricsNeedTheMetricsReadPermissionAndMSPStaff(t *testing.T) {
	ts, a := startParallel(t)
	account := a.customerAccount()
	_, staffReader := a.principal(nil, client.PermMetricsRead)
	_, staffOther := a.principal(nil, client.PermUsersRead, client.PermLicensesRead)
	_, tenantReader := a.principal(&account.ID, client.PermMetricsRead)
	at := func(p *api) *api { return &api{t: t, base: ts.URL, token: p.token} }
	tests := []struct {
		name   string
		as     *api
		status int
		detail string
	}{
		{"no token", a.as(""), 401, ""},
		{"a wrong token", a.as("mspb_not-a-token-0123456789abcdefghijklmnopq"), 401, ""},
		{"staff without metrics:read", staffOther, 403, `missing permission "metrics:read"`},
		{"a tenant's user with metrics:read", tenantReader, 403, "MSP staff only"},
		{"staff with metrics:read", staffReader, 200, ""},
		{"the bootstrap token", a, 200, ""},
	}
	for _, tt := range tests {
		r := at(tt.as).do("GET", server.MetricsPath, nil)
		if r.status != tt.status || tt.detail != "" && r.problem().Detail != tt.detail {
			t.Errorf("%s: %d %s, want %d %s", tt.name, r.status, r.body, tt.status, tt.detail)
		}
		if r.status == 200 {
			parseScrape(t, r.body)
		}
	}
}
