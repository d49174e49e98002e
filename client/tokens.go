package client

import "context"

// TokensService manages API tokens, at /api/v1/tokens. Creating one needs
// tokens:write, for yourself or for a user whose permissions you hold all
// of. ListOptions filter: UserID. Tokens cannot be changed: replace them.
//
// Get, List, ListAll and All come from the shared core; reads never return
// the secret.
type TokensService struct {
	reader[APIToken]
}

// Create creates a token and returns it with its secret in APIToken.Token:
// the only time the secret is shown. The server keeps only a hash.
func (s *TokensService) Create(ctx context.Context, req *APITokenCreateRequest) (*APIToken, error) {
	return create[APIToken](ctx, s.client, s.path, req)
}

// Delete revokes the token.
func (s *TokensService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return remove(ctx, s.client, s.path, id, opts)
}
