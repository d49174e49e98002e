package server

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The privilege rule, in one place:
//
//	A change may be made only by a principal that holds every right of every
//	principal the change touches, as those rights are before the change and
//	as they will be after it. The bootstrap administrator holds every right.
//
// A principal's rights are the permissions of its groups plus, for a
// principal that reads other people's personal data (users:read or
// outbox:read) without mask_data, the right to read it unmasked. So nobody
// can give a permission it lacks (to anyone, itself included), nor change,
// disable, delete, make a token for or revoke a token of anyone holding
// more than itself, nor lift a mask it reads under.
//
// Handlers call the may* functions below right after loading what they
// change, before validating or storing anything.

// rightUnmasked is the right to read personal data unmasked.
const rightUnmasked = "reading personal data unmasked (mask_data = false)"

// rightsOf is what a user with these permissions and mask_data setting can
// do: its permissions and, when it reads personal data unmasked,
// rightUnmasked.
func rightsOf(perms []string, maskData bool) []string {
	out := slices.Clone(perms)
	if !maskData && (slices.Contains(perms, client.PermUsersRead) || slices.Contains(perms, client.PermOutboxRead)) {
		out = append(out, rightUnmasked)
	}
	return out
}

// lacks returns, sorted and without repeats, the rights the principal does
// not hold.
func (p *principal) lacks(rights ...[]string) []string {
	if p.bootstrap {
		return nil
	}
	own := rightsOf(p.permList(), p.maskData())
	var missing []string
	for _, set := range rights {
		for _, r := range set {
			if !slices.Contains(own, r) {
				missing = append(missing, r)
			}
		}
	}
	slices.Sort(missing)
	return slices.Compact(missing)
}

func (p *principal) permList() []string {
	out := make([]string, 0, len(p.perms))
	for perm := range p.perms {
		out = append(out, perm)
	}
	return out
}

// refuseUnless answers 403 naming the rights the principal lacks, if any.
func refuseUnless(missing []string, format string, args ...any) error {
	if len(missing) == 0 {
		return nil
	}
	return forbidden("cannot %s: it needs rights you do not hold: %s", fmt.Sprintf(format, args...), strings.Join(missing, ", "))
}

// groupPermissions is what membership of g grants.
func groupPermissions(g *client.Group) []string {
	if g.BuiltIn {
		return allPermissions()
	}
	return g.Permissions
}

// userRights reads what user u can do now; with extra, what it could do
// with extra permissions and the mask_data setting maskData.
func userRights(ctx context.Context, q store.Q, u *client.User, maskData bool, extra ...string) ([]string, error) {
	perms, err := q.UserPermissions(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("permissions of user %s: %w", u.ID, err)
	}
	return rightsOf(append(perms, extra...), maskData), nil
}

// mayManageUser: changing, disabling or deleting user u, making a token for
// it or revoking one of its tokens needs every right u holds. after is u as
// the change leaves it (nil when the change leaves its rights alone).
func mayManageUser(ctx context.Context, q store.Q, p *principal, u, after *client.User, action string) error {
	if p.bootstrap {
		return nil
	}
	before, err := userRights(ctx, q, u, u.MaskData)
	if err != nil {
		return err
	}
	afterRights := before
	if after != nil {
		if afterRights, err = userRights(ctx, q, u, after.MaskData); err != nil {
			return err
		}
	}
	return refuseUnless(p.lacks(before, afterRights), "%s user %s", action, u.ID)
}

// mayChangeMembership: adding user u to group g, or removing it, needs what
// g grants and every right u holds, before and after.
func mayChangeMembership(ctx context.Context, q store.Q, p *principal, g *client.Group, u *client.User, action string) error {
	if p.bootstrap {
		return nil
	}
	before, err := userRights(ctx, q, u, u.MaskData)
	if err != nil {
		return err
	}
	after := rightsOf(append(slices.Clone(before), groupPermissions(g)...), u.MaskData)
	return refuseUnless(p.lacks(groupPermissions(g), before, after), "%s user %s in group %s", action, u.ID, g.ID)
}

// mayChangeGroup: changing or deleting group g needs what g
// grants, before and after (newPerms; nil when they stay), and every right
// of each member, before and after.
func mayChangeGroup(ctx context.Context, q store.Q, p *principal, g *client.Group, newPerms []string, action string) error {
	if p.bootstrap {
		return nil
	}
	newPerms = known(newPerms)
	need := [][]string{groupPermissions(g), newPerms}
	members, err := q.GroupMemberRights(ctx, g.ID)
	if err != nil {
		return fmt.Errorf("members of group %s: %w", g.ID, err)
	}
	for _, m := range members {
		need = append(need, rightsOf(m.Permissions, m.MaskData), rightsOf(append(m.Permissions, newPerms...), m.MaskData))
	}
	return refuseUnless(p.lacks(need...), "%s group %s", action, g.ID)
}

// mayCreateGroup: a new group may grant only what its creator holds.
func mayCreateGroup(p *principal, name string, perms []string) error {
	return refuseUnless(p.lacks(known(perms)), "create group %q", name)
}

// known drops names that are not permissions: validation reports those.
func known(perms []string) []string {
	var out []string
	for _, perm := range perms {
		if isPermission(perm) {
			out = append(out, perm)
		}
	}
	return out
}
