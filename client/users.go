package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
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

// ListIncluding returns one page of users, filtered by opts as List does,
// with what include names of exactly those users in UserPage.Included (GET
// /users?include=group_memberships,license_assignments): one request where
// listing the page's memberships and assignments would take three, and all
// three read at one moment. Each include needs its own list's permission
// (see UserInclude).
func (s *UsersService) ListIncluding(ctx context.Context, opts *ListOptions, include ...UserInclude) (*UserPage, error) {
	q := opts.values()
	if len(include) > 0 {
		names := make([]string, len(include))
		for i, in := range include {
			names[i] = string(in)
		}
		q.Set("include", strings.Join(names, ","))
	}
	var page UserPage
	if err := s.client.do(ctx, request{method: http.MethodGet, path: s.path, query: q, out: &page}); err != nil {
		return nil, err
	}
	if page.Items == nil {
		page.Items = []User{}
	}
	return &page, nil
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
