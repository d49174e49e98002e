package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// kind describes one versioned entity type, so that reading, creating,
// patching and deleting are written once for all of them.
type kind[T any] struct {
	name  string // in messages: "customer account"
	audit string // in audit events: "customer_account"
	path  string // collection path: "/api/v1/customer-accounts"
	// mspOnly: only MSP staff change these (tenants may read them).
	mspOnly bool
	get     func(q store.Q, ctx context.Context, id string) (*T, error)
	meta    func(*T) *client.Meta
	// account is the customer account the entity belongs to (nil: MSP
	// level). owner instead names the user whose account it belongs to.
	// Neither: the entity is shared by every account.
	account func(*T) *string
	owner   func(*T) *string
	// validate checks every rule of the entity's full state, fields and
	// references, collecting every problem.
	validate func(ctx context.Context, tx *store.Tx, p *principal, v *T) error
	insert   func(tx *store.Tx, ctx context.Context, v *T) error
	update   func(tx *store.Tx, ctx context.Context, v *T) error
	remove   func(tx *store.Tx, ctx context.Context, id string) error
	// dependants: deletes are refused while other entities reference it.
	dependants bool
	// view is what the principal reads of the entity (masking); nil: as is.
	view func(p *principal, v *T) any
}

// accountOf is the customer account of v; shared is true for entities that
// belong to no account.
func (k *kind[T]) accountOf(ctx context.Context, q store.Q, v *T) (account *string, shared bool, err error) {
	switch {
	case k.account != nil:
		return k.account(v), false, nil
	case k.owner != nil:
		id := k.owner(v)
		if id == nil {
			return nil, false, nil
		}
		u, err := q.GetUser(ctx, *id)
		if err != nil {
			return nil, false, err
		}
		return u.CustomerAccountID, false, nil
	default:
		return nil, true, nil
	}
}

func (k *kind[T]) show(p *principal, v *T) any {
	if k.view == nil {
		return v
	}
	return k.view(p, v)
}

// load reads an entity the principal can see; others are not found.
func (k *kind[T]) load(ctx context.Context, q store.Q, p *principal, id string) (*T, error) {
	v, err := k.get(q, ctx, id)
	if err != nil {
		return nil, err
	}
	account, shared, err := k.accountOf(ctx, q, v)
	if err != nil {
		return nil, err
	}
	if !shared && !p.sees(account) {
		return nil, notFound(k.name, id)
	}
	return v, nil
}

func (k *kind[T]) canWrite(p *principal) error {
	if k.mspOnly && !p.staff() {
		return errMSPOnly
	}
	return nil
}

// serveGet answers GET {path}/{id}.
func serveGet[T any](s *Server, k *kind[T]) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *principal) error {
		v, err := k.load(r.Context(), s.st.Q, p, r.PathValue("id"))
		if err != nil {
			return err
		}
		return sendEntity(w, http.StatusOK, k.show(p, v), k.meta(v).Version)
	}
}

// createEntity validates and stores a new entity with its audit event;
// after (may be nil) runs in the same transaction.
func createEntity[T any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, k *kind[T], v *T,
	after func(ctx context.Context, tx *store.Tx) error, extraFields ...string) error {
	if err := k.canWrite(p); err != nil {
		return err
	}
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		if err := k.validate(ctx, tx, p, v); err != nil {
			return nil, err
		}
		if err := k.insert(tx, ctx, v); err != nil {
			return nil, err
		}
		var zero T
		id := k.meta(v).ID
		account, _, err := k.accountOf(ctx, tx.Q, v)
		if err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "create", k.audit, id, account, changedFields(&zero, v, extraFields...)); err != nil {
			return nil, err
		}
		if after != nil {
			if err := after(ctx, tx); err != nil {
				return nil, err
			}
		}
		rep, err := entityReply(http.StatusCreated, k.show(p, v), k.meta(v).Version)
		if err != nil {
			return nil, err
		}
		rep.Location = k.path + "/" + id
		return rep, nil
	})
}

