package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// needsListCLI: list resources and `terraform query` came with Terraform
// 1.14; OpenTofu has none.
var needsListCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// listEstate is a console seeded through the API for the list tests.
type listEstate struct {
	acme, globex      *client.CustomerAccount
	hq                *client.Company
	alice, bob, carol *client.User
	operators         *client.Group
	aliceWorkstations *client.LicenseAssignment
	aliceToken        *client.APIToken
	bulkUsers         int
	storage           *client.StorageAccount
}

func seedListEstate(t *testing.T, c *client.Client) *listEstate {
	t.Helper()
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	e := &listEstate{bulkUsers: 5}
	var err error
	e.acme, err = c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "List Acme Ltd"})
	must(err)
	e.globex, err = c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "List Globex", Reseller: true})
	must(err)
	_, err = c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "List Globex Customer", ParentID: &e.globex.ID})
	must(err)
	e.hq, err = c.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "Acme Head Office", CustomerAccountID: &e.acme.ID})
	must(err)
	e.storage, err = c.StorageAccounts.Create(ctx, &client.StorageAccountCreateRequest{
		Name: "List Backups", Type: "amazon_s3", Region: "eu-west-2", AccessKeyID: "AKIALIST", SecretAccessKey: "list-storage-secret-for-tests",
	})
	must(err)
	e.alice, err = c.Users.Create(ctx, &client.UserCreateRequest{
		Login: "alice@list.example", Email: "alice@list.example", FirstName: "Alice", DisplayName: "Alice Archer",
		NotificationEmails: []string{"reports@list.example"}, CustomerAccountID: &e.acme.ID, CompanyID: &e.hq.ID,
		StorageAccountID: &e.storage.ID, Bucket: "alice", Password: "correct-horse-battery-staple",
	})
	must(err)
	e.bob, err = c.Users.Create(ctx, &client.UserCreateRequest{
		Login: "bob@list.example", CustomerAccountID: &e.acme.ID, Enabled: new(false), MFAMethod: client.MFAMethodNone,
	})
	must(err)
	e.carol, err = c.Users.Create(ctx, &client.UserCreateRequest{
		Login: "carol@globex.example", CustomerAccountID: &e.globex.ID, MFAMethod: client.MFAMethodNone,
	})
	must(err)
	for i := range e.bulkUsers {
		_, err = c.Users.Create(ctx, &client.UserCreateRequest{Login: fmt.Sprintf("bulk-%d", i), MFAMethod: client.MFAMethodNone})
		must(err)
	}
	e.operators, err = c.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Operators", Permissions: []string{client.PermUsersRead}})
	must(err)
	for _, u := range []*client.User{e.alice, e.bob} {
		_, err = c.Groups.AddMember(ctx, e.operators.ID, u.ID)
		must(err)
	}
	e.aliceWorkstations, err = c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{
		UserID: e.alice.ID, LicenseType: "workstation", Quantity: 2,
	})
	must(err)
	_, err = c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: e.alice.ID, LicenseType: "server", Quantity: 1})
	must(err)
	e.aliceToken, err = c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "alice's pipeline", UserID: e.alice.ID})
	must(err)
	return e
}

// byID filters query results by their identity.
// listHCL is a list block of the provider: head's lines go in the block
// (limit, include_resource), config's in its config block (none if "").
func listHCL(typ, name, head, config string) string {
	block := fmt.Sprintf("\nlist %q %q {\n  provider = mspbackup\n", typ, name)
	if head != "" {
		block += "  " + strings.ReplaceAll(head, "\n", "\n  ") + "\n"
	}
	if config != "" {
		block += "  config {\n    " + strings.ReplaceAll(config, "\n", "\n    ") + "\n  }\n"
	}
	return block + "}\n"
}

func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

