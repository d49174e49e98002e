package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The tenant's life, in one place:
//
//	A customer account is active, suspended or pending deletion.
//
//	Suspended: none of its users can sign in, and their sessions and API
//	tokens are refused (403, saying the account is suspended) at the next
//	request, on every replica; so their computers cannot register either.
//	A suspended reseller refuses the users of its whole subtree the same
//	way, saying so; the accounts below keep their own status.
//	MSP staff still read and change the account and everything under it.
//	Nothing is deleted and its licences stay assigned.
//
//	Pending deletion (a DELETE when the server has a deletion grace): the
//	same refusal, and everything under the account (users, companies,
//	memberships, licence assignments, computers, tokens, retained backups)
//	is hidden as if deleted: lists leave it out and a read by id answers
//	404. The account itself still answers a read by id, with purge_after,
//	and keeps its name taken, and its users their logins (a 409 then says
//	why to whoever may see the account: checkNameFree, checkLoginFree).
//	A restore brings it all back as it was, with the status it had. Once
//	purge_after has passed, the sweeper deletes it all for good and so
//	frees its licences, which it held until then.
//
// Nothing is moved or copied when an account is deleted or restored: only
// its status changes, and the rules above read it. Every status change is
// a write, which makes every cached authentication stale on every replica
// (see Server.authCache), so no cache answers with a status it had before.

// accountStatuses are the statuses a list of customer accounts filters on.
var accountStatuses = []string{client.CustomerAccountActive, client.CustomerAccountSuspended, client.CustomerAccountPendingDeletion}

// accountRefusal is the answer to a sign-in or a request of a user of a
// customer account in this status; nil when its users may sign in.
func accountRefusal(id, status string) error {
	switch status {
	case client.CustomerAccountSuspended:
		return forbidden("customer account %s is suspended: its users cannot sign in until MSP staff resume it", id)
	case client.CustomerAccountPendingDeletion:
		return forbidden("customer account %s is pending deletion: its users cannot sign in unless MSP staff restore it", id)
	}
	return nil
}

// checkAccountOpen refuses (see accountRefusal) the users of a customer
// account that is not active; account nil (MSP staff) always passes.
func checkAccountOpen(ctx context.Context, q store.Q, account *string) error {
	if account == nil {
		return nil
	}
	status, err := q.AccountStatus(ctx, *account)
	if err != nil {
		return err
	}
	if err := accountRefusal(*account, status); err != nil {
		return err
	}
	// A suspended reseller suspends its whole subtree's sign-in.
	above, status, err := q.ClosedAbove(ctx, *account)
	if err != nil || above == "" {
		return err
	}
	return forbidden("customer account %s is below reseller account %s, which is %s: the users of its subtree cannot sign in until MSP staff resume it",
		*account, above, strings.ReplaceAll(status, "_", " "))
}

// underPendingAccount reports whether an entity of the customer account
// (nil: the MSP level) is hidden because its account is pending deletion.
func underPendingAccount(ctx context.Context, q store.Q, account *string) (bool, error) {
	if account == nil {
		return false, nil
	}
	status, err := q.AccountStatus(ctx, *account)
	return status == client.CustomerAccountPendingDeletion, err
}

// errPending refuses a change of an account pending deletion.
func errPending(v *client.CustomerAccount) error {
	return conflict("customer account %s is pending deletion until %s: restore it first with POST /api/v1/customer-accounts/%s/restore",
		v.ID, v.PurgeAfter.Format(time.RFC3339), v.ID)
}

// checkNameFree refuses, before the insert or rename that would collide
// with it, a name held by an account pending deletion, saying how to get
// that account back (a unique violation would abort the transaction on
// PostgreSQL before the answer could name it).
func checkNameFree(ctx context.Context, q store.Q, id, name string) error {
	other, err := q.CustomerAccountByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if other.ID == id || other.Status != client.CustomerAccountPendingDeletion {
		return nil // free, or an ordinary conflict the insert reports
	}
	return conflict("name %q is held by customer account %s, which is pending deletion until %s: restore it with POST /api/v1/customer-accounts/%s/restore, or choose another name",
		other.Name, other.ID, other.PurgeAfter.Format(time.RFC3339), other.ID)
}

// checkLoginFree refuses, like checkNameFree, a login held by a user whom
// the principal cannot find because the user's customer account is pending
// deletion, saying how to get that user back. A principal that may not see
// that account gets the insert's plain conflict.
func checkLoginFree(ctx context.Context, q store.Q, p *principal, id, login string) error {
	holder, _, err := q.UserByLogin(ctx, login)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if holder.ID == id || holder.CustomerAccountID == nil || !p.sees(holder.CustomerAccountID) {
		return nil // the same user, an MSP-level user (never hidden), or one the principal may not see
	}
	account, err := q.GetCustomerAccount(ctx, *holder.CustomerAccountID)
	if err != nil || account.Status != client.CustomerAccountPendingDeletion {
		return err // nil: free, or an ordinary conflict the write reports
	}
	return conflict("login %q is held by user %s of customer account %s, which is pending deletion until %s: restore it with POST /api/v1/customer-accounts/%s/restore, or choose another login",
		holder.Login, holder.ID, account.ID, account.PurgeAfter.Format(time.RFC3339), account.ID)
}

