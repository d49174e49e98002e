package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
)

// A backup taken while writers keep creating objects holds every write
// acknowledged before it started, passes an integrity check, and serves as
// a database as it is (SQLite) or once pg_restore has loaded it into an
// empty database (PostgreSQL).
func TestBackupUnderWriteLoadServesEveryEarlierWrite(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "live.db")
			if backend == "postgres" {
				db = pgtest.Database(t)
			}
			live, err := startReplica(t, db, "", 0)
			if err != nil {
				t.Fatal(err)
			}

			var mu sync.Mutex
			acked := map[string]string{} // id -> name
			stop := make(chan struct{})
			enough := make(chan struct{})
			var enoughOnce sync.Once
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						name := fmt.Sprintf("load-%d-%d", w, i)
						id, res := createAccount(t, live, name)
						if id == "" {
							t.Errorf("create %s: %d %s", name, res.status, res.body)
							return
						}
						mu.Lock()
						acked[id] = name
						if len(acked) >= 200 {
							enoughOnce.Do(func() { close(enough) })
						}
						mu.Unlock()
					}
				})
			}
			<-enough
			mu.Lock()
			before := make(map[string]string, len(acked))
			for id, name := range acked {
				before[id] = name
			}
			mu.Unlock()

			out := filepath.Join(dir, "backup")
			var stdout, stderr syncBuffer
			err = run(t.Context(), []string{"backup", "--db", db, "--out", out}, os.Getenv, &stdout, &stderr)
			mu.Lock()
			during := len(acked) - len(before) // written while the backup ran, or just after
			mu.Unlock()
			close(stop)
			wg.Wait()
			if err != nil {
				t.Fatalf("backup: %v\n%s", err, stderr.String())
			}
			t.Logf("%d writes before the backup, %d more by the time it returned", len(before), during)
			if !strings.Contains(stdout.String(), "backed up") || strings.Contains(stdout.String(), "password") {
				t.Errorf("stdout: %q", stdout.String())
			}
			if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("the copy: %v, %v; want mode 0600", fi, err)
			}

			restored := out
			if backend == "sqlite" {
				integrityCheck(t, out)
			} else {
				restored = pgtest.Database(t)
				cmd := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "--dbname="+restored, out)
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("pg_restore: %v\n%s", err, msg)
				}
			}
			copied, err := startReplica(t, restored, "", 1)
			if err != nil {
				t.Fatal(err)
			}
			checkAccountNames(t, copied, before, " in the copy")
			// The copy is a database that takes writes.
			mustCall(t, copied, replicaToken, "POST", "/customer-accounts", client.CustomerAccountCreateRequest{Name: "after the restore"}, http.StatusCreated)
		})
	}
}

func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&result); err != nil || result != "ok" {
		t.Fatalf("integrity_check of the copy: %q, %v", result, err)
	}
}

func TestBackupRefusesWhatWouldLoseData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.db")
	notOurs := filepath.Join(dir, "other.db")
	other, err := sql.Open("sqlite", notOurs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	other.Close()
	live := filepath.Join(dir, "live.db")
	var stdout, stderr syncBuffer
	if err := run(t.Context(), []string{"backup", "--db", live, "--out", filepath.Join(dir, "first")}, os.Getenv, &stdout, &stderr); err == nil {
		t.Fatal("a backup of a database that does not exist succeeded")
	}
	for _, tt := range []struct {
		name    string
		args    []string
		wantErr string
		noFile  string // must not exist afterwards
	}{
		{"no --out", []string{"--db", missing}, "--out is required", ""},
		{"a missing database", []string{"--db", missing, "--out", filepath.Join(dir, "a")}, "missing.db", filepath.Join(dir, "a")},
		{"an existing file", []string{"--db", notOurs, "--out", existing}, "choose a new file", ""},
		{"not an mspbackup database", []string{"--db", notOurs, "--out", filepath.Join(dir, "b")}, "not an mspbackup database", filepath.Join(dir, "b")},
		{"a stray argument", []string{"--db", notOurs, "--out", filepath.Join(dir, "c"), "now"}, "unexpected arguments", filepath.Join(dir, "c")},
	} {
		err := run(t.Context(), append([]string{"backup"}, tt.args...), os.Getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.wantErr)
		}
		if tt.noFile != "" {
			if _, err := os.Stat(tt.noFile); err == nil {
				t.Errorf("%s: left %s behind", tt.name, tt.noFile)
			}
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Errorf("an existing --out file was overwritten: %q", b)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("backing up a missing database created it")
	}
}

func TestWithoutPasswordKeepsThePasswordOffTheCommandLine(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, conn, password string }{
		{"postgres://u:s3cret@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?sslmode=disable", "s3cret"},
		{"postgres://u@h/db?password=s3cret&sslmode=require", "postgres://u@h/db?sslmode=require", "s3cret"},
		{"postgresql://h/db", "postgresql://h/db", ""},
	} {
		conn, password, err := withoutPassword(tt.in)
		if err != nil || conn != tt.conn || password != tt.password {
			t.Errorf("withoutPassword(%q) = %q, %q, %v; want %q, %q", tt.in, conn, password, err, tt.conn, tt.password)
		}
	}
}
