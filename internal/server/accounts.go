package server

import (
	"context"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// ---- customer accounts ----

var customerAccountKind = &kind[client.CustomerAccount]{
	name: "customer account", audit: "customer_account", path: "/api/v1/customer-accounts", mspOnly: true,
	get:     store.Q.GetCustomerAccount,
	meta:    func(v *client.CustomerAccount) *client.Meta { return &v.Meta },
	account: func(v *client.CustomerAccount) *string { return &v.ID },
	validate: func(_ context.Context, _ *store.Tx, _ *principal, v *client.CustomerAccount) error {
		var fe fieldErrors
		checkName(&fe, "name", v.Name)
		checkText(&fe, "description", v.Description, maxDescription, true)
		return fe.err()
	},
	insert:     (*store.Tx).InsertCustomerAccount,
	update:     (*store.Tx).UpdateCustomerAccount,
	remove:     (*store.Tx).DeleteCustomerAccount,
	dependants: true,
}

func (s *Server) createCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.CustomerAccountCreateRequest](r)
	if err != nil {
		return err
	}
	v := &client.CustomerAccount{Meta: s.newMeta(client.PrefixCustomerAccount), Name: req.Name, Description: req.Description}
	return createEntity(s, w, r, p, customerAccountKind, v, nil)
}

func (s *Server) updateCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.CustomerAccountUpdateRequest](r)
	if err != nil {
		return err
	}
	return updateEntity(s, w, r, p, customerAccountKind, func(_ context.Context, _ *store.Tx, v *client.CustomerAccount) ([]string, error) {
		setIf(&v.Name, req.Name)
		setIf(&v.Description, req.Description)
		return nil, nil
	})
}

func (s *Server) deleteCustomerAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteEntity(s, w, r, p, customerAccountKind, nil)
}

func (s *Server) listCustomerAccounts(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "name")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListCustomerAccounts(r.Context(), store.CustomerAccountFilter{Account: p.account(), Name: l.get("name")}, l.page)
	return sendPage(w, items, next, err)
}

// ---- companies ----

var companyKind = &kind[client.Company]{
	name: "company", audit: "company", path: "/api/v1/companies",
	get:        store.Q.GetCompany,
	meta:       func(v *client.Company) *client.Meta { return &v.Meta },
	account:    func(v *client.Company) *string { return v.CustomerAccountID },
	validate:   validateCompany,
	insert:     (*store.Tx).InsertCompany,
	update:     (*store.Tx).UpdateCompany,
	remove:     (*store.Tx).DeleteCompany,
	dependants: true,
}

func validateCompany(ctx context.Context, tx *store.Tx, p *principal, v *client.Company) error {
	var fe fieldErrors
	checkName(&fe, "name", v.Name)
	checkText(&fe, "description", v.Description, maxDescription, true)
	if _, err := reference(ctx, tx.Q, p, &fe, "customer_account_id", v.CustomerAccountID, customerAccountKind, client.PrefixCustomerAccount); err != nil {
		return err
	}
	if _, err := reference(ctx, tx.Q, p, &fe, "storage_limit_id", v.StorageLimitID, storageLimitKind, client.PrefixStorageLimit); err != nil {
		return err
	}
	return fe.err()
}

func (s *Server) createCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.CompanyCreateRequest](r)
	if err != nil {
		return err
	}
	v := &client.Company{Meta: s.newMeta(client.PrefixCompany), Name: req.Name, CustomerAccountID: req.CustomerAccountID,
		StorageLimitID: req.StorageLimitID, Description: req.Description}
	if v.CustomerAccountID == nil {
		v.CustomerAccountID = p.account() // a tenant's companies are its own
	}
	return createEntity(s, w, r, p, companyKind, v, nil)
}

func (s *Server) updateCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.CompanyUpdateRequest](r)
	if err != nil {
		return err
	}
	return updateEntity(s, w, r, p, companyKind, func(_ context.Context, _ *store.Tx, v *client.Company) ([]string, error) {
		setIf(&v.Name, req.Name)
		setIf(&v.Description, req.Description)
		setNullable(&v.StorageLimitID, req.StorageLimitID)
		return nil, nil
	})
}

func (s *Server) deleteCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteEntity(s, w, r, p, companyKind, nil)
}

func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r, "name", "customer_account_id")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListCompanies(r.Context(), store.CompanyFilter{
		Account: p.account(), Name: l.get("name"), CustomerAccountID: l.get("customer_account_id"),
	}, l.page)
	return sendPage(w, items, next, err)
}
