package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const selGroup = "SELECT " + metaCols + ", t.name, t.description, t.permissions, t.built_in FROM groups t"

func scanGroup(r scanner) (client.Group, int64, error) {
	var v client.Group
	var m metaScan
	var perms string
	err := r.Scan(m.dest(&v.Meta, &v.Name, &v.Description, &perms, &v.BuiltIn)...)
	if err != nil {
		return v, 0, err
	}
	m.fill(&v.Meta)
	v.Permissions, err = parseList(perms)
	return v, m.seq, err
}

// GetGroup reads one group.
func (q Q) GetGroup(ctx context.Context, id string) (*client.Group, error) {
	return get(ctx, q.db, selGroup, "group", id, scanGroup)
}

// ListGroups lists groups in creation order (Administrators first).
func (q Q) ListGroups(ctx context.Context, f NameFilter, p Page) ([]client.Group, int64, error) {
	return list(ctx, q.db, selGroup, f.conds(), p, scanGroup)
}

// InsertGroup stores a new group.
func (tx *Tx) InsertGroup(ctx context.Context, v *client.Group) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO groups (id, name, description, permissions, built_in, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, v.Name, v.Description, jsonList(v.Permissions), boolInt(v.BuiltIn),
		ts(v.CreatedAt), ts(v.UpdatedAt), v.Version)
	return uniqueViolation(err, nameTaken("groups_name_ci", v.Name))
}

// UpdateGroup stores v, whose Version must be one more than the stored one.
func (tx *Tx) UpdateGroup(ctx context.Context, v *client.Group) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE groups SET name = ?, description = ?, permissions = ?, updated_at = ?, version = ?
		WHERE id = ? AND version = ? AND built_in = 0`, v.Name, v.Description, jsonList(v.Permissions), ts(v.UpdatedAt), v.Version, v.ID, v.Version-1)
	return uniqueViolation(tx.updated(ctx, res, err, "groups", "group", v.ID), nameTaken("groups_name_ci", v.Name))
}

// DeleteGroup deletes a group (never the built-in one) with its
// memberships: a membership is a relation, not an object of its own.
func (tx *Tx) DeleteGroup(ctx context.Context, id string) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM group_members WHERE group_id = ?
		AND EXISTS (SELECT 1 FROM groups WHERE id = ? AND built_in = 0)`, id, id); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM groups WHERE id = ? AND built_in = 0`, id)
	return deleted(res, err, "group", id)
}

// UserPermissions returns the union of the permissions of the user's
// groups (unsorted, possibly with duplicates).
func (q Q) UserPermissions(ctx context.Context, userID string) ([]string, error) {
	lists, err := queryStrings(ctx, q.db, `SELECT g.permissions FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?`, userID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range lists {
		perms, err := parseList(s)
		if err != nil {
			return nil, err
		}
		out = append(out, perms...)
	}
	return out, nil
}

// ---- memberships ----

const selMember = "SELECT t.seq, t.group_id, t.user_id, t.created_at FROM group_members t"

func scanMember(r scanner) (client.GroupMember, int64, error) {
	var v client.GroupMember
	var seq, created int64
	err := r.Scan(&seq, &v.GroupID, &v.UserID, &created)
	v.CreatedAt = fromTS(created)
	return v, seq, err
}

// MemberFilter narrows a list of memberships.
type MemberFilter struct {
	GroupID string  // one group's members; "" for the memberships of every group
	Account *string // only members of this account (tenant scope)
	// CustomerAccountID keeps the memberships of this account's users.
	CustomerAccountID string
}

// GetMember reads one membership.
func (q Q) GetMember(ctx context.Context, groupID, userID string) (*client.GroupMember, error) {
	return one(ctx, q.db, selMember, "t.group_id = ? AND t.user_id = ?", scanMember,
		&NotFoundError{Entity: "membership of user " + userID + " in group", ID: groupID}, groupID, userID)
}

// ListMembers lists the memberships of a group, oldest first.
func (q Q) ListMembers(ctx context.Context, f MemberFilter, p Page) ([]client.GroupMember, int64, error) {
	var c conds
	c.filter("t.group_id = ?", f.GroupID)
	c.scope(f.Account, userInAccount)
	c.filter(userInAccount, f.CustomerAccountID)
	c.liveUser()
	return list(ctx, q.db, selMember, c, p, scanMember)
}

// AddMember makes the user a member of the group. added is false when it
// already was one (m is then the existing membership).
func (tx *Tx) AddMember(ctx context.Context, groupID, userID string, at time.Time) (m *client.GroupMember, added bool, err error) {
	n, err := rowsAffected(tx.tx.ExecContext(ctx, `INSERT INTO group_members (group_id, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (group_id, user_id) DO NOTHING`, groupID, userID, ts(at)))
	if err != nil {
		return nil, false, err
	}
	m, err = tx.GetMember(ctx, groupID, userID)
	return m, n == 1, err
}

// RemoveMember ends a membership.
func (tx *Tx) RemoveMember(ctx context.Context, groupID, userID string) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, userID)
	return deleted(res, err, "membership of user "+userID+" in group", groupID)
}

// MemberRights is one member of a group with what it holds through all of
// its groups.
type MemberRights struct {
	UserID      string
	Account     *string // the member's customer account; nil for MSP staff
	MaskData    bool
	Permissions []string // unsorted, possibly with repeats
}

// GroupMemberRights lists the members of a group, oldest membership first,
// each with the permissions of every group it is in.
func (q Q) GroupMemberRights(ctx context.Context, groupID string) ([]MemberRights, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT u.id, u.customer_account_id, u.mask_data, g.permissions
		FROM group_members m
		JOIN users u ON u.id = m.user_id
		JOIN group_members m2 ON m2.user_id = m.user_id
		JOIN groups g ON g.id = m2.group_id
		WHERE m.group_id = ? ORDER BY m.seq`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MemberRights
	for rows.Next() {
		var (
			id, perms string
			account   sql.NullString
			mask      bool
		)
		if err := rows.Scan(&id, &account, &mask, &perms); err != nil {
			return nil, err
		}
		list, err := parseList(perms)
		if err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].UserID != id {
			m := MemberRights{UserID: id, MaskData: mask}
			if account.Valid {
				m.Account = &account.String
			}
			out = append(out, m)
		}
		out[len(out)-1].Permissions = append(out[len(out)-1].Permissions, list...)
	}
	return out, rows.Err()
}
