package server

import (
	"context"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The parts of get, update and delete handlers that are the same for every
// entity.
// Each handler still does its own permission check first and passes its own
// rule (privileges, dependants) in; these helpers only load, compare the
// version, write and answer.

// loader loads an entity the principal may see; one of another customer
// account answers 404 (see load.go).
type loader[T any] func(ctx context.Context, q store.Q, p *principal, id string) (*T, error)

// shared is the loader of an entity every account sees (groups, storage
// accounts and limits): the store's getter, with no tenancy check.
func shared[T any](get func(q store.Q, ctx context.Context, id string) (*T, error)) loader[T] {
	return func(ctx context.Context, q store.Q, _ *principal, id string) (*T, error) { return get(q, ctx, id) }
}

// entityRef returns what the helpers need of an entity: its Meta (id and
// version) and the customer account its audit events go under (nil for the
// MSP level and shared entities).
type entityRef[T any] func(v *T) (*client.Meta, *string)

func customerAccountRef(v *client.CustomerAccount) (*client.Meta, *string) { return &v.Meta, &v.ID }
func companyRef(v *client.Company) (*client.Meta, *string)                 { return &v.Meta, v.CustomerAccountID }
func userRef(v *client.User) (*client.Meta, *string)                       { return &v.Meta, v.CustomerAccountID }
func storageAccountRef(v *client.StorageAccount) (*client.Meta, *string)   { return &v.Meta, nil }
func storageLimitRef(v *client.StorageLimit) (*client.Meta, *string)       { return &v.Meta, nil }
func groupRef(v *client.Group) (*client.Meta, *string)                     { return &v.Meta, nil }

// sendLoaded answers a get: the entity at the path's id, with its version
// as the ETag.
func sendLoaded[T any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, load loader[T], ref entityRef[T]) error {
	v, err := load(r.Context(), s.st.Q, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	meta, _ := ref(v)
	return sendEntity(w, http.StatusOK, v, meta.Version)
}

// loadForChange loads the entity at the path's id in a change's
// transaction and checks the request's If-Match against its version: how
// every update and delete begins.
func loadForChange[T any](ctx context.Context, tx *store.Tx, r *http.Request, p *principal, load loader[T], ref entityRef[T]) (*T, error) {
	v, err := load(ctx, tx.Q, p, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	meta, _ := ref(v)
	if err := checkIfMatch(r, meta.Version); err != nil {
		return nil, err
	}
	return v, nil
}

// createAudited runs a create in one transaction with its audit event:
// decode the request, let build make the new entity from it (with a new
// Meta) and check it by the entity's own rules (which build may also use to
// refuse), insert it with insert, then record the audit event naming its
// fields and answer 201 (createdAudited).
func createAudited[T, Req any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, kind, collection string,
	ref entityRef[T], build func(ctx context.Context, tx *store.Tx, req *Req) (*T, error),
	insert func(tx *store.Tx, ctx context.Context, v *T) error) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *Req) (*reply, error) {
		v, err := build(ctx, tx, req)
		if err != nil {
			return nil, err
		}
		if err := insert(tx, ctx, v); err != nil {
			return nil, err
		}
		meta, account := ref(v)
		var zero T
		return s.createdAudited(ctx, tx, p, kind, collection, *meta, account, changedFields(&zero, v), v)
	})
}

// updateAudited runs an update in one transaction with its audit event:
// decode the request, load the entity at the path's id (loadForChange), let
// apply make the new version (a copy of old with the request applied and
// checked by the entity's own rules, which apply may also use to refuse),
// then finish through updatedAudited, saving the new version with save.
func updateAudited[T, Req any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, kind string,
	load loader[T], ref entityRef[T], apply func(ctx context.Context, tx *store.Tx, old *T, req *Req) (*T, error),
	save func(tx *store.Tx, ctx context.Context, v *T) error) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *Req) (*reply, error) {
		old, err := loadForChange(ctx, tx, r, p, load, ref)
		if err != nil {
			return nil, err
		}
		v, err := apply(ctx, tx, old, req)
		if err != nil {
			return nil, err
		}
		meta, account := ref(v)
		return s.updatedAudited(ctx, tx, p, kind, old, v, meta, account, changedFields(old, v),
			func() error { return save(tx, ctx, v) })
	})
}

// deleteAudited deletes the entity at the path's id in one transaction with
// its audit event: load it, check If-Match against its version, refuse while
// other entities refer to it (dependants names it for refuseDependants; ""
// when nothing can), apply the handler's own rule (check; may be nil), then
// delete it and answer 204.
func deleteAudited[T any](s *Server, w http.ResponseWriter, r *http.Request, p *principal, kind, dependants string,
	load loader[T], ref entityRef[T], check func(ctx context.Context, tx *store.Tx, v *T) error,
	del func(tx *store.Tx, ctx context.Context, id string) error) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		v, err := loadForChange(ctx, tx, r, p, load, ref)
		if err != nil {
			return nil, err
		}
		meta, account := ref(v)
		if dependants != "" {
			if err := refuseDependants(ctx, tx.Q, dependants, meta.ID); err != nil {
				return nil, err
			}
		}
		if check != nil {
			if err := check(ctx, tx, v); err != nil {
				return nil, err
			}
		}
		return s.deletedAudited(ctx, tx, p, kind, meta.ID, account, func(ctx context.Context, id string) error { return del(tx, ctx, id) })
	})
}

// updatedAudited finishes an update in its transaction, once the handler has
// loaded old, checked If-Match and built and validated v (a copy of old with
// the request applied; meta is v's Meta). With no field changed it answers
// old as it is: no new version, no audit event. Otherwise it bumps the
// version, saves v and records the audit event naming the changed fields.
func (s *Server) updatedAudited(ctx context.Context, tx *store.Tx, p *principal, kind string, old, v any,
	meta *client.Meta, account *string, fields []string, save func() error) (*reply, error) {
	if len(fields) == 0 {
		return entityReply(http.StatusOK, old, meta.Version)
	}
	s.bump(meta)
	if err := save(); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, p, "update", kind, meta.ID, account, fields); err != nil {
		return nil, err
	}
	return entityReply(http.StatusOK, v, meta.Version)
}
