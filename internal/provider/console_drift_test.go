package provider

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/browsertest"
)

// TestAccConsoleChangeIsDrift is the console's reason to exist, end to end:
// in real headless Chromium an administrator signs in with the MFA code
// from the outbox, creates a customer account and a user with the forms and
// adds the user to a group; the next terraform plan of a configuration
// that manages that group's members shows the change and puts it back.
//
// MSPBACKUP_SCREENSHOT_DIR, when set, receives screenshots of the screens
// (`make screenshots` writes the README's into docs/images).
func TestAccConsoleChangeIsDrift(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	const password = "correct horse battery staple"
	ops := apiUser(t, env, client.UserCreateRequest{Login: "ops@msp.example", Email: "ops@msp.example",
		FirstName: "Olga", LastName: "Operator", Password: password, MFAMethod: client.MFAMethodEmail})
	admins, err := env.client.Groups.ListAll(ctx, &client.ListOptions{Name: client.AdministratorsGroupName})
	if err != nil || len(admins) != 1 {
		t.Fatal(admins, err)
	}
	apiAddMember(t, env, admins[0].ID, ops.ID)
	grp := apiGroup(t, env, "Operators")
	const addr = "mspbackup_group_members.team"
	shots := os.Getenv("MSPBACKUP_SCREENSHOT_DIR")

	inConsole := func() {
		b := browsertest.Start(t)
		b.Go(env.server.URL + "/")
		b.Screenshot(shots, "console-signin.png")
		b.Type(b.Find("#login"), "ops@msp.example")
		b.Type(b.Find("#password"), password)
		b.Submit(b.Find("form[action='/signin'] button[type=submit]"))
		msgs, err := env.client.Outbox.ListAll(ctx, &client.ListOptions{To: "ops@msp.example", Kind: "mfa_code"})
		if err != nil || len(msgs) == 0 {
			t.Fatalf("no MFA code in the outbox: %v %v", msgs, err)
		}
		code := regexp.MustCompile(`\b\d{6,8}\b`).FindString(msgs[len(msgs)-1].Body)
		b.Type(b.Find("#code"), code)
		b.Submit(b.Find("form[action='/signin/verify'] button[type=submit]"))

		b.Submit(b.FindX("//a[normalize-space()='Create New Account']"))
		b.Type(b.Find("#name"), "Acme Ltd")
		b.Type(b.Find("#description"), "Created in the console")
		b.Submit(b.Find("form.form button[type=submit]"))
		if h1 := b.Text(b.Find("h1")); !strings.Contains(h1, "Acme Ltd") {
			t.Fatalf("after Create New Account: %q", h1)
		}

		b.Submit(b.FindX("//a[normalize-space()='Add New User']"))
		b.Type(b.Find("#first_name"), "Alice")
		b.Type(b.Find("#last_name"), "Archer")
		b.Type(b.Find("#login"), "alice@acme.example")
		b.Type(b.Find("#email"), "alice@acme.example")
		b.Type(b.Find("#password"), "a long enough password 42")
		b.Type(b.Find("#notification_emails"), "it@acme.example; boss@acme.example")
		b.Screenshot(shots, "console-add-user.png")
		b.Submit(b.Find("form.form button[type=submit]"))
		if h1 := b.Text(b.Find("h1")); !strings.Contains(h1, "alice@acme.example") {
			t.Fatalf("after Add New User: %q\n%s", h1, b.Source())
		}
		b.Click(b.FindX("//select[@id='add-group_id']/option[normalize-space()='Operators']"))
		b.Submit(b.FindX("//button[normalize-space()='Add Group']"))
		b.Screenshot(shots, "console-user.png")
		b.Go(env.server.URL + "/users")
		b.Screenshot(shots, "console-users.png")
		b.Go(env.server.URL + "/licenses")
		b.Screenshot(shots, "console-licences.png")
	}

	var alice string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: membersConfig(env, grp.ID, "", ops.ID), Check: checkMembers(env, grp.ID, ops.ID)},
			{
				PreConfig: func() {
					inConsole()
					users, err := env.client.Users.ListAll(ctx, &client.ListOptions{Login: "alice@acme.example"})
					if err != nil || len(users) != 1 || users[0].CustomerAccountID == nil {
						t.Fatalf("the console's user: %+v %v", users, err)
					}
					alice = users[0].ID
					if _, err := env.client.Groups.GetMember(ctx, grp.ID, alice); err != nil {
						t.Fatalf("Add Group in the console: %v", err)
					}
				},
				// The plan shows the member added in the console as drift,
				// and the apply takes it out again.
				Config: membersConfig(env, grp.ID, "", ops.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("user_ids"), stringsExact(ops.ID)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkMembers(env, grp.ID, ops.ID),
			},
		},
	})
	if alice == "" {
		t.Fatal("the console step did not run")
	}
}
