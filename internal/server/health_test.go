package server_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// get sends a GET without a token to a path of the server's root and holds
// the exchange to the OpenAPI document.
func get(t *testing.T, client *http.Client, base, path string) *resp {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/readyz" {
		if err := conformance(t).Check(context.Background(), req, nil, res, b); err != nil {
			t.Errorf("OpenAPI document: %v", err)
		}
	}
	return &resp{status: res.StatusCode, header: res.Header, body: b}
}

// /healthz and /readyz need no token, are not rate limited (a balancer's
// checks must not be refused because of the clients behind it), and
// /readyz turns 503 once the server drains.
func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	frozen := time.Now() // no refill: the limit holds for the whole test
	ts := testserver.Start(t, testserver.Options{RateLimit: 1, Now: func() time.Time { return frozen }})
	for range 5 {
		get(t, http.DefaultClient, ts.URL, "/api/v1/openapi.json")
	}
	if r := get(t, http.DefaultClient, ts.URL, "/api/v1/openapi.json"); r.status != http.StatusTooManyRequests {
		t.Fatalf("the test needs the limit reached: %d", r.status)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := get(t, http.DefaultClient, ts.URL, path); r.status != 200 || string(r.body) != "ok\n" {
			t.Errorf("GET %s past the rate limit: %d %q", path, r.status, r.body)
		}
	}
	ts.Handler.(*server.Server).Drain()
	if r := get(t, http.DefaultClient, ts.URL, "/readyz"); r.status != http.StatusServiceUnavailable || !strings.Contains(string(r.body), "draining") {
		t.Errorf("GET /readyz while draining: %d %s", r.status, r.body)
	}
	if r := get(t, http.DefaultClient, ts.URL, "/healthz"); r.status != 200 {
		t.Errorf("GET /healthz while draining: %d", r.status)
	}
}

// /readyz answers 503 while the database lacks a migration this build
// knows (a copy restored from an older version, say), and 200 again once
// it is applied.
func TestReadinessNeedsEveryMigration(t *testing.T) {
	t.Parallel()
	ts := testserver.Start(t, testserver.Options{})
	driver, dsn := "sqlite", "file:"+ts.DBPath
	if pgtest.Postgres() {
		driver, dsn = "pgx", ts.DBPath
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int64
	var name string
	var at int64
	if err := db.QueryRow(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version DESC LIMIT 1`).Scan(&version, &name, &at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM schema_migrations WHERE version = $1`, version); err != nil {
		t.Fatal(err)
	}
	if r := get(t, http.DefaultClient, ts.URL, "/readyz"); r.status != http.StatusServiceUnavailable || !strings.Contains(string(r.body), "database is not ready") {
		t.Errorf("GET /readyz with migration %d missing: %d %s", version, r.status, r.body)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, version, name, at); err != nil {
		t.Fatal(err)
	}
	if r := get(t, http.DefaultClient, ts.URL, "/readyz"); r.status != 200 {
		t.Errorf("GET /readyz with every migration applied again: %d %s", r.status, r.body)
	}
}
