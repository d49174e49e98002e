package server

import (
	"context"
	"net/http"
	"slices"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

var errBuiltIn = conflict("the built-in %s group cannot be changed", client.AdministratorsGroupName)

func validateGroup(v *client.Group) error {
	var fe fieldErrors
	checkName(&fe, "name", v.Name)
	checkText(&fe, "description", v.Description, maxDescription, true)
	if v.Permissions == nil {
		fe.add("permissions", "is required (a list, possibly empty)")
	}
	seen := map[string]bool{}
	for _, perm := range v.Permissions {
		switch {
		case !isPermission(perm):
			fe.add("permissions", "%q is not a permission (GET /api/v1/permissions lists them)", perm)
		case seen[perm]:
			fe.add("permissions", "%q is listed twice", perm)
		}
		seen[perm] = true
	}
	slices.Sort(v.Permissions) // stored and returned sorted
	return fe.err()
}

func (s *Server) getGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendLoaded(s, w, r, p, shared(store.Q.GetGroup), groupRef)
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	return createAudited(s, w, r, p, "group", "groups", groupRef,
		func(_ context.Context, _ *store.Tx, req *client.GroupCreateRequest) (*client.Group, error) {
			if err := mayCreateGroup(p, req.Name, req.Permissions); err != nil {
				return nil, err
			}
			v := &client.Group{Meta: s.newMeta(client.PrefixGroup), Name: req.Name, Description: req.Description,
				Permissions: slices.Clone(req.Permissions)}
			return v, validateGroup(v)
		}, (*store.Tx).InsertGroup)
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	return updateAudited(s, w, r, p, "group", shared(store.Q.GetGroup), groupRef,
		func(ctx context.Context, tx *store.Tx, old *client.Group, req *client.GroupUpdateRequest) (*client.Group, error) {
			if old.BuiltIn {
				return nil, errBuiltIn
			}
			v := *old
			setIf(&v.Name, req.Name)
			setIf(&v.Description, req.Description)
			if req.Permissions != nil {
				v.Permissions = slices.Clone(*req.Permissions)
			}
			if err := mayChangeGroup(ctx, tx.Q, p, old, v.Permissions, "change"); err != nil {
				return nil, err
			}
			return &v, validateGroup(&v)
		}, (*store.Tx).UpdateGroup)
}

// deleteGroup deletes a group with its memberships: each removed membership
// is audited like a removal of the member, under the member's account.
func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		v, err := loadForChange(ctx, tx, r, p, shared(store.Q.GetGroup), groupRef)
		if err != nil {
			return nil, err
		}
		if v.BuiltIn {
			return nil, errBuiltIn
		}
		if err := mayChangeGroup(ctx, tx.Q, p, v, nil, "delete"); err != nil {
			return nil, err
		}
		members, err := tx.GroupMemberRights(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		if err := tx.DeleteGroup(ctx, v.ID); err != nil {
			return nil, err
		}
		for _, m := range members {
			if err := s.audit(ctx, tx, p, "remove_member", "group", v.ID, m.Account, []string{"members"}); err != nil {
				return nil, err
			}
		}
		return deletedReply(s.audit(ctx, tx, p, "delete", "group", v.ID, nil, nil))
	})
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request, _ *principal) error {
	return listByName(w, r, s.st.ListGroups)
}

// ---- memberships ----

// membership loads the group and the user of a membership path, both as
// the principal can see them.
func membership(ctx context.Context, q store.Q, r *http.Request, p *principal) (*client.Group, *client.User, error) {
	g, err := q.GetGroup(ctx, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	u, err := loadUser(ctx, q, p, r.PathValue("user_id"))
	if err != nil {
		return nil, nil, err
	}
	return g, u, nil
}

// changeMembership runs a change of the membership at the path: the group
// and the user as the principal sees them, once it may change (verb) the
// membership (see mayChangeMembership).
func (s *Server) changeMembership(w http.ResponseWriter, r *http.Request, p *principal, verb string,
	fn func(ctx context.Context, tx *store.Tx, g *client.Group, u *client.User) (*reply, error)) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		g, u, err := membership(ctx, tx.Q, r, p)
		if err != nil {
			return nil, err
		}
		if err := mayChangeMembership(ctx, tx.Q, p, g, u, verb); err != nil {
			return nil, err
		}
		return fn(ctx, tx, g, u)
	})
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.changeMembership(w, r, p, "add", func(ctx context.Context, tx *store.Tx, g *client.Group, u *client.User) (*reply, error) {
		m, added, err := tx.AddMember(ctx, g.ID, u.ID, s.clock())
		if err != nil {
			return nil, err
		}
		status := http.StatusOK
		if added {
			status = http.StatusCreated
			if err := s.audit(ctx, tx, p, "add_member", "group", g.ID, u.CustomerAccountID, []string{"members"}); err != nil {
				return nil, err
			}
		}
		return entityReply(status, m, 0)
	})
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.changeMembership(w, r, p, "remove", func(ctx context.Context, tx *store.Tx, g *client.Group, u *client.User) (*reply, error) {
		if err := tx.RemoveMember(ctx, g.ID, u.ID); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "remove_member", "group", g.ID, u.CustomerAccountID, []string{"members"}); err != nil {
			return nil, err
		}
		return &reply{Status: http.StatusNoContent}, nil
	})
}

func (s *Server) getMember(w http.ResponseWriter, r *http.Request, p *principal) error {
	g, u, err := membership(r.Context(), s.st.Q, r, p)
	if err != nil {
		return err
	}
	m, err := s.st.GetMember(r.Context(), g.ID, u.ID)
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, m, 0)
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request, p *principal) error {
	l, err := parseList(r)
	if err != nil {
		return err
	}
	g, err := s.st.GetGroup(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	items, next, err := s.st.ListMembers(r.Context(), store.MemberFilter{GroupID: g.ID, Account: p.account()}, l.page)
	return sendPage(w, items, next, err)
}

// listAllMembers lists the memberships of every group, so that one request
// answers every membership of a customer account's users (a tenant's drift
// plan reads them all) instead of one per group.
func (s *Server) listAllMembers(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"customer_account_id"}, func(ctx context.Context, l listQuery) ([]client.GroupMember, int64, error) {
		return s.st.ListMembers(ctx, store.MemberFilter{Account: p.account(), CustomerAccountID: l.get("customer_account_id")}, l.page)
	})
}
