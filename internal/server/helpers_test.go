package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/apidoc"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// api talks to a test server as one principal.
type api struct {
	t     testing.TB
	base  string
	token string
}

func start(t testing.TB, opts testserver.Options) (*testserver.Server, *api) {
	t.Helper()
	ts := testserver.Start(t, opts)
	return ts, &api{t: t, base: ts.URL + "/api/v1", token: ts.Token}
}

// countStatuses counts the answers of concurrent requests by status; an
// answer but those of allowed (when given) fails t.
func countStatuses(t *testing.T, statuses []int, allowed ...int) map[int]int {
	t.Helper()
	counted := map[int]int{}
	for _, s := range statuses {
		if len(allowed) > 0 && !slices.Contains(allowed, s) {
			t.Errorf("status %d, want one of %v", s, allowed)
		}
		counted[s]++
	}
	return counted
}

// startParallel starts a test server with the default options for a test
// that runs in parallel with the others (it calls t.Parallel).
func startParallel(t *testing.T) (*testserver.Server, *api) {
	t.Parallel()
	return start(t, testserver.Options{})
}

func (a *api) as(token string) *api { return &api{t: a.t, base: a.base, token: token} }

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r *resp) problem() client.Problem {
	var p client.Problem
	_ = json.Unmarshal(r.body, &p)
	return p
}

// do sends a request; body is marshalled unless it is a string (sent as is).
// headers are name, value pairs; a name given twice sends two header lines.
func (a *api) do(method, path string, body any, headers ...string) *resp {
	a.t.Helper()
	var reqBody []byte
	switch b := body.(type) {
	case nil:
	case string:
		reqBody = []byte(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		reqBody = j
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(reqBody)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	if err := conformance(a.t).Check(context.Background(), req, reqBody, res, b); err != nil {
		a.t.Errorf("OpenAPI document: %v", err)
	}
	return &resp{status: res.StatusCode, header: res.Header, body: b}
}

// conformance holds every exchange of the server's tests to the OpenAPI
// document.
var conformance = func() func(testing.TB) *apidoc.Conformance {
	c, err := apidoc.NewConformance()
	return func(t testing.TB) *apidoc.Conformance {
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}()

// must sends a request, requires the status and decodes the answer into T.
func must[T any](a *api, status int, method, path string, body any, headers ...string) T {
	a.t.Helper()
	r := a.do(method, path, body, headers...)
	if r.status != status {
		a.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	var v T
	if len(r.body) > 0 {
		if err := json.Unmarshal(r.body, &v); err != nil {
			a.t.Fatalf("%s %s: decode: %v: %s", method, path, err, r.body)
		}
	}
	return v
}

var seq atomic.Int64

func unique(prefix string) string { return fmt.Sprintf("%s-%d", prefix, seq.Add(1)) }

func (a *api) customerAccount() *client.CustomerAccount {
	a.t.Helper()
	v := must[client.CustomerAccount](a, 201, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: unique("Account")})
	return &v
}

func (a *api) user(req client.UserCreateRequest) *client.User {
	a.t.Helper()
	if req.Login == "" {
		req.Login = unique("user")
	}
	if req.Email == "" && req.MFAMethod == "" {
		req.MFAMethod = client.MFAMethodNone
	}
	v := must[client.User](a, 201, "POST", "/users", req)
	return &v
}

func (a *api) group(perms ...string) *client.Group {
	a.t.Helper()
	if perms == nil {
		perms = []string{}
	}
	v := must[client.Group](a, 201, "POST", "/groups", client.GroupCreateRequest{Name: unique("Group"), Permissions: perms})
	return &v
}

func (a *api) addMember(groupID, userID string) {
	a.t.Helper()
	must[client.GroupMember](a, 201, "PUT", "/groups/"+groupID+"/members/"+userID, nil)
}

func (a *api) tokenFor(userID string) string {
	a.t.Helper()
	v := must[client.APIToken](a, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "test", UserID: userID})
	if v.Token == "" {
		a.t.Fatal("token create answered no secret")
	}
	return v.Token
}

// principal creates a user (in account, nil for MSP staff) holding perms
// and returns it with a client acting as it.
func (a *api) principal(account *string, perms ...string) (*client.User, *api) {
	a.t.Helper()
	u := a.user(client.UserCreateRequest{CustomerAccountID: account})
	if len(perms) > 0 {
		g := a.group(perms...)
		a.addMember(g.ID, u.ID)
	}
	return u, a.as(a.tokenFor(u.ID))
}

func ptr[T any](v T) *T { return &v }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
