package provider

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// requestCounter counts the API requests a test server answers, by
// "METHOD collection" (e.g. "GET users"), from the last reset on.
type requestCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (rc *requestCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, rest, _ := strings.Cut(r.URL.Path, client.APIPath+"/")
		collection, _, _ := strings.Cut(rest, "/")
		rc.mu.Lock()
		if rc.counts == nil {
			rc.counts = map[string]int{}
		}
		rc.counts[r.Method+" "+collection]++
		rc.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (rc *requestCounter) reset() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.counts = map[string]int{}
}

// total is the number of requests since the last reset, and what they were.
func (rc *requestCounter) total() (int, map[string]int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	n := 0
	seen := map[string]int{}
	for k, v := range rc.counts {
		n += v
		seen[k] = v
	}
	return n, seen
}

// TestAccBatchedReads: a no-change plan of N resources of one type under one
// parent makes at most N/50+10 requests, and still shows what changed in
// the console right before it, in the operation right after another, and
// what was deleted.
func TestAccBatchedReads(t *testing.T) {
	const n = 120
	for _, tc := range []struct {
		name string
		// config returns the configuration of n resources "r" and, with
		// change and remove, changes one of them and deletes another in the
		// console by id.
		config func(t *testing.T, env *accEnv) string
		change func(ctx context.Context, env *accEnv, id, value string) error
		remove func(ctx context.Context, env *accEnv, id string) error
		typ    string
		attr   string // the attribute change sets
	}{
		{
			name: "customer accounts",
			typ:  customerAccountType,
			config: func(_ *testing.T, _ *accEnv) string {
				return fmt.Sprintf(`
resource "mspbackup_customer_account" "r" {
  count = %d
  name  = format("Tenant %%03d", count.index)
}
`, n)
			},
			attr: "description",
			change: func(ctx context.Context, env *accEnv, id, value string) error {
				_, err := env.client.CustomerAccounts.Update(ctx, id, &client.CustomerAccountUpdateRequest{Description: &value})
				return err
			},
			remove: func(ctx context.Context, env *accEnv, id string) error {
				return env.client.CustomerAccounts.Delete(ctx, id)
			},
		},
		{
			name: "users of one customer account",
			typ:  userType,
			config: func(t *testing.T, env *accEnv) string {
				acc := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Acme"})
				return fmt.Sprintf(`
resource "mspbackup_user" "r" {
  count               = %d
  login               = format("user%%03d@acme.example", count.index)
  customer_account_id = %q
  mfa_method          = "none"
}
`, n, acc.ID)
			},
			attr: "first_name",
			change: func(ctx context.Context, env *accEnv, id, value string) error {
				_, err := env.client.Users.Update(ctx, id, &client.UserUpdateRequest{FirstName: &value})
				return err
			},
			remove: func(ctx context.Context, env *accEnv, id string) error {
				return env.client.Users.Delete(ctx, id)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var counter requestCounter
			env := newAccEnv(t, testserver.Options{Wrap: counter.wrap})
			ctx := context.Background()
			config := env.config(tc.config(t, env))
			// Plan checks name an instance r[7], the legacy state r.7.
			addr := func(i int) string { return fmt.Sprintf("%s.r[%d]", tc.typ, i) }
			stateAddr := func(i int) string { return fmt.Sprintf("%s.r.%d", tc.typ, i) }
			ids := map[int]string{}
			idOf := func(i int) string {
				if ids[i] == "" {
					t.Fatalf("no id recorded for %s", addr(i))
				}
				return ids[i]
			}
			inConsole := func(what string, err error) {
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			// shows is a plan-only step after pre: its plan makes checks.
			shows := func(pre func(), checks ...plancheck.PlanCheck) resource.TestStep {
				return resource.TestStep{
					PreConfig: pre, Config: config, PlanOnly: true, ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: checks},
				}
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{
					{
						Config: config,
						Check: func(s *terraform.State) error {
							for _, i := range []int{7, 8, 9} {
								ids[i] = s.RootModule().Resources[stateAddr(i)].Primary.ID
							}
							return nil
						},
					},
					// A no-change plan (the step runs a plan without and one
					// with refresh: both are counted).
					{
						PreConfig: counter.reset,
						Config:    config,
						PlanOnly:  true,
					},
					// A change made in the console right before the plan shows.
					shows(func() {
						requests, what := counter.total()
						t.Logf("no-change plan of %d %s: %d requests %v", n, tc.typ, requests, what)
						if limit := n/50 + 10; requests > limit {
							t.Errorf("no-change plan of %d %s: %d requests %v, want at most %d", n, tc.typ, requests, what, limit)
						}
						inConsole("change", tc.change(ctx, env, idOf(7), "changed in the console"))
					},
						plancheck.ExpectResourceAction(addr(7), plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(addr(8), plancheck.ResourceActionNoop),
					),
					// The next operation is served nothing from the previous
					// one: a change made between them shows.
					shows(func() { inConsole("change", tc.change(ctx, env, idOf(8), "changed between two plans")) },
						plancheck.ExpectResourceAction(addr(7), plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(addr(8), plancheck.ResourceActionUpdate),
					),
					// A deleted object is gone: planned for creation again.
					shows(func() { inConsole("delete", tc.remove(ctx, env, idOf(9))) },
						plancheck.ExpectResourceAction(addr(9), plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(addr(10), plancheck.ResourceActionNoop),
					),
					// An apply puts everything back; the plan after it (in the
					// same step) sees its own writes and is empty.
					{
						Config: config,
						Check: resource.ComposeTestCheckFunc(
							resource.TestCheckResourceAttr(stateAddr(7), tc.attr, ""),
							resource.TestCheckResourceAttr(stateAddr(8), tc.attr, ""),
							resource.TestCheckResourceAttrSet(stateAddr(9), "id"),
						),
					},
				},
			})
		})
	}
}

// TestAccBatchedReads_fewOfMany: a configuration that holds 3 users of a
// customer account with 2,500 reads a bounded part of it: at most
// 2*3+1 user requests in a plan (see the bound on snapshot), even though
// the 3 come last in the account's list.
func TestAccBatchedReads_fewOfMany(t *testing.T) {
	const seeded, n = 2500, 3
	var counter requestCounter
	env := newAccEnv(t, testserver.Options{Wrap: counter.wrap})
	acc := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Big"})
	seedUsers(t, env, acc.ID, seeded)
	config := env.configf(`
resource "mspbackup_user" "r" {
  count               = %d
  login               = format("managed%%d@big.example", count.index)
  customer_account_id = %q
  mfa_method          = "none"
}
`, n, acc.ID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: counter.reset, Config: config, PlanOnly: true},
			{
				PreConfig: func() {
					_, what := counter.total()
					t.Logf("no-change plan of %d of %d users: %v", n, seeded+n, what)
					if got := what["GET users"]; got > 2*n+1 {
						t.Errorf("no-change plan of %d of %d users: %d user requests, want at most %d", n, seeded+n, got, 2*n+1)
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// seedUsers creates n users in the customer account through the API, a few
// at a time.
func seedUsers(t *testing.T, env *accEnv, accountID string, n int) {
	t.Helper()
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				_, err := env.client.Users.Create(context.Background(), &client.UserCreateRequest{
					Login: fmt.Sprintf("seeded%05d@big.example", i), CustomerAccountID: &accountID, MFAMethod: client.MFAMethodNone})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("seeding users: %v", err)
	}
}

// TestAccBatchedReads_tenant: a tenant's root as mspbackup-export writes it
// (its customer account, its users, each with a licence assignment and
// memberships of two groups it looks up by name) plans without a change in
// at most 4 requests: the token check, a page of customer accounts, a page
// of its users that includes their memberships and assignments, and a page
// of groups for both lookups; none per user, per group or per lookup, and
// no audit request when nothing drifted. Changes to an assignment and to
// memberships made in the console right before the next plan still show.
func TestAccBatchedReads_tenant(t *testing.T) {
	const n = 20
	var counter requestCounter
	env := newAccEnv(t, testserver.Options{Wrap: counter.wrap})
	ctx := context.Background()
	// Another tenant's members in the same groups, which a group's member
	// list would hold and the tenant's memberships do not.
	other := apiCreate(t, env.client.CustomerAccounts.Create, client.CustomerAccountCreateRequest{Name: "Other"})
	var groups [2]*client.Group
	for i := range groups {
		var err error
		if groups[i], err = env.client.Groups.Create(ctx, &client.GroupCreateRequest{Name: fmt.Sprintf("Group %d", i), Permissions: []string{}}); err != nil {
			t.Fatal(err)
		}
	}
	seedUsers(t, env, other.ID, 5)
	others, err := env.client.Users.ListAll(ctx, &client.ListOptions{CustomerAccountID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range others {
		apiAddMember(t, env, groups[0].ID, u.ID)
	}
	config := env.configf(`
resource "mspbackup_customer_account" "t" {
  name = "Tenant"
}

resource "mspbackup_user" "u" {
  count               = %[1]d
  login               = format("user%%03d@tenant.example", count.index)
  customer_account_id = mspbackup_customer_account.t.id
  mfa_method          = "none"
}

resource "mspbackup_license_assignment" "a" {
  count        = %[1]d
  user_id      = mspbackup_user.u[count.index].id
  license_type = "workstation"
  quantity     = 1
}

# The groups are the MSP's, looked up by name as in an exported tenant's
# root (in another letter case: names match ignoring it).
data "mspbackup_group" "g0" {
  name = "GROUP 0"
}

data "mspbackup_group" "g1" {
  name = "group 1"
}

resource "mspbackup_group_membership" "m0" {
  count    = %[1]d
  group_id = data.mspbackup_group.g0.id
  user_id  = mspbackup_user.u[count.index].id
}

resource "mspbackup_group_membership" "m1" {
  count    = %[1]d
  group_id = data.mspbackup_group.g1.id
  user_id  = mspbackup_user.u[count.index].id
}
`, n)
	state := func(s *terraform.State, addr string) string { return s.RootModule().Resources[addr].Primary.ID }
	var removedAssignment, changedAssignment, memberID, otherMemberID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					removedAssignment = state(s, "mspbackup_license_assignment.a.3")
					changedAssignment = state(s, "mspbackup_license_assignment.a.5")
					memberID = state(s, "mspbackup_user.u.4")
					otherMemberID = state(s, "mspbackup_user.u.6")
					return nil
				},
			},
			// A plan without refresh (the token check and the groups'
			// page for the data sources) and one with: the no-change plan.
			{PreConfig: counter.reset, Config: config, PlanOnly: true},
			{
				PreConfig: func() {
					requests, what := counter.total()
					t.Logf("no-change plan of a tenant of %d users, and a plan without refresh: %d requests %v", n, requests, what)
					want := map[string]int{
						"GET permissions": 2, "GET groups": 2, // in each plan
						"GET customer-accounts": 1, "GET users": 1, // in the no-change plan's refresh
					}
					if !maps.Equal(what, want) {
						t.Errorf("requests %v, want %v: at most 4 in the no-change plan", what, want)
					}
					// The console, right before the next plan.
					if err := env.client.LicenseAssignments.Delete(ctx, removedAssignment); err != nil {
						t.Fatal(err)
					}
					if _, err := env.client.LicenseAssignments.Update(ctx, changedAssignment, &client.LicenseAssignmentUpdateRequest{Quantity: ptrTo[int64](2)}); err != nil {
						t.Fatal(err)
					}
					if err := env.client.Groups.RemoveMember(ctx, groups[1].ID, memberID); err != nil {
						t.Fatal(err)
					}
					if err := env.client.Groups.RemoveMember(ctx, groups[0].ID, otherMemberID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("mspbackup_license_assignment.a[3]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("mspbackup_license_assignment.a[5]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("mspbackup_license_assignment.a[4]", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("mspbackup_group_membership.m1[4]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("mspbackup_group_membership.m0[4]", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("mspbackup_group_membership.m0[6]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("mspbackup_group_membership.m1[6]", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestAccBatchedReads_tenantWithoutLicences: a token that may read users and
// groups but not licences has its users' page with includes refused (403);
// the plan reads the page without them and the memberships' page instead,
// and a membership ended in the console still shows.
func TestAccBatchedReads_tenantWithoutLicences(t *testing.T) {
	const n = 5
	var counter requestCounter
	env := newAccEnv(t, testserver.Options{Wrap: counter.wrap})
	ctx := context.Background()
	acc, err := env.client.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Tenant"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := env.client.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Operators", Permissions: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	reader := apiUser(t, env, client.UserCreateRequest{Login: "reader@msp.example"})
	grantAll(t, env, []string{client.PermUsersRead, client.PermGroupsRead}, reader)
	tok, _ := tokenClient(t, env, reader, "terraform without licences:read")
	resources := fmt.Sprintf(`
resource "mspbackup_user" "u" {
  count               = %d
  login               = format("user%%03d@tenant.example", count.index)
  customer_account_id = %q
  mfa_method          = "none"
}

resource "mspbackup_group_membership" "m" {
  count    = length(mspbackup_user.u)
  group_id = %q
  user_id  = mspbackup_user.u[count.index].id
}
`, n, acc.ID, g.ID)
	readerConfig := fmt.Sprintf(`
provider "mspbackup" {
  endpoint  = %q
  api_token = %q
}
`, env.server.URL, tok.Token) + resources
	var memberID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(resources),
				Check: func(s *terraform.State) error {
					memberID = s.RootModule().Resources["mspbackup_user.u.2"].Primary.ID
					return nil
				},
			},
			{PreConfig: counter.reset, Config: readerConfig, PlanOnly: true},
			{
				PreConfig: func() {
					_, what := counter.total()
					t.Logf("no-change plan without licences:read: %v", what)
					// The page with includes (refused), the page without,
					// and the memberships' page, in the refreshing plan.
					if what["GET users"] != 2 || what["GET group-members"] != 1 {
						t.Errorf("requests %v: want 2 GET users (the refused include, then without) and 1 GET group-members", what)
					}
					if err := env.client.Groups.RemoveMember(ctx, g.ID, memberID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             readerConfig,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("mspbackup_group_membership.m[2]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("mspbackup_group_membership.m[1]", plancheck.ResourceActionNoop),
				}},
			},
			// Back to a token that may write, which the destroy needs.
			{Config: env.config(resources)},
		},
	})
}
