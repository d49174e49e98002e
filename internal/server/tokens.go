package server

import (
	"context"
	"net/http"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// SessionTTL is the lifetime of the token a login gives.
const SessionTTL = 12 * time.Hour

// issueToken stores a new token for user (nil: bootstrap level) and
// returns it with its secret, which is stored only as a hash.
func (s *Server) issueToken(ctx context.Context, tx *store.Tx, name string, user *string, expiresAt *time.Time) (*client.APIToken, error) {
	t := &client.APIToken{Meta: s.newMeta(client.PrefixToken), Name: name, UserID: user, ExpiresAt: expiresAt, Token: ident.NewTokenSecret()}
	if err := tx.InsertToken(ctx, t, ident.SecretHash(t.Token)); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, p *principal) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.APITokenCreateRequest) (*reply, error) {
		var fe fieldErrors
		checkName(&fe, "name", req.Name)
		if req.ExpiresAt != nil && !req.ExpiresAt.After(s.now()) {
			fe.add("expires_at", "must be in the future")
		}
		var user *client.User
		switch {
		case req.UserID == "" && p.bootstrap: // a bootstrap-level token
		case req.UserID == "":
			user = p.user
		default:
			var err error
			if user, err = refersTo(&fe, "user_id", &req.UserID, client.PrefixUser,
				func(id string) (*client.User, error) { return loadUser(ctx, tx.Q, p, id) }); err != nil {
				return nil, err
			}
		}
		if user != nil {
			if err := mayManageUser(ctx, tx.Q, p, user, nil, "create a token for"); err != nil {
				return nil, err
			}
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		var userID, account *string
		if user != nil {
			userID, account = &user.ID, user.CustomerAccountID
		}
		var expires *time.Time
		if req.ExpiresAt != nil {
			e := req.ExpiresAt.UTC().Truncate(time.Microsecond)
			expires = &e
		}
		t, err := s.issueToken(ctx, tx, req.Name, userID, expires)
		if err != nil {
			return nil, err
		}
		return s.createdAudited(ctx, tx, p, "token", "tokens", t.Meta, account, changedFields(&client.APIToken{}, t), t)
	})
}

func (s *Server) getToken(w http.ResponseWriter, r *http.Request, p *principal) error {
	t, _, err := loadToken(r.Context(), s.st.Q, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendEntity(w, http.StatusOK, t, t.Version)
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		t, owner, err := loadToken(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		var account *string
		if owner != nil {
			if err := mayManageUser(ctx, tx.Q, p, owner, nil, "revoke a token of"); err != nil {
				return nil, err
			}
			account = owner.CustomerAccountID
		}
		if err := checkIfMatch(r, t.Version); err != nil {
			return nil, err
		}
		return s.deletedAudited(ctx, tx, p, "token", t.ID, account, tx.DeleteToken)
	})
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendList(w, r, []string{"user_id"}, func(ctx context.Context, l listQuery) ([]client.APIToken, int64, error) {
		return s.st.ListTokens(ctx, store.TokenFilter{
			Account: p.account(), UserID: l.get("user_id"), UsersOnly: !p.bootstrap,
		}, l.page)
	})
}
