package server_test

// Fuzz targets for what the server parses from a request: JSON bodies, list
// queries and page tokens, If-Match and Idempotency-Key. Each drives the real
// handler over a temporary SQLite database and holds one property: whatever
// arrives, the answer is never a 5xx (a panic is answered 500), and every
// refusal is a 4xx application/problem+json whose status matches the answer.
// `make test` runs the seeds; `make fuzz` runs each target for FUZZTIME.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// fuzzTarget is a test server with one entity of each kind to patch.
type fuzzTarget struct {
	handler http.Handler
	token   string
	ids     map[string]string // collection -> id of an entity in it
}

func newFuzzTarget(f *testing.F) *fuzzTarget {
	f.Helper()
	ts, a := start(f, testserver.Options{})
	acct := a.customerAccount()
	limit := must[client.StorageLimit](a, 201, "POST", "/storage-limits", client.StorageLimitCreateRequest{Name: "Fuzz limit", LimitGB: 5})
	co := must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: "Fuzz Co", CustomerAccountID: &acct.ID})
	sa := must[client.StorageAccount](a, 201, "POST", "/storage-accounts", client.StorageAccountCreateRequest{
		Name: "Fuzz bucket", Type: "amazon_s3", Region: "eu-west-1", AccessKeyID: "AKIAFUZZ", SecretAccessKey: "fuzz-secret-key"})
	u := a.user(client.UserCreateRequest{Login: "fuzz-user", CustomerAccountID: &acct.ID})
	g := a.group(client.PermUsersRead)
	as := must[client.LicenseAssignment](a, 201, "POST", "/license-assignments", client.LicenseAssignmentCreateRequest{
		UserID: u.ID, LicenseType: "server", Quantity: 1})
	return &fuzzTarget{handler: ts.Handler, token: ts.Token, ids: map[string]string{
		"customer-accounts": acct.ID, "storage-limits": limit.ID, "companies": co.ID, "storage-accounts": sa.ID,
		"users": u.ID, "groups": g.ID, "license-assignments": as.ID,
	}}
}

// serve sends one request to the handler in process and checks the property.
func (ft *fuzzTarget) serve(t *testing.T, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+ft.token)
	rec := httptest.NewRecorder()
	ft.handler.ServeHTTP(rec, req)
	res := rec.Result()
	if res.StatusCode >= 500 {
		t.Fatalf("%s %s: %d %s", req.Method, req.URL, res.StatusCode, rec.Body)
	}
	if res.StatusCode >= 400 {
		var p client.Problem
		if ct := res.Header.Get("Content-Type"); ct != client.ProblemContentType {
			t.Fatalf("%s %s: %d with Content-Type %q, want %s", req.Method, req.URL, res.StatusCode, ct, client.ProblemContentType)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != res.StatusCode || p.Detail == "" {
			t.Fatalf("%s %s: %d problem %s (%v), want its status and a detail", req.Method, req.URL, res.StatusCode, rec.Body, err)
		}
	}
	return rec
}

func newRequest(t *testing.T, method, target string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "192.0.2.1:1234" // as net/http's server sets it
	return req
}

// bodyRoutes are the endpoints whose bodies FuzzRequestBody sends: creates
// and merge patches of several entities, and the sign-in bodies.
var bodyRoutes = []struct{ method, collection string }{
	{"POST", "customer-accounts"}, {"PATCH", "customer-accounts"},
	{"POST", "companies"}, {"PATCH", "companies"},
	{"POST", "storage-accounts"}, {"PATCH", "storage-accounts"},
	{"POST", "storage-limits"}, {"PATCH", "storage-limits"},
	{"POST", "users"}, {"PATCH", "users"},
	{"POST", "groups"}, {"PATCH", "groups"},
	{"POST", "license-assignments"}, {"PATCH", "license-assignments"},
	{"POST", "tokens"}, {"POST", "auth/verify"},
}

func FuzzRequestBody(f *testing.F) {
	ft := newFuzzTarget(f)
	for i, seed := range []string{
		`{"name":"Acme"}`, `{"name":"a","name":"b"}`, `{"NAME":"a"}`, `{"description":null}`,
		`{"storage_limit_id":null}`, `{"storage_limit_id":"sl_nope"}`, `{"Storage_Limit_ID":null}`,
		`{"name":"S3","type":"s3_compatible","endpoint":"http://minio:9000"}`, `{"endpoint":null}`,
		`{"name":"L","limit_gb":1e400}`, `{"limit_gb":-1}`, `{"limit_gb":9223372036854775808}`,
		`{"login":"Ａlice","mfa_method":"none"}`, `{"login":"a\u202Eb"}`, `{"login":"x","paſſword":"y"}`,
		`{"company_id":null,"notification_emails":["a@example.com","A@example.com"]}`,
		`{"name":"G","permissions":["users:read","users:read"]}`, `{"permissions":null}`, `{"permissions":[{"a":1,"a":2}]}`,
		`{"user_id":"usr_x","license_type":"server","quantity":1}`, `{"quantity":0}`,
		`{"name":"t","user_id":"usr_x","expires_at":"not a time"}`, `{"challenge_id":"","code":"000000"}`,
		`[]`, `null`, `"x"`, `{}`, `{"a":`, `{} {}`, `{"a":{"b":{"c":[[[[]]]]}}}`, "{\"name\":\"\xff\"}",
	} {
		f.Add(uint8(i), []byte(seed))
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := bodyRoutes[int(route)%len(bodyRoutes)]
		target := "/api/v1/" + r.collection
		if r.method == "PATCH" {
			target += "/" + ft.ids[r.collection]
		}
		ft.serve(t, newRequest(t, r.method, target, body))
	})
}

