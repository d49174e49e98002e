package server

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The tree of customer accounts, its rules in one place:
//
//	A customer account may be a reseller, with customer accounts of its own
//	below it, at most 3 levels below the MSP (client.MaxTreeDepth).
//
//	Tenancy follows the subtree: a user of an account sees the account and
//	everything below it (for a plain account that is the account alone, as
//	before there were resellers); MSP staff see everything. The privilege
//	rule (rights.go) applies on top, unchanged.
//
//	A reseller's users manage (create, change, move, delete) the accounts
//	strictly below their own account, never their own: so they cannot move
//	themselves out from under their reseller nor raise their own quotas.
//	Only MSP staff place an account directly under the MSP.
//
//	A move (a new parent_id) takes the account with everything below it, ids
//	and logins unchanged. It is refused when the new parent is the account or
//	below it, is not a reseller, would put any account deeper than 3 levels,
//	is outside what the principal sees, or when a licence quota the account
//	comes under (of the new parent or above it, and not already above the
//	account) has no room for what the moved subtree holds.
//
//	A licence quota of a reseller bounds what its whole subtree holds of one
//	licence type (assignments plus computers drawing from the pool), on top
//	of the MSP's pool and of the quotas above it; it is never set below what
//	is held.
//
// principal.sees (the loaders) and store's conds.scope (the lists) are the
// two halves of the tenancy rule; checkPlacement and reserveQuota the rest.
// Handlers call them right after loading, before storing anything.

// placePrincipal records the subtree a tenant principal sees and whether
// its account is a reseller. It is part of the cached authentication, which
// every write invalidates (Server.write), so a move is seen at once.
func (s *Server) placePrincipal(ctx context.Context, p *principal) error {
	own := p.account()
	if own == nil {
		return nil
	}
	acc, err := s.st.GetCustomerAccount(ctx, *own)
	var nf *store.NotFoundError
	if errors.As(err, &nf) {
		return nil // a gone account sees nothing
	}
	if err != nil {
		return err
	}
	ids, err := s.st.SubtreeIDs(ctx, *own)
	if err != nil {
		return err
	}
	p.reseller = acc.Reseller
	p.subtree = make(map[string]bool, len(ids))
	for _, id := range ids {
		p.subtree[id] = true
	}
	return nil
}

// manages reports whether the principal may change the customer account
// with this id (which it sees): MSP staff any, a reseller's users those
// strictly below their own account.
func (p *principal) manages(id string) bool {
	own := p.account()
	return own == nil || p.reseller && p.subtree[id] && id != *own
}

// mayManageAccounts: creating, changing and deleting customer accounts is
// for MSP staff and the users of resellers.
func mayManageAccounts(p *principal) error {
	if p.staff() || p.reseller {
		return nil
	}
	return errMSPOnly
}

// refuseUnmanaged refuses a change of an account the principal sees but may
// not change (its own).
func refuseUnmanaged(p *principal, id, action string) error {
	if p.manages(id) {
		return nil
	}
	return forbidden("cannot %s customer account %s: a reseller's users manage the accounts below their own account, not their own", action, id)
}

// refuseUnmanagedDelete is the check of deleteAudited for an account the
// principal sees but may not delete.
func refuseUnmanagedDelete(p *principal) func(context.Context, *store.Tx, *client.CustomerAccount) error {
	return func(_ context.Context, _ *store.Tx, v *client.CustomerAccount) error {
		return refuseUnmanaged(p, v.ID, "delete")
	}
}

// treeEnd names an end of a move in the audit log.
func treeEnd(parent *string) string {
	if parent == nil {
		return "msp"
	}
	return *parent
}

func isDryRun(r *http.Request) bool { return r.URL.Query().Get("dry_run") == "true" }

// defaultParent puts a new account of a reseller's user below the user's
// own account, as a tenant's new companies and users go into its own.
func defaultParent(p *principal, v *client.CustomerAccount) {
	if v.ParentID == nil && !p.staff() {
		v.ParentID = p.account()
	}
}

