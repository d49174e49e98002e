package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func TestTenantLifecycleButtons(t *testing.T) {
	e := startWith(t, testserver.Options{DeletionGrace: 24 * time.Hour})
	e.user("ops@msp.example", nil, client.AdministratorsGroupName)
	b := e.browser()
	b.signIn("ops@msp.example")
	ctx := t.Context()
	acc, err := e.admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Initech"})
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		got, err := e.admin.CustomerAccounts.Get(ctx, acc.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}

	// Suspend, then Resume.
	if code, body := b.post("/customer-accounts/"+acc.ID+"/suspend", url.Values{}); code != 200 || !strings.Contains(body, ">Resume<") || status() != "suspended" {
		t.Fatalf("Suspend: %d, status %s\n%s", code, status(), body)
	}
	if code, body := b.post("/customer-accounts/"+acc.ID+"/resume", url.Values{}); code != 200 || !strings.Contains(body, ">Suspend<") || status() != "active" {
		t.Fatalf("Resume: %d, status %s\n%s", code, status(), body)
	}

	// The user's buttons.
	u := e.user("pat@initech.example", &acc.ID)
	for _, tc := range []struct{ verb, notice, kind string }{
		{"send-instructions", "getting-started e-mail was sent", client.MessageKindWelcome},
		{"reset-password", "new password was mailed", client.MessageKindPasswordReset},
		{"end-sessions", "signed out everywhere", ""},
	} {
		code, body := b.post("/users/"+u.ID+"/"+tc.verb, url.Values{})
		if code != 200 || !strings.Contains(body, tc.notice) {
			t.Errorf("%s: %d, want the notice %q\n%s", tc.verb, code, tc.notice, body)
		}
		if tc.kind == "" {
			continue
		}
		msgs, err := e.admin.Outbox.ListAll(ctx, &client.ListOptions{To: u.Email, Kind: tc.kind})
		if err != nil || len(msgs) != 1 {
			t.Errorf("%s: %d %s messages (%v), want 1", tc.verb, len(msgs), tc.kind, err)
		}
	}

	// Delete the user keeping its backups, then purge them from the account.
	tok, err := e.admin.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "agent", UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	agent, err := client.New(e.srv.URL, tok.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := agent.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: "pat-pc", LicenseType: client.LicenseTypeWorkstation}); err != nil {
		t.Fatal(err)
	}
	if code, _ := b.post("/users/"+u.ID+"/delete", url.Values{"backup_data": {"keep"}}); code != 200 {
		t.Fatalf("delete the user: %d", code)
	}
	if _, body := b.get("/customer-accounts/" + acc.ID); !strings.Contains(body, "pat-pc") || !strings.Contains(body, "Purge Retained Backups") {
		t.Errorf("the account page shows no retained backup:\n%s", body)
	}
	if code, body := b.post("/retained-backups/purge", url.Values{"customer_account_id": {acc.ID}}); code != 200 || !strings.Contains(body, "were purged") {
		t.Errorf("purge: %d\n%s", code, body)
	}
	if kept, _ := e.admin.RetainedBackups.ListAll(ctx, nil); len(kept) != 0 {
		t.Errorf("after the purge: %+v", kept)
	}

	// The dialog's other choice deletes the data with the user.
	v := e.user("lou@initech.example", &acc.ID)
	tok, err = e.admin.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "agent", UserID: v.ID})
	if err != nil {
		t.Fatal(err)
	}
	if agent, err = client.New(e.srv.URL, tok.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := agent.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: "lou-pc", LicenseType: client.LicenseTypeWorkstation}); err != nil {
		t.Fatal(err)
	}
	if code, _ := b.post("/users/"+v.ID+"/delete", url.Values{"backup_data": {"delete"}}); code != 200 {
		t.Fatalf("delete the user with its data: %d", code)
	}
	if kept, _ := e.admin.RetainedBackups.ListAll(ctx, nil); len(kept) != 0 {
		t.Errorf("backup_data=delete kept %+v", kept)
	}

	// Delete the account, find it among the deleted ones, restore it.
	if code, _ := b.post("/customer-accounts/"+acc.ID+"/delete", url.Values{}); code != 200 || status() != client.CustomerAccountPendingDeletion {
		t.Fatalf("delete the account: %d, status %s", code, status())
	}
	code, body := b.get("/deleted-customer-accounts")
	if code != http.StatusOK || !strings.Contains(body, "Initech") || !strings.Contains(body, "/customer-accounts/"+acc.ID+"/restore") {
		t.Fatalf("deleted accounts: %d\n%s", code, body)
	}
	if code, body := b.post("/customer-accounts/"+acc.ID+"/restore", url.Values{}); code != 200 || !strings.Contains(body, "were restored") || status() != "active" {
		t.Errorf("restore: %d, status %s\n%s", code, status(), body)
	}
}