// checkStatus: a create or an update sets only active or suspended; a
// deletion goes through DELETE and back through restore.
func checkStatus(fe *fieldErrors, status string) {
	if status == client.CustomerAccountPendingDeletion {
		fe.add("status", "cannot be set to pending_deletion: delete the customer account instead (and restore it with POST /api/v1/customer-accounts/{id}/restore)")
		return
	}
	checkEnum(fe, "status", status, []string{client.CustomerAccountActive, client.CustomerAccountSuspended})
}

// markDeleted makes a DELETE of a customer account with a deletion grace:
// it becomes pending deletion until now plus the grace.
func (s *Server) markDeleted(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.moveAccount(w, r, p, "delete", http.StatusNoContent, func(ctx context.Context, tx *store.Tx, v *client.CustomerAccount) error {
		if v.Status == client.CustomerAccountPendingDeletion {
			return errPending(v)
		}
		if err := refuseUnmanaged(p, v.ID, "delete"); err != nil {
			return err
		}
		// A reseller goes only once nothing is below it, as without a grace
		// (its accounts are not pending with it, so a restore stays exact).
		if err := refuseAccountsBelow(ctx, tx.Q, v.ID, "is deleted"); err != nil {
			return err
		}
		purge := s.clock().Add(s.deletionGrace)
		v.Status, v.PurgeAfter = client.CustomerAccountPendingDeletion, &purge
		return nil
	})
}

// restoreCustomerAccount brings back an account pending deletion, with
// everything under it and the status it had.
func (s *Server) restoreCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.moveAccount(w, r, p, "restore", http.StatusOK, func(ctx context.Context, tx *store.Tx, v *client.CustomerAccount) error {
		if v.Status != client.CustomerAccountPendingDeletion {
			return conflict("customer account %s is not pending deletion (its status is %s): there is nothing to restore", v.ID, v.Status)
		}
		status, err := tx.RestoreStatus(ctx, v.ID)
		v.Status, v.PurgeAfter = status, nil
		return err
	})
}

// moveAccount moves the customer account at the path's id into or out of
// pending deletion in one transaction: load it, check If-Match, let move
// set its status and purge_after (or refuse), save it with a new version
// and record the audit event action; it answers status (204, or 200 with
// the account).
func (s *Server) moveAccount(w http.ResponseWriter, r *http.Request, p *principal, action string, status int,
	move func(ctx context.Context, tx *store.Tx, v *client.CustomerAccount) error) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		v, err := loadForChange(ctx, tx, r, p, loadCustomerAccount, customerAccountRef)
		if err != nil {
			return nil, err
		}
		if err := move(ctx, tx, v); err != nil {
			return nil, err
		}
		s.bump(&v.Meta)
		if err := tx.UpdateCustomerAccount(ctx, v); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, action, "customer_account", v.ID, &v.ID, []string{"purge_after", "status"}); err != nil {
			return nil, err
		}
		if status == http.StatusNoContent {
			return &reply{Status: status}, nil
		}
		return entityReply(status, v, v.Version)
	})
}

// sweeperPrincipal is the actor of the sweeper's audit events.
var sweeperPrincipal = &principal{actor: "sweeper", bootstrap: true}

// maxPurgesPerSweep bounds the accounts one sweep purges; the next sweep
// purges the rest.
const maxPurgesPerSweep = 100

// PurgeExpiredDeletions deletes for good the customer accounts pending
// deletion whose purge_after has passed, with everything under them, and
// returns how many it purged. Each account is purged in a transaction of
// its own that first reads it again, so replicas sweeping at once (or a
// restore just before) never purge an account twice or one restored.
func (s *Server) PurgeExpiredDeletions(ctx context.Context) (int, error) {
	now := s.clock()
	ids, err := s.st.ExpiredDeletions(ctx, now, maxPurgesPerSweep)
	if err != nil {
		return 0, err
	}
	purged := 0
	for _, id := range ids {
		done := false
		err := s.write(ctx, func(tx *store.Tx) error {
			v, err := tx.GetCustomerAccount(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				return nil // purged by another replica
			}
			if err != nil {
				return err
			}
			if v.Status != client.CustomerAccountPendingDeletion || v.PurgeAfter == nil || v.PurgeAfter.After(now) {
				return nil // restored meanwhile
			}
			if _, err := tx.PurgeCustomerAccount(ctx, id); err != nil {
				return err
			}
			done = true
			return s.audit(ctx, tx, sweeperPrincipal, "purge", "customer_account", id, &id, nil)
		})
		if err != nil {
			return purged, err
		}
		if done {
			purged++
			s.log.LogAttrs(ctx, slog.LevelInfo, "purged a deleted customer account", slog.String("customer_account_id", id))
		}
	}
	return purged, nil
}
