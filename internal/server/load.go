package server

import (
	"context"
	"errors"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Loading what a principal may see. A tenant's principal sees only its own
// customer account's companies, users, licence assignments, computers and
// tokens; anything else answers 404, as if absent. Groups, storage accounts
// and storage limits are shared by every account. What is under a customer
// account pending deletion answers 404 to everyone (see lifecycle.go).

// visible reports whether the principal may see an entity of the customer
// account (nil: the MSP level): its own tenancy, and not pending deletion.
func visible(ctx context.Context, q store.Q, p *principal, account *string) (bool, error) {
	if !p.sees(account) {
		return false, nil
	}
	pending, err := underPendingAccount(ctx, q, account)
	return !pending, err
}

func loadCustomerAccount(ctx context.Context, q store.Q, p *principal, id string) (*client.CustomerAccount, error) {
	v, err := q.GetCustomerAccount(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.sees(&v.ID) {
		return nil, notFound("customer account", id)
	}
	return v, nil
}

// loadVisible reads what belongs to a customer account (account names it)
// and answers it when the principal may see that account (see visible).
func loadVisible[T any](ctx context.Context, q store.Q, p *principal, entity, id string,
	get func(ctx context.Context, id string) (*T, error), account func(v *T) *string) (*T, error) {
	v, err := get(ctx, id)
	if err != nil {
		return nil, err
	}
	if ok, err := visible(ctx, q, p, account(v)); err != nil || !ok {
		return nil, orNotFound(err, entity, id)
	}
	return v, nil
}

func loadCompany(ctx context.Context, q store.Q, p *principal, id string) (*client.Company, error) {
	return loadVisible(ctx, q, p, "company", id, q.GetCompany, func(v *client.Company) *string { return v.CustomerAccountID })
}

func loadUser(ctx context.Context, q store.Q, p *principal, id string) (*client.User, error) {
	return loadVisible(ctx, q, p, "user", id, q.GetUser, func(v *client.User) *string { return v.CustomerAccountID })
}

// ownerAccount is the customer account of the user who owns an assignment,
// a computer or a token.
func ownerAccount(ctx context.Context, q store.Q, userID string) (*string, error) {
	u, err := q.GetUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return u.CustomerAccountID, nil
}

// loadOwned reads what a user owns (owner names the user) and answers it
// with the user's customer account when the principal may see that account.
func loadOwned[T any](ctx context.Context, q store.Q, p *principal, entity, id string,
	get func(ctx context.Context, id string) (*T, error), owner func(v *T) string) (*T, *string, error) {
	v, err := get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	account, err := ownerAccount(ctx, q, owner(v))
	if err != nil {
		return nil, nil, err
	}
	if ok, err := visible(ctx, q, p, account); err != nil || !ok {
		return nil, nil, orNotFound(err, entity, id)
	}
	return v, account, nil
}

func loadAssignment(ctx context.Context, q store.Q, p *principal, id string) (*client.LicenseAssignment, *string, error) {
	return loadOwned(ctx, q, p, "licence assignment", id, q.GetLicenseAssignment, func(v *client.LicenseAssignment) string { return v.UserID })
}

func loadComputer(ctx context.Context, q store.Q, p *principal, id string) (*client.Computer, *string, error) {
	return loadOwned(ctx, q, p, "computer", id, q.GetComputer, func(v *client.Computer) string { return v.UserID })
}

// loadToken reads a token the principal can see: tokens of users it sees;
// bootstrap-level tokens only for the bootstrap administrator. owner is
// the token's user (nil for a bootstrap-level token).
func loadToken(ctx context.Context, q store.Q, p *principal, id string) (t *client.APIToken, owner *client.User, err error) {
	t, err = q.GetToken(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if t.UserID == nil {
		if !p.bootstrap {
			return nil, nil, notFound("token", id)
		}
		return t, nil, nil
	}
	owner, err = q.GetUser(ctx, *t.UserID)
	if err != nil {
		return nil, nil, err
	}
	if ok, err := visible(ctx, q, p, owner.CustomerAccountID); err != nil || !ok {
		return nil, nil, orNotFound(err, "token", id)
	}
	return t, owner, nil
}

// orNotFound is err, or when it is nil the 404 of an entity the principal
// may not see.
func orNotFound(err error, entity, id string) error {
	if err != nil {
		return err
	}
	return notFound(entity, id)
}

// refersTo checks a reference field: id (when set) must carry the entity's
// prefix and name one the principal can see; otherwise the field gets an
// error and the entity is nil.
func refersTo[T any](fe *fieldErrors, field string, id *string, prefix string, load func(id string) (*T, error)) (*T, error) {
	if id == nil || !checkPrefixedID(fe, field, *id, prefix) {
		return nil, nil
	}
	v, err := load(*id)
	var nf *store.NotFoundError
	if errors.As(err, &nf) {
		fe.add(field, "%s %s not found", nf.Entity, *id)
		return nil, nil
	}
	return v, err
}

var singular = map[string]string{"companies": "company", "users": "user", "retained backups": "retained backup", "customer_accounts": "customer account"}

// refuseDependants answers 409 naming what still references an entity.
func refuseDependants(ctx context.Context, q store.Q, entity, id string) error {
	deps, err := q.Dependants(ctx, entity, id)
	if err != nil {
		return err
	}
	if len(deps) == 0 {
		return nil
	}
	parts := make([]string, 0, len(deps))
	for _, d := range deps {
		ids := strings.Join(d.IDs, ", ")
		if int64(len(d.IDs)) < d.Count {
			ids += ", ..."
		}
		parts = append(parts, plural(d.Count, singular[d.Kind], d.Kind)+" ("+ids+")")
	}
	return conflict("%s %s is still referenced by %s: delete or change them first", entity, id, strings.Join(parts, " and "))
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