// refuseAccountsBelow refuses a change (what happens to account id, for
// the message) while any customer account, pending deletion included, sits
// directly below it.
func refuseAccountsBelow(ctx context.Context, q store.Q, id, what string) error {
	deps, err := q.Dependants(ctx, "customer account", id)
	if err != nil {
		return err
	}
	for _, d := range deps {
		if d.Kind == "customer_accounts" {
			return conflict("customer account %s has %s below it (%s, ...): move or delete them before it %s",
				id, plural(d.Count, "customer account", "customer accounts"), d.IDs[0], what)
		}
	}
	return nil
}

// checkPlacement checks that v may sit where it asks to in the tree. old is
// the account before the change (nil for a new one). Every rule a move can
// break is refused here with a problem naming it; nothing is written.
func checkPlacement(ctx context.Context, q store.Q, p *principal, old, v *client.CustomerAccount) error {
	if old != nil && old.Reseller && !v.Reseller {
		if err := refuseAccountsBelow(ctx, q, v.ID, "stops being a reseller"); err != nil {
			return err
		}
		if quotas, err := q.QuotasAbove(ctx, v.ID, ""); err != nil {
			return err
		} else if i := slices.IndexFunc(quotas, func(lq client.LicenseQuota) bool { return lq.CustomerAccountID == v.ID }); i >= 0 {
			return conflict("customer account %s has licence quota %s: delete its quotas before it stops being a reseller", v.ID, quotas[i].ID)
		}
	}
	if old != nil && equalPtr(old.ParentID, v.ParentID) {
		return nil
	}
	if v.ParentID == nil && !p.staff() {
		return forbidden("cannot place customer account %s directly under the MSP: only MSP staff can", v.ID)
	}
	var fe fieldErrors
	parent, err := refersTo(&fe, "parent_id", v.ParentID, client.PrefixCustomerAccount,
		func(id string) (*client.CustomerAccount, error) { return loadCustomerAccount(ctx, q, p, id) })
	if err != nil || fe.err() != nil {
		return errors.Join(err, fe.err())
	}
	if parent != nil && !parent.Reseller {
		fe.add("parent_id", "customer account %s is not a reseller: only a reseller can have customer accounts below it", parent.ID)
		return fe.err()
	}
	if parent != nil && parent.Status == client.CustomerAccountPendingDeletion {
		fe.add("parent_id", "customer account %s is pending deletion: restore it before placing accounts below it", parent.ID)
		return fe.err()
	}
	depth, height := 1, 1 // a new account is a leaf
	if parent != nil {
		to, err := q.TreeNodeOf(ctx, parent.ID)
		if err != nil {
			return err
		}
		depth = to.Depth + 1
		if old != nil {
			moved, err := q.TreeNodeOf(ctx, old.ID)
			if err != nil {
				return err
			}
			if moved.Contains(to.Path) {
				fe.add("parent_id", "customer account %s is inside the subtree of %s, which is moving: an account cannot move below itself", parent.ID, old.ID)
				return fe.err()
			}
			height = moved.Height
		}
	} else if old != nil {
		moved, err := q.TreeNodeOf(ctx, old.ID)
		if err != nil {
			return err
		}
		height = moved.Height
	}
	if level := depth + height - 1; level > client.MaxTreeDepth {
		fe.add("parent_id", "the move would put accounts %d levels below the MSP: the tree holds at most %d (customer account %s has %d levels below and including it)",
			level, client.MaxTreeDepth, v.ID, height)
		return fe.err()
	}
	if old == nil {
		return nil // a new account holds no licences
	}
	return quotasHoldMove(ctx, q, old, parent)
}

