package server_test

import (
	"slices"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// leaver is a tenant user with two computers that reported backups: one on
// an assigned licence, one from the pool.
func leaver(t *testing.T, a *api, account *string) (*client.User, []client.Computer) {
	t.Helper()
	u := a.user(client.UserCreateRequest{CustomerAccountID: account})
	must[client.LicenseAssignment](a, 201, "POST", "/license-assignments",
		client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: client.LicenseTypeServer, Quantity: 1})
	agent := a.as(a.tokenFor(u.ID))
	var pcs []client.Computer
	for i, name := range []string{"srv-1", "srv-2"} {
		c := must[client.Computer](agent, 201, "POST", "/agent/computers", client.ComputerRegisterRequest{Name: name, LicenseType: client.LicenseTypeServer})
		c = must[client.Computer](agent, 200, "POST", "/agent/computers/"+c.ID+"/backup-report", client.ComputerBackupReport{BackupBytes: int64(i+1) << 30})
		pcs = append(pcs, c)
	}
	return u, pcs
}

func TestDeletingAUserKeepsItsBackupsUnlessAsked(t *testing.T) {
	_, a := startParallel(t)
	acc := a.customerAccount()
	pool := must[client.LicensePool](a, 200, "GET", "/license-pool", nil)

	kept, pcs := leaver(t, a, &acc.ID)
	if pcs[1].BackupBytes != 2<<30 || must[client.Computer](a, 200, "GET", "/computers/"+pcs[1].ID, nil).BackupBytes != 2<<30 {
		t.Errorf("backup_bytes after a report: %+v", pcs[1])
	}
	must[struct{}](a, 204, "DELETE", "/users/"+kept.ID, nil)
	list := must[client.Page[client.RetainedBackup]](a, 200, "GET", "/retained-backups?user_id="+kept.ID, nil).Items
	if len(list) != 2 {
		t.Fatalf("retained backups of the deleted user: %+v, want 2", list)
	}
	for i, rb := range list {
		if rb.ID != pcs[i].ID || rb.UserLogin != kept.Login || rb.ComputerName != pcs[i].Name || rb.BackupBytes != pcs[i].BackupBytes ||
			rb.CustomerAccountID == nil || *rb.CustomerAccountID != acc.ID || rb.LicenseType != client.LicenseTypeServer {
			t.Errorf("retained backup %d: %+v, from computer %+v", i, rb, pcs[i])
		}
	}
	must[client.RetainedBackup](a, 200, "GET", "/retained-backups/"+pcs[0].ID, nil)
	if got := must[client.LicensePool](a, 200, "GET", "/license-pool", nil); !slices.Equal(got.Items, pool.Items) {
		t.Errorf("the pool after the delete: %+v, want every licence freed: %+v", got.Items, pool.Items)
	}

	gone, _ := leaver(t, a, &acc.ID)
	must[struct{}](a, 204, "DELETE", "/users/"+gone.ID+"?backup_data=delete", nil)
	if n := len(must[client.Page[client.RetainedBackup]](a, 200, "GET", "/retained-backups?user_id="+gone.ID, nil).Items); n != 0 {
		t.Errorf("backup_data=delete kept %d backups", n)
	}
	odd, _ := leaver(t, a, &acc.ID)
	if r := a.do("DELETE", "/users/"+odd.ID+"?backup_data=later", nil); r.status != 422 || r.problem().Errors[0].Field != "backup_data" {
		t.Errorf("backup_data=later: %d %s, want 422 naming backup_data", r.status, r.body)
	}

	// Purging: confirmed by the id, a batch at a time.
	for _, tc := range []struct {
		name  string
		req   client.RetainedBackupPurgeRequest
		field string
	}{
		{"confirm differs", client.RetainedBackupPurgeRequest{UserID: kept.ID, Confirm: acc.ID}, "confirm"},
		{"no confirm", client.RetainedBackupPurgeRequest{CustomerAccountID: acc.ID}, "confirm"},
		{"no target", client.RetainedBackupPurgeRequest{Confirm: kept.ID}, "user_id"},
		{"both targets", client.RetainedBackupPurgeRequest{UserID: kept.ID, CustomerAccountID: acc.ID, Confirm: kept.ID}, "customer_account_id"},
		{"limit too large", client.RetainedBackupPurgeRequest{UserID: kept.ID, Confirm: kept.ID, Limit: 1001}, "limit"},
	} {
		r := a.do("POST", "/retained-backups/purge", tc.req)
		if r.status != 422 || !slices.ContainsFunc(r.problem().Errors, func(e client.FieldError) bool { return e.Field == tc.field }) {
			t.Errorf("%s: %d %s, want 422 naming %s", tc.name, r.status, r.body, tc.field)
		}
	}
	first := must[client.RetainedBackupPurgeResult](a, 200, "POST", "/retained-backups/purge",
		client.RetainedBackupPurgeRequest{UserID: kept.ID, Confirm: kept.ID, Limit: 1})
	if first != (client.RetainedBackupPurgeResult{Purged: 1, PurgedBytes: 1 << 30, Remaining: 1}) {
		t.Errorf("first batch: %+v", first)
	}
	last := must[client.RetainedBackupPurgeResult](a, 200, "POST", "/retained-backups/purge",
		client.RetainedBackupPurgeRequest{CustomerAccountID: acc.ID, Confirm: acc.ID})
	if last != (client.RetainedBackupPurgeResult{Purged: 1, PurgedBytes: 2 << 30, Remaining: 0}) {
		t.Errorf("last batch: %+v", last)
	}
	if r := a.do("GET", "/retained-backups/"+pcs[0].ID, nil); r.status != 404 {
		t.Errorf("a purged backup: %d, want 404", r.status)
	}
}

