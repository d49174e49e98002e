package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Where a computer's licence comes from.
const (
	fromAssignment = "assignment"
	fromPool       = "pool"
)

// ---- assignments ----

// validateAssignment checks an assignment's fields and that its user
// exists and is visible to the principal.
func validateAssignment(ctx context.Context, q store.Q, p *principal, v *client.LicenseAssignment) error {
	var fe fieldErrors
	if _, err := refersTo(&fe, "user_id", &v.UserID, client.PrefixUser,
		func(id string) (*client.User, error) { return loadUser(ctx, q, p, id) }); err != nil {
		return err
	}
	checkEnum(&fe, "license_type", v.LicenseType, client.LicenseTypes)
	if v.Quantity <= 0 {
		fe.add("quantity", "must be greater than 0, not %d", v.Quantity)
	}
	return fe.err()
}

func licences(n int64, typ string) string { return plural(n, typ+" licence", typ+" licences") }

// reserve checks that n more licences of a type can be taken from the pool.
func reserve(ctx context.Context, tx *store.Tx, typ string, n int64) error {
	e, err := tx.PoolEntry(ctx, typ)
	if err != nil {
		return err
	}
	if n > e.Available {
		return conflict("not enough %s licences: %d requested, %d available (total %d, assigned %d)",
			typ, n, e.Available, e.Total, e.Assigned)
	}
	return nil
}

// shrinkAssignment makes room when a user's assignment of a type drops to
// quantity: computers beyond it move to the pool when the user may draw
// from it and it has room; otherwise the change is refused.
func shrinkAssignment(ctx context.Context, tx *store.Tx, a *client.LicenseAssignment, quantity int64) error {
	used, err := tx.CountComputers(ctx, a.UserID, a.LicenseType, fromAssignment)
	if err != nil {
		return err
	}
	excess := used - quantity
	if excess <= 0 {
		return nil
	}
	u, err := tx.GetUser(ctx, a.UserID)
	if err != nil {
		return err
	}
	if u.LicenseSource != client.LicenseSourceGlobalPool {
		return conflict("licence assignment %s: %s of user %s use its licences and the user's licence source is assigned_only: delete computers first",
			a.ID, plural(used, "computer", "computers"), u.Login)
	}
	e, err := tx.PoolEntry(ctx, a.LicenseType)
	if err != nil {
		return err
	}
	// The licences given back by the assignment return to the pool first.
	if available := e.Available + (a.Quantity - quantity); excess > available {
		return conflict("licence assignment %s: %s of user %s use its licences and the pool has only %s available for them",
			a.ID, plural(used, "computer", "computers"), u.Login, licences(available, a.LicenseType))
	}
	return tx.MoveComputersToPool(ctx, a.UserID, a.LicenseType, excess)
}

func (s *Server) getAssignment(w http.ResponseWriter, r *http.Request, p *principal) error {
	v, _, err := loadAssignment(r.Context(), s.st.Q, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, v, v.Version)
}

func (s *Server) createAssignment(w http.ResponseWriter, r *http.Request, p *principal) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.LicenseAssignmentCreateRequest) (*reply, error) {
		v := &client.LicenseAssignment{Meta: s.newMeta(client.PrefixLicenseAssignment), UserID: req.UserID,
			LicenseType: req.LicenseType, Quantity: req.Quantity}
		if err := validateAssignment(ctx, tx.Q, p, v); err != nil {
			return nil, err
		}
		existing, err := tx.AssignmentOf(ctx, v.UserID, v.LicenseType)
		if err != nil {
			return nil, err
		}
		if existing != nil {
			return nil, conflict("user %s already has a %s licence assignment (%s): change its quantity instead", v.UserID, v.LicenseType, existing.ID)
		}
		if err := reserve(ctx, tx, v.LicenseType, v.Quantity); err != nil {
			return nil, err
		}
		account, err := ownerAccount(ctx, tx.Q, v.UserID)
		if err != nil {
			return nil, err
		}
		if err := reserveQuota(ctx, tx.Q, account, v.LicenseType, v.Quantity); err != nil {
			return nil, err
		}
		if err := tx.InsertLicenseAssignment(ctx, v); err != nil {
			return nil, err
		}
		return s.createdAudited(ctx, tx, p, "license_assignment", "license-assignments", v.Meta, account, changedFields(&client.LicenseAssignment{}, v), v)
	})
}

