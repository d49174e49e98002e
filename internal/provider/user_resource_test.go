package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// userTestRefs are entities a user can point at, made "in the console".
type userTestRefs struct {
	account, company, storage, limit, otherAccount string
}

func makeUserTestRefs(t *testing.T, env *accEnv) userTestRefs {
	t.Helper()
	acc := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Acme Ltd"})
	other := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Globex"})
	co := apiCreate(t, env.client.Companies.Create, client.CompanyCreateRequest{Name: "Acme Sales", CustomerAccountID: &acc.ID})
	sa := apiCreate(t, env.client.StorageAccounts.Create, client.StorageAccountCreateRequest{Name: "Wasabi EU", Type: client.StorageTypeWasabi})
	sl := apiCreate(t, env.client.StorageLimits.Create, client.StorageLimitCreateRequest{Name: "500 GB", LimitGB: 500})
	return userTestRefs{account: acc.ID, company: co.ID, storage: sa.ID, limit: sl.ID, otherAccount: other.ID}
}

// errorLike matches a diagnostic containing the phrases in order. Terraform
// wraps long messages, so a space in a phrase matches any whitespace.
func errorLike(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

func TestAccUser(t *testing.T) {
	env := newAccEnv(t)
	refs := makeUserTestRefs(t, env)
	const addr = "mspbackup_user.alice"
	const login = "Alice.Smith@Example.com"
	basic := env.configf(`
resource "mspbackup_user" "alice" {
  login               = %q
  email               = "alice.smith@example.com"
  first_name          = "Alice"
  last_name           = "Smith"
  display_name        = "Alice Smith"
  notification_emails = ["zoe@example.com", "Ops@Example.com", "amy@example.com"]
  customer_account_id = %q
}
`, login, refs.account)
	full := func(displayName string) string {
		return env.configf(`
resource "mspbackup_user" "alice" {
  login               = %q
  email               = "alice.smith@example.com"
  first_name          = "Alice"
  last_name           = "Smith"
  display_name        = %q
  notification_emails = ["amy@example.com"]
  customer_account_id = %q
  company_id          = %q
  storage_account_id  = %q
  bucket              = "acme-backups"
  storage_limit_id    = %q
  enabled             = false
  license_source      = "assigned_only"
  mfa_method          = "sms"
  mobile_phone        = "+441632960961"
  mask_data           = true
}
`, login, displayName, refs.account, refs.company, refs.storage, refs.limit)
	}

	env.test(t, checkDestroyed(env, userType, env.client.Users.Get), []resource.TestStep{
		{ // create: login keeps its case, the set keeps no order, defaults come from the schema
			Config: basic,
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "id", idLike("usr_")),
				stateValue(addr, "login", knownvalue.StringExact(login)),
				stateValue(addr, "notification_emails", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("amy@example.com"), knownvalue.StringExact("Ops@Example.com"), knownvalue.StringExact("zoe@example.com"),
				})),
				stateValue(addr, "enabled", knownvalue.Bool(true)),
				stateValue(addr, "license_source", knownvalue.StringExact("global_pool")),
				stateValue(addr, "mfa_method", knownvalue.StringExact("email")),
				stateValue(addr, "mask_data", knownvalue.Bool(false)),
				stateValue(addr, "bucket", knownvalue.StringExact("")),
				stateValue(addr, "company_id", knownvalue.Null()),
				stateValue(addr, "password", knownvalue.Null()),
				stateValue(addr, "generated_password", knownvalue.Null()),
			},
			ConfigPlanChecks: emptyAfterApply(),
		},
		importStep(addr, "", "password", "generate_password", "generated_password", "send_welcome_email"),                              // import by id
		importStep(addr, "login:alice.smith@EXAMPLE.COM", "password", "generate_password", "generated_password", "send_welcome_email"), // import by login, ignoring letter case
		{ // update every other attribute in place
			Config:           full("Alice S."),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"company_id":         knownvalue.StringExact(refs.company),
				"storage_account_id": knownvalue.StringExact(refs.storage),
				"storage_limit_id":   knownvalue.StringExact(refs.limit),
				"enabled":            knownvalue.Bool(false),
				"mfa_method":         knownvalue.StringExact("sms"),
				"mask_data":          knownvalue.Bool(true),
			}),
		},
		{ // drift: a change in the console is planned as an update of exactly that attribute, and apply puts it back
			PreConfig: func() {
				name := "Changed In Console"
				if _, err := env.client.Users.Update(context.Background(), mustFind(t, env, findUserByLogin, login).ID, &client.UserUpdateRequest{DisplayName: &name}); err != nil {
					t.Fatal(err)
				}
			},
			Config: full("Alice S."),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate,
				plannedValue(addr, "display_name", knownvalue.StringExact("Alice S."))),
			Check: checkAPIUser(env, login, func(u *client.User) error {
				if u.DisplayName != "Alice S." || u.MFAMethod != "sms" || u.Bucket != "acme-backups" {
					return fmt.Errorf("server has display_name %q, mfa_method %q, bucket %q", u.DisplayName, u.MFAMethod, u.Bucket)
				}
				return nil
			}),
		},
		{ // removing the references sends explicit nulls
			Config: basic,
			ConfigStateChecks: stateValues(addr, map[string]knownvalue.Check{
				"company_id":         knownvalue.Null(),
				"storage_account_id": knownvalue.Null(),
				"storage_limit_id":   knownvalue.Null(),
				"mfa_method":         knownvalue.StringExact("email"),
			}),
			ConfigPlanChecks: emptyAfterApply(),
			Check: checkAPIUser(env, login, func(u *client.User) error {
				if u.CompanyID != nil || u.StorageAccountID != nil || u.StorageLimitID != nil || u.Bucket != "" {
					return fmt.Errorf("server still has company %v, storage account %v, limit %v, bucket %q",
						u.CompanyID, u.StorageAccountID, u.StorageLimitID, u.Bucket)
				}
				return nil
			}),
		},
		{ // send_welcome_email is create-time only: changing it neither replaces the user nor reaches the API
			Config:           strings.Replace(basic, `first_name`, "send_welcome_email = true\n  first_name", 1),
			ConfigPlanChecks: expectPlanThenEmpty(addr, plancheck.ResourceActionUpdate),
			Check:            checkOutboxCount(env, "alice.smith@example.com", client.MessageKindWelcome, 0),
		},
		{ // a user cannot move to another customer account: it is replaced
			Config:           strings.Replace(basic, refs.account, refs.otherAccount, 1),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionDestroyBeforeCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "customer_account_id", knownvalue.StringExact(refs.otherAccount)),
			},
		},
		deletedInConsole(t, addr, strings.Replace(basic, refs.account, refs.otherAccount, 1), func(ctx context.Context) error {
			return env.client.Users.Delete(ctx, mustFind(t, env, findUserByLogin, login).ID)
		}),
	})
}

