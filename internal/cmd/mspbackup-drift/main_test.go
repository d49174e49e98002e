package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The testdata plans are real `terraform plan -json` output of
// TestAccDriftAttribution (internal/provider): see testdata/README.md.
func TestReport(t *testing.T) {
	for _, tt := range []struct {
		name, input string
		args        []string
		code        int
		want        []string // lines or fragments of the report, or of the error
		notWant     []string
	}{
		{
			name: "attributed drift, from a file", args: []string{"testdata/plan-drift.json"}, code: 2,
			want: []string{
				"10 resources were changed outside Terraform (Plan: 1 to add, 9 to change, 0 to destroy).",
				"| Resource | Change | Fields | Who | How | When (UTC) |",
				"| `mspbackup_customer_account.acct[0]` | changed | name | ops@msp.example | web console | 20",
				"| `mspbackup_customer_account.acct[1]` | changed | description | ci@msp.example | API token \"nightly-sync\" | 20",
				"|  | then | name | ops@msp.example | web console | 20",
				"| `mspbackup_customer_account.acct[2]` | deleted |  | ops@msp.example | web console | 20",
				"| `mspbackup_customer_account.acct[9]` | changed | description | ci@msp.example | API token \"nightly-sync\" | 20",
				"(Terraform 1.16.4)",
			},
			notWant: []string{"unknown"},
		},
		{
			name: "attributed drift, Terraform 1.8.5", args: []string{"testdata/plan-drift-1.8.5.json"}, code: 2,
			want: []string{
				"| `mspbackup_customer_account.acct[0]` | changed | name | ops@msp.example | web console | 20",
				"| `mspbackup_customer_account.acct[2]` | deleted |  | ops@msp.example | web console | 20",
				"(Terraform 1.8.5", // the CLI built from source says 1.8.5-dev
			},
			notWant: []string{"unknown"},
		},
		{
			name: "drift without audit:read, from stdin", input: "testdata/plan-unattributed.json", code: 2,
			want: []string{
				"| `mspbackup_customer_account.acct[0]` | changed | | unknown | | |",
				"| `mspbackup_customer_account.acct[2]` | deleted | | unknown | | |",
				"`audit:read`",
			},
		},
		{
			name: "no drift", args: []string{"-"}, input: "testdata/plan-clean.json", code: 0,
			want:    []string{"No drift: every resource is as Terraform last left it."},
			notWant: []string{"| Resource"},
		},
		{
			name: "a failed plan", code: 1,
			input: `{"type":"version","terraform":"1.16.4"}` + "\n" +
				`{"@level":"error","type":"diagnostic","diagnostic":{"severity":"error","summary":"Unable to read customer account"}}`,
			want: []string{"the plan failed: Unable to read customer account"},
		},
		{name: "not JSON", input: "Terraform will perform the following actions:", code: 1, want: []string{"line 1 is not JSON"}},
		{name: "no input", input: "", code: 1, want: []string{"no input"}},
		{name: "a missing file", args: []string{"testdata/no-such-plan.json"}, code: 1, want: []string{"no-such-plan.json"}},
		{name: "two files", args: []string{"a.json", "b.json"}, code: 1, want: []string{"usage: mspbackup-drift"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			input := tt.input
			if strings.HasPrefix(input, "testdata/") {
				input = string(mustRead(t, input))
			}
			var stdout, stderr bytes.Buffer
			code := run(tt.args, strings.NewReader(input), &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if code != tt.code {
				t.Errorf("exit %d, want %d:\n%s", code, tt.code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(out, w) {
					t.Errorf("the output has %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestParseWarning(t *testing.T) {
	for _, tt := range []struct {
		summary string
		want    []change
		deleted bool
	}{
		{`mspbackup_user "alice@acme.example" was changed outside Terraform: display_name, mobile_phone, by ops@msp.example in the console at 2026-12-06T10:14:03Z`,
			[]change{{"display_name, mobile_phone", "ops@msp.example", "web console", "2026-12-06T10:14:03Z"}}, false},
		{`mspbackup_group "Ops" was changed outside Terraform: permissions, by the bootstrap administrator with an API token at 2026-12-06T10:14:03Z; then description, by bob@msp.example through an API sign-in at 2026-12-06T11:00:00Z`,
			[]change{{"permissions", "the bootstrap administrator", "API token", "2026-12-06T10:14:03Z"},
				{"description", "bob@msp.example", "API sign-in", "2026-12-06T11:00:00Z"}}, false},
		{`mspbackup_storage_limit "Gold" was deleted outside Terraform by ci@msp.example with the API token "cleanup" at 2026-12-06T10:14:03Z`,
			[]change{{"", "ci@msp.example", `API token "cleanup"`, "2026-12-06T10:14:03Z"}}, true},
	} {
		got, deleted, ok := parseWarning(tt.summary)
		if !ok || deleted != tt.deleted || len(got) != len(tt.want) {
			t.Errorf("%s: %+v %v %v", tt.summary, got, deleted, ok)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: change %d is %+v, want %+v", tt.summary, i, got[i], tt.want[i])
			}
		}
	}
	if _, _, ok := parseWarning("mspbackup_user usr_1 no longer exists"); ok {
		t.Error("another warning taken for a drift warning")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
