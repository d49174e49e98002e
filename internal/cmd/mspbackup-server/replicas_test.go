package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
)

// These tests run two mspbackup-server processes (this test binary,
// re-executed as the server: see TestMain) on one PostgreSQL database and
// check that every rule holds across them. They need PostgreSQL and fail,
// naming the command that installs it, where it is missing.

// envChild makes the test binary run as mspbackup-server.
const envChild = "MSPBACKUP_TEST_SERVER_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" {
		main() // flags come from os.Args; exits non-zero on error
		os.Exit(0)
	}
	pgtest.Main(m)
}

const replicaToken = "mspb_replica-test-bootstrap-token-0123456789abcdef"

// replica is one running server process.
type replica struct {
	url    string // http://127.0.0.1:port/api/v1 (https:// with --tls-cert)
	cmd    *exec.Cmd
	exited chan struct{}
	log    string       // the file of its standard error
	client *http.Client // nil: http.DefaultClient
}

// startReplicas starts n server processes on one new database, all at once
// (so they race to apply the migrations), and stops them at the end.
func startReplicas(t *testing.T, n int, licenses string) (string, []*replica) {
	t.Helper()
	db := pgtest.Database(t)
	reps := make([]*replica, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { reps[i], errs[i] = startReplica(t, db, licenses, i) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return db, reps
}

func startReplica(t *testing.T, db, licenses string, i int) (*replica, error) {
	// No rate limit: these tests hammer the replicas on purpose, and the
	// limit is per replica (see the README).
	return startProcess(t, fmt.Sprintf("replica %d", i), "--db", db, "--licenses", licenses, "--rate-limit", "0")
}

// startProcess starts the server as a process of its own, listening on a
// free loopback port, with the bootstrap token replicaToken, and stops it
// (SIGINT) at the end of the test unless it has exited.
func startProcess(t *testing.T, name string, args ...string) (*replica, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, append([]string{"--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), envChild+"=1", "MSPBACKUP_BOOTSTRAP_TOKEN="+replicaToken)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := &replica{cmd: cmd, exited: make(chan struct{}), log: logFile.Name()}
	go func() { cmd.Wait(); logFile.Close(); close(r.exited) }() //nolint:errcheck // exit status: see the log
	t.Cleanup(func() {
		select {
		case <-r.exited:
		default:
			_ = cmd.Process.Signal(os.Interrupt)
			<-r.exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(logFile.Name())
			if len(log) > 4000 {
				log = log[len(log)-4000:]
			}
			t.Logf("%s log (tail):\n%s", name, log)
		}
	})
	sc := bufio.NewScanner(stdout)
	re := regexp.MustCompile(`listening on (https?://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			r.url = m[1] + "/api/v1"
			go io.Copy(io.Discard, stdout) //nolint:errcheck // drain
			return r, nil
		}
	}
	<-r.exited
	log, _ := os.ReadFile(logFile.Name())
	return nil, fmt.Errorf("%s never listened: %s", name, log)
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decode %s: %v", a.body, err)
	}
}

// call sends one request to a replica; headers are name, value pairs.
func call(t *testing.T, r *replica, token, method, path string, body any, headers ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Error(err)
			return answer{}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, r.url+path, rd)
	if err != nil {
		t.Error(err)
		return answer{}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c := r.client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return answer{status: -1, body: []byte(err.Error())}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// mustCall is call, failing the test unless the status is want.
func mustCall(t *testing.T, r *replica, token, method, path string, body any, want int, headers ...string) answer {
	t.Helper()
	a := call(t, r, token, method, path, body, headers...)
	if a.status != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, a.status, a.body, want)
	}
	return a
}

func createUser(t *testing.T, r *replica, req client.UserCreateRequest) client.User {
	t.Helper()
	var u client.User
	mustCall(t, r, replicaToken, "POST", "/users", req, http.StatusCreated).decode(t, &u)
	return u
}

// createAccount creates a customer account named name on r and answers its
// id, or "" (and the answer) when r did not answer 201 with one.
func createAccount(t *testing.T, r *replica, name string) (string, answer) {
	t.Helper()
	res := call(t, r, replicaToken, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: name})
	var v client.CustomerAccount
	if res.status != http.StatusCreated || json.Unmarshal(res.body, &v) != nil {
		return "", res
	}
	return v.ID, res
}

func TestReplicasNeverOversubscribeTheLicencePool(t *testing.T) {
	t.Parallel()
	const pool, grabs = 20, 50
	_, reps := startReplicas(t, 2, fmt.Sprintf("server=%d", pool))
	users := make([]client.User, grabs)
	for i := range users {
		users[i] = createUser(t, reps[i%2], client.UserCreateRequest{Login: fmt.Sprintf("grab-%d", i), MFAMethod: client.MFAMethodNone})
	}
	granted, refused := grabInParallel(t, reps, users)
	if granted != pool || refused != grabs-pool {
		t.Errorf("%d grabs over two replicas: %d granted, %d refused; want %d and %d", grabs, granted, refused, pool, grabs-pool)
	}
	for _, r := range reps {
		var lp client.LicensePool
		mustCall(t, r, replicaToken, "GET", "/license-pool", nil, http.StatusOK).decode(t, &lp)
		for _, e := range lp.Items {
			if e.LicenseType == "server" && (e.Assigned != pool || e.Available != 0) {
				t.Errorf("pool on %s: %+v, want %d assigned and none available", r.url, e, pool)
			}
		}
	}
}

func TestReplicasKeepLoginsUniqueCaseInsensitively(t *testing.T) {
	t.Parallel()
	_, reps := startReplicas(t, 2, "")
	variants := []string{"Shared.Login", "shared.login", "SHARED.LOGIN", "Ｓhared.Login"} // the last with a fullwidth S
	var created atomic.Int64
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			a := call(t, reps[i%2], replicaToken, "POST", "/users",
				client.UserCreateRequest{Login: variants[i%len(variants)], MFAMethod: client.MFAMethodNone})
			switch a.status {
			case http.StatusCreated:
				created.Add(1)
			case http.StatusConflict:
			default:
				t.Errorf("create %q on replica %d: %d %s", variants[i%len(variants)], i%2, a.status, a.body)
			}
		})
	}
	wg.Wait()
	if created.Load() != 1 {
		t.Errorf("20 concurrent creates of one login over two replicas: %d created, want 1", created.Load())
	}
	// Created on one replica, refused on the other afterwards too.
	for _, r := range reps {
		mustCall(t, r, replicaToken, "POST", "/users", client.UserCreateRequest{Login: "sHaReD.lOgIn", MFAMethod: client.MFAMethodNone}, http.StatusConflict)
	}
}

func TestReplicasReplayIdempotentCreates(t *testing.T) {
	t.Parallel()
	_, reps := startReplicas(t, 2, "")
	body := client.CustomerAccountCreateRequest{Name: "Retried Ltd"}
	var first, again client.CustomerAccount
	mustCall(t, reps[0], replicaToken, "POST", "/customer-accounts", body, http.StatusCreated, "Idempotency-Key", "retry-1").decode(t, &first)
	a := mustCall(t, reps[1], replicaToken, "POST", "/customer-accounts", body, http.StatusCreated, "Idempotency-Key", "retry-1")
	a.decode(t, &again)
	if again.ID != first.ID || a.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry on the other replica: %s (replayed %q), want the first answer %s", again.ID, a.header.Get("Idempotent-Replayed"), first.ID)
	}

	// The same request sent to both replicas at once: one account, and every
	// answer is it or a 409 asking to retry.
	concurrent := client.CustomerAccountCreateRequest{Name: "Concurrent Ltd"}
	ids := make([]string, 10)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			a := call(t, reps[i%2], replicaToken, "POST", "/customer-accounts", concurrent, "Idempotency-Key", "together-1")
			switch {
			case a.status == http.StatusCreated:
				var v client.CustomerAccount
				if err := json.Unmarshal(a.body, &v); err != nil {
					t.Error(err)
				}
				ids[i] = v.ID
			case a.status == http.StatusConflict && a.header.Get("Retry-After") != "":
			default:
				t.Errorf("concurrent idempotent create on replica %d: %d %s", i%2, a.status, a.body)
			}
		})
	}
	wg.Wait()
	var page client.Page[client.CustomerAccount]
	mustCall(t, reps[1], replicaToken, "GET", "/customer-accounts?name=Concurrent+Ltd", nil, http.StatusOK).decode(t, &page)
	if len(page.Items) != 1 {
		t.Fatalf("%d accounts named Concurrent Ltd, want 1", len(page.Items))
	}
	for i, id := range ids {
		if id != "" && id != page.Items[0].ID {
			t.Errorf("answer %d: %s, want %s", i, id, page.Items[0].ID)
		}
	}
}

func TestReplicasRefuseARevokedTokenAtOnce(t *testing.T) {
	t.Parallel()
	_, reps := startReplicas(t, 2, "")
	a, b := reps[0], reps[1]
	u := createUser(t, a, client.UserCreateRequest{Login: "operator", MFAMethod: client.MFAMethodNone})
	mustCall(t, a, replicaToken, "PUT", "/groups/grp_administrators/members/"+u.ID, nil, http.StatusCreated)
	var tok client.APIToken
	mustCall(t, a, replicaToken, "POST", "/tokens", client.APITokenCreateRequest{Name: "ci", UserID: u.ID}, http.StatusCreated).decode(t, &tok)
	// Used on B (which caches the authentication), revoked on A: refused
	// on B by the very next request.
	mustCall(t, b, tok.Token, "GET", "/customer-accounts", nil, http.StatusOK)
	mustCall(t, b, tok.Token, "GET", "/customer-accounts", nil, http.StatusOK)
	mustCall(t, a, replicaToken, "DELETE", "/tokens/"+tok.ID, nil, http.StatusNoContent)
	mustCall(t, b, tok.Token, "GET", "/customer-accounts", nil, http.StatusUnauthorized)

	// A membership removed on B takes the rights away on A at once.
	mustCall(t, b, replicaToken, "POST", "/tokens", client.APITokenCreateRequest{Name: "ci2", UserID: u.ID}, http.StatusCreated).decode(t, &tok)
	mustCall(t, a, tok.Token, "GET", "/customer-accounts", nil, http.StatusOK)
	mustCall(t, b, replicaToken, "DELETE", "/groups/grp_administrators/members/"+u.ID, nil, http.StatusNoContent)
	mustCall(t, a, tok.Token, "GET", "/customer-accounts", nil, http.StatusForbidden)
}

// A suspension or a deletion made on one replica refuses the tenant's
// token on the other by the very next request; the deletion waits the
// default --deletion-grace.
func TestReplicasRefuseASuspendedOrDeletedTenantAtOnce(t *testing.T) {
	t.Parallel()
	_, reps := startReplicas(t, 2, "")
	a, b := reps[0], reps[1]
	acc, res := createAccount(t, a, "Tenant Ltd")
	if acc == "" {
		t.Fatalf("create the account: %d %s", res.status, res.body)
	}
	u := createUser(t, a, client.UserCreateRequest{Login: "tenant-user", CustomerAccountID: &acc, MFAMethod: client.MFAMethodNone})
	var tok client.APIToken
	mustCall(t, a, replicaToken, "POST", "/tokens", client.APITokenCreateRequest{Name: "agent", UserID: u.ID}, http.StatusCreated).decode(t, &tok)
	mustCall(t, b, tok.Token, "GET", "/users/"+u.ID, nil, http.StatusOK) // cached on B

	mustCall(t, a, replicaToken, "PATCH", "/customer-accounts/"+acc, client.CustomerAccountUpdateRequest{Status: ptr(client.CustomerAccountSuspended)}, http.StatusOK)
	if r := call(t, b, tok.Token, "GET", "/users/"+u.ID, nil); r.status != http.StatusForbidden || !strings.Contains(string(r.body), "suspended") {
		t.Errorf("a suspended tenant's token on the other replica: %d %s", r.status, r.body)
	}
	mustCall(t, b, replicaToken, "PATCH", "/customer-accounts/"+acc, client.CustomerAccountUpdateRequest{Status: ptr(client.CustomerAccountActive)}, http.StatusOK)
	mustCall(t, a, tok.Token, "GET", "/users/"+u.ID, nil, http.StatusOK)

	before := time.Now()
	mustCall(t, b, replicaToken, "DELETE", "/customer-accounts/"+acc, nil, http.StatusNoContent)
	if r := call(t, a, tok.Token, "GET", "/users/"+u.ID, nil); r.status != http.StatusForbidden || !strings.Contains(string(r.body), "pending deletion") {
		t.Errorf("a deleted tenant's token on the other replica: %d %s", r.status, r.body)
	}
	var pending client.CustomerAccount
	mustCall(t, a, replicaToken, "GET", "/customer-accounts/"+acc, nil, http.StatusOK).decode(t, &pending)
	if pending.Status != client.CustomerAccountPendingDeletion || pending.PurgeAfter == nil ||
		pending.PurgeAfter.Before(before.Add(720*time.Hour)) || pending.PurgeAfter.After(time.Now().Add(720*time.Hour)) {
		t.Errorf("deleted account: %+v, want pending_deletion for the default 720h", pending)
	}
}

func TestReplicasShareSignInLockout(t *testing.T) {
	t.Parallel()
	_, reps := startReplicas(t, 2, "")
	const password = "correct horse battery staple"
	createUser(t, reps[0], client.UserCreateRequest{Login: "locked", Password: password, MFAMethod: client.MFAMethodNone})
	for i := range loginFailureLimitForTest {
		mustCall(t, reps[i%2], "", "POST", "/auth/login", client.LoginRequest{Login: "locked", Password: "wrong password " + fmt.Sprint(i)}, http.StatusUnauthorized)
	}
	// Five failures spread over two replicas lock the login on both: even
	// the right password is refused.
	for _, r := range reps {
		a := mustCall(t, r, "", "POST", "/auth/login", client.LoginRequest{Login: "LOCKED", Password: password}, http.StatusTooManyRequests)
		if a.header.Get("Retry-After") == "" {
			t.Errorf("lockout on %s: no Retry-After", r.url)
		}
	}
}

// loginFailureLimitForTest is the server's failed-password limit per login
// (internal/server: loginFailureLimit).
const loginFailureLimitForTest = 5

func TestReplicasLoseNoAcknowledgedWriteWhenOneIsKilled(t *testing.T) {
	t.Parallel()
	_, reps := startReplicas(t, 2, "")
	a, b := reps[0], reps[1]
	const workers = 4
	var mu sync.Mutex
	acked := map[string]string{} // id -> name
	var onA, afterKill atomic.Int64
	killed := make(chan struct{})
	var killOnce sync.Once
	var wg sync.WaitGroup
	for w := range 2 * workers {
		r := reps[w%2]
		wg.Go(func() {
			for i := 0; ; i++ {
				// B's workers stop 40 writes after the kill (or after 500
				// each, should A fail before it is killed).
				if r == b && (afterKill.Load() >= 40 || i >= 500) {
					return
				}
				name := fmt.Sprintf("load-%d-%d", w, i)
				id, res := createAccount(t, r, name)
				if id == "" {
					if r == a {
						select {
						case <-killed:
							return // the replica is gone: unacknowledged, may or may not exist
						default:
						}
					}
					t.Errorf("create %s on %s: %d %s", name, r.url, res.status, res.body)
					return
				}
				mu.Lock()
				acked[id] = name
				mu.Unlock()
				if r == a && onA.Add(1) == 40 {
					killOnce.Do(func() {
						close(killed)
						_ = a.cmd.Process.Kill() // SIGKILL, writes in flight
					})
				}
				select {
				case <-killed:
					if r == b {
						afterKill.Add(1)
					}
				default:
				}
			}
		})
	}
	wg.Wait()
	<-a.exited
	if len(acked) < 80 {
		t.Fatalf("only %d writes acknowledged", len(acked))
	}
	checkAccountNames(t, b, acked, "")
	// The survivor keeps serving writes.
	mustCall(t, b, replicaToken, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: "after the kill"}, http.StatusCreated)
}

// checkAccountNames reads each customer account of names (id to name) from
// r and checks its name; where names r in the errors.
func checkAccountNames(t *testing.T, r *replica, names map[string]string, where string) {
	t.Helper()
	for id, name := range names {
		var v client.CustomerAccount
		mustCall(t, r, replicaToken, "GET", "/customer-accounts/"+id, nil, http.StatusOK).decode(t, &v)
		if v.Name != name {
			t.Errorf("%s%s: name %q, want %q", id, where, v.Name, name)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestRedactURLHidesThePassword(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"postgres://mspbackup:s3cret-pw@db.example:5432/mspbackup?sslmode=require",
		"postgresql://db.example/mspbackup?user=mspbackup&password=s3cret-pw",
	} {
		if got := redactURL(u); strings.Contains(got, "s3cret-pw") || !strings.Contains(got, "db.example") {
			t.Errorf("redactURL(%q) = %q: want the host kept and the password hidden", u, got)
		}
	}
}
