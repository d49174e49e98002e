package cliflags_test

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/cliflags"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args                []string
		help                bool
		err, stdout, stderr string // parts expected; "" expects none
	}{
		{args: []string{"--name", "x"}},
		{args: []string{"--help"}, help: true, stdout: "Usage: cmd\n  -name"},
		{args: []string{"--colour", "red"}, err: "colour", stderr: "Usage: cmd\n  -name"},
		{args: []string{"--name", "x", "stray"}, err: "unexpected arguments: stray"},
	} {
		fs := flag.NewFlagSet("cmd", flag.ContinueOnError)
		fs.String("name", "", "a name")
		var stdout, stderr bytes.Buffer
		help, err := cliflags.Parse(fs, tc.args, "Usage: cmd\n", &stdout, &stderr)
		if help != tc.help || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%v: help %v, err %v; want help %v, err %q", tc.args, help, err, tc.help, tc.err)
		}
		for _, out := range []struct {
			name, got, want string
		}{{"stdout", stdout.String(), tc.stdout}, {"stderr", stderr.String(), tc.stderr}} {
			if out.want == "" && out.got != "" || !strings.Contains(out.got, out.want) {
				t.Errorf("%v: %s %q, want %q", tc.args, out.name, out.got, out.want)
			}
		}
	}
}
