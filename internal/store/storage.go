package store

import (
	"context"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NameFilter narrows a list by name or name prefix (both case-insensitive).
type NameFilter struct {
	Name       string
	NamePrefix string
}

func (f NameFilter) conds() conds {
	var c conds
	c.filter("lower(t.name) = lower(?)", f.Name)
	c.prefix("lower(t.name)", "lower(?)", f.NamePrefix)
	return c
}

// ---- storage accounts ----

const selStorageAccount = "SELECT " + metaCols + ", t.name, t.type, t.endpoint, t.region, t.access_key_id FROM storage_accounts t"

func scanStorageAccount(r scanner) (client.StorageAccount, int64, error) {
	var v client.StorageAccount
	var m metaScan
	err := r.Scan(m.dest(&v.Meta, &v.Name, &v.Type, &v.Endpoint, &v.Region, &v.AccessKeyID)...)
	m.fill(&v.Meta)
	return v, m.seq, err
}

// GetStorageAccount reads one storage account.
func (q Q) GetStorageAccount(ctx context.Context, id string) (*client.StorageAccount, error) {
	return get(ctx, q.db, selStorageAccount, "storage account", id, scanStorageAccount)
}

// ListStorageAccounts lists storage accounts in creation order.
func (q Q) ListStorageAccounts(ctx context.Context, f NameFilter, p Page) ([]client.StorageAccount, int64, error) {
	return list(ctx, q.db, selStorageAccount, f.conds(), p, scanStorageAccount)
}

// InsertStorageAccount stores a new storage account. secretFingerprint is a
// salted hash of the secret access key (never the key itself), or "".
func (tx *Tx) InsertStorageAccount(ctx context.Context, v *client.StorageAccount, secretFingerprint string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO storage_accounts (id, name, type, endpoint, region, access_key_id, secret_fingerprint, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, v.Name, v.Type, v.Endpoint, v.Region, v.AccessKeyID, secretFingerprint,
		ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, nameTaken("storage_accounts_name_ci", v.Name))
}

// UpdateStorageAccount stores v, whose Version must be one more than the
// stored one; a nil secretFingerprint keeps the stored one.
func (tx *Tx) UpdateStorageAccount(ctx context.Context, v *client.StorageAccount, secretFingerprint *string) error {
	err := tx.updateVersioned(ctx, "storage_accounts", "storage account", v.Meta,
		"name = ?, endpoint = ?, region = ?, access_key_id = ?, secret_fingerprint = coalesce(?, secret_fingerprint)",
		v.Name, v.Endpoint, v.Region, v.AccessKeyID, nullString(secretFingerprint))
	return uniqueViolation(err, nameTaken("storage_accounts_name_ci", v.Name))
}

// DeleteStorageAccount deletes a storage account.
func (tx *Tx) DeleteStorageAccount(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "storage_accounts", "storage account", id)
}

// ---- storage limits ----

const selStorageLimit = "SELECT " + metaCols + ", t.name, t.limit_gb FROM storage_limits t"

func scanStorageLimit(r scanner) (client.StorageLimit, int64, error) {
	var v client.StorageLimit
	var m metaScan
	err := r.Scan(m.dest(&v.Meta, &v.Name, &v.LimitGB)...)
	m.fill(&v.Meta)
	return v, m.seq, err
}

// GetStorageLimit reads one storage limit.
func (q Q) GetStorageLimit(ctx context.Context, id string) (*client.StorageLimit, error) {
	return get(ctx, q.db, selStorageLimit, "storage limit", id, scanStorageLimit)
}

// ListStorageLimits lists storage limits in creation order.
func (q Q) ListStorageLimits(ctx context.Context, f NameFilter, p Page) ([]client.StorageLimit, int64, error) {
	return list(ctx, q.db, selStorageLimit, f.conds(), p, scanStorageLimit)
}

// InsertStorageLimit stores a new storage limit.
func (tx *Tx) InsertStorageLimit(ctx context.Context, v *client.StorageLimit) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO storage_limits (id, name, limit_gb, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?)`, v.ID, v.Name, v.LimitGB, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, nameTaken("storage_limits_name_ci", v.Name))
}

// UpdateStorageLimit stores v, whose Version must be one more than the stored one.
func (tx *Tx) UpdateStorageLimit(ctx context.Context, v *client.StorageLimit) error {
	err := tx.updateVersioned(ctx, "storage_limits", "storage limit", v.Meta, "name = ?, limit_gb = ?", v.Name, v.LimitGB)
	return uniqueViolation(err, nameTaken("storage_limits_name_ci", v.Name))
}

// DeleteStorageLimit deletes a storage limit.
func (tx *Tx) DeleteStorageLimit(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "storage_limits", "storage limit", id)
}
