package client_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// The tenant lifecycle's calls against the real server: each reaches its
// route and decodes its answer.

func TestSuspendDeleteAndRestoreACustomerAccount(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv, c := start(t, testserver.Options{DeletionGrace: time.Hour})
	acc, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Lifecycle Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "tenant-user", CustomerAccountID: &acc.ID, MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "agent", UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	asUser := newClient(t, srv, tok.Token)

	if acc, err = c.CustomerAccounts.Update(ctx, acc.ID, &client.CustomerAccountUpdateRequest{Status: ptr(client.CustomerAccountSuspended)}); err != nil ||
		acc.Status != client.CustomerAccountSuspended {
		t.Fatalf("suspend: %+v, %v", acc, err)
	}
	if _, err := asUser.Users.Get(ctx, u.ID); !client.IsForbidden(err) || !strings.Contains(err.Error(), "suspended") {
		t.Errorf("a suspended tenant's token: %v, want 403 saying suspended", err)
	}
	suspended, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Status: client.CustomerAccountSuspended})
	if err != nil || len(suspended) != 1 || suspended[0].ID != acc.ID {
		t.Errorf("Status filter: %+v, %v", suspended, err)
	}

	if err := c.CustomerAccounts.Delete(ctx, acc.ID); err != nil {
		t.Fatal(err)
	}
	pending, err := c.CustomerAccounts.Get(ctx, acc.ID)
	if err != nil || pending.Status != client.CustomerAccountPendingDeletion || pending.PurgeAfter == nil {
		t.Fatalf("Get after Delete: %+v, %v", pending, err)
	}
	if _, err := c.Users.Get(ctx, u.ID); !client.IsNotFound(err) {
		t.Errorf("a user under a pending account: %v, want 404", err)
	}
	restored, err := c.CustomerAccounts.Restore(ctx, acc.ID)
	if err != nil || restored.Status != client.CustomerAccountSuspended || restored.PurgeAfter != nil {
		t.Fatalf("Restore: %+v, %v", restored, err)
	}
	if _, err := c.CustomerAccounts.Restore(ctx, acc.ID); !client.IsConflict(err) {
		t.Errorf("Restore of a live account: %v, want 409", err)
	}
}

func TestUserVerbsAndRetainedBackups(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv, c := start(t, testserver.Options{})
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "kim", Email: "kim@example.com", MFAMethod: client.MFAMethodNone, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Users.SendInstructions(ctx, u.ID); err != nil {
		t.Fatalf("SendInstructions: %v", err)
	}
	if _, err := c.Auth.Login(ctx, &client.LoginRequest{Login: "kim", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	if ended, err := c.Users.EndSessions(ctx, u.ID); err != nil || ended.Ended != 1 {
		t.Errorf("EndSessions: %+v, %v", ended, err)
	}
	if ended, err := c.Users.ResetPassword(ctx, u.ID, &client.PasswordResetRequest{Generate: true}); err != nil || ended.Ended != 0 {
		t.Errorf("ResetPassword: %+v, %v", ended, err)
	}
	if _, err := c.Users.ResetPassword(ctx, u.ID, &client.PasswordResetRequest{}); !client.IsValidation(err) {
		t.Errorf("ResetPassword without a password: %v, want 422", err)
	}
	msgs, err := c.Outbox.ListAll(ctx, &client.ListOptions{To: "kim@example.com"})
	if err != nil || len(msgs) != 2 {
		t.Errorf("the outbox: %d messages (%v), want the instructions and the password", len(msgs), err)
	}

	tok, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "agent", UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	agent := newClient(t, srv, tok.Token)
	pc, err := agent.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: "kim-pc", LicenseType: client.LicenseTypeWorkstation})
	if err != nil {
		t.Fatal(err)
	}
	if pc, err = agent.Computers.ReportBackup(ctx, pc.ID, &client.ComputerBackupReport{BackupBytes: 12345}); err != nil || pc.BackupBytes != 12345 {
		t.Fatalf("ReportBackup: %+v, %v", pc, err)
	}
	if err := c.Users.Delete(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	kept, err := c.RetainedBackups.ListAll(ctx, &client.ListOptions{UserID: u.ID})
	if err != nil || len(kept) != 1 || kept[0].BackupBytes != 12345 || kept[0].UserLogin != "kim" {
		t.Fatalf("RetainedBackups.ListAll: %+v, %v", kept, err)
	}
	if got, err := c.RetainedBackups.Get(ctx, kept[0].ID); err != nil || got.ComputerName != "kim-pc" {
		t.Errorf("RetainedBackups.Get: %+v, %v", got, err)
	}
	if _, err := c.RetainedBackups.Purge(ctx, &client.RetainedBackupPurgeRequest{UserID: u.ID, Confirm: "usr_other"}); !client.IsValidation(err) ||
		!strings.Contains(err.Error(), "confirm") {
		t.Errorf("Purge with a wrong confirm: %v, want 422 naming confirm", err)
	}
	res, err := c.RetainedBackups.Purge(ctx, &client.RetainedBackupPurgeRequest{UserID: u.ID, Confirm: u.ID})
	if err != nil || *res != (client.RetainedBackupPurgeResult{Purged: 1, PurgedBytes: 12345}) {
		t.Errorf("Purge: %+v, %v", res, err)
	}

	other, err := c.Users.Create(ctx, &client.UserCreateRequest{Login: "lee", MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Users.DeleteWithBackupData(ctx, other.ID); err != nil {
		t.Fatalf("DeleteWithBackupData: %v", err)
	}
	if _, err := c.Users.Get(ctx, other.ID); !client.IsNotFound(err) {
		t.Errorf("after DeleteWithBackupData: %v, want 404", err)
	}
}