// checkAPIUser checks the server's copy of a user.
func checkAPIUser(env *accEnv, login string, check func(u *client.User) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, err := findUserByLogin(context.Background(), env.client, login)
		if err != nil {
			return err
		}
		return check(u)
	}
}

// checkOutboxCount checks how many messages of a kind went to an address.
func checkOutboxCount(env *accEnv, to, kind string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		msgs, err := env.client.Outbox.ListAll(context.Background(), &client.ListOptions{To: to, Kind: kind})
		if err != nil {
			return err
		}
		if len(msgs) != want {
			return fmt.Errorf("%d %s messages to %s, want %d", len(msgs), kind, to, want)
		}
		return nil
	}
}

func TestAccUser_welcomeEmail(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, checkDestroyed(env, userType, env.client.Users.Get), []resource.TestStep{{
		Config: env.config(`
resource "mspbackup_user" "bob" {
  login              = "bob"
  email              = "bob@example.com"
  send_welcome_email = true
}
`),
		Check:            checkOutboxCount(env, "bob@example.com", client.MessageKindWelcome, 1),
		ConfigPlanChecks: emptyAfterApply(),
	}})
}

// loginWith logs in through the API as a user would, answering the MFA
// challenge from the outbox when there is one; it returns the session token.
func loginWith(env *accEnv, login, password string) (string, error) {
	ctx := context.Background()
	anon, err := client.New(env.server.URL, "", client.WithMaxRetries(0))
	if err != nil {
		return "", err
	}
	resp, err := anon.Auth.Login(ctx, &client.LoginRequest{Login: login, Password: password})
	if err != nil {
		return "", err
	}
	if resp.MFARequired {
		u, err := findUserByLogin(ctx, env.client, login)
		if err != nil {
			return "", err
		}
		msgs, err := env.client.Outbox.ListAll(ctx, &client.ListOptions{To: u.Email, Kind: client.MessageKindMFACode})
		if err != nil || len(msgs) == 0 {
			return "", fmt.Errorf("no MFA code in the outbox for %s (%v)", u.Email, err)
		}
		code := regexp.MustCompile(`\b\d{6}\b`).FindString(msgs[len(msgs)-1].Body)
		if resp, err = anon.Auth.Verify(ctx, &client.VerifyRequest{ChallengeID: resp.ChallengeID, Code: code}); err != nil {
			return "", err
		}
	}
	if resp.Token == "" {
		return "", fmt.Errorf("login of %s answered no token", login)
	}
	return resp.Token, nil
}