func (s *Server) updateAssignment(w http.ResponseWriter, r *http.Request, p *principal) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.LicenseAssignmentUpdateRequest) (*reply, error) {
		old, account, err := loadAssignment(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if err := checkIfMatch(r, old.Version); err != nil {
			return nil, err
		}
		v := *old
		setIf(&v.Quantity, req.Quantity)
		if err := validateAssignment(ctx, tx.Q, p, &v); err != nil {
			return nil, err
		}
		switch delta := v.Quantity - old.Quantity; {
		case delta > 0:
			if err := reserve(ctx, tx, v.LicenseType, delta); err != nil {
				return nil, err
			}
			if err := reserveQuota(ctx, tx.Q, account, v.LicenseType, delta); err != nil {
				return nil, err
			}
		case delta < 0:
			if err := shrinkAssignment(ctx, tx, old, v.Quantity); err != nil {
				return nil, err
			}
		default:
			return entityReply(http.StatusOK, old, old.Version)
		}
		s.bump(&v.Meta)
		if err := tx.UpdateLicenseAssignment(ctx, &v); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "update", "license_assignment", v.ID, account, []string{"quantity"}); err != nil {
			return nil, err
		}
		return entityReply(http.StatusOK, &v, v.Version)
	})
}

func (s *Server) deleteAssignment(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		v, account, err := loadAssignment(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if err := checkIfMatch(r, v.Version); err != nil {
			return nil, err
		}
		if err := shrinkAssignment(ctx, tx, v, 0); err != nil {
			return nil, err
		}
		return s.deletedAudited(ctx, tx, p, "license_assignment", v.ID, account, tx.DeleteLicenseAssignment)
	})
}

func (s *Server) listAssignments(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"user_id", "license_type", "customer_account_id"}, func(ctx context.Context, l listQuery) ([]client.LicenseAssignment, int64, error) {
		return s.st.ListLicenseAssignments(ctx, store.AssignmentFilter{
			Account: p.account(), CustomerAccountID: l.get("customer_account_id"), UserID: l.get("user_id"), LicenseType: l.get("license_type"),
		}, l.page)
	})
}

// ---- pool ----

func (s *Server) getPool(w http.ResponseWriter, r *http.Request, _ *principal) error {
	items, err := s.st.LicensePool(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, client.LicensePool{Items: items})
	return nil
}

func (s *Server) setPoolTotal(w http.ResponseWriter, r *http.Request, p *principal) error {
	if !p.bootstrap {
		return forbidden("only the bootstrap administrator sets the licence pool")
	}
	typ := r.PathValue("license_type")
	if !isOneOf(typ, client.LicenseTypes) {
		return notFound("licence type", typ)
	}
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.LicensePoolUpdateRequest) (*reply, error) {
		var fe fieldErrors
		checkNotNegative(&fe, "total", req.Total)
		if err := fe.err(); err != nil {
			return nil, err
		}
		e, err := tx.PoolEntry(ctx, typ)
		if err != nil {
			return nil, err
		}
		if used := e.Total - e.Available; req.Total < used {
			return nil, conflict("cannot set the %s pool to %d: %d licences are assigned or in use from the pool", typ, req.Total, used)
		}
		if err := tx.SetPoolTotal(ctx, typ, req.Total); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "update", "license_pool", typ, nil, []string{"total"}); err != nil {
			return nil, err
		}
		if e, err = tx.PoolEntry(ctx, typ); err != nil {
			return nil, err
		}
		return entityReply(http.StatusOK, e, 0)
	})
}

// ---- computers ----

// maxComputersPerUser caps the computers one user may register, so that a
// user's token cannot drain the licence pool with made-up computers.
const maxComputersPerUser = 100