// listPaths are the lists FuzzListQuery queries, each with its filters.
var listPaths = []string{
	"/api/v1/users", "/api/v1/groups", "/api/v1/customer-accounts", "/api/v1/companies",
	"/api/v1/storage-accounts", "/api/v1/storage-limits", "/api/v1/license-assignments", "/api/v1/computers",
	"/api/v1/tokens", "/api/v1/outbox", "/api/v1/audit-events",
}

func FuzzListQuery(f *testing.F) {
	ft := newFuzzTarget(f)
	for i, seed := range []string{
		"", "page_size=1", "page_size=0", "page_size=-1", "page_size=99999999999999999999", "page_size=1&page_size=2",
		"page_token=" + base64.RawURLEncoding.EncodeToString([]byte("after:1")), "page_token=%%", "page_token=",
		"login=%EF%BC%A1lice", "login=" + url.QueryEscape("a\u202Eb"), "name=%00", "enabled=maybe", "enabled=true",
		"customer_account_id=ca_x", "company_id=", "group_id=grp_administrators", "nmae=x", "a;b=c", "&&=&",
		"to=x&kind=mfa_code", "entity=user&entity_id=usr_x",
	} {
		f.Add(uint8(i), seed)
	}
	f.Fuzz(func(t *testing.T, path uint8, rawQuery string) {
		// Parsed as net/http's server parses a request line's target; what
		// it refuses (control characters, spaces) never reaches a handler.
		u, err := url.ParseRequestURI(listPaths[int(path)%len(listPaths)] + "?" + rawQuery)
		if err != nil || strings.ContainsRune(rawQuery, ' ') {
			return
		}
		req := newRequest(t, "GET", "http://fuzz.test/", nil)
		req.URL = u
		ft.serve(t, req)
	})
}

func FuzzPageToken(f *testing.F) {
	ft := newFuzzTarget(f)
	enc := base64.RawURLEncoding.EncodeToString
	for _, seed := range []string{
		enc([]byte("after:1")), enc([]byte("after:0")), enc([]byte("after:-5")), enc([]byte("after:")),
		enc([]byte("after:99999999999999999999")), enc([]byte("after:1\x00")), enc([]byte("before:1")),
		base64.StdEncoding.EncodeToString([]byte("after:1")), "====", "", "\x00", strings.Repeat("A", 4096),
	} {
		f.Add(seed, "2")
	}
	f.Fuzz(func(t *testing.T, token, pageSize string) {
		q := url.Values{"page_token": {token}, "page_size": {pageSize}}
		ft.serve(t, newRequest(t, "GET", "http://fuzz.test/api/v1/users?"+q.Encode(), nil))
	})
}

func FuzzIfMatch(f *testing.F) {
	ft := newFuzzTarget(f)
	for _, seed := range []string{
		`"1"`, `*`, `W/"1"`, `"1", "2"`, `"999999999999999999999"`, `"`, `""`, `,,,`, `W/`, `"-1"`, "\x00", `"1`,
	} {
		f.Add(seed)
	}
	target := "/api/v1/customer-accounts/" + ft.ids["customer-accounts"]
	f.Fuzz(func(t *testing.T, ifMatch string) {
		req := newRequest(t, "PATCH", target, []byte(`{"description":"fuzzed"}`))
		req.Header.Set("If-Match", ifMatch)
		rec := ft.serve(t, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusPreconditionFailed {
			t.Fatalf("If-Match %q: %d %s, want 200 or 412", ifMatch, rec.Code, rec.Body)
		}
	})
}

func FuzzIdempotencyKey(f *testing.F) {
	ft := newFuzzTarget(f)
	for _, seed := range []string{"k-1", "", " ", strings.Repeat("k", 255), strings.Repeat("k", 256), "\x00", "ключ", "\xff\xfe"} {
		f.Add(seed, "Fuzz Ltd")
		f.Add(seed, "Other Ltd")
	}
	f.Fuzz(func(t *testing.T, key, name string) {
		body, _ := json.Marshal(client.CustomerAccountCreateRequest{Name: name})
		req := newRequest(t, "POST", "/api/v1/customer-accounts", body)
		req.Header.Set("Idempotency-Key", key)
		first := ft.serve(t, req)
		if first.Code != http.StatusCreated || key == "" {
			return
		}
		// A repeat with the same key and body replays the first answer.
		again := newRequest(t, "POST", "/api/v1/customer-accounts", body)
		again.Header.Set("Idempotency-Key", key)
		if rec := ft.serve(t, again); rec.Code != http.StatusCreated || !bytes.Equal(rec.Body.Bytes(), first.Body.Bytes()) {
			t.Fatalf("Idempotency-Key %q replay: %d %s, want the first answer %s", key, rec.Code, rec.Body, first.Body)
		}
	})
}
