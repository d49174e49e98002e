package examples

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// listCLI is the first Terraform with list resources and `terraform
// query`, and with actions; OpenTofu has neither.
const listCLI = "1.14.0"

// openTofu reports whether the CLI is OpenTofu.
func (e *tfEnv) openTofu() bool {
	out, err := e.run(".", "version")
	return err == nil && strings.Contains(string(out), "OpenTofu")
}

// skipWithoutQuery skips the test, saying why, on a CLI without list
// resources: OpenTofu, or Terraform older than listCLI.
func (e *tfEnv) skipWithoutQuery(t *testing.T) {
	t.Helper()
	e.skipWithout1_14(t, "list resources or terraform query", "mspbackup-export is its route")
}

// skipWithoutActions skips the test, saying why, on a CLI without actions:
// OpenTofu, or Terraform older than listCLI (both came in 1.14).
func (e *tfEnv) skipWithoutActions(t *testing.T) {
	t.Helper()
	e.skipWithout1_14(t, "actions", "the console and package client run the same verbs")
}

// skipWithout1_14 skips the test on OpenTofu, which has none of what (route
// says how its users get the same), or on Terraform older than listCLI.
func (e *tfEnv) skipWithout1_14(t *testing.T, what, route string) {
	t.Helper()
	if e.openTofu() {
		t.Skipf("OpenTofu has no %s (%s); %s", what, e.bin, route)
	}
	if !e.atLeast(t, listCLI) {
		t.Skipf("%s need Terraform %s or later; %s is %s", what, listCLI, e.bin, e.version(t))
	}
}

// seededSecrets are the secrets the console of TestQueryDiscoversTheConsole
// was seeded with: none may reach the generated configuration.
var seededSecrets = []string{"seeded-password-never-returned", "seeded-storage-secret-never-returned"}

// seedConsole fills a console through the API, as people clicking in it
// would, and returns how many objects Terraform can manage (the built-in
// Administrators group included).
func seedConsole(t *testing.T, c *client.Client) (objects int, tokenSecrets []string) {
	t.Helper()
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	objects = 1 // Administrators
	var limits, storage []string
	for i := range 2 {
		l, err := c.StorageLimits.Create(ctx, &client.StorageLimitCreateRequest{Name: fmt.Sprintf("Tier %d", i), LimitGB: int64(100 * (i + 1))})
		must(err)
		s, err := c.StorageAccounts.Create(ctx, &client.StorageAccountCreateRequest{
			Name: fmt.Sprintf("Backups %d", i), Type: "amazon_s3", Region: "eu-west-2",
			AccessKeyID: fmt.Sprintf("AKIASEED%d", i), SecretAccessKey: seededSecrets[1],
		})
		must(err)
		limits, storage = append(limits, l.ID), append(storage, s.ID)
		objects += 2
	}
	var groups []string
	for _, name := range []string{"Operators", "Helpdesk", "Billing"} {
		g, err := c.Groups.Create(ctx, &client.GroupCreateRequest{Name: name, Description: name + " team", Permissions: []string{client.PermUsersRead}})
		must(err)
		groups = append(groups, g.ID)
		objects++
	}
	for a := range 5 {
		acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: fmt.Sprintf("Tenant %d Ltd", a), Description: "seeded"})
		must(err)
		objects++
		var companies []string
		for co := range 3 {
			comp, err := c.Companies.Create(ctx, &client.CompanyCreateRequest{
				Name: fmt.Sprintf("Tenant %d site %d", a, co), CustomerAccountID: &acct.ID, StorageLimitID: &limits[co%2],
			})
			must(err)
			companies = append(companies, comp.ID)
			objects++
		}
		for u := range 20 {
			req := &client.UserCreateRequest{
				Login: fmt.Sprintf("user%d@tenant%d.example", u, a), Email: fmt.Sprintf("user%d@tenant%d.example", u, a),
				FirstName: "User", LastName: fmt.Sprint(u), DisplayName: fmt.Sprintf("User %d of tenant %d", u, a),
				CustomerAccountID: &acct.ID, CompanyID: &companies[u%3],
				NotificationEmails: []string{fmt.Sprintf("reports@tenant%d.example", a)},
			}
			if u%4 == 0 { // a password costs the server a hash: a few suffice
				req.Password = seededSecrets[0]
				req.StorageAccountID, req.Bucket = &storage[a%2], fmt.Sprintf("bucket-%d-%d", a, u)
			}
			if u%5 == 0 {
				req.Enabled = new(false)
			}
			user, err := c.Users.Create(ctx, req)
			must(err)
			objects++
			if u%2 == 0 {
				_, err = c.Groups.AddMember(ctx, groups[u%3], user.ID)
				must(err)
				objects++
			}
			if u%3 == 0 {
				_, err = c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: user.ID, LicenseType: "workstation", Quantity: 1})
				must(err)
				objects++
			}
			if u == 0 {
				tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: fmt.Sprintf("tenant %d pipeline", a), UserID: user.ID})
				must(err)
				tokenSecrets = append(tokenSecrets, tok.Token)
				objects++
			}
		}
	}
	for s := range 6 {
		_, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: fmt.Sprintf("staff-%d", s), MFAMethod: client.MFAMethodNone})
		must(err)
		objects++
	}
	return objects, tokenSecrets
}