func checkLogin(env *accEnv, login, password string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := loginWith(env, login, password); err != nil {
			return fmt.Errorf("%s cannot log in with the configured password: %w", login, err)
		}
		return nil
	}
}

func checkLoginRefused(env *accEnv, login, password string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := loginWith(env, login, password)
		if !client.IsUnauthorized(err) {
			return fmt.Errorf("login of %s with the old password: want 401, got %v", login, err)
		}
		return nil
	}
}

func TestAccUser_password(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_user.carol"
	config := func(mfa, password string) string {
		return env.configf(`
resource "mspbackup_user" "carol" {
  login      = "carol"
  email      = "carol@example.com"
  mfa_method = %q
  password   = %q
}
`, mfa, password)
	}
	const first, second = "correct horse battery", "staple-and-more-words"
	env.test(t, checkDestroyed(env, userType, env.client.Users.Get), []resource.TestStep{
		{ // a user created with a password logs in with it
			Config:           config("none", first),
			Check:            checkLogin(env, "carol", first),
			ConfigPlanChecks: emptyAfterApply(),
		},
		{ // a new password in config is set in place; only the new one works
			Config:           config("none", second),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionUpdate),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkLogin(env, "carol", second),
				checkLoginRefused(env, "carol", first),
			),
		},
		{ // with MFA by e-mail the login asks for the code sent to the outbox
			Config: config("email", second),
			Check:  checkLogin(env, "carol", second),
		},
	})
}

func TestAccUser_generatePassword(t *testing.T) {
	env := newAccEnv(t)
	const addr = "mspbackup_user.dave"
	config := env.config(`
resource "mspbackup_user" "dave" {
  login             = "dave"
  mfa_method        = "none"
  generate_password = true
}
`)
	env.test(t, checkDestroyed(env, userType, env.client.Users.Get), []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "generated_password", knownvalue.StringRegexp(regexp.MustCompile(`^.{12,}$`))),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("generated_password")),
			},
			Check: func(s *terraform.State) error {
				pw := s.RootModule().Resources[addr].Primary.Attributes["generated_password"]
				return checkLogin(env, "dave", pw)(s)
			},
			ConfigPlanChecks: emptyAfterApply(),
		},
		{ // turning it off on an existing user replaces the user
			Config:           strings.Replace(config, "generate_password = true", "password = \"a-password-of-mine\"", 1),
			ConfigPlanChecks: expectPlan(addr, plancheck.ResourceActionDestroyBeforeCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(addr, "generated_password", knownvalue.Null()),
			},
			Check: checkLogin(env, "dave", "a-password-of-mine"),
		},
	})
}