// updateEntity applies a merge patch: it loads the entity, honours
// If-Match, lets apply change a copy (returning the names of changed
// write-only fields), validates the result and stores it with its audit
// event. A patch that changes nothing answers the entity unchanged.
func updateEntity[T any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, k *kind[T],
	apply func(ctx context.Context, tx *store.Tx, v *T) (writeOnly []string, err error)) error {
	if err := k.canWrite(p); err != nil {
		return err
	}
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		old, err := k.load(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if err := checkIfMatch(r, k.meta(old).Version); err != nil {
			return nil, err
		}
		v := new(T)
		*v = *old
		extra, err := apply(ctx, tx, v)
		if err != nil {
			return nil, err
		}
		if err := k.validate(ctx, tx, p, v); err != nil {
			return nil, err
		}
		fields := changedFields(old, v, extra...)
		if len(fields) > 0 {
			s.bump(k.meta(v))
			if err := k.update(tx, ctx, v); err != nil {
				return nil, err
			}
			account, _, err := k.accountOf(ctx, tx.Q, v)
			if err != nil {
				return nil, err
			}
			if err := s.audit(ctx, tx, p, "update", k.audit, k.meta(v).ID, account, fields); err != nil {
				return nil, err
			}
		}
		return entityReply(http.StatusOK, k.show(p, v), k.meta(v).Version)
	})
}

// deleteEntity deletes an entity the principal can see, honouring If-Match
// and refusing while others reference it; before (may be nil) runs first.
func deleteEntity[T any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, k *kind[T],
	before func(ctx context.Context, tx *store.Tx, v *T) error) error {
	if err := k.canWrite(p); err != nil {
		return err
	}
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		v, err := k.load(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		id := k.meta(v).ID
		if err := checkIfMatch(r, k.meta(v).Version); err != nil {
			return nil, err
		}
		if before != nil {
			if err := before(ctx, tx, v); err != nil {
				return nil, err
			}
		}
		if k.dependants {
			deps, err := tx.Dependants(ctx, k.name, id)
			if err != nil {
				return nil, err
			}
			if len(deps) > 0 {
				return nil, conflict("%s %s is still referenced by %s: delete or change them first", k.name, id, describeDependants(deps))
			}
		}
		account, _, err := k.accountOf(ctx, tx.Q, v)
		if err != nil {
			return nil, err
		}
		if err := k.remove(tx, ctx, id); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "delete", k.audit, id, account, nil); err != nil {
			return nil, err
		}
		return &reply{Status: http.StatusNoContent}, nil
	})
}

var singular = map[string]string{"companies": "company", "users": "user", "members": "member"}

func describeDependants(deps []store.Dependants) string {
	parts := make([]string, 0, len(deps))
	for _, d := range deps {
		ids := strings.Join(d.IDs, ", ")
		if int64(len(d.IDs)) < d.Count {
			ids += ", ..."
		}
		parts = append(parts, plural(d.Count, singular[d.Kind], d.Kind)+" ("+ids+")")
	}
	return strings.Join(parts, " and ")
}

// setIf copies a patch field that is present.
func setIf[V any](dst *V, src *V) {
	if src != nil {
		*dst = *src
	}
}

// setNullable copies a nullable patch field that is present (null clears).
func setNullable(dst **string, src client.Nullable[string]) {
	if src.Set {
		*dst = src.Ptr()
	}
}

// reference checks that id names an entity the principal can see;
// a missing one is a field error "<entity> <id> not found".
func reference[T any](ctx context.Context, q store.Q, p *principal, fe *fieldErrors, field string, id *string, k *kind[T], prefix string) (*T, error) {
	if id == nil || !checkPrefixedID(fe, field, *id, prefix) {
		return nil, nil
	}
	v, err := k.load(ctx, q, p, *id)
	if errors.Is(err, store.ErrNotFound) {
		fe.add(field, "%s %s not found", k.name, *id)
		return nil, nil
	}
	return v, err
}