// registerComputer is the agent's call, with the user's own token: the
// computer takes a licence from the user's assignment first, then from the
// pool when the user's licence source allows it. Registering a name the
// user already has (an agent reinstalled or retrying) answers that computer
// (200) and takes no second licence.
func (s *Server) registerComputer(w http.ResponseWriter, r *http.Request, p *principal) error {
	if p.user == nil {
		return forbidden("computers are registered with the token of the user who owns them")
	}
	req, err := decode[client.ComputerRegisterRequest](r)
	if err != nil {
		return err
	}
	var fe fieldErrors
	checkName(&fe, "name", req.Name)
	checkEnum(&fe, "license_type", req.LicenseType, client.LicenseTypes)
	if err := fe.err(); err != nil {
		return err
	}
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		u, err := tx.GetUser(ctx, p.user.ID)
		if err != nil {
			return nil, err
		}
		if c, err := tx.UserComputerByName(ctx, u.ID, req.Name); err != nil {
			return nil, err
		} else if c != nil && c.LicenseType != req.LicenseType {
			return nil, conflict("computer %q is already registered with a %s licence: delete it to register it with a %s licence",
				c.Name, c.LicenseType, req.LicenseType)
		} else if c != nil {
			rep, err := entityReply(http.StatusOK, c, 0)
			if err != nil {
				return nil, err
			}
			rep.Location = "/api/v1/computers/" + c.ID
			return rep, nil
		}
		if n, err := tx.CountUserComputers(ctx, u.ID); err != nil {
			return nil, err
		} else if n >= maxComputersPerUser {
			return nil, conflict("user %s already has %d computers, the most one user may register: delete one first", u.Login, n)
		}
		from, err := licenceSource(ctx, tx, u, req.LicenseType)
		if err != nil {
			return nil, err
		}
		c := &client.Computer{ID: ident.NewID(client.PrefixComputer), UserID: u.ID, Name: req.Name,
			LicenseType: req.LicenseType, LicenseFrom: from, CreatedAt: s.clock()}
		if err := tx.InsertComputer(ctx, c); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "register", "computer", c.ID, u.CustomerAccountID,
			[]string{"license_from", "license_type", "name", "user_id"}); err != nil {
			return nil, err
		}
		return createdReply(c, 0, "/api/v1/computers/"+c.ID)
	})
}

func licenceSource(ctx context.Context, tx *store.Tx, u *client.User, typ string) (string, error) {
	a, err := tx.AssignmentOf(ctx, u.ID, typ)
	if err != nil {
		return "", err
	}
	var assigned, used int64
	if a != nil {
		assigned = a.Quantity
		if used, err = tx.CountComputers(ctx, u.ID, typ, fromAssignment); err != nil {
			return "", err
		}
		if used < assigned {
			return fromAssignment, nil
		}
	}
	why := fmt.Sprintf("all %s assigned to the user are in use", licences(assigned, typ))
	if assigned == 0 {
		why = "the user has no " + typ + " licences assigned"
	}
	if u.LicenseSource != client.LicenseSourceGlobalPool {
		return "", conflict("no %s licence available for user %s: %s and its licence source is assigned_only", typ, u.Login, why)
	}
	e, err := tx.PoolEntry(ctx, typ)
	if err != nil {
		return "", err
	}
	if e.Available <= 0 {
		return "", conflict("no %s licence available for user %s: %s and the pool has none available (total %d, assigned %d, in use %d)",
			typ, u.Login, why, e.Total, e.Assigned, e.InUse)
	}
	if err := reserveQuota(ctx, tx.Q, u.CustomerAccountID, typ, 1); err != nil {
		return "", err
	}
	return fromPool, nil
}

func (s *Server) getComputer(w http.ResponseWriter, r *http.Request, p *principal) error {
	c, _, err := loadComputer(r.Context(), s.st.Q, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, c, 0)
}

func (s *Server) deleteComputer(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		c, account, err := loadComputer(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		return s.deletedAudited(ctx, tx, p, "computer", c.ID, account, tx.DeleteComputer)
	})
}

func (s *Server) listComputers(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"user_id"}, func(ctx context.Context, l listQuery) ([]client.Computer, int64, error) {
		return s.st.ListComputers(ctx, store.ComputerFilter{Account: p.account(), UserID: l.get("user_id")}, l.page)
	})
}
