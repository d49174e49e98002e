package client

// UsersService manages users, at /api/v1/users. Needs users:read and
// users:write. ListOptions filters: Login, CustomerAccountID, CompanyID,
// GroupID, Enabled.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core. A create with GeneratePassword answers the generated password
// once, in User.GeneratedPassword. Deleting a user also removes its group
// memberships, licence assignments, tokens and computers.
type UsersService struct {
	crud[User, UserCreateRequest, UserUpdateRequest]
}