// TestQueryDiscoversTheConsole is the discovery round trip: on a console of
// more than 200 objects, `terraform query -generate-config-out` with
// discover-console/discover.tfquery.hcl writes configuration that is fmt
// clean, valid, plans only imports of every object and nothing else, applies,
// and then plans no change; no secret is in it. A query that finds nothing
// writes nothing and fails nothing.
func TestQueryDiscoversTheConsole(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to query the reference server")
	}
	tf := terraformEnv(t)
	tf.skipWithoutQuery(t)
	srv := testserver.Start(t, testserver.Options{Licenses: map[string]int64{"workstation": 100}})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	objects, tokenSecrets := seedConsole(t, c)
	if objects < 200 {
		t.Fatalf("the console holds %d objects, want at least 200", objects)
	}
	tf = tf.with(srv)

	t.Run("everything", func(t *testing.T) {
		work := t.TempDir()
		copyFile(t, filepath.Join("discover-console", "main.tf"), filepath.Join(work, "main.tf"))
		copyFile(t, filepath.Join("discover-console", "discover.tfquery.hcl"), filepath.Join(work, "discover.tfquery.hcl"))

		tf.mustRun(t, work, "query", "-no-color", "-generate-config-out=generated.tf")
		generated := readFile(t, filepath.Join(work, "generated.tf"))
		if n := strings.Count(generated, "\nimport {"); n != objects {
			t.Errorf("generated.tf imports %d objects, want %d", n, objects)
		}
		for _, secret := range append(seededSecrets, tokenSecrets...) {
			if strings.Contains(generated, secret) {
				t.Errorf("generated.tf holds a secret the console was seeded with")
			}
		}
		tf.mustRun(t, work, "fmt", "-check", "-diff", "-no-color", "generated.tf")
		tf.mustRun(t, work, "validate", "-no-color")

		plan := string(tf.mustRun(t, work, "plan", "-input=false", "-no-color"))
		want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", objects)
		if !strings.Contains(plan, want) {
			t.Fatalf("the plan of generated.tf is not %q:\n%s", want, lastLines(plan, 40))
		}
		tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
		tf.expectEmptyPlan(t, work)
	})

	t.Run("nothing found", func(t *testing.T) {
		work := t.TempDir()
		copyFile(t, filepath.Join("discover-console", "main.tf"), filepath.Join(work, "main.tf"))
		writeFile(t, filepath.Join(work, "none.tfquery.hcl"), `list "mspbackup_user" "none" {
  provider         = mspbackup
  include_resource = true

  config {
    login_prefix = "nobody-has-this-login"
  }
}
`)
		out := string(tf.mustRun(t, work, "query", "-no-color", "-generate-config-out=generated.tf"))
		if !regexp.MustCompile(`list\.mspbackup_user\.none\S*\s+returned 0\s+results`).MatchString(out) {
			t.Errorf("terraform query does not say it found nothing:\n%s", out)
		}
		if _, err := os.Stat(filepath.Join(work, "generated.tf")); !os.IsNotExist(err) {
			t.Errorf("a query that found nothing wrote generated.tf (%v)", err)
		}
		tf.expectEmptyPlan(t, work)
	})
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