func TestAccUser_errors(t *testing.T) {
	env := newAccEnv(t)
	user := func(attrs string) string {
		if !strings.Contains(attrs, "login") {
			attrs = "login = \"erin\"\n" + attrs
		}
		return env.config("resource \"mspbackup_user\" \"bad\" {\n" + attrs + "\n}\n")
	}
	env.test(t, nil, []resource.TestStep{
		{Config: user(`email = "not an address"`), ExpectError: errorLike("Invalid email", "must be a bare e-mail address")},
		{Config: user(`email = "erin@example.com"` + "\n" + `notification_emails = ["ok@example.com", "bad@"]`),
			ExpectError: errorLike("notification_emails", "must be a bare e-mail address", `"bad@"`)},
		{Config: user(`mfa_method = "sms"` + "\n" + `mobile_phone = "01632 960961"`), ExpectError: errorLike("Invalid mobile_phone", "E.164")},
		{Config: user(`email = "erin@example.com"` + "\n" + `mfa_method = "fax"`), ExpectError: errorLike("mfa_method", "value must be one of")},
		{Config: user(`email = "erin@example.com"` + "\n" + `license_source = "anywhere"`), ExpectError: errorLike("license_source", "value must be one of")},
		{Config: user(`email = "erin@example.com"` + "\n" + `company_id = "ca_123"`), ExpectError: errorLike("Invalid company_id", `must be an id starting with "co_"`)},
		{Config: user(`email = "erin@example.com"` + "\n" + `customer_account_id = "usr_1"`), ExpectError: errorLike("customer_account_id", `must be an id starting with "ca_"`)},
		{Config: user(`first_name = "Erin"`), ExpectError: errorLike(`email is required when mfa_method is "email" (the default)`)},
		{Config: user(`mfa_method = "sms"`), ExpectError: errorLike(`mobile_phone is required when mfa_method is "sms"`)},
		{Config: user(`mfa_method = "none"` + "\n" + `bucket = "b1"`), ExpectError: errorLike("bucket needs a storage_account_id")},
		{Config: user(`mfa_method = "none"` + "\n" + `send_welcome_email = true`), ExpectError: errorLike("send_welcome_email needs an email address")},
		{Config: user(`mfa_method = "none"` + "\n" + `password = "long-enough-pass"` + "\n" + `generate_password = true`),
			ExpectError: errorLike("generate_password cannot be combined with password")},
		{Config: user(`mfa_method = "none"` + "\n" + `password = "short"`), ExpectError: errorLike("password", "length must be between 12 and 256")},
		{Config: user(`login = "erin smith"`),
			ExpectError: errorLike("login", "must not contain whitespace", "U+0020")},
		{Config: user(`login = "erin\u202Esmith"`), // a bidi override: the server's rule, at plan time
			ExpectError: errorLike("login", "format", "U+202E")},
		// the login is unique ignoring case: the server's 409 reaches the user with status and detail
		env.rejects(`
resource "mspbackup_user" "a" {
  login      = "Frank"
  mfa_method = "none"
}
resource "mspbackup_user" "b" {
  login      = "FRANK"
  mfa_method = "none"
  depends_on = [mspbackup_user.a]
}
`, "Unable to create mspbackup_user", "409"),
		{ // a malformed import id says what is accepted
			Config:        env.config("resource \"mspbackup_user\" \"x\" {\n  login      = \"x\"\n  mfa_method = \"none\"\n}\n"),
			ResourceName:  "mspbackup_user.x",
			ImportState:   true,
			ImportStateId: "alice",
			ExpectError:   errorLike(`neither an id (usr_...) nor login:<value>`),
		},
	})
}

// TestUserSchemaSecrets checks that every secret of mspbackup_user is sensitive.
func TestUserSchemaSecrets(t *testing.T) {
	var resp fwresource.SchemaResponse
	NewUserResource().Schema(context.Background(), fwresource.SchemaRequest{}, &resp)
	for _, name := range []string{"password", "generated_password"} {
		if a, ok := resp.Schema.Attributes[name].(schema.StringAttribute); !ok || !a.Sensitive {
			t.Errorf("%s is not a sensitive string attribute", name)
		}
	}
}

