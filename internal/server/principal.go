package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// principal is who a request acts as.
type principal struct {
	// actor names the principal in audit events: a user id or "bootstrap".
	actor string
	// user is the user the token acts as; nil for the bootstrap administrator.
	user      *client.User
	bootstrap bool
	perms     map[string]bool
	// session is true when the token is a sign-in's (the console's), false
	// for API tokens and the bootstrap token (Terraform): audit events say which.
	session bool
	// tokenID and tokenName name the stored token (API token or session)
	// the request authenticated with, for audit events; empty for the
	// bootstrap token the server was started with.
	tokenID, tokenName string
	// via is how this request reaches the API (client.ViaConsole, ...), set
	// per request by authed: audit events record it.
	via string
	// secret is the bearer secret of this request. It is kept in memory only
	// to derive the key that seals idempotent answers; never stored or logged.
	secret string
	// subtree is the set of customer accounts a tenant principal sees: its
	// own and every account below it; reseller is true when its own account
	// is a reseller (see tree.go).
	subtree  map[string]bool
	reseller bool
}

const bootstrapActor = "bootstrap"

// account is the principal's customer account: nil for MSP staff.
func (p *principal) account() *string {
	if p.user == nil {
		return nil
	}
	return p.user.CustomerAccountID
}

func (p *principal) staff() bool { return p.account() == nil }

func (p *principal) can(perm string) bool { return p.bootstrap || p.perms[perm] }

// sees reports whether the principal may see an entity of the customer
// account (nil = MSP level): staff see everything, tenants their own
// account's subtree.
func (p *principal) sees(account *string) bool {
	own := p.account()
	return own == nil || account != nil && (*account == *own || p.subtree[*account])
}

func (p *principal) maskData() bool { return p.user != nil && p.user.MaskData }

// maxCachedAuth bounds the number of cached authentications.
const maxCachedAuth = 10000

type cachedAuth struct {
	p          *principal // without secret
	generation uint64
	expiresAt  *time.Time
}

// authenticate finds the principal of the request's bearer token.
func (s *Server) authenticate(r *http.Request) (*principal, error) {
	auth := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return nil, errUnauthorized
	}
	secret = strings.TrimSpace(secret)
	sum := sha256.Sum256([]byte(secret))
	if subtle.ConstantTimeCompare(sum[:], s.bootstrapHash[:]) == 1 {
		return &principal{actor: bootstrapActor, bootstrap: true, secret: secret}, nil
	}
	hash := hex.EncodeToString(sum[:])
	gen, err := s.st.Generation(r.Context())
	if err != nil {
		return nil, err
	}
	if v, ok := s.authCache.Load(hash); ok {
		c := v.(*cachedAuth)
		if c.generation == gen {
			if c.expiresAt != nil && !s.now().Before(*c.expiresAt) {
				return nil, errUnauthorized
			}
			p := *c.p
			p.secret = secret
			return &p, nil
		}
	}
	p, exp, err := s.loadPrincipal(r.Context(), hash)
	if err != nil {
		return nil, err
	}
	if s.authCached.Add(1) > maxCachedAuth { // bound the cache: start over
		s.authCache.Clear()
		s.authCached.Store(0)
	}
	s.authCache.Store(hash, &cachedAuth{p: p, generation: gen, expiresAt: exp})
	if exp != nil && !s.now().Before(*exp) {
		return nil, errUnauthorized
	}
	cp := *p
	cp.secret = secret
	return &cp, nil
}

func (s *Server) loadPrincipal(ctx context.Context, hash string) (*principal, *time.Time, error) {
	tok, err := s.st.TokenByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	if tok.User == nil {
		return &principal{actor: bootstrapActor, bootstrap: true, tokenID: tok.TokenID, tokenName: tok.TokenName}, tok.ExpiresAt, nil
	}
	if !tok.User.Enabled {
		return nil, nil, errUnauthorized
	}
	if err := checkAccountOpen(ctx, s.st.Q, tok.User.CustomerAccountID); err != nil {
		return nil, nil, err // see lifecycle.go: never cached
	}
	perms, err := s.st.UserPermissions(ctx, tok.User.ID)
	if err != nil {
		return nil, nil, err
	}
	p := &principal{actor: tok.User.ID, user: tok.User, session: tok.Session, tokenID: tok.TokenID, tokenName: tok.TokenName,
		perms: make(map[string]bool, len(perms))}
	for _, perm := range perms {
		p.perms[perm] = true
	}
	if err := s.placePrincipal(ctx, p); err != nil {
		return nil, nil, err
	}
	return p, tok.ExpiresAt, nil
}

// handlerFunc is an authenticated handler; an error it returns is answered
// through the error table.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

// authed authenticates the request, requires perm (unless ""), applies
// Idempotency-Key to POSTs and runs h.
func (s *Server) authed(perm string, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticateOnce(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		setActor(r.Context(), p.actor)
		p.via = requestVia(r, p)
		if perm != "" && !p.can(perm) {
			s.writeError(w, r, missingPermission(perm))
			return
		}
		if r.Method == http.MethodPost && r.Header.Get("Idempotency-Key") != "" {
			s.idempotent(w, r, p, h)
			return
		}
		if err := h(w, r, p); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// requestVia says how a request reaches the API, for the audit log: the
// console marks its in-process requests (fromConsole), which no request
// from outside can do; a session token used directly is an API sign-in;
// a token with this provider's User-Agent is Terraform's. The User-Agent
// is the client's word: a script can claim it and have its changes taken
// for Terraform's, which hides nothing from the audit log (the event keeps
// its actor and token), only from the drift warnings.
func requestVia(r *http.Request, p *principal) string {
	switch {
	case p.session && r.Context().Value(keyConsole) != nil:
		return client.ViaConsole
	case p.session:
		return client.ViaSession
	case strings.HasPrefix(r.Header.Get("User-Agent"), client.TerraformUserAgent):
		return client.ViaTerraform
	}
	return client.ViaToken
}

// fromConsole marks the requests the console sends to the API handler in
// process (see requestVia).
func fromConsole(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyConsole, true)))
	})
}

// public runs a handler that needs no token.
func (s *Server) public(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// isUser reports whether the principal is the user with this id.
func (p *principal) isUser(id string) bool { return p.user != nil && p.user.ID == id }
