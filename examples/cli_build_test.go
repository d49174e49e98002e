package examples

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltTerraformBackends checks the Terraform that make builds from the
// Go module proxy (tools/terraform): the remote-state backends replaced by
// stand-ins refuse with an error that says why, and the local backend, which
// every test and the demo use, works. Release binaries (Terraform 1.8.5,
// OpenTofu) have every backend, so the test is theirs to skip.
func TestBuiltTerraformBackends(t *testing.T) {
	tf := terraformEnv(t)
	if strings.Contains(providerAddress(), "opentofu") || !tf.atLeast(t, "1.9.0") {
		t.Skipf("%s is a release build with every backend; only the Terraform built by tools/terraform has stand-ins", tf.bin)
	}
	// The blocks are empty, as when the settings come from -backend-config
	// files: a stand-in knows none of the real backend's arguments.
	for _, tc := range []struct {
		backend string
		refused bool
	}{
		{"local", false}, {"s3", true}, {"azurerm", true}, {"pg", true}, {"gcs", true}, {"kubernetes", true},
	} {
		t.Run(tc.backend, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			writeFile(t, filepath.Join(work, "main.tf"), "terraform {\n  backend \""+tc.backend+"\" {}\n}\n")
			out, err := tf.run(work, "init", "-input=false", "-no-color")
			switch {
			case tc.refused && err == nil:
				t.Fatalf("init with the %s backend succeeded; want the stand-in's refusal:\n%s", tc.backend, out)
			case tc.refused && !strings.Contains(string(out), `the "`+tc.backend+`" backend is not built into this binary`):
				t.Fatalf("init with the %s backend failed without naming the stand-in:\n%s", tc.backend, out)
			case !tc.refused && err != nil:
				t.Fatalf("init with the %s backend: %v\n%s", tc.backend, err, out)
			}
		})
	}
}
