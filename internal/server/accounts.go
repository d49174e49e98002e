package server

import (
	"context"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Every handler that changes something reads in one order: who may (the
// permission and privilege checks), what is valid (validation), then the
// store call and its audit event, all in one transaction (s.change).

// ---- customer accounts ----

func validateCustomerAccount(v *client.CustomerAccount) error {
	var fe fieldErrors
	checkName(&fe, "name", v.Name)
	checkText(&fe, "description", v.Description, maxDescription, true)
	checkStatus(&fe, v.Status)
	return fe.err()
}

func (s *Server) getCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendLoaded(s, w, r, p, loadCustomerAccount, customerAccountRef)
}

func (s *Server) createCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := mayManageAccounts(p); err != nil {
		return err
	}
	return createAudited(s, w, r, p, "customer_account", "customer-accounts", customerAccountRef,
		func(ctx context.Context, tx *store.Tx, req *client.CustomerAccountCreateRequest) (*client.CustomerAccount, error) {
			v := &client.CustomerAccount{Meta: s.newMeta(client.PrefixCustomerAccount), Name: req.Name, Description: req.Description,
				Status: req.Status, Reseller: req.Reseller, ParentID: req.ParentID}
			if v.Status == "" {
				v.Status = client.CustomerAccountActive
			}
			defaultParent(p, v)
			if err := validateCustomerAccount(v); err != nil {
				return nil, err
			}
			if err := checkNameFree(ctx, tx.Q, v.ID, v.Name); err != nil {
				return nil, err
			}
			return v, checkPlacement(ctx, tx.Q, p, nil, v)
		}, func(tx *store.Tx, ctx context.Context, v *client.CustomerAccount) error {
			return saveAccount(ctx, tx, nil, v)
		})
}

func (s *Server) updateCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := mayManageAccounts(p); err != nil {
		return err
	}
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.CustomerAccountUpdateRequest) (*reply, error) {
		old, err := loadForChange(ctx, tx, r, p, loadCustomerAccount, customerAccountRef)
		if err != nil {
			return nil, err
		}
		if old.Status == client.CustomerAccountPendingDeletion {
			return nil, errPending(old)
		}
		if err := refuseUnmanaged(p, old.ID, "change"); err != nil {
			return nil, err
		}
		v := *old
		setIf(&v.Name, req.Name)
		setIf(&v.Description, req.Description)
		setIf(&v.Status, req.Status)
		setIf(&v.Reseller, req.Reseller)
		setNullable(&v.ParentID, req.ParentID)
		if err := validateCustomerAccount(&v); err != nil {
			return nil, err
		}
		if err := checkNameFree(ctx, tx.Q, v.ID, v.Name); err != nil {
			return nil, err
		}
		if err := checkPlacement(ctx, tx.Q, p, old, &v); err != nil {
			return nil, err
		}
		if isDryRun(r) { // the verdict of the change, nothing stored
			return entityReply(http.StatusOK, &v, old.Version)
		}
		rep, err := s.updatedAudited(ctx, tx, p, "customer_account", old, &v, &v.Meta, &v.ID, changedFields(old, &v),
			func() error { return saveAccount(ctx, tx, old, &v) })
		return auditMove(ctx, tx, old, &v, rep, err)
	})
}

func (s *Server) deleteCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := mayManageAccounts(p); err != nil {
		return err
	}
	if s.deletionGrace > 0 {
		return s.markDeleted(w, r, p) // see lifecycle.go
	}
	return deleteAudited(s, w, r, p, "customer_account", "customer account", loadCustomerAccount, customerAccountRef, refuseUnmanagedDelete(p),
		(*store.Tx).DeleteCustomerAccount)
}

func (s *Server) listCustomerAccounts(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "name", "name_prefix", "parent_id", "subtree_of", "status")
	if err != nil {
		return err
	}
	status := l.get("status")
	if status != "" {
		var fe fieldErrors
		checkEnum(&fe, "status", status, accountStatuses)
		if err := fe.err(); err != nil {
			return err
		}
	}
	items, next, err := s.st.ListCustomerAccounts(r.Context(), store.CustomerAccountFilter{Account: p.account(), Name: l.get("name"), NamePrefix: l.get("name_prefix"),
		ParentID: l.get("parent_id"), SubtreeOf: l.get("subtree_of"), Status: status}, l.page)
	return sendPage(w, items, next, err)
}

// ---- companies ----

// validateCompany checks a company's fields and that what it references
// exists and is visible to the principal.
func validateCompany(ctx context.Context, q store.Q, p *principal, v *client.Company) error {
	var fe fieldErrors
	checkName(&fe, "name", v.Name)
	checkText(&fe, "description", v.Description, maxDescription, true)
	if _, err := refersTo(&fe, "customer_account_id", v.CustomerAccountID, client.PrefixCustomerAccount,
		func(id string) (*client.CustomerAccount, error) { return loadCustomerAccount(ctx, q, p, id) }); err != nil {
		return err
	}
	if _, err := refersTo(&fe, "storage_limit_id", v.StorageLimitID, client.PrefixStorageLimit,
		func(id string) (*client.StorageLimit, error) { return q.GetStorageLimit(ctx, id) }); err != nil {
		return err
	}
	return fe.err()
}

func (s *Server) getCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendLoaded(s, w, r, p, loadCompany, companyRef)
}

func (s *Server) createCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	return createAudited(s, w, r, p, "company", "companies", companyRef,
		func(ctx context.Context, tx *store.Tx, req *client.CompanyCreateRequest) (*client.Company, error) {
			v := &client.Company{Meta: s.newMeta(client.PrefixCompany), Name: req.Name, CustomerAccountID: req.CustomerAccountID,
				StorageLimitID: req.StorageLimitID, Description: req.Description}
			if v.CustomerAccountID == nil {
				v.CustomerAccountID = p.account() // a tenant's companies are its own
			}
			return v, validateCompany(ctx, tx.Q, p, v)
		}, (*store.Tx).InsertCompany)
}

func (s *Server) updateCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	return updateAudited(s, w, r, p, "company", loadCompany, companyRef,
		func(ctx context.Context, tx *store.Tx, old *client.Company, req *client.CompanyUpdateRequest) (*client.Company, error) {
			v := *old
			setIf(&v.Name, req.Name)
			setIf(&v.Description, req.Description)
			setNullable(&v.StorageLimitID, req.StorageLimitID)
			return &v, validateCompany(ctx, tx.Q, p, &v)
		}, (*store.Tx).UpdateCompany)
}

func (s *Server) deleteCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteAudited(s, w, r, p, "company", "company", loadCompany, companyRef, nil, (*store.Tx).DeleteCompany)
}

func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"name", "name_prefix", "customer_account_id"}, func(ctx context.Context, l listQuery) ([]client.Company, int64, error) {
		return s.st.ListCompanies(ctx, store.CompanyFilter{
			Account: p.account(), Name: l.get("name"), NamePrefix: l.get("name_prefix"), CustomerAccountID: l.get("customer_account_id"),
		}, l.page)
	})
}