// TestAccListResources runs `terraform query` over a seeded console: each
// filter narrows the results to what it names, limit stops the listing,
// results carry the identity and the name a person knows, a type listed
// under a parent needs the parent, and a result with include_resource is
// exactly what an import block gives for the same object.
func TestAccListResources(t *testing.T) {
	env := newAccEnv(t)
	e := seedListEstate(t, env.client)
	// The query steps' list blocks use the provider block of the first
	// step's configuration, which stays in the working directory.
	provider := env.config("")

	queried := &capturedObject{}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   needsListCLI,
		Steps: []tfresource.TestStep{
			{Config: provider},
			{
				Query: true,
				Config: fmt.Sprintf(listHCL("mspbackup_user", "acme_enabled", "", "customer_account_id = %[1]q\nenabled = true")+
					listHCL("mspbackup_user", "acme_disabled", "", "customer_account_id = %[1]q\nenabled = false")+
					listHCL("mspbackup_user", "in_company", "", `company_id = %[2]q`)+
					listHCL("mspbackup_user", "bulk_limited", `limit = 2`, `login_prefix = "BULK-"`)+
					listHCL("mspbackup_user", "bulk_all", "", `login_prefix = "bulk-"`)+
					listHCL("mspbackup_customer_account", "acme", "", `name_prefix = "list acme"`)+
					listHCL("mspbackup_customer_account", "below_globex", "", `parent_id = %[3]q`)+
					listHCL("mspbackup_customer_account", "globex_tree", "", `subtree_of = %[3]q`)+
					listHCL("mspbackup_company", "globex", "", `customer_account_id = %[3]q`)+
					listHCL("mspbackup_group_membership", "operators", "", `group_id = %[4]q`)+
					listHCL("mspbackup_group_members", "operators", "", `group_id = %[4]q`)+
					listHCL("mspbackup_license_assignment", "alice", `include_resource = true`, `user_id = %[5]q`)+
					listHCL("mspbackup_license_assignment", "alice_servers", "", "user_id = %[5]q\nlicense_type = \"server\"")+
					listHCL("mspbackup_api_token", "alice", "", `user_id = %[5]q`)+
					listHCL("mspbackup_storage_account", "all", `include_resource = true`, "")+
					listHCL("mspbackup_user", "alice", `include_resource = true`, `login_prefix = "alice@"`),
					e.acme.ID, e.hq.ID, e.globex.ID, e.operators.ID, e.alice.ID),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("mspbackup_user.acme_enabled", 1),
					querycheck.ExpectResourceDisplayName("mspbackup_user.acme_enabled", byID(e.alice.ID), knownvalue.StringExact("alice@list.example")),
					querycheck.ExpectLength("mspbackup_user.acme_disabled", 1),
					querycheck.ExpectIdentity("mspbackup_user.acme_disabled", map[string]knownvalue.Check{"id": knownvalue.StringExact(e.bob.ID)}),
					querycheck.ExpectLength("mspbackup_user.in_company", 1),
					querycheck.ExpectLength("mspbackup_user.bulk_limited", 2),
					querycheck.ExpectLength("mspbackup_user.bulk_all", e.bulkUsers),
					querycheck.ExpectLength("mspbackup_customer_account.acme", 1),
					querycheck.ExpectResourceDisplayName("mspbackup_customer_account.acme", byID(e.acme.ID), knownvalue.StringExact("List Acme Ltd")),
					querycheck.ExpectLength("mspbackup_customer_account.below_globex", 1),
					querycheck.ExpectLength("mspbackup_customer_account.globex_tree", 2),
					querycheck.ExpectLength("mspbackup_company.globex", 0),
					querycheck.ExpectLength("mspbackup_group_membership.operators", 2),
					querycheck.ExpectResourceDisplayName("mspbackup_group_membership.operators", byID(e.operators.ID+"/"+e.bob.ID),
						knownvalue.StringExact("bob@list.example in Operators")),
					querycheck.ExpectLength("mspbackup_group_members.operators", 1),
					querycheck.ExpectResourceDisplayName("mspbackup_group_members.operators", byID(e.operators.ID),
						knownvalue.StringExact("members of Operators")),
					querycheck.ExpectLength("mspbackup_license_assignment.alice", 2),
					querycheck.ExpectResourceDisplayName("mspbackup_license_assignment.alice", byID(e.aliceWorkstations.ID),
						knownvalue.StringExact("workstation licences of alice@list.example")),
					querycheck.ExpectResourceKnownValues("mspbackup_license_assignment.alice", byID(e.aliceWorkstations.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("quantity"), KnownValue: knownvalue.Int64Exact(2)},
						{Path: tfjsonpath.New("user_id"), KnownValue: knownvalue.StringExact(e.alice.ID)},
					}),
					querycheck.ExpectLength("mspbackup_license_assignment.alice_servers", 1),
					querycheck.ExpectLength("mspbackup_api_token.alice", 1),
					querycheck.ExpectResourceDisplayName("mspbackup_api_token.alice", byID(e.aliceToken.ID), knownvalue.StringExact("alice's pipeline")),
					// Secrets stay null, as after an import: the API never returns them.
					querycheck.ExpectResourceKnownValues("mspbackup_storage_account.all", byID(e.storage.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("access_key_id"), KnownValue: knownvalue.StringExact("AKIALIST")},
						{Path: tfjsonpath.New("secret_access_key"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("secret_access_key_wo"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectResourceKnownValues("mspbackup_user.alice", byID(e.alice.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("display_name"), KnownValue: knownvalue.StringExact("Alice Archer")},
						{Path: tfjsonpath.New("notification_emails"), KnownValue: knownvalue.SetExact(
							[]knownvalue.Check{knownvalue.StringExact("reports@list.example")})},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("password_wo"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("generated_password"), KnownValue: knownvalue.Null()},
					}),
					queried.capture("mspbackup_user.alice", e.alice.ID),
				},
			},
			{
				// The same object through an import block and generated
				// configuration: its state must equal the query's result.
				Config:             provider,
				ResourceName:       "mspbackup_user.alice",
				ImportState:        true,
				ImportStateKind:    tfresource.ImportBlockWithID,
				ImportStateId:      e.alice.ID,
				GenerateConfig:     true,
				ImportPlanChecks:   tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{queried.equalsImported("mspbackup_user.generated")}},
				ImportStatePersist: false,
			},
			{
				Query:       true,
				Config:      listHCL("mspbackup_group_membership", "no_group", "", ""),
				ExpectError: regexp.MustCompile(`Missing group_id(.|\n)*security group, so group_id is required`),
			},
			{
				Query:       true,
				Config:      listHCL("mspbackup_license_assignment", "no_user", "", `license_type = "server"`),
				ExpectError: regexp.MustCompile(`Missing user_id`),
			},
		},
	})
}

