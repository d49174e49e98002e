package client

import (
	"context"
	"net/http"
	"net/url"
)

// UsersService manages users, at /api/v1/users. Needs users:read and
// users:write. ListOptions filters: Login, CustomerAccountID, CompanyID,
// GroupID, Enabled.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core. A create with GeneratePassword answers the generated password
// once, in User.GeneratedPassword. Deleting a user also removes its group
// memberships, licence assignments and tokens; its computers' backed-up data
// is kept as retained backups of its customer account (their licences are
// freed) unless DeleteWithBackupData is used.
type UsersService struct {
	crud[User, UserCreateRequest, UserUpdateRequest]
}

// DeleteWithBackupData deletes the user and its computers' backed-up data
// (DELETE /api/v1/users/{id}?backup_data=delete). Delete keeps the data.
func (s *UsersService) DeleteWithBackupData(ctx context.Context, id string, opts ...RequestOption) error {
	if id == "" {
		return emptyIDError(http.MethodDelete, s.client.basePath+s.path+"/{id}", "id")
	}
	return s.client.do(ctx, request{method: http.MethodDelete, path: s.path + "/" + escape(id),
		query: url.Values{"backup_data": {"delete"}}, opts: opts})
}

// SendInstructions sends the user the getting-started e-mail again.
func (s *UsersService) SendInstructions(ctx context.Context, id string) error {
	_, err := post[struct{}](ctx, s.client, s.path, id, "send-instructions", nil)
	return err
}

// ResetPassword sets a new password, or with Generate mails one to the
// user, and ends the user's sessions.
func (s *UsersService) ResetPassword(ctx context.Context, id string, req *PasswordResetRequest) (*SessionsEnded, error) {
	return post[SessionsEnded](ctx, s.client, s.path, id, "reset-password", req)
}

// EndSessions signs the user out everywhere: every sign-in session of the
// user is revoked (its API tokens are not: delete those with Tokens.Delete).
func (s *UsersService) EndSessions(ctx context.Context, id string) (*SessionsEnded, error) {
	return post[SessionsEnded](ctx, s.client, s.path, id, "end-sessions", nil)
}
