package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestActionsDescribeEveryAttribute: the docs and the language server show
// these descriptions; an action or attribute without one is a gap.
func TestActionsDescribeEveryAttribute(t *testing.T) {
	p := &mspbackupProvider{}
	for _, newAction := range p.Actions(t.Context()) {
		a := newAction()
		var meta action.MetadataResponse
		a.Metadata(t.Context(), action.MetadataRequest{ProviderTypeName: "mspbackup"}, &meta)
		var resp action.SchemaResponse
		a.Schema(t.Context(), action.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() || resp.Schema.Description == "" {
			t.Errorf("%s: no description (%v)", meta.TypeName, resp.Diagnostics)
		}
		for name, attr := range resp.Schema.Attributes {
			if attr.GetDescription() == "" {
				t.Errorf("%s.%s has no description", meta.TypeName, name)
			}
		}
	}
}

// The actions' acceptance tests drive the CLI itself (cliRun):
// terraform-plugin-testing cannot run `terraform apply -invoke`, and a test
// must read the progress messages the CLI prints.

// actionsCLI is the first Terraform with actions; OpenTofu has none.
const actionsCLI = "1.14.0"

// actionHCL is an action block whose config holds the attribute lines that
// format (with args, as fmt.Sprintf) makes, one a line.
func actionHCL(typ, name, format string, args ...any) string {
	lines := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", "\n    ")
	return fmt.Sprintf("\naction %q %q {\n  config {\n    %s\n  }\n}\n", typ, name, lines)
}

// skipWithoutActions skips the test, saying why, on a CLI without actions:
// OpenTofu, or Terraform older than actionsCLI.
func (c *cliRun) skipWithoutActions() {
	c.t.Helper()
	out := c.must(0, "version", "-json")
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		c.t.Fatalf("%s version -json: %v\n%s", c.bin, err, out)
	}
	if plain := c.must(0, "version"); strings.Contains(plain, "OpenTofu") {
		c.t.Skipf("OpenTofu has no actions (%s is OpenTofu %s); the console and package client run the same verbs", c.bin, v.Version)
	}
	var have, want [3]int
	fmt.Sscanf(v.Version, "%d.%d.%d", &have[0], &have[1], &have[2])
	fmt.Sscanf(actionsCLI, "%d.%d.%d", &want[0], &want[1], &want[2])
	if slices.Compare(have[:], want[:]) < 0 {
		c.t.Skipf("actions need Terraform %s or later; %s is %s (make test runs them on Terraform 1.16.4)", actionsCLI, c.bin, v.Version)
	}
}

const (
	oldPassword    = "the first password, long enough"
	chosenPassword = "a password chosen in terraform"
)

// seedSignedIn makes, through the API, a customer account and a user of it
// signed in with oldPassword; it returns the account, the user and the
// session token.
func seedSignedIn(t *testing.T, env *accEnv, name, login string) (account, user, session string) {
	t.Helper()
	a := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: name})
	user = apiUser(t, env, client.UserCreateRequest{Login: login, Email: login, Password: oldPassword, CustomerAccountID: &a.ID}).ID
	session, err := loginWith(env, login, oldPassword)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID, user, session
}

// deletions are what the restore and purge actions act on: an account
// pending deletion with a user, and a deleted user whose two computers'
// backups were kept.
type deletions struct {
	pending, pendingUser string
	deletedUser          string
	backupBytes          int64
}

// seedDeletions makes the deletions through the API, the deleted user in
// account.
func seedDeletions(t *testing.T, env *accEnv, name, account string) deletions {
	t.Helper()
	ctx := context.Background()
	a := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: name})
	d := deletions{pending: a.ID}
	domain := strings.ToLower(strings.ReplaceAll(name, " ", "")) + ".example"
	d.pendingUser = apiUser(t, env, client.UserCreateRequest{Login: "richard@" + domain, CustomerAccountID: &d.pending}).ID
	if err := env.client.CustomerAccounts.Delete(ctx, d.pending); err != nil {
		t.Fatal(err)
	}
	erlich := apiUser(t, env, client.UserCreateRequest{Login: "erlich@" + domain, CustomerAccountID: &account})
	_, agent := tokenClient(t, env, erlich, "backup agent")
	for i, bytes := range []int64{1000, 2000} {
		c, err := agent.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: fmt.Sprintf("laptop-%d", i), LicenseType: client.LicenseTypeWorkstation})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := agent.Computers.ReportBackup(ctx, c.ID, &client.ComputerBackupReport{BackupBytes: bytes}); err != nil {
			t.Fatal(err)
		}
		d.backupBytes += bytes
	}
	if err := env.client.Users.Delete(ctx, erlich.ID); err != nil {
		t.Fatal(err)
	}
	d.deletedUser = erlich.ID
	if n := len(retainedBackups(t, env, d.deletedUser)); n != 2 {
		t.Fatalf("%d retained backups of the deleted user, want 2", n)
	}
	return d
}

