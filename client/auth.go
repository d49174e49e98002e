package client

import (
	"context"
	"net/http"
)

// AuthService logs users in and out, at /api/v1/auth. Login and Verify
// need no token (and send none), so a client made with an empty token can
// use them; Logout sends the client's token, the session it ends.
type AuthService struct {
	client *Client
}

// Login checks a login and password. It answers a session token, or, for a
// user with MFA, MFARequired and a ChallengeID: the code went to the user's
// e-mail or phone (the outbox, with no relay configured); pass it to Verify.
// A wrong login or password is an error for which IsUnauthorized is true.
func (s *AuthService) Login(ctx context.Context, req *LoginRequest) (*LoginResponse, error) {
	return s.post(ctx, "/auth/login", req)
}

// Verify completes an MFA login with the code sent for the challenge and
// answers the session token.
func (s *AuthService) Verify(ctx context.Context, req *VerifyRequest) (*LoginResponse, error) {
	return s.post(ctx, "/auth/verify", req)
}

// Logout ends the login session whose token the client holds: the server
// revokes it, and every later request with it is refused (IsUnauthorized).
// It is refused with a conflict (409) when the client holds an API token or
// the bootstrap token rather than a login session: revoke those with
// Tokens.Delete.
func (s *AuthService) Logout(ctx context.Context) error {
	return s.client.do(ctx, request{method: http.MethodDelete, path: "/auth/session"})
}

func (s *AuthService) post(ctx context.Context, path string, body any) (*LoginResponse, error) {
	var r LoginResponse
	if err := s.client.do(ctx, request{method: http.MethodPost, path: path, body: body, out: &r, noAuth: true}); err != nil {
		return nil, err
	}
	return &r, nil
}
