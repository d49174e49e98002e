// Command mspbackup-export writes a console's objects as a Terraform root
// module that adopts them: a resource block and an import block for each,
// so that `terraform plan` on the result only imports. See internal/export.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/cliflags"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/export"
)

func main() {
	cliflags.Main("mspbackup-export", func(ctx context.Context) error { return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr) })
}

// version is set at release with -X main.version.
var version = "dev"

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ", ") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// run exports the console named by the flags and the environment into --out.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mspbackup-export", flag.ContinueOnError)
	out := fs.String("out", "", "`DIR` to write the Terraform root module into (created if missing; must hold no .tf file)")
	endpoint := fs.String("endpoint", "", "the console's base `URL`, without /api/v1 (default: $MSPBACKUP_ENDPOINT)")
	token := fs.String("api-token", "", "the API `TOKEN` to read the console with (default: $MSPBACKUP_API_TOKEN, which keeps it out of the shell history)")
	memberships := fs.String("memberships", "", "`MODE` of writing group memberships: \"members\" (one authoritative mspbackup_group_members per group; "+
		"the default for a whole console) or \"single\" (one mspbackup_group_membership per member; the default with --customer-account)")
	layout := fs.String("layout", export.LayoutOneRoot, "`LAYOUT` of the output: \""+export.LayoutOneRoot+"\" (one root module for everything) or \""+
		export.LayoutPerCustomerAccount+"\" (a root module per customer account in DIR/customer_<name>/ and one for the MSP's own objects in DIR/msp/; "+
		"references between roots go through data sources that look objects up by name)")
	var accounts stringsFlag
	fs.Var(&accounts, "customer-account", "export only the customer account with this `NAME` (ignoring letter case) and what belongs to it; repeatable")
	const usage = `Usage: mspbackup-export --out DIR [flags]

Reads an mspbackup console (every page of every list) and writes a Terraform
root module that adopts it: versions.tf, provider.tf, msp.tf (storage, groups,
memberships, MSP companies and staff) and one customer_<name>.tf per customer
account, with a resource block and an import block per object. Then:

  cd DIR && terraform init && terraform plan    # N to import, 0 to add, 0 to change, 0 to destroy

With --layout per-customer-account, each customer account is a root module of
its own (DIR/customer_<name>/, with its state) and the MSP's objects another
(DIR/msp/); each plans on its own, so CI can plan them in parallel.

Passwords and storage secret keys cannot be read and are left out. Progress
goes to standard error.

Flags:
`
	if help, err := cliflags.Parse(fs, args, usage, stdout, stderr); help || err != nil {
		return err
	}
	var missing []string
	if *out == "" {
		missing = append(missing, "--out (the directory to write into)")
	}
	if *endpoint == "" {
		*endpoint = getenv("MSPBACKUP_ENDPOINT")
	}
	if *endpoint == "" {
		missing = append(missing, "the endpoint (--endpoint or MSPBACKUP_ENDPOINT)")
	}
	if *token == "" {
		*token = getenv("MSPBACKUP_API_TOKEN")
	}
	if *token == "" {
		missing = append(missing, "the API token (MSPBACKUP_API_TOKEN or --api-token)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, "; "))
	}

	c, err := client.New(*endpoint, *token, client.WithUserAgent("mspbackup-export/"+version))
	if err != nil {
		return err
	}
	m, err := export.Export(ctx, c, export.Options{
		CustomerAccounts: accounts, Memberships: *memberships, Layout: *layout, Progress: stderr,
	})
	if err != nil {
		return err
	}
	if err := export.WriteDir(*out, m); err != nil {
		return err
	}
	if len(m.Roots) > 1 {
		fmt.Fprintf(stdout, "Wrote %d files into %d root modules under %s: %d objects to import.\n", len(m.Files), len(m.Roots), *out, m.Imports)
		return nil
	}
	fmt.Fprintf(stdout, "Wrote %d files into %s: %d objects to import.\n", len(m.Files), *out, m.Imports)
	return nil
}