// TestAccUser_backupDataOnDestroy: destroying a user keeps its computers'
// backups as retained backups unless backup_data_on_destroy is "delete";
// changing the attribute sends nothing to the console; import sets the
// default.
func TestAccUser_backupDataOnDestroy(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	account := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Hooli"})
	const keep, del = "mspbackup_user.jared", "mspbackup_user.monica"
	config := func(monica string) string {
		return env.configf(`
resource "mspbackup_user" "jared" {
  login               = "jared@hooli.example"
  customer_account_id = %[1]q
  mfa_method          = "none"
}

resource "mspbackup_user" "monica" {
  login                  = "monica@hooli.example"
  customer_account_id    = %[1]q
  mfa_method             = "none"
  backup_data_on_destroy = %[2]q
}
`, account.ID, monica)
	}
	ids := map[string]string{}
	var monicaUpdatedAt time.Time
	// backUp registers a computer of each user that reports 1,500 bytes.
	backUp := func(*terraform.State) error {
		for _, login := range []string{"jared@hooli.example", "monica@hooli.example"} {
			u, err := findUserByLogin(ctx, env.client, login)
			if err != nil {
				return err
			}
			ids[login] = u.ID
			_, agent := tokenClient(t, env, u, "backup agent")
			c, err := agent.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: "laptop", LicenseType: client.LicenseTypeWorkstation})
			if err != nil {
				return err
			}
			if _, err := agent.Computers.ReportBackup(ctx, c.ID, &client.ComputerBackupReport{BackupBytes: 1500}); err != nil {
				return err
			}
		}
		return nil
	}
	env.test(t, checkDestroyed(env, userType, env.client.Users.Get), []resource.TestStep{
		{
			Config: config("keep"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue(keep, "backup_data_on_destroy", knownvalue.StringExact("keep")),
			},
			Check: backUp,
		},
		importStep(keep, ""), // import sets the default
		{ // state only: an update in place that changes nothing in the console
			PreConfig: func() {
				u, err := env.client.Users.Get(ctx, ids["monica@hooli.example"])
				if err != nil {
					t.Fatal(err)
				}
				monicaUpdatedAt = u.UpdatedAt
			},
			Config:           config("delete"),
			ConfigPlanChecks: expectPlanThenEmpty(del, plancheck.ResourceActionUpdate),
			Check: func(*terraform.State) error {
				u, err := env.client.Users.Get(ctx, ids["monica@hooli.example"])
				if err != nil {
					return err
				}
				if !u.UpdatedAt.Equal(monicaUpdatedAt) {
					return fmt.Errorf("changing backup_data_on_destroy changed the user in the console (updated_at %s, was %s)", u.UpdatedAt, monicaUpdatedAt)
				}
				return nil
			},
		},
		{ // destroyed: jared's backups are kept, monica's deleted
			Config: env.config(""),
			Check: func(*terraform.State) error {
				kept := retainedBackups(t, env, ids["jared@hooli.example"])
				if len(kept) != 1 || kept[0].BackupBytes != 1500 || kept[0].CustomerAccountID == nil || *kept[0].CustomerAccountID != account.ID {
					return fmt.Errorf("retained backups of the user destroyed with keep: %+v, want its one computer's 1500 bytes in its account", kept)
				}
				if gone := retainedBackups(t, env, ids["monica@hooli.example"]); len(gone) != 0 {
					return fmt.Errorf("%d retained backups of the user destroyed with delete, want none", len(gone))
				}
				return nil
			},
		},
	})
}

func TestAccUser_backupDataOnDestroyRule(t *testing.T) {
	env := newAccEnv(t)
	env.test(t, nil, []resource.TestStep{{
		Config: env.config(`
resource "mspbackup_user" "bad" {
  login                  = "bad@hooli.example"
  mfa_method             = "none"
  backup_data_on_destroy = "archive"
}`),
		ExpectError: regexp.MustCompile(`(?s)backup_data_on_destroy value must be one of: \["keep" "delete"\],\s+got:\s+"archive"`),
	}})
}
