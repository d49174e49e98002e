package server_test

import (
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// A helpdesk member with users:write and tokens:write must not be able to
// take over an administrator: resetting its password, disabling or deleting
// it, or minting a token for it are refused (403 naming what it lacks),
// while the same changes to a user with no more rights than its own pass.
func TestUserWritesCannotEscalate(t *testing.T) {
	_, admin := startParallel(t)

	helpdeskGroup := admin.group(client.PermUsersRead, client.PermUsersWrite, client.PermTokensWrite)
	helpdesk := admin.user(client.UserCreateRequest{})
	admin.addMember(helpdeskGroup.ID, helpdesk.ID)
	asHelpdesk := admin.as(admin.tokenFor(helpdesk.ID))

	administrators := must[client.Page[client.Group]](admin, 200, "GET", "/groups?name=Administrators", nil).Items[0]
	boss := admin.user(client.UserCreateRequest{})
	admin.addMember(administrators.ID, boss.ID)
	colleague := admin.user(client.UserCreateRequest{}) // no groups: nothing to escalate to

	newPassword := "a-new-password-123"
	disabled := false
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"reset password", "PATCH", "/users/" + boss.ID, client.UserUpdateRequest{Password: &newPassword}},
		{"disable", "PATCH", "/users/" + boss.ID, client.UserUpdateRequest{Enabled: &disabled}},
		{"token", "POST", "/tokens", client.APITokenCreateRequest{Name: "take-over", UserID: boss.ID}},
		{"delete", "DELETE", "/users/" + boss.ID, nil},
	} {
		r := asHelpdesk.do(tc.method, tc.path, tc.body)
		if r.status != 403 || !strings.Contains(r.problem().Detail, "groups:write") {
			t.Errorf("%s of an administrator: status %d, detail %q; want 403 naming the permissions it lacks", tc.name, r.status, r.problem().Detail)
		}
	}
	must[client.User](asHelpdesk, 200, "PATCH", "/users/"+colleague.ID, client.UserUpdateRequest{Password: &newPassword})
	must[client.APIToken](asHelpdesk, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "ok", UserID: colleague.ID})
	if r := asHelpdesk.do("DELETE", "/users/"+colleague.ID, nil); r.status != 204 {
		t.Fatalf("deleting a user with no more rights: status %d: %s", r.status, r.body)
	}
}
