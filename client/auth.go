package client

import (
	"context"
	"net/http"
)

// AuthService logs users in, at /api/v1/auth. No token is needed (and none
// is sent), so a client made with an empty token can use it.
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

func (s *AuthService) post(ctx context.Context, path string, body any) (*LoginResponse, error) {
	var r LoginResponse
	if err := s.client.do(ctx, request{method: http.MethodPost, path: path, body: body, out: &r, noAuth: true}); err != nil {
		return nil, err
	}
	return &r, nil
}
