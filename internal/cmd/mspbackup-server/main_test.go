package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// background is a run of the server in the background (runInBackground).
type background struct {
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan error // run's answer
}

// runInBackground starts run with args and the environment env; the run
// ends with the test, or with stop.
func runInBackground(t *testing.T, args []string, env func(string) string) *background {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	b := &background{cancel: cancel, done: make(chan error, 1)}
	go func() { b.done <- run(ctx, args, env, &b.stdout, &b.stderr) }()
	return b
}

// addresses waits until the run has printed the address after each of
// labels ("listening on", "metrics on") and returns them; it fails the test
// when one has not come within 10 seconds.
func (b *background) addresses(t *testing.T, labels ...string) []string {
	t.Helper()
	out := make([]string, len(labels))
	for deadline := time.Now().Add(10 * time.Second); slices.Contains(out, "") && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for i, label := range labels {
			if m := regexp.MustCompile(label + ` (http://\S+)`).FindStringSubmatch(b.stdout.String()); m != nil {
				out[i] = m[1]
			}
		}
	}
	if slices.Contains(out, "") {
		t.Fatalf("never listened; stdout %q stderr %q", b.stdout.String(), b.stderr.String())
	}
	return out
}

// stop ends the run and returns its error.
func (b *background) stop() error {
	b.cancel()
	return <-b.done
}

func noEnv(string) string { return "" }

func TestRunServesAndShutsDownGracefully(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "m.db")
	srv := runInBackground(t, []string{"--listen", "127.0.0.1:0", "--db", db, "--licenses", "workstation=7"}, noEnv)
	base := srv.addresses(t, "listening on")[0]
	stdout, stderr := &srv.stdout, &srv.stderr
	token := regexp.MustCompile(`token[^:]*: (mspb_\S+)`).FindStringSubmatch(stdout.String())
	if token == nil {
		t.Fatalf("no generated bootstrap token printed: %q", stdout.String())
	}
	if err := server.CheckBootstrapToken(token[1]); err != nil {
		t.Errorf("the generated bootstrap token %v", err)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/license-pool", nil)
	req.Header.Set("Authorization", "Bearer "+token[1])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(body.String(), `"license_type":"workstation","total":7`) {
		t.Fatalf("GET /license-pool: %d %s", res.StatusCode, body.String())
	}
	srv.cancel()
	select {
	case err := <-srv.done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if _, err := http.Get(base + "/api/v1/permissions"); err == nil {
		t.Error("still serving after shutdown")
	}
	if !strings.Contains(stderr.String(), `"path":"/api/v1/license-pool"`) || strings.Contains(stderr.String(), token[1]) {
		t.Errorf("access log missing or holding the token: %s", stderr.String())
	}
}

func TestRunUsesTheBootstrapTokenFromTheEnvironment(t *testing.T) {
	t.Parallel()
	srv := runInBackground(t, []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "e.db")},
		func(k string) string {
			if k == "MSPBACKUP_BOOTSTRAP_TOKEN" {
				return "from-env-token-0123456789abcdefghij"
			}
			return ""
		})
	srv.addresses(t, "listening on")
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(srv.stdout.String(), "token") {
		t.Errorf("printed a token although one was given: %q", srv.stdout.String())
	}
}

func TestRunFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		wantErr string
		stdout  string
	}{
		{[]string{"--help"}, "", "-licenses string"},
		{[]string{"--licenses", "gold=1"}, "unknown licence type", ""},
		{[]string{"--licenses", "server=-1"}, "integer >= 0", ""},
		{[]string{"--rate-limit", "-1"}, "0 or more", ""},
		{[]string{"--deletion-grace", "-1h"}, "--deletion-grace must be 0 or more", ""},
		{[]string{"--help"}, "", "-deletion-grace duration"},
		{[]string{"--nope"}, "flag provided but not defined", ""},
	}
	for _, tt := range tests {
		var stdout, stderr syncBuffer
		err := run(t.Context(), append(tt.args, "--db", filepath.Join(t.TempDir(), "f.db"), "--listen", "127.0.0.1:0"),
			func(string) string { return "" }, &stdout, &stderr)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error()+stderr.String(), tt.wantErr)) {
			t.Errorf("%v: err %v, want %q", tt.args, err, tt.wantErr)
		}
		if !strings.Contains(stdout.String(), tt.stdout) {
			t.Errorf("%v: stdout %q lacks %q", tt.args, stdout.String(), tt.stdout)
		}
	}
}

func TestParseLicenses(t *testing.T) {
	t.Parallel()
	got, err := parseLicenses("workstation=100, server=20")
	if err != nil || got["workstation"] != 100 || got["server"] != 20 || len(got) != 2 {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := parseLicenses("server=1,server=2"); err == nil {
		t.Error("duplicate type accepted")
	}
}

func TestRunRefusesAWeakBootstrapToken(t *testing.T) {
	t.Parallel()
	const long = "0123456789abcdefghijklmnopqrstuvwxyz"
	tests := []struct{ name, token, rule string }{
		{"short", "s3cret-but-only-31-characters-x", "at least 32 characters"},
		{"leading space", " " + long, "whitespace"},
		{"trailing new line", long + "\n", "whitespace"},
		{"trailing tab", long + "\t", "whitespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			db := filepath.Join(t.TempDir(), "t.db")
			err := run(t.Context(), []string{"--listen", "127.0.0.1:0", "--db", db},
				func(k string) string {
					if k == "MSPBACKUP_BOOTSTRAP_TOKEN" {
						return tt.token
					}
					return ""
				}, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), "MSPBACKUP_BOOTSTRAP_TOKEN") || !strings.Contains(err.Error(), tt.rule) {
				t.Fatalf("run: %v, want an error naming MSPBACKUP_BOOTSTRAP_TOKEN and %q", err, tt.rule)
			}
			if all := err.Error() + stdout.String() + stderr.String(); strings.Contains(all, strings.TrimSpace(tt.token)) {
				t.Errorf("the refused token is shown: %q", all)
			}
			if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a database was created before the token was refused: %v", err)
			}
		})
	}
}

func TestRunWarnsWhenTheDatabaseFileIsShared(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "shared.db")
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := runInBackground(t, []string{"--listen", "127.0.0.1:0", "--db", db}, noEnv)
	srv.addresses(t, "listening on")
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	stderr := &srv.stderr
	if !strings.Contains(stderr.String(), "readable or writable by other users") || !strings.Contains(stderr.String(), `"mode":"0644"`) {
		t.Errorf("no warning about a 0644 database file: %s", stderr.String())
	}
}
