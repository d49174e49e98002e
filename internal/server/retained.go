package server

import (
	"context"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Backed-up data outlives the user who made it: deleting a user keeps its
// computers' data as retained backups of its customer account, holding no
// licence, until someone with licenses:write purges them, naming the
// deleted user or the account and confirming with the same id. A tenant
// sees and purges only its own account's; those of an account pending
// deletion are hidden with it and purged with it.

// Purge batch sizes: a call purges at most maxPurgeLimit backups, so that a
// large purge is a series of short transactions reporting progress.
const (
	defaultPurgeLimit = 100
	maxPurgeLimit     = 1000
)

// keepBackupData reads DELETE /users/{id}'s backup_data: keep (the
// default) or delete.
func keepBackupData(r *http.Request) (bool, error) {
	switch v := r.URL.Query().Get("backup_data"); v {
	case "", "keep":
		return true, nil
	case "delete":
		return false, nil
	default:
		var fe fieldErrors
		fe.add("backup_data", "must be keep or delete, not %q", v)
		return false, fe.err()
	}
}

// reportBackup is the agent's report, with the token of the computer's
// user, of how much the computer has backed up.
func (s *Server) reportBackup(w http.ResponseWriter, r *http.Request, p *principal) error {
	if p.user == nil {
		return forbidden("backups are reported with the token of the user who owns the computer")
	}
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.ComputerBackupReport) (*reply, error) {
		var fe fieldErrors
		checkNotNegative(&fe, "backup_bytes", req.BackupBytes)
		if err := fe.err(); err != nil {
			return nil, err
		}
		c, err := tx.GetComputer(ctx, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if c.UserID != p.user.ID {
			return nil, notFound("computer", c.ID) // another user's computer, as if absent
		}
		if err := tx.SetBackupBytes(ctx, c.ID, req.BackupBytes); err != nil {
			return nil, err
		}
		c.BackupBytes = req.BackupBytes
		if err := s.audit(ctx, tx, p, "report_backup", "computer", c.ID, p.account(), []string{"backup_bytes"}); err != nil {
			return nil, err
		}
		return entityReply(http.StatusOK, c, 0)
	})
}

func loadRetainedBackup(ctx context.Context, q store.Q, p *principal, id string) (*client.RetainedBackup, error) {
	return loadVisible(ctx, q, p, "retained backup", id, q.GetRetainedBackup,
		func(v *client.RetainedBackup) *string { return v.CustomerAccountID })
}

func (s *Server) getRetainedBackup(w http.ResponseWriter, r *http.Request, p *principal) error {
	v, err := loadRetainedBackup(r.Context(), s.st.Q, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, v, 0)
}

func (s *Server) listRetainedBackups(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"user_id", "customer_account_id"}, func(ctx context.Context, l listQuery) ([]client.RetainedBackup, int64, error) {
		return s.st.ListRetainedBackups(ctx, store.RetainedBackupFilter{
			Account: p.account(), UserID: l.get("user_id"), CustomerAccountID: l.get("customer_account_id"),
		}, l.page)
	})
}

// purgeRetainedBackups deletes for good up to limit retained backups of one
// deleted user or one customer account, confirmed by repeating its id.
func (s *Server) purgeRetainedBackups(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.RetainedBackupPurgeRequest](r)
	if err != nil {
		return err
	}
	var fe fieldErrors
	target := req.UserID
	switch {
	case req.UserID != "" && req.CustomerAccountID != "":
		fe.add("customer_account_id", "cannot be given with user_id: purge the backups of one deleted user or of one customer account")
	case req.UserID != "":
		checkPrefixedID(&fe, "user_id", req.UserID, client.PrefixUser)
	case req.CustomerAccountID != "":
		target = req.CustomerAccountID
		checkPrefixedID(&fe, "customer_account_id", req.CustomerAccountID, client.PrefixCustomerAccount)
	default:
		fe.add("user_id", "user_id or customer_account_id is required: whose retained backups to purge")
	}
	if target != "" && req.Confirm != target {
		fe.add("confirm", "must be %s, the id whose retained backups are purged, to confirm that they are deleted for good", target)
	}
	limit := req.Limit
	if limit == 0 {
		limit = defaultPurgeLimit
	}
	if limit < 1 || limit > maxPurgeLimit {
		fe.add("limit", "must be 1 to %d (0 or absent: %d), not %d", maxPurgeLimit, defaultPurgeLimit, req.Limit)
	}
	if err := fe.err(); err != nil {
		return err
	}
	f := store.RetainedBackupFilter{Account: p.account(), UserID: req.UserID, CustomerAccountID: req.CustomerAccountID}
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		account := p.account()
		if req.CustomerAccountID != "" {
			acc, err := loadCustomerAccount(ctx, tx.Q, p, req.CustomerAccountID)
			if err != nil {
				return nil, err
			}
			if acc.Status == client.CustomerAccountPendingDeletion {
				return nil, errPending(acc)
			}
			account = &acc.ID
		} else if first, _, err := tx.ListRetainedBackups(ctx, f, store.Page{Limit: 1}); err != nil {
			return nil, err
		} else if len(first) > 0 {
			account = first[0].CustomerAccountID
		}
		purged, bytes, remaining, err := tx.PurgeRetainedBackups(ctx, f, limit)
		if err != nil {
			return nil, err
		}
		if purged > 0 {
			if err := s.audit(ctx, tx, p, "purge", "retained_backups", target, account, nil); err != nil {
				return nil, err
			}
		}
		return entityReply(http.StatusOK, client.RetainedBackupPurgeResult{Purged: int(purged), PurgedBytes: bytes, Remaining: int(remaining)}, 0)
	})
}