func retainedBackups(t *testing.T, env *accEnv, userID string) []client.RetainedBackup {
	t.Helper()
	items, err := env.client.RetainedBackups.ListAll(context.Background(), &client.ListOptions{UserID: userID})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// checkDone checks on the server that the restore and the purge of d
// happened: the account is active with its user, no retained backup is
// left and no computer holds a licence.
func (d deletions) checkDone(t *testing.T, env *accEnv) {
	t.Helper()
	ctx := context.Background()
	if a, err := env.client.CustomerAccounts.Get(ctx, d.pending); err != nil || a.Status != client.CustomerAccountActive {
		t.Errorf("the restored account: %+v, %v; want it active", a, err)
	}
	if u, err := env.client.Users.Get(ctx, d.pendingUser); err != nil || u.CustomerAccountID == nil || *u.CustomerAccountID != d.pending {
		t.Errorf("the restored account's user: %+v, %v", u, err)
	}
	if left := retainedBackups(t, env, d.deletedUser); len(left) != 0 {
		t.Errorf("%d retained backups left after the purge", len(left))
	}
	pool, err := env.client.LicensePool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range pool.Items {
		if e.InUse != 0 {
			t.Errorf("%d %s licences in use after the purge, want 0", e.InUse, e.LicenseType)
		}
	}
}

// checkSessionEnded checks that the session token is refused.
func checkSessionEnded(t *testing.T, env *accEnv, token string) {
	t.Helper()
	session, err := client.New(env.server.URL, token, client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := session.Permissions.List(context.Background()); !client.IsUnauthorized(err) {
		t.Errorf("a session the action ended: %v, want 401", err)
	}
}

// checkPassword checks that login signs in with password and no longer
// with oldPassword.
func checkPassword(t *testing.T, env *accEnv, login, password string) {
	t.Helper()
	if _, err := loginWith(env, login, oldPassword); !client.IsUnauthorized(err) {
		t.Errorf("sign-in of %s with the old password: %v, want 401", login, err)
	}
	if _, err := loginWith(env, login, password); err != nil {
		t.Errorf("sign-in of %s with the new password: %v", login, err)
	}
}

// checkMails checks how many e-mails of kind went to to.
func checkMails(t *testing.T, env *accEnv, to, kind string, want int) {
	t.Helper()
	if err := checkOutboxCount(env, to, kind, want)(nil); err != nil {
		t.Error(err)
	}
}

// generatedPassword is the password in the last password_reset e-mail to.
func generatedPassword(t *testing.T, env *accEnv, to string) string {
	t.Helper()
	msgs, err := env.client.Outbox.ListAll(context.Background(), &client.ListOptions{To: to, Kind: client.MessageKindPasswordReset})
	if err != nil || len(msgs) == 0 {
		t.Fatalf("no password_reset e-mail to %s (%v)", to, err)
	}
	m := regexp.MustCompile(`(?m)^Your new password: (\S+)$`).FindStringSubmatch(msgs[len(msgs)-1].Body)
	if m == nil {
		t.Fatalf("the password_reset e-mail names no password:\n%s", msgs[len(msgs)-1].Body)
	}
	return m[1]
}

// filesWithout fails the test when any file under dir holds secret.
func filesWithout(t *testing.T, dir, secret string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil {
			err = secretsAbsent(path, b, secret)
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
}

// invoke runs `terraform apply -invoke=action.<address>` and checks that
// the CLI printed each of want.
func (c *cliRun) invoke(address string, want ...string) string {
	c.t.Helper()
	out := c.must(0, "apply", "-auto-approve", "-no-color", "-invoke=action."+address)
	for _, w := range want {
		if !strings.Contains(out, w) {
			c.t.Errorf("terraform apply -invoke=action.%s printed no %q:\n%s", address, w, out)
		}
	}
	return out
}

// TestAccActions_invoke runs every action with `terraform apply -invoke`
// and checks its effect on the server and what the CLI prints.
func TestAccActions_invoke(t *testing.T) {
	env := newAccEnv(t, testserver.Options{DeletionGrace: 720 * time.Hour})
	tf := newCLIRun(t)
	tf.skipWithoutActions()
	const login = "gavin@hooli.example"
	account, user, session := seedSignedIn(t, env, "Hooli", login)
	userActions := `
variable "new_password" {
  type      = string
  sensitive = true
  default   = null
}
` + actionHCL("mspbackup_send_instructions", "gavin", "user_id = %q", user) +
		actionHCL("mspbackup_end_sessions", "gavin", "user_id = %q", user) +
		actionHCL("mspbackup_reset_password", "chosen", "user_id = %q\nnew_password = var.new_password", user) +
		actionHCL("mspbackup_reset_password", "generated", "user_id = %q\ngenerate = true", user)
	tf.write(env.config(userActions))
	tf.must(0, "init", "-no-color")

	tf.invoke("mspbackup_send_instructions.gavin", "sent the getting-started e-mail to user "+user)
	checkMails(t, env, login, client.MessageKindWelcome, 1)
	tf.invoke("mspbackup_end_sessions.gavin", "ended 1 sign-in sessions of user "+user)
	checkSessionEnded(t, env, session)

	// The chosen password comes from a sensitive variable: it is in no
	// output and no file Terraform writes. (Terraform 1.16 passes an
	// ephemeral value to an action as null: see the attribute's description.)
	session, err := loginWith(env, login, oldPassword)
	if err != nil {
		t.Fatal(err)
	}
	tf.env = append(tf.env, "TF_VAR_new_password="+chosenPassword)
	out := tf.invoke("mspbackup_reset_password.chosen", "set the new password of user "+user+" and ended 1 sign-in sessions")
	if strings.Contains(out, chosenPassword) {
		t.Errorf("the chosen password is in terraform's output:\n%s", out)
	}
	filesWithout(t, tf.dir, chosenPassword)
	checkPassword(t, env, login, chosenPassword)
	checkSessionEnded(t, env, session)

	out = tf.invoke("mspbackup_reset_password.generated", "mailed a generated password of user "+user)
	generated := generatedPassword(t, env, login)
	if strings.Contains(out, generated) {
		t.Errorf("the generated password is in terraform's output:\n%s", out)
	}
	if _, err := loginWith(env, login, chosenPassword); !client.IsUnauthorized(err) {
		t.Errorf("sign-in with the password before the generated one: %v, want 401", err)
	}
	if _, err := loginWith(env, login, generated); err != nil {
		t.Errorf("sign-in with the generated password: %v", err)
	}

	d := seedDeletions(t, env, "Pied Piper", account)
	tf.write(env.config(userActions +
		actionHCL("mspbackup_restore_customer_account", "pied_piper", "customer_account_id = %q", d.pending) +
		actionHCL("mspbackup_purge_backup_data", "erlich", "user_id = %[1]q\nconfirm = %[1]q\nbatch_size = 1", d.deletedUser)))
	tf.invoke("mspbackup_restore_customer_account.pied_piper", fmt.Sprintf("restored customer account %q (%s)", "Pied Piper", d.pending))
	tf.invoke("mspbackup_purge_backup_data.erlich", "purged 1 of 2 backups (", fmt.Sprintf("purged 2 of 2 backups (%d bytes)", d.backupBytes))
	d.checkDone(t, env)
}

// TestAccActions_afterCreate runs every action from an action_trigger on
// after_create: a new user gets the instructions and a generated password,
// and a ticket (terraform_data) ends a session, restores an account and
// purges retained backups. A second apply runs none of them again.
func TestAccActions_afterCreate(t *testing.T) {
	env := newAccEnv(t, testserver.Options{DeletionGrace: 720 * time.Hour})
	tf := newCLIRun(t)
	tf.skipWithoutActions()
	account, gavin, session := seedSignedIn(t, env, "Hooli", "gavin@hooli.example")
	d := seedDeletions(t, env, "Pied Piper", account)
	const dinesh = "dinesh@hooli.example"
	tf.write(env.config(fmt.Sprintf(`
resource "mspbackup_user" "dinesh" {
  login               = %[1]q
  email               = %[1]q
  customer_account_id = %[2]q
  mfa_method          = "none"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.mspbackup_send_instructions.new_user, action.mspbackup_reset_password.new_user]
    }
  }
}

`+actionHCL("mspbackup_send_instructions", "new_user", "user_id = caller.id")+
		actionHCL("mspbackup_reset_password", "new_user", "user_id = caller.id\ngenerate = true")+`

resource "terraform_data" "ticket_42" {
  input = "offboarding ticket 42"

  lifecycle {
    action_trigger {
      events = [after_create]
      actions = [
        action.mspbackup_end_sessions.gavin,
        action.mspbackup_restore_customer_account.pied_piper,
        action.mspbackup_purge_backup_data.erlich,
      ]
    }
  }
}

`, dinesh, account) +
		actionHCL("mspbackup_end_sessions", "gavin", "user_id = %q", gavin) +
		actionHCL("mspbackup_restore_customer_account", "pied_piper", "customer_account_id = %q", d.pending) +
		actionHCL("mspbackup_purge_backup_data", "erlich", "customer_account_id = %[1]q\nconfirm = %[1]q", account)))
	tf.must(0, "init", "-no-color")
	out := tf.must(0, "apply", "-auto-approve", "-no-color")
	for _, want := range []string{
		"sent the getting-started e-mail to user usr_",
		"mailed a generated password of user usr_",
		"ended 1 sign-in sessions of user " + gavin,
		fmt.Sprintf("restored customer account %q (%s)", "Pied Piper", d.pending),
		fmt.Sprintf("purged 2 of 2 backups (%d bytes)", d.backupBytes),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform apply printed no %q:\n%s", want, out)
		}
	}
	checkMails(t, env, dinesh, client.MessageKindWelcome, 1)
	if _, err := loginWith(env, dinesh, generatedPassword(t, env, dinesh)); err != nil {
		t.Errorf("sign-in of the new user with the mailed password: %v", err)
	}
	checkSessionEnded(t, env, session)
	d.checkDone(t, env)

	// after_create only: nothing runs again.
	out = tf.must(0, "apply", "-auto-approve", "-no-color")
	if strings.Contains(out, "Action started") {
		t.Errorf("a second apply ran actions again:\n%s", out)
	}
	checkMails(t, env, dinesh, client.MessageKindWelcome, 1)
}

// TestAccActions_validation: the actions' rules fail at plan time, naming
// the field and the rule, before any request.
func TestAccActions_validation(t *testing.T) {
	env := newAccEnv(t)
	tf := newCLIRun(t)
	tf.skipWithoutActions()
	tf.write(env.config(
		actionHCL("mspbackup_reset_password", "neither", `user_id = "usr_1"`) +
			actionHCL("mspbackup_reset_password", "both", `user_id = "usr_1"
new_password = "a password chosen in terraform"
generate = true`) +
			actionHCL("mspbackup_purge_backup_data", "mistyped", `user_id = "usr_1"
confirm = "usr_2"`) +
			actionHCL("mspbackup_purge_backup_data", "two_targets", `user_id = "usr_1"
customer_account_id = "ca_1"
confirm = "usr_1"`) +
			actionHCL("mspbackup_end_sessions", "wrong_kind", `user_id = "ca_1"`)))
	tf.must(0, "init", "-no-color")
	out := tf.must(1, "validate", "-no-color")
	for _, want := range []string{
		`Missing new_password or generate`,
		`Set exactly one of new_password and generate = true: with new_password set, generate must be false`,
		`confirm must equal user_id ("usr_1") to purge its retained backups for good; it is "usr_2"`,
		`Exactly one of these attributes must be configured: [user_id,customer_account_id]`,
		`Invalid user_id`, `must be an id starting with "usr_", got "ca_1"`,
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("terraform validate printed no %q:\n%s", want, out)
		}
	}
}

// TestAccActions_restoreManagedAccount: an account that Terraform manages,
// with a user under it, deleted in the console and restored with
// `terraform apply -invoke`, is back exactly: the next plan is empty.
func TestAccActions_restoreManagedAccount(t *testing.T) {
	env := newAccEnv(t, testserver.Options{DeletionGrace: 720 * time.Hour})
	tf := newCLIRun(t)
	tf.skipWithoutActions()
	hooli := `
resource "mspbackup_customer_account" "hooli" {
  name = "Hooli"
}

resource "mspbackup_user" "gavin" {
  login               = "gavin@hooli.example"
  customer_account_id = mspbackup_customer_account.hooli.id
  mfa_method          = "none"
}
`
	tf.write(env.config(hooli))
	tf.must(0, "init", "-no-color")
	tf.must(0, "apply", "-auto-approve", "-no-color")
	id := mustFind(t, env, findCustomerAccountByName, "Hooli").ID
	if err := env.client.CustomerAccounts.Delete(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	tf.must(2, "plan", "-detailed-exitcode", "-no-color")
	tf.write(env.config(hooli + actionHCL("mspbackup_restore_customer_account", "hooli", "customer_account_id = %q", id)))
	tf.invoke("mspbackup_restore_customer_account.hooli", "restored customer account \"Hooli\"")
	if out, code := tf.run("plan", "-detailed-exitcode", "-no-color"); code != 0 {
		t.Errorf("the plan after the restore: exit %d, want 0 (no changes):\n%s", code, out)
	}
}
