package store

import (
	"context"
	"database/sql"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// ---- customer accounts ----

const selCustomerAccount = "SELECT " + metaCols + ", t.name, t.description, t.status, t.purge_after, t.reseller, t.parent_id FROM customer_accounts t"

func scanCustomerAccount(r scanner) (client.CustomerAccount, int64, error) {
	var v client.CustomerAccount
	var m metaScan
	var purge sql.NullInt64
	var reseller boolCol
	var parent nullStr
	err := r.Scan(m.dest(&v.Meta, &v.Name, &v.Description, &v.Status, &purge, &reseller, &parent)...)
	m.fill(&v.Meta)
	v.PurgeAfter = ptrTime(purge)
	v.Reseller, v.ParentID = bool(reseller), parent.ptr()
	return v, m.seq, err
}

// CustomerAccountFilter narrows a list of customer accounts.
type CustomerAccountFilter struct {
	Account    *string // only this account (tenant scope)
	Name       string  // case-insensitive
	NamePrefix string  // case-insensitive
	ParentID   string  // only accounts directly below this one
	SubtreeOf  string  // only this account and those below it
	// Status is one status; "" lists every account but those pending
	// deletion, which are listed only when asked for.
	Status string
}

// GetCustomerAccount reads one customer account.
func (q Q) GetCustomerAccount(ctx context.Context, id string) (*client.CustomerAccount, error) {
	return get(ctx, q.db, selCustomerAccount, "customer account", id, scanCustomerAccount)
}

// ListCustomerAccounts lists customer accounts in creation order.
func (q Q) ListCustomerAccounts(ctx context.Context, f CustomerAccountFilter, p Page) ([]client.CustomerAccount, int64, error) {
	var c conds
	c.scope(f.Account, "t.id = ?")
	c.filter("lower(t.name) = lower(?)", f.Name)
	c.prefix("lower(t.name)", "lower(?)", f.NamePrefix)
	if f.Status != "" {
		c.add("t.status = ?", f.Status)
	} else {
		c.add("t.status <> ?", client.CustomerAccountPendingDeletion)
	}
	treeFilters(&c, f)
	return list(ctx, q.db, selCustomerAccount, c, p, scanCustomerAccount)
}

func nameTaken(index, name string) map[string]*ConflictError {
	return map[string]*ConflictError{index: {Field: "name", Value: name}}
}

// InsertCustomerAccount stores a new customer account.
func (tx *Tx) InsertCustomerAccount(ctx context.Context, v *client.CustomerAccount) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO customer_accounts (id, name, description, status, purge_after, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, v.Name, v.Description, v.Status, nullTime(v.PurgeAfter), ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, nameTaken("customer_accounts_name_ci", v.Name))
}

// UpdateCustomerAccount stores v, whose Version must be one more than the
// stored one. Moving it to pending_deletion remembers the status it had,
// which RestoreStatus reads back.
func (tx *Tx) UpdateCustomerAccount(ctx context.Context, v *client.CustomerAccount) error {
	err := tx.updateVersioned(ctx, "customer_accounts", "customer account", v.Meta, `name = ?, description = ?, status = ?, purge_after = ?,
		restore_status = CASE WHEN ? = 'pending_deletion' AND status <> 'pending_deletion' THEN status ELSE restore_status END`,
		v.Name, v.Description, v.Status, nullTime(v.PurgeAfter), v.Status)
	return uniqueViolation(err, nameTaken("customer_accounts_name_ci", v.Name))
}

// DeleteCustomerAccount deletes a customer account.
func (tx *Tx) DeleteCustomerAccount(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "customer_accounts", "customer account", id)
}

// ---- companies ----

const selCompany = "SELECT " + metaCols + ", t.name, t.customer_account_id, t.storage_limit_id, t.description FROM companies t"

func scanCompany(r scanner) (client.Company, int64, error) {
	var v client.Company
	var m metaScan
	var acc, lim nullStr
	err := r.Scan(m.dest(&v.Meta, &v.Name, &acc, &lim, &v.Description)...)
	m.fill(&v.Meta)
	v.CustomerAccountID, v.StorageLimitID = acc.ptr(), lim.ptr()
	return v, m.seq, err
}

// CompanyFilter narrows a list of companies.
type CompanyFilter struct {
	Account           *string // only this account's companies (tenant scope)
	Name              string  // case-insensitive
	NamePrefix        string  // case-insensitive
	CustomerAccountID string
}

// GetCompany reads one company.
func (q Q) GetCompany(ctx context.Context, id string) (*client.Company, error) {
	return get(ctx, q.db, selCompany, "company", id, scanCompany)
}

// ListCompanies lists companies in creation order.
func (q Q) ListCompanies(ctx context.Context, f CompanyFilter, p Page) ([]client.Company, int64, error) {
	var c conds
	c.scope(f.Account, "t.customer_account_id = ?")
	c.filter("lower(t.name) = lower(?)", f.Name)
	c.prefix("lower(t.name)", "lower(?)", f.NamePrefix)
	c.filter("t.customer_account_id = ?", f.CustomerAccountID)
	c.live("t.customer_account_id")
	return list(ctx, q.db, selCompany, c, p, scanCompany)
}

// InsertCompany stores a new company.
func (tx *Tx) InsertCompany(ctx context.Context, v *client.Company) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO companies (id, name, customer_account_id, storage_limit_id, description, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, v.Name, nullString(v.CustomerAccountID), nullString(v.StorageLimitID), v.Description,
		ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, nameTaken("companies_name_ci", v.Name))
}

// UpdateCompany stores v, whose Version must be one more than the stored one.
func (tx *Tx) UpdateCompany(ctx context.Context, v *client.Company) error {
	err := tx.updateVersioned(ctx, "companies", "company", v.Meta, "name = ?, storage_limit_id = ?, description = ?",
		v.Name, nullString(v.StorageLimitID), v.Description)
	return uniqueViolation(err, nameTaken("companies_name_ci", v.Name))
}

// DeleteCompany deletes a company.
func (tx *Tx) DeleteCompany(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "companies", "company", id)
}
