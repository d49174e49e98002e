package store_test

import (
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// What is under a customer account pending deletion is left out of every
// list, kept as it was, and deleted to the last row by a purge, which
// leaves the other accounts alone.
func TestPendingAccountIsHiddenThenPurgedToTheLastRow(t *testing.T) {
	t.Parallel()
	st := open(t, pgtest.StoreDB(t, "db.sqlite"))
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Microsecond)
	meta := func(id string) client.Meta { return client.Meta{ID: id, CreatedAt: now, UpdatedAt: now, Version: 1} }
	accounts := map[string]*client.CustomerAccount{}
	err := st.Write(ctx, func(tx *store.Tx) error {
		for _, id := range []string{"ca_gone", "ca_kept"} {
			a := &client.CustomerAccount{Meta: meta(id), Name: id, Status: client.CustomerAccountSuspended}
			accounts[id] = a
			if err := tx.InsertCustomerAccount(ctx, a); err != nil {
				return err
			}
			owner := "usr_" + id
			u := newUser(owner, owner)
			u.CustomerAccountID = &a.ID
			leaver := newUser("usr_left_"+id, "left-"+id)
			leaver.CustomerAccountID = &a.ID
			for _, step := range []func() error{
				func() error { return tx.InsertUser(ctx, u, "") },
				func() error { return tx.InsertUser(ctx, leaver, "") },
				func() error {
					return tx.InsertCompany(ctx, &client.Company{Meta: meta("co_" + id), Name: "co", CustomerAccountID: &a.ID})
				},
				func() error {
					return tx.InsertLicenseAssignment(ctx, &client.LicenseAssignment{Meta: meta("lic_" + id), UserID: owner, LicenseType: "server", Quantity: 1})
				},
				func() error {
					return tx.InsertComputer(ctx, &client.Computer{ID: "cmp_" + id, UserID: owner, Name: "pc", LicenseType: "server", LicenseFrom: "assignment", CreatedAt: now})
				},
				func() error {
					return tx.InsertComputer(ctx, &client.Computer{ID: "cmp_left_" + id, UserID: leaver.ID, Name: "pc", LicenseType: "server", LicenseFrom: "pool", CreatedAt: now})
				},
				func() error { return tx.RetainComputers(ctx, leaver, now) },
				func() error { return tx.DeleteUser(ctx, leaver.ID) },
				func() error {
					return tx.InsertToken(ctx, &client.APIToken{Meta: meta("tok_" + id), Name: "t", UserID: &owner}, "hash-"+id)
				},
				func() error { _, _, err := tx.AddMember(ctx, "grp_administrators", owner, now); return err },
			} {
				if err := step(); err != nil {
					return err
				}
			}
		}
		gone := *accounts["ca_gone"]
		gone.Status, gone.PurgeAfter, gone.Version = client.CustomerAccountPendingDeletion, &now, 2
		return tx.UpdateCustomerAccount(ctx, &gone)
	})
	if err != nil {
		t.Fatal(err)
	}

	page := store.Page{Limit: 100}
	listed := map[string][]string{}
	collect := func(kind string, n int, err error, id func(i int) string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for i := range n {
			listed[kind] = append(listed[kind], id(i))
		}
	}
	users, _, err := st.ListUsers(ctx, store.UserFilter{}, page)
	collect("users", len(users), err, func(i int) string { return users[i].ID })
	companies, _, err := st.ListCompanies(ctx, store.CompanyFilter{}, page)
	collect("companies", len(companies), err, func(i int) string { return companies[i].ID })
	lics, _, err := st.ListLicenseAssignments(ctx, store.AssignmentFilter{}, page)
	collect("assignments", len(lics), err, func(i int) string { return lics[i].ID })
	pcs, _, err := st.ListComputers(ctx, store.ComputerFilter{}, page)
	collect("computers", len(pcs), err, func(i int) string { return pcs[i].ID })
	toks, _, err := st.ListTokens(ctx, store.TokenFilter{}, page)
	collect("tokens", len(toks), err, func(i int) string { return toks[i].ID })
	kept, _, err := st.ListRetainedBackups(ctx, store.RetainedBackupFilter{}, page)
	collect("retained", len(kept), err, func(i int) string { return kept[i].ID })
	members, _, err := st.ListMembers(ctx, store.MemberFilter{GroupID: "grp_administrators"}, page)
	collect("members", len(members), err, func(i int) string { return members[i].UserID })
	accs, _, err := st.ListCustomerAccounts(ctx, store.CustomerAccountFilter{}, page)
	collect("accounts", len(accs), err, func(i int) string { return accs[i].ID })
	want := map[string][]string{
		"users": {"usr_ca_kept"}, "companies": {"co_ca_kept"}, "assignments": {"lic_ca_kept"}, "computers": {"cmp_ca_kept"},
		"tokens": {"tok_ca_kept"}, "retained": {"cmp_left_ca_kept"}, "members": {"usr_ca_kept"}, "accounts": {"ca_kept"},
	}
	for kind, ids := range want {
		if got := listed[kind]; len(got) != 1 || got[0] != ids[0] {
			t.Errorf("%s listed: %v, want %v", kind, got, ids)
		}
	}
	if s, err := st.RestoreStatus(ctx, "ca_gone"); err != nil || s != client.CustomerAccountSuspended {
		t.Errorf("restore status: %q, %v, want suspended", s, err)
	}

	if err := st.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.PurgeCustomerAccount(ctx, "ca_gone")
		if err == nil && n != 1 {
			t.Errorf("purged %d users, want 1", n)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ca_gone", "ca_kept"} {
		wantLeft := 0
		if id == "ca_kept" {
			wantLeft = 1
		}
		for _, get := range []func() error{
			func() error { _, err := st.GetCustomerAccount(ctx, id); return err },
			func() error { _, err := st.GetUser(ctx, "usr_"+id); return err },
			func() error { _, err := st.GetCompany(ctx, "co_"+id); return err },
			func() error { _, err := st.GetLicenseAssignment(ctx, "lic_"+id); return err },
			func() error { _, err := st.GetComputer(ctx, "cmp_"+id); return err },
			func() error { _, err := st.GetToken(ctx, "tok_"+id); return err },
			func() error { _, err := st.GetRetainedBackup(ctx, "cmp_left_"+id); return err },
		} {
			if err := get(); (err == nil) != (wantLeft == 1) {
				t.Errorf("%s after the purge of ca_gone: err %v", id, err)
			}
		}
	}
}
