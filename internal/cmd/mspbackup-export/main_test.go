package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestRun(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.Options{})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.CustomerAccounts.Create(t.Context(), &client.CustomerAccountCreateRequest{Name: "Acme Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Create(t.Context(), &client.UserCreateRequest{Login: "alice", Email: "alice@acme.example", CustomerAccountID: &a.ID}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MSPBACKUP_ENDPOINT": srv.URL, "MSPBACKUP_API_TOKEN": srv.Token}
	getenv := func(k string) string { return env[k] }
	noEnv := func(string) string { return "" }

	tests := []struct {
		name       string
		args       func(out string) []string
		getenv     func(string) string
		wantErr    string
		wantFiles  []string
		wantStdout string
		wantStderr string
	}{
		{
			name:       "whole console from the environment",
			args:       func(out string) []string { return []string{"--out", out} },
			getenv:     getenv,
			wantFiles:  []string{"customer_acme_ltd.tf", "msp.tf", "provider.tf", "versions.tf"},
			wantStdout: "Wrote 4 files into",
			wantStderr: "mspbackup-export: read 1 users",
		},
		{
			name: "one customer account from flags",
			args: func(out string) []string {
				return []string{"--endpoint", srv.URL, "--api-token", srv.Token, "--customer-account", "ACME LTD", "--out", out}
			},
			getenv:     noEnv,
			wantFiles:  []string{"customer_acme_ltd.tf", "provider.tf", "versions.tf"},
			wantStdout: "2 objects to import", // the account and alice; groups are MSP-level
		},
		{
			name:       "a root module per customer account",
			args:       func(out string) []string { return []string{"--out", out, "--layout", "per-customer-account"} },
			getenv:     getenv,
			wantFiles:  []string{"customer_acme_ltd", "msp"},
			wantStdout: "into 2 root modules",
		},
		{
			name:    "an unknown layout",
			args:    func(out string) []string { return []string{"--out", out, "--layout", "per-tenant"} },
			getenv:  getenv,
			wantErr: `--layout must be "one-root" or "per-customer-account", not "per-tenant"`,
		},
		{
			name:    "nothing to connect with",
			args:    func(string) []string { return nil },
			getenv:  noEnv,
			wantErr: "missing --out (the directory to write into); the endpoint (--endpoint or MSPBACKUP_ENDPOINT); the API token (MSPBACKUP_API_TOKEN or --api-token)",
		},
		{
			name:    "a bad token",
			args:    func(out string) []string { return []string{"--api-token", "wrong", "--out", out} },
			getenv:  getenv,
			wantErr: "401",
		},
		{
			name:    "stray argument",
			args:    func(out string) []string { return []string{"--out", out, "extra"} },
			getenv:  getenv,
			wantErr: "unexpected arguments: extra",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "adopted")
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tt.args(out), tt.getenv, &stdout, &stderr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), srv.Token) || strings.Contains(stderr.String(), srv.Token) {
					t.Error("the API token reached an error or standard error")
				}
				return
			}
			if err != nil {
				t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if got, want := strings.Join(names, " "), strings.Join(tt.wantFiles, " "); got != want {
				t.Errorf("files = %s, want %s", got, want)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"--help"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"-out", "-customer-account", "-memberships", "-layout", "-endpoint", "-api-token"} {
		if !strings.Contains(stdout.String(), flag) {
			t.Errorf("--help does not describe %s:\n%s", flag, stdout.String())
		}
	}
}