// quotasHoldMove checks that every quota the account comes under by moving
// below parent (those of parent and above it that are not above the account
// already) has room for what the account's subtree holds.
func quotasHoldMove(ctx context.Context, q store.Q, old *client.CustomerAccount, parent *client.CustomerAccount) error {
	if parent == nil {
		return nil
	}
	targetQuotas, err := q.QuotasAbove(ctx, parent.ID, "")
	if err != nil || len(targetQuotas) == 0 {
		return err
	}
	var kept []client.LicenseQuota
	if old.ParentID != nil {
		if kept, err = q.QuotasAbove(ctx, *old.ParentID, ""); err != nil {
			return err
		}
	}
	usage, err := q.SubtreeUsage(ctx, old.ID)
	if err != nil {
		return err
	}
	for _, lq := range targetQuotas {
		if slices.ContainsFunc(kept, func(k client.LicenseQuota) bool { return k.ID == lq.ID }) {
			continue
		}
		if n := usage[lq.LicenseType]; n > 0 && lq.Used+n > lq.Quota {
			return conflict("cannot move customer account %s below %s: its subtree holds %s and licence quota %s of reseller account %s has room for %d (quota %d, used %d)",
				old.ID, parent.ID, licences(n, lq.LicenseType), lq.ID, lq.CustomerAccountID, lq.Quota-lq.Used, lq.Quota, lq.Used)
		}
	}
	return nil
}

func equalPtr(a, b *string) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// reserveQuota checks that n more licences of a type can be taken by a user
// of the account (nil: MSP staff, whom no quota binds): every quota of the
// account and of the resellers above it must have room, on top of the
// pool (reserve). Writes are serialised (one writer on SQLite, the write
// lock on PostgreSQL), so what this reads stays true until the commit.
func reserveQuota(ctx context.Context, q store.Q, account *string, typ string, n int64) error {
	if account == nil {
		return nil
	}
	quotas, err := q.QuotasAbove(ctx, *account, typ)
	if err != nil {
		return err
	}
	for _, lq := range quotas {
		if lq.Used+n > lq.Quota {
			return conflict("not enough %s licences in licence quota %s of reseller account %s: %d requested, %d available (quota %d, used %d)",
				typ, lq.ID, lq.CustomerAccountID, n, lq.Quota-lq.Used, lq.Quota, lq.Used)
		}
	}
	return nil
}

// saveAccount stores v (a new account when old is nil) and where it sits in
// the tree.
func saveAccount(ctx context.Context, tx *store.Tx, old, v *client.CustomerAccount) error {
	save := tx.InsertCustomerAccount
	if old != nil {
		save = tx.UpdateCustomerAccount
	}
	if err := save(ctx, v); err != nil {
		return err
	}
	return tx.PlaceCustomerAccount(ctx, v.ID, v.Reseller, v.ParentID)
}

// auditMove notes a move on the account's audit event of the change (rep,
// err: what updatedAudited answered).
func auditMove(ctx context.Context, tx *store.Tx, old, v *client.CustomerAccount, rep *reply, err error) (*reply, error) {
	if err != nil || equalPtr(old.ParentID, v.ParentID) {
		return rep, err
	}
	return rep, tx.RecordMove(ctx, v.ID, treeEnd(old.ParentID), treeEnd(v.ParentID))
}

// ---- licence quotas ----

