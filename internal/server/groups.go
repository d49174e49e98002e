package server

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

var groupKind = &kind[client.Group]{
	name: "group", audit: "group", path: "/api/v1/groups", mspOnly: true,
	get:        store.Q.GetGroup,
	meta:       func(v *client.Group) *client.Meta { return &v.Meta },
	validate:   validateGroup,
	insert:     (*store.Tx).InsertGroup,
	update:     (*store.Tx).UpdateGroup,
	remove:     (*store.Tx).DeleteGroup,
	dependants: true,
}

var errBuiltIn = conflict("the built-in %s group cannot be changed", client.AdministratorsGroupName)

func validateGroup(_ context.Context, _ *store.Tx, _ *principal, v *client.Group) error {
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

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.GroupCreateRequest](r)
	if err != nil {
		return err
	}
	v := &client.Group{Meta: s.newMeta(client.PrefixGroup), Name: req.Name, Description: req.Description,
		Permissions: slices.Clone(req.Permissions)}
	return createEntity(s, w, r, p, groupKind, v, nil)
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.GroupUpdateRequest](r)
	if err != nil {
		return err
	}
	return updateEntity(s, w, r, p, groupKind, func(_ context.Context, _ *store.Tx, v *client.Group) ([]string, error) {
		if v.BuiltIn {
			return nil, errBuiltIn
		}
		setIf(&v.Name, req.Name)
		setIf(&v.Description, req.Description)
		if req.Permissions != nil {
			v.Permissions = slices.Clone(*req.Permissions)
		}
		return nil, nil
	})
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteEntity(s, w, r, p, groupKind, func(_ context.Context, _ *store.Tx, v *client.Group) error {
		if v.BuiltIn {
			return errBuiltIn
		}
		return nil
	})
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request, _ *principal) error {
	l, err := parseList(r, "name")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListGroups(r.Context(), store.NameFilter{Name: l.get("name")}, l.page)
	return sendPage(w, items, next, err)
}

// ---- memberships ----

// membership loads the group and the user of a membership path, both as
// the principal can see them.
func membership(ctx context.Context, q store.Q, r *http.Request, p *principal) (*client.Group, *client.User, error) {
	g, err := groupKind.load(ctx, q, p, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	u, err := userKind.load(ctx, q, p, r.PathValue("user_id"))
	if err != nil {
		return nil, nil, err
	}
	return g, u, nil
}

// mayChangeMembers: no principal but the bootstrap administrator may
// change the members of a group holding a permission it lacks.
func mayChangeMembers(p *principal, g *client.Group) error {
	perms := g.Permissions
	if g.BuiltIn {
		perms = allPermissions()
	}
	if missing := p.holdsAll(perms); len(missing) > 0 {
		return forbidden("cannot change the members of group %s: it grants permissions you do not hold: %s", g.ID, strings.Join(missing, ", "))
	}
	return nil
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		g, u, err := membership(ctx, tx.Q, r, p)
		if err != nil {
			return nil, err
		}
		if err := mayChangeMembers(p, g); err != nil {
			return nil, err
		}
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
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		g, u, err := membership(ctx, tx.Q, r, p)
		if err != nil {
			return nil, err
		}
		if err := mayChangeMembers(p, g); err != nil {
			return nil, err
		}
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
	g, err := groupKind.load(r.Context(), s.st.Q, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	items, next, err := s.st.ListMembers(r.Context(), store.MemberFilter{GroupID: g.ID, Account: p.account()}, l.page)
	return sendPage(w, items, next, err)
}