// capturedObject keeps the resource object of one query result, to compare
// it with the state an import gives for the same object.
type capturedObject struct {
	object map[string]any
}

type captureCheck struct {
	into    *capturedObject
	address string
	id      string
}

func (c *capturedObject) capture(address, id string) querycheck.QueryResultCheck {
	return captureCheck{into: c, address: address, id: id}
}

func (c captureCheck) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range req.Query {
		if strings.TrimPrefix(r.Address, "list.") == c.address && r.Identity["id"] == c.id {
			if r.ResourceObject == nil {
				resp.Error = fmt.Errorf("%s: the result for %s carries no resource", c.address, c.id)
			}
			c.into.object = r.ResourceObject
			return
		}
	}
	resp.Error = fmt.Errorf("%s has no result for %s", c.address, c.id)
}

type equalsImportedCheck struct {
	queried *capturedObject
	address string
}

func (c *capturedObject) equalsImported(address string) plancheck.PlanCheck {
	return equalsImportedCheck{queried: c, address: address}
}

func (c equalsImportedCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.address {
			continue
		}
		imported, _ := json.Marshal(rc.Change.Before)
		queried, _ := json.Marshal(c.queried.object)
		if c.queried.object == nil || string(imported) != string(queried) {
			resp.Error = fmt.Errorf("the query's resource differs from the imported state:\nquery:  %s\nimport: %s", queried, imported)
		}
		return
	}
	resp.Error = fmt.Errorf("the plan has no %s", c.address)
}

