package client

import (
	"context"
	"iter"
	"net/http"
)

// GroupsService manages security groups and their members, at
// /api/v1/groups. Needs groups:read and groups:write. ListOptions filter:
// Name.
//
// Create, Get, Update, Delete, List, ListAll and All come from the shared
// CRUD core. Delete also ends the group's memberships. The built-in
// Administrators group cannot be changed or deleted, but its members can.
// Changing a group or its members needs every permission the group grants
// and every right of the members touched (403 otherwise).
type GroupsService struct {
	crud[Group, GroupCreateRequest, GroupUpdateRequest]
}

// memberPath returns /groups/{groupID}/members[/{userID}].
func (s *GroupsService) memberPath(groupID, userID string) string {
	p := s.path + "/" + escape(groupID) + "/members"
	if userID != "" {
		p += "/" + escape(userID)
	}
	return p
}

// AddMember makes the user a member of the group. Adding a user that is
// already a member succeeds and changes nothing.
func (s *GroupsService) AddMember(ctx context.Context, groupID, userID string) (*GroupMember, error) {
	return s.member(ctx, http.MethodPut, groupID, userID)
}

// GetMember returns the membership of the user in the group; an error for
// which IsNotFound is true when the user is not a member.
func (s *GroupsService) GetMember(ctx context.Context, groupID, userID string) (*GroupMember, error) {
	return s.member(ctx, http.MethodGet, groupID, userID)
}

// member sends method to the membership of the user in the group and
// returns the membership the server answers.
func (s *GroupsService) member(ctx context.Context, method, groupID, userID string) (*GroupMember, error) {
	if groupID == "" || userID == "" {
		return nil, emptyIDError(method, s.client.basePath+s.path+"/{group_id}/members/{user_id}", "group id or user id")
	}
	var m GroupMember
	if err := s.client.do(ctx, request{method: method, path: s.memberPath(groupID, userID), out: &m}); err != nil {
		return nil, err
	}
	return &m, nil
}

// RemoveMember removes the user from the group; an error for which
// IsNotFound is true when the user is not a member.
func (s *GroupsService) RemoveMember(ctx context.Context, groupID, userID string) error {
	if groupID == "" || userID == "" {
		return emptyIDError(http.MethodDelete, s.client.basePath+s.path+"/{group_id}/members/{user_id}", "group id or user id")
	}
	return s.client.do(ctx, request{method: http.MethodDelete, path: s.memberPath(groupID, userID)})
}

// ListMembers returns one page of the group's members (opts: PageSize and
// PageToken only). Prefer ListAllMembers or AllMembers.
func (s *GroupsService) ListMembers(ctx context.Context, groupID string, opts *ListOptions) (*Page[GroupMember], error) {
	if groupID == "" {
		return nil, emptyIDError(http.MethodGet, s.client.basePath+s.path+"/{group_id}/members", "group id")
	}
	return lister[GroupMember]{client: s.client, path: s.memberPath(groupID, "")}.List(ctx, opts)
}

// ListAllMembers returns every member of the group, reading every page.
func (s *GroupsService) ListAllMembers(ctx context.Context, groupID string) ([]GroupMember, error) {
	return collect(ctx, s.membersPage(groupID), nil)
}

// AllMembers iterates over every member of the group, fetching pages as it
// goes (opts: PageSize and PageToken only).
func (s *GroupsService) AllMembers(ctx context.Context, groupID string, opts *ListOptions) iter.Seq2[GroupMember, error] {
	return walk(ctx, s.membersPage(groupID), opts)
}

// ListMemberships returns one page of the memberships of every group, at
// /api/v1/group-members (opts: PageSize, PageToken and CustomerAccountID,
// which keeps the memberships of that account's users). One request answers
// every membership of a tenant's users, where ListMembers needs one per group.
func (s *GroupsService) ListMemberships(ctx context.Context, opts *ListOptions) (*Page[GroupMember], error) {
	return lister[GroupMember]{client: s.client, path: "/group-members"}.List(ctx, opts)
}

func (s *GroupsService) membersPage(groupID string) pageFunc[GroupMember] {
	return func(ctx context.Context, opts *ListOptions) (*Page[GroupMember], error) {
		return s.ListMembers(ctx, groupID, opts)
	}
}
