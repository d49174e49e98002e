package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// ---- pool ----

const selPool = `SELECT p.license_type, p.total,
	(SELECT CAST(coalesce(sum(quantity), 0) AS BIGINT) FROM license_assignments a WHERE a.license_type = p.license_type),
	(SELECT count(*) FROM computers c WHERE c.license_type = p.license_type),
	(SELECT count(*) FROM computers c WHERE c.license_type = p.license_type AND c.license_from = 'pool')
	FROM license_pool p`

func scanPoolEntry(r scanner) (client.LicensePoolEntry, error) {
	var e client.LicensePoolEntry
	var fromPool int64
	err := r.Scan(&e.LicenseType, &e.Total, &e.Assigned, &e.InUse, &fromPool)
	e.Available = e.Total - e.Assigned - fromPool
	return e, err
}

// LicensePool returns the pool entry of every licence type.
func (q Q) LicensePool(ctx context.Context) ([]client.LicensePoolEntry, error) {
	rows, err := q.db.QueryContext(ctx, selPool)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []client.LicensePoolEntry
	for rows.Next() {
		e, err := scanPoolEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// PoolEntry returns the pool entry of one licence type.
func (q Q) PoolEntry(ctx context.Context, licenseType string) (*client.LicensePoolEntry, error) {
	e, err := scanPoolEntry(q.db.QueryRowContext(ctx, selPool+" WHERE p.license_type = ?", licenseType))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{Entity: "licence type", ID: licenseType}
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// SetPoolTotal sets the total of one licence type.
func (tx *Tx) SetPoolTotal(ctx context.Context, licenseType string, total int64) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO license_pool (license_type, total) VALUES (?, ?)
		ON CONFLICT (license_type) DO UPDATE SET total = excluded.total`, licenseType, total)
	return err
}

// ---- assignments ----

const selAssignment = "SELECT " + metaCols + ", t.user_id, t.license_type, t.quantity FROM license_assignments t"

func scanAssignment(r scanner) (client.LicenseAssignment, int64, error) {
	var v client.LicenseAssignment
	var m metaScan
	err := r.Scan(m.dest(&v.Meta, &v.UserID, &v.LicenseType, &v.Quantity)...)
	m.fill(&v.Meta)
	return v, m.seq, err
}

// AssignmentFilter narrows a list of licence assignments.
type AssignmentFilter struct {
	Account *string // only assignments of this account's users (tenant scope)
	// CustomerAccountID keeps the assignments of this account's users.
	CustomerAccountID string
	UserID            string
	LicenseType       string
}

const userInAccount = "t.user_id IN (SELECT id FROM users WHERE customer_account_id = ?)"

// GetLicenseAssignment reads one licence assignment.
func (q Q) GetLicenseAssignment(ctx context.Context, id string) (*client.LicenseAssignment, error) {
	return get(ctx, q.db, selAssignment, "licence assignment", id, scanAssignment)
}

// AssignmentOf returns the user's assignment of a licence type, or nil.
func (q Q) AssignmentOf(ctx context.Context, userID, licenseType string) (*client.LicenseAssignment, error) {
	return one(ctx, q.db, selAssignment, "t.user_id = ? AND t.license_type = ?", scanAssignment, nil, userID, licenseType)
}

// ListLicenseAssignments lists licence assignments in creation order.
func (q Q) ListLicenseAssignments(ctx context.Context, f AssignmentFilter, p Page) ([]client.LicenseAssignment, int64, error) {
	var c conds
	c.scope(f.Account, userInAccount)
	c.filter(userInAccount, f.CustomerAccountID)
	c.filter("t.user_id = ?", f.UserID)
	c.filter("t.license_type = ?", f.LicenseType)
	c.liveUser()
	return list(ctx, q.db, selAssignment, c, p, scanAssignment)
}

// InsertLicenseAssignment stores a new licence assignment.
func (tx *Tx) InsertLicenseAssignment(ctx context.Context, v *client.LicenseAssignment) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO license_assignments (id, user_id, license_type, quantity, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.ID, v.UserID, v.LicenseType, v.Quantity, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, map[string]*ConflictError{
		"license_assignments.user_id, license_assignments.license_type": {Field: "license_type", Value: v.LicenseType},
	})
}

// UpdateLicenseAssignment stores v, whose Version must be one more than the stored one.
func (tx *Tx) UpdateLicenseAssignment(ctx context.Context, v *client.LicenseAssignment) error {
	return tx.updateVersioned(ctx, "license_assignments", "licence assignment", v.Meta, "quantity = ?", v.Quantity)
}

// DeleteLicenseAssignment deletes a licence assignment.
func (tx *Tx) DeleteLicenseAssignment(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "license_assignments", "licence assignment", id)
}

// ---- computers ----

const selComputer = "SELECT t.seq, t.id, t.user_id, t.name, t.license_type, t.license_from, t.backup_bytes, t.created_at FROM computers t"

func scanComputer(r scanner) (client.Computer, int64, error) {
	var v client.Computer
	var seq, created int64
	err := r.Scan(&seq, &v.ID, &v.UserID, &v.Name, &v.LicenseType, &v.LicenseFrom, &v.BackupBytes, &created)
	v.CreatedAt = fromTS(created)
	return v, seq, err
}

// ComputerFilter narrows a list of computers.
type ComputerFilter struct {
	Account *string // only computers of this account's users (tenant scope)
	UserID  string
}

// GetComputer reads one computer.
func (q Q) GetComputer(ctx context.Context, id string) (*client.Computer, error) {
	return get(ctx, q.db, selComputer, "computer", id, scanComputer)
}

// ListComputers lists computers in creation order.
func (q Q) ListComputers(ctx context.Context, f ComputerFilter, p Page) ([]client.Computer, int64, error) {
	var c conds
	c.scope(f.Account, userInAccount)
	c.filter("t.user_id = ?", f.UserID)
	c.liveUser()
	return list(ctx, q.db, selComputer, c, p, scanComputer)
}

// CountComputers counts the user's computers of a licence type whose
// licence came from `from` ("assignment" or "pool").
func (q Q) CountComputers(ctx context.Context, userID, licenseType, from string) (int64, error) {
	var n int64
	err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM computers WHERE user_id = ? AND license_type = ? AND license_from = ?`,
		userID, licenseType, from).Scan(&n)
	return n, err
}

// UserComputerByName finds the user's computer of this name, compared
// case-insensitively as host names are; nil when there is none.
func (q Q) UserComputerByName(ctx context.Context, userID, name string) (*client.Computer, error) {
	return one(ctx, q.db, selComputer, "t.user_id = ? AND lower(t.name) = lower(?) ORDER BY t.seq LIMIT 1", scanComputer, nil, userID, name)
}

// CountUserComputers counts every computer of the user.
func (q Q) CountUserComputers(ctx context.Context, userID string) (int64, error) {
	var n int64
	err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM computers WHERE user_id = ?`, userID).Scan(&n)
	return n, err
}

// InsertComputer stores a newly registered computer.
func (tx *Tx) InsertComputer(ctx context.Context, v *client.Computer) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO computers (id, user_id, name, license_type, license_from, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, v.ID, v.UserID, v.Name, v.LicenseType, v.LicenseFrom, ts(v.CreatedAt))
	return err
}

// MoveComputersToPool makes up to n of the user's computers of a licence
// type that hold an assigned licence draw from the pool instead.
func (tx *Tx) MoveComputersToPool(ctx context.Context, userID, licenseType string, n int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE computers SET license_from = 'pool' WHERE seq IN (
		SELECT seq FROM computers WHERE user_id = ? AND license_type = ? AND license_from = 'assignment' ORDER BY seq DESC LIMIT ?)`,
		userID, licenseType, n)
	return err
}

// DeleteComputer deletes a computer, freeing its licence.
func (tx *Tx) DeleteComputer(ctx context.Context, id string) error {
	return tx.deleteByID(ctx, "computers", "computer", id)
}