// TestListResultOfAVanishedObjectIsAWarning: an object listed but gone by the
// time include_resource reads it is a warning naming it, not a failed query.
func TestListResultOfAVanishedObjectIsAWarning(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.Options{})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	l, req := userListResource(t, c)
	req.IncludeResource = true

	ghost := l.result(t.Context(), req, listItem{id: client.PrefixUser + "00000000000000000000", name: "ghost@list.example"})
	if ghost.Diagnostics.HasError() || ghost.Diagnostics.WarningsCount() != 1 || ghost.Identity != nil {
		t.Fatalf("a vanished user gave %v (identity %v), want one warning and no result", ghost.Diagnostics, ghost.Identity)
	}
	if s := ghost.Diagnostics[0].Summary(); !strings.Contains(s, "ghost@list.example") {
		t.Errorf("the warning %q does not name the user", s)
	}

	u, err := c.Users.Create(t.Context(), &client.UserCreateRequest{Login: "real@list.example", MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	real := l.result(t.Context(), req, listItem{id: u.ID, name: u.Login})
	if real.Diagnostics.HasError() || real.Resource == nil || real.Resource.Raw.IsNull() {
		t.Fatalf("an existing user gave %v, want its whole resource", real.Diagnostics)
	}
	var login string
	real.Diagnostics.Append(real.Resource.GetAttribute(t.Context(), path.Root("login"), &login)...)
	if login != u.Login {
		t.Errorf("the result's login is %q, want %q", login, u.Login)
	}
}

// TestListStopsFetchingAtTheLimit: a list with a limit asks for pages no
// larger than the limit and fetches no page after the limit is reached,
// while one without reads every page.
func TestListStopsFetchingAtTheLimit(t *testing.T) {
	t.Parallel()
	var userPages atomic.Int64
	var pageSize atomic.Value // the page_size of the last user list request
	srv := testserver.Start(t, testserver.Options{Wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/api/v1/users" {
				userPages.Add(1)
				pageSize.Store(r.URL.Query().Get("page_size"))
			}
			next.ServeHTTP(w, r)
		})
	}})
	c, err := client.New(srv.URL, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := c.Users.Create(t.Context(), &client.UserCreateRequest{Login: fmt.Sprintf("limit-%d", i), MFAMethod: client.MFAMethodNone}); err != nil {
			t.Fatal(err)
		}
	}
	l, req := userListResource(t, c)

	for _, tt := range []struct {
		limit        int64
		results      int
		pagesFetched int64
		pageSize     string
	}{
		{limit: 2, results: 2, pagesFetched: 1, pageSize: "2"},
		{limit: 0, results: 5, pagesFetched: 1, pageSize: "1000"},
	} {
		userPages.Store(0)
		var stream list.ListResultsStream
		req.Limit = tt.limit
		l.List(t.Context(), req, &stream)
		n := 0
		for r := range stream.Results {
			if r.Diagnostics.HasError() {
				t.Fatal(r.Diagnostics)
			}
			n++
		}
		if n != tt.results || userPages.Load() != tt.pagesFetched || pageSize.Load() != tt.pageSize {
			t.Errorf("limit %d: %d results from %d pages of %v, want %d from %d of %s",
				tt.limit, n, userPages.Load(), pageSize.Load(), tt.results, tt.pagesFetched, tt.pageSize)
		}
	}
}

// userListResource returns the users' list resource configured with c, as
// the framework configures it, and a request without config for it.
func userListResource(t *testing.T, c *client.Client) (*listResource, list.ListRequest) {
	t.Helper()
	l := &listResource{listedType: listedTypes[4]}
	if l.typeName != userType {
		t.Fatalf("listedTypes[4] is %s, want %s", l.typeName, userType)
	}
	var configured resource.ConfigureResponse
	l.Configure(t.Context(), resource.ConfigureRequest{ProviderData: &providerData{client: c, cache: newReadCache()}}, &configured)
	if configured.Diagnostics.HasError() {
		t.Fatal(configured.Diagnostics)
	}
	var schema resource.SchemaResponse
	l.resource.Schema(t.Context(), resource.SchemaRequest{}, &schema)
	var identity resource.IdentitySchemaResponse
	l.resource.(resource.ResourceWithIdentity).IdentitySchema(t.Context(), resource.IdentitySchemaRequest{}, &identity)
	return l, list.ListRequest{
		Config:                 tfsdk.Config{Raw: tftypes.NewValue(tftypes.Object{}, nil)},
		ResourceSchema:         schema.Schema,
		ResourceIdentitySchema: identity.IdentitySchema,
	}
}