func loadQuota(ctx context.Context, q store.Q, p *principal, id string) (*client.LicenseQuota, error) {
	v, err := q.GetLicenseQuota(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.sees(&v.CustomerAccountID) {
		return nil, notFound("licence quota", id)
	}
	return v, nil
}

func quotaRef(v *client.LicenseQuota) (*client.Meta, *string) { return &v.Meta, &v.CustomerAccountID }

func validateQuota(ctx context.Context, q store.Q, p *principal, v *client.LicenseQuota) error {
	var fe fieldErrors
	acc, err := refersTo(&fe, "customer_account_id", &v.CustomerAccountID, client.PrefixCustomerAccount,
		func(id string) (*client.CustomerAccount, error) { return loadCustomerAccount(ctx, q, p, id) })
	if err != nil {
		return err
	}
	if acc != nil && !acc.Reseller {
		fe.add("customer_account_id", "customer account %s is not a reseller: quotas bound the subtree of a reseller", acc.ID)
	}
	checkEnum(&fe, "license_type", v.LicenseType, client.LicenseTypes)
	checkNotNegative(&fe, "quota", v.Quota)
	return fe.err()
}

// quotaCoversUse refuses a quota below what its subtree already holds.
func quotaCoversUse(v *client.LicenseQuota) error {
	if v.Quota < v.Used {
		return conflict("licence quota of %s for %s licences cannot be %d: the subtree holds %d already", v.CustomerAccountID, v.LicenseType, v.Quota, v.Used)
	}
	return nil
}

func (s *Server) getQuota(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendLoaded(s, w, r, p, loadQuota, quotaRef)
}

func (s *Server) createQuota(w http.ResponseWriter, r *http.Request, p *principal) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.LicenseQuotaCreateRequest) (*reply, error) {
		v := &client.LicenseQuota{Meta: s.newMeta(client.PrefixLicenseQuota), CustomerAccountID: req.CustomerAccountID,
			LicenseType: req.LicenseType, Quota: req.Quota}
		if err := validateQuota(ctx, tx.Q, p, v); err != nil {
			return nil, err
		}
		if err := refuseUnmanaged(p, v.CustomerAccountID, "set a licence quota of"); err != nil {
			return nil, err
		}
		existing, _, err := tx.ListLicenseQuotas(ctx, store.QuotaFilter{CustomerAccountID: v.CustomerAccountID, LicenseType: v.LicenseType}, store.Page{Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(existing) > 0 {
			return nil, conflict("customer account %s already has a %s licence quota (%s): change it instead", v.CustomerAccountID, v.LicenseType, existing[0].ID)
		}
		if err := tx.InsertLicenseQuota(ctx, v); err != nil {
			return nil, err
		}
		stored, err := tx.GetLicenseQuota(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		if err := quotaCoversUse(stored); err != nil {
			return nil, err
		}
		return s.createdAudited(ctx, tx, p, "license_quota", "license-quotas", v.Meta, &v.CustomerAccountID,
			changedFields(&client.LicenseQuota{}, v), stored)
	})
}

func (s *Server) updateQuota(w http.ResponseWriter, r *http.Request, p *principal) error {
	// Whether the principal manages the quota's account is checked before
	// If-Match, as the load: a 403 rather than a 412 to who may not change it.
	loadManaged := func(ctx context.Context, q store.Q, p *principal, id string) (*client.LicenseQuota, error) {
		v, err := loadQuota(ctx, q, p, id)
		if err != nil {
			return nil, err
		}
		return v, refuseUnmanaged(p, v.CustomerAccountID, "change a licence quota of")
	}
	return updateAudited(s, w, r, p, "license_quota", loadManaged, quotaRef,
		func(ctx context.Context, tx *store.Tx, old *client.LicenseQuota, req *client.LicenseQuotaUpdateRequest) (*client.LicenseQuota, error) {
			v := *old
			setIf(&v.Quota, req.Quota)
			if err := validateQuota(ctx, tx.Q, p, &v); err != nil {
				return nil, err
			}
			return &v, quotaCoversUse(&v)
		}, (*store.Tx).UpdateLicenseQuota)
}

func (s *Server) deleteQuota(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteAudited(s, w, r, p, "license_quota", "", loadQuota, quotaRef,
		func(_ context.Context, _ *store.Tx, v *client.LicenseQuota) error {
			return refuseUnmanaged(p, v.CustomerAccountID, "delete a licence quota of")
		}, (*store.Tx).DeleteLicenseQuota)
}

func (s *Server) listQuotas(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"customer_account_id", "license_type"}, func(ctx context.Context, l listQuery) ([]client.LicenseQuota, int64, error) {
		return s.st.ListLicenseQuotas(ctx, store.QuotaFilter{
			Account: p.account(), CustomerAccountID: l.get("customer_account_id"), LicenseType: l.get("license_type"),
		}, l.page)
	})
}
