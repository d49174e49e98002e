package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestResellerTreeInTheConsole: a reseller's user sees exactly its subtree,
// indented, with breadcrumbs and quota use on an account, and moves an
// account with the edit form.
func TestResellerTreeInTheConsole(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	create := func(name string, reseller bool, parent *string) *client.CustomerAccount {
		t.Helper()
		v, err := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: name, Reseller: reseller, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	north := create("North Reseller", true, nil)
	sub := create("Sub Reseller", true, &north.ID)
	acme := create("Acme Ltd", false, &north.ID)
	leaf := create("Leaf Ltd", false, &sub.ID)
	create("Globex", false, nil)
	if _, err := e.admin.LicenseQuotas.Create(ctx, &client.LicenseQuotaCreateRequest{CustomerAccountID: sub.ID, LicenseType: "server", Quota: 7}); err != nil {
		t.Fatal(err)
	}
	grp, _ := e.admin.Groups.Create(ctx, &client.GroupCreateRequest{Name: "Reseller admins",
		Permissions: []string{client.PermCustomerAccountsRead, client.PermCustomerAccountsWrite, client.PermLicensesRead}})
	e.user("admin@north.example", &north.ID, grp.Name)
	b := e.browser()
	b.signIn("admin@north.example")

	_, body := b.get("/customer-accounts")
	for _, name := range []string{"North Reseller", "Sub Reseller", "Acme Ltd", "Leaf Ltd"} {
		if !strings.Contains(body, name) {
			t.Errorf("the reseller's list lacks %s", name)
		}
	}
	if strings.Contains(body, "Globex") {
		t.Errorf("the reseller's list shows another customer of the MSP")
	}
	// Tree order: Sub Reseller's child right after it, indented one more.
	if i, j := strings.Index(body, "Sub Reseller"), strings.Index(body, "Leaf Ltd"); i < 0 || j < i {
		t.Errorf("Leaf Ltd is not listed after its parent")
	}
	if !strings.Contains(body, `<tr class="depth-2"><td>Leaf Ltd</td>`) || !strings.Contains(body, `<tr class="depth-1"><td>Sub Reseller</td>`) {
		t.Errorf("the list is not indented by depth:\n%s", body)
	}

	_, body = b.get("/customer-accounts/" + leaf.ID)
	if !strings.Contains(body, `aria-label="Breadcrumb"`) || strings.Index(body, ">North Reseller</a>") > strings.Index(body, ">Sub Reseller</a>") {
		t.Errorf("no breadcrumbs, top first, on the leaf's page:\n%s", body)
	}
	for _, crumb := range []string{`href="/customer-accounts/` + north.ID + `">North Reseller</a>`, `href="/customer-accounts/` + sub.ID + `">Sub Reseller</a>`} {
		if !strings.Contains(body, crumb) {
			t.Errorf("breadcrumbs lack %s", crumb)
		}
	}
	_, body = b.get("/customer-accounts/" + sub.ID)
	if !strings.Contains(body, "<h2>Licence quotas</h2>") || !strings.Contains(body, "<td>7</td>") || !strings.Contains(body, "<h2>Customer accounts below</h2>") {
		t.Errorf("the sub-reseller's page lacks its quota or its accounts:\n%s", body)
	}

	// The move form: Acme goes below Sub Reseller.
	status, body := b.post("/customer-accounts/"+acme.ID, url.Values{"name": {"Acme Ltd"}, "parent_id": {sub.ID}, "version": {"1"}})
	got, _ := e.admin.CustomerAccounts.Get(ctx, acme.ID)
	if status != http.StatusOK || got.ParentID == nil || *got.ParentID != sub.ID {
		t.Errorf("move: %d, parent %v\n%s", status, got.ParentID, body)
	}
	// A refused move names the rule next to the field.
	status, body = b.post("/customer-accounts/"+leaf.ID, url.Values{"name": {"Leaf Ltd"}, "parent_id": {acme.ID}, "version": {"1"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a reseller") {
		t.Errorf("move below a plain account: %d\n%s", status, body)
	}
}