func TestRetainedBackupsKeepTenancyAndPermissions(t *testing.T) {
	_, a := startParallel(t)
	mine, theirs := a.customerAccount(), a.customerAccount()
	u, pcs := leaver(t, a, &theirs.ID)
	must[struct{}](a, 204, "DELETE", "/users/"+u.ID, nil)

	_, tenant := a.principal(&mine.ID, client.PermLicensesRead, client.PermLicensesWrite)
	if items := must[client.Page[client.RetainedBackup]](tenant, 200, "GET", "/retained-backups", nil).Items; len(items) != 0 {
		t.Errorf("a tenant lists another account's retained backups: %+v", items)
	}
	if r := tenant.do("GET", "/retained-backups/"+pcs[0].ID, nil); r.status != 404 {
		t.Errorf("a tenant reads another account's retained backup: %d", r.status)
	}
	if r := tenant.do("POST", "/retained-backups/purge", client.RetainedBackupPurgeRequest{CustomerAccountID: theirs.ID, Confirm: theirs.ID}); r.status != 404 {
		t.Errorf("a tenant purges another account's backups: %d %s", r.status, r.body)
	}
	if got := must[client.RetainedBackupPurgeResult](tenant, 200, "POST", "/retained-backups/purge",
		client.RetainedBackupPurgeRequest{UserID: u.ID, Confirm: u.ID}); got.Purged != 0 {
		t.Errorf("a tenant purged another account's user's backups: %+v", got)
	}

	_, reader := a.principal(nil, client.PermLicensesRead)
	if r := reader.do("POST", "/retained-backups/purge", client.RetainedBackupPurgeRequest{UserID: u.ID, Confirm: u.ID}); r.status != 403 {
		t.Errorf("a purge without licenses:write: %d", r.status)
	}
	_, nobody := a.principal(nil, client.PermUsersRead)
	if r := nobody.do("GET", "/retained-backups", nil); r.status != 403 {
		t.Errorf("a list without licenses:read: %d", r.status)
	}

	// Only the computer's own user reports its backups.
	other := a.user(client.UserCreateRequest{CustomerAccountID: &theirs.ID})
	owner := a.user(client.UserCreateRequest{CustomerAccountID: &theirs.ID})
	pc := must[client.Computer](a.as(a.tokenFor(owner.ID)), 201, "POST", "/agent/computers",
		client.ComputerRegisterRequest{Name: "pc", LicenseType: client.LicenseTypeWorkstation})
	if r := a.as(a.tokenFor(other.ID)).do("POST", "/agent/computers/"+pc.ID+"/backup-report", client.ComputerBackupReport{BackupBytes: 1}); r.status != 404 {
		t.Errorf("a report by another user: %d", r.status)
	}
	if r := a.as(a.tokenFor(owner.ID)).do("POST", "/agent/computers/"+pc.ID+"/backup-report", client.ComputerBackupReport{BackupBytes: -1}); r.status != 422 {
		t.Errorf("a negative report: %d", r.status)
	}
}
