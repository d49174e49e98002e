package server_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Every route that changes what a principal can do, tried by a staff user
// whose rights are enough to reach the route, once against something that
// needs a right it lacks (403 naming it, nothing changed) and once against
// something within its rights (the change is made).
func TestNoPathGrantsAPermissionTheCallerLacks(t *testing.T) {
	_, admin := startParallel(t)

	// mallory can reach every route below but does not hold audit:read.
	mallory, asMallory := admin.principal(nil, client.PermGroupsRead, client.PermGroupsWrite, client.PermUsersRead,
		client.PermUsersWrite, client.PermTokensWrite, client.PermLicensesRead)
	// boss holds audit:read through the "high" group; peer holds only what mallory holds.
	high := admin.group(client.PermAuditRead)
	low := admin.group(client.PermUsersRead)
	boss := admin.user(client.UserCreateRequest{})
	admin.addMember(high.ID, boss.ID)
	peer := admin.user(client.UserCreateRequest{Email: "peer@example.com"})
	admin.addMember(low.ID, peer.ID)
	bossToken := must[client.APIToken](admin, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "boss", UserID: boss.ID})
	peerToken := must[client.APIToken](admin, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "peer", UserID: peer.ID})
	own := must[client.Group](asMallory, 201, "POST", "/groups", client.GroupCreateRequest{Name: "mallory's own", Permissions: []string{}})
	asMallory.addMember(own.ID, mallory.ID)
	spare := admin.group(client.PermUsersRead)
	spareUser := admin.user(client.UserCreateRequest{})
	admin.addMember(spare.ID, spareUser.ID)

	grant := []string{client.PermAuditRead}
	for _, tc := range []struct {
		name         string
		method, path string
		body         any
		want         int
	}{
		{"create a group granting what it lacks", "POST", "/groups", client.GroupCreateRequest{Name: "audit", Permissions: grant}, 403},
		{"create a group granting what it holds", "POST", "/groups", client.GroupCreateRequest{Name: "readers", Permissions: []string{client.PermUsersRead}}, 201},
		{"add a permission it lacks to its own group", "PATCH", "/groups/" + own.ID, client.GroupUpdateRequest{Permissions: &grant}, 403},
		{"add a permission it holds to its own group", "PATCH", "/groups/" + own.ID, client.GroupUpdateRequest{Permissions: &[]string{client.PermUsersRead}}, 200},
		{"rename a group granting what it lacks", "PATCH", "/groups/" + high.ID, client.GroupUpdateRequest{Description: ptr("x")}, 403},
		{"rename a group within its rights", "PATCH", "/groups/" + low.ID, client.GroupUpdateRequest{Description: ptr("x")}, 200},
		{"join a group granting what it lacks", "PUT", "/groups/" + high.ID + "/members/" + mallory.ID, nil, 403},
		{"join the Administrators", "PUT", "/groups/grp_administrators/members/" + mallory.ID, nil, 403},
		{"add a member who holds more", "PUT", "/groups/" + low.ID + "/members/" + boss.ID, nil, 403},
		{"add a member within its rights", "PUT", "/groups/" + own.ID + "/members/" + peer.ID, nil, 201},
		{"remove a member who holds more", "DELETE", "/groups/" + high.ID + "/members/" + boss.ID, nil, 403},
		{"remove a member within its rights", "DELETE", "/groups/" + own.ID + "/members/" + peer.ID, nil, 204},
		{"change a user who holds more", "PATCH", "/users/" + boss.ID, client.UserUpdateRequest{DisplayName: ptr("x")}, 403},
		{"change a user within its rights", "PATCH", "/users/" + peer.ID, client.UserUpdateRequest{DisplayName: ptr("x")}, 200},
		{"disable a user who holds more", "PATCH", "/users/" + boss.ID, client.UserUpdateRequest{Enabled: ptr(false)}, 403},
		{"reset the password of a user who holds more", "PATCH", "/users/" + boss.ID, client.UserUpdateRequest{Password: ptr("a-new-password-123")}, 403},
		{"send instructions to a user who holds more", "POST", "/users/" + boss.ID + "/send-instructions", nil, 403},
		{"send instructions to a user within its rights", "POST", "/users/" + peer.ID + "/send-instructions", nil, 204},
		{"set a password with the verb for a user who holds more", "POST", "/users/" + boss.ID + "/reset-password", client.PasswordResetRequest{NewPassword: "a-new-password-123"}, 403},
		{"generate a password for a user who holds more", "POST", "/users/" + boss.ID + "/reset-password", client.PasswordResetRequest{Generate: true}, 403},
		{"set a password with the verb for a user within its rights", "POST", "/users/" + peer.ID + "/reset-password", client.PasswordResetRequest{NewPassword: "a-new-password-123"}, 200},
		{"end the sessions of a user who holds more", "POST", "/users/" + boss.ID + "/end-sessions", nil, 403},
		{"end the sessions of a user within its rights", "POST", "/users/" + peer.ID + "/end-sessions", nil, 200},
		{"make a token for a user who holds more", "POST", "/tokens", client.APITokenCreateRequest{Name: "x", UserID: boss.ID}, 403},
		{"make a token for a user within its rights", "POST", "/tokens", client.APITokenCreateRequest{Name: "x", UserID: peer.ID}, 201},
		{"revoke a token of a user who holds more", "DELETE", "/tokens/" + bossToken.ID, nil, 403},
		{"revoke a token of a user within its rights", "DELETE", "/tokens/" + peerToken.ID, nil, 204},
		{"delete a group granting what it lacks", "DELETE", "/groups/" + high.ID, nil, 403},
		{"delete a group within its rights", "DELETE", "/groups/" + spare.ID, nil, 204},
		{"delete a user who holds more", "DELETE", "/users/" + boss.ID, nil, 403},
		{"delete a user within its rights", "DELETE", "/users/" + spareUser.ID, nil, 204},
		{"set the licence pool", "PUT", "/license-pool/server", client.LicensePoolUpdateRequest{Total: 1000}, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := asMallory.do(tc.method, tc.path, tc.body)
			if r.status != tc.want {
				t.Fatalf("%s %s: status %d, want %d: %s", tc.method, tc.path, r.status, tc.want, r.body)
			}
			if tc.want == 403 && tc.path != "/license-pool/server" && !strings.Contains(r.problem().Detail, client.PermAuditRead) {
				t.Errorf("403 detail %q does not name the right it lacks (%s)", r.problem().Detail, client.PermAuditRead)
			}
		})
	}

	// Nothing the refused requests asked for happened.
	if g := must[client.Group](admin, 200, "GET", "/groups/"+own.ID, nil); slices.Contains(g.Permissions, client.PermAuditRead) {
		t.Errorf("mallory's own group gained %s: %v", client.PermAuditRead, g.Permissions)
	}
	members := must[client.Page[client.User]](admin, 200, "GET", "/users?group_id=grp_administrators", nil)
	for _, u := range members.Items {
		if u.ID == mallory.ID {
			t.Error("mallory joined the Administrators")
		}
	}
	if u := must[client.User](admin, 200, "GET", "/users/"+boss.ID, nil); !u.Enabled || u.DisplayName == "x" {
		t.Errorf("boss was changed: %+v", u)
	}
	if r := admin.as(bossToken.Token).do("GET", "/permissions", nil); r.status != 200 {
		t.Errorf("boss's token no longer works: %d", r.status)
	}
}

// A principal that reads with mask_data cannot lift the mask: not on
// itself, not on a user who reads personal data, not by giving such a user
// a read permission, and not by acting through that user's token.
func TestMaskedPrincipalCannotUnmask(t *testing.T) {
	_, admin := startParallel(t)
	viewer, asViewer := admin.principal(nil, client.PermUsersRead, client.PermUsersWrite, client.PermGroupsRead,
		client.PermGroupsWrite, client.PermTokensWrite)
	must[client.User](admin, 200, "PATCH", "/users/"+viewer.ID, client.UserUpdateRequest{MaskData: ptr(true)})
	readers := admin.group(client.PermUsersRead)
	reader := admin.user(client.UserCreateRequest{}) // reads users, unmasked
	admin.addMember(readers.ID, reader.ID)
	plain := admin.user(client.UserCreateRequest{MaskData: ptr(true)}) // no permissions

	for _, tc := range []struct {
		name         string
		method, path string
		body         any
		want         int
	}{
		{"unmask itself", "PATCH", "/users/" + viewer.ID, client.UserUpdateRequest{MaskData: ptr(false)}, 403},
		{"change an unmasked reader", "PATCH", "/users/" + reader.ID, client.UserUpdateRequest{DisplayName: ptr("x")}, 403},
		{"make a token for an unmasked reader", "POST", "/tokens", client.APITokenCreateRequest{Name: "x", UserID: reader.ID}, 403},
		{"unmask a user who reads nothing", "PATCH", "/users/" + plain.ID, client.UserUpdateRequest{MaskData: ptr(false)}, 200},
		{"then give that unmasked user a read permission", "PUT", "/groups/" + readers.ID + "/members/" + plain.ID, nil, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := asViewer.do(tc.method, tc.path, tc.body)
			if r.status != tc.want {
				t.Fatalf("%s %s: status %d, want %d: %s", tc.method, tc.path, r.status, tc.want, r.body)
			}
			if tc.want == 403 && !strings.Contains(r.problem().Detail, "unmasked") {
				t.Errorf("403 detail %q does not name the unmasked-reading right", r.problem().Detail)
			}
		})
	}
	if u := must[client.User](admin, 200, "GET", "/users/"+viewer.ID, nil); !u.MaskData {
		t.Error("the viewer unmasked itself")
	}
}

// Deleting a group removes its memberships, whoever is in it, and records
// each removal in the audit log.
func TestDeletingAGroupRemovesItsMemberships(t *testing.T) {
	_, admin := startParallel(t)
	g := admin.group(client.PermUsersRead)
	acc := admin.customerAccount()
	staff := admin.user(client.UserCreateRequest{})
	tenant := admin.user(client.UserCreateRequest{CustomerAccountID: &acc.ID})
	admin.addMember(g.ID, staff.ID)
	admin.addMember(g.ID, tenant.ID)

	if r := admin.do("DELETE", "/groups/"+g.ID, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE a group with members: %d %s", r.status, r.body)
	}
	for _, u := range []*client.User{staff, tenant} {
		if r := admin.do("GET", "/groups/"+g.ID+"/members/"+u.ID, nil); r.status != 404 {
			t.Errorf("membership of %s after the group was deleted: %d", u.ID, r.status)
		}
		// The user itself is untouched and can join other groups.
		admin.addMember(admin.group().ID, u.ID)
	}
	events := must[client.Page[client.AuditEvent]](admin, 200, "GET", "/audit-events?entity=group&entity_id="+g.ID, nil)
	var actions []string
	for _, e := range events.Items {
		actions = append(actions, e.Action)
	}
	if want := []string{"create", "add_member", "add_member", "remove_member", "remove_member", "delete"}; !slices.Equal(actions, want) {
		t.Errorf("audit of the group: %v, want %v", actions, want)
	}
	// The tenant's own audit log shows its user leaving the group.
	_, asTenantAuditor := admin.principal(&acc.ID, client.PermAuditRead)
	tenantEvents := must[client.Page[client.AuditEvent]](asTenantAuditor, 200, "GET", "/audit-events?entity=group&entity_id="+g.ID, nil)
	var tenantActions []string
	for _, e := range tenantEvents.Items {
		tenantActions = append(tenantActions, e.Action)
	}
	if want := []string{"add_member", "remove_member"}; !slices.Equal(tenantActions, want) {
		t.Errorf("tenant's audit of the group: %v, want %v", tenantActions, want)
	}
}

// A signed-in user changes its own credentials without users:write, but
// only with current_password; anything else about itself still needs
// users:write.
func TestSelfServiceCredentials(t *testing.T) {
	_, admin := startParallel(t)
	const password = "the-first-password"
	me := admin.user(client.UserCreateRequest{Password: password})
	asMe := admin.as(admin.tokenFor(me.ID))
	newPassword := "the-second-password"

	for _, tc := range []struct {
		name  string
		patch client.UserUpdateRequest
		want  int
		field string // named in a 422
	}{
		{"password without current_password", client.UserUpdateRequest{Password: &newPassword}, 422, "current_password"},
		{"password with a wrong current_password", client.UserUpdateRequest{Password: &newPassword, CurrentPassword: ptr("not-my-password")}, 403, ""},
		{"display name (needs users:write)", client.UserUpdateRequest{DisplayName: ptr("Me"), CurrentPassword: ptr(password)}, 403, ""},
		{"mask_data (needs users:write)", client.UserUpdateRequest{MaskData: ptr(true), CurrentPassword: ptr(password)}, 403, ""},
		{"mobile phone and MFA method", client.UserUpdateRequest{MobilePhone: ptr("+442071838750"), MFAMethod: ptr("sms"), CurrentPassword: ptr(password)}, 200, ""},
		{"password", client.UserUpdateRequest{Password: &newPassword, CurrentPassword: ptr(password)}, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := asMe.do("PATCH", "/users/"+me.ID, tc.patch)
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %s", r.status, tc.want, r.body)
			}
			if tc.field != "" && (len(r.problem().Errors) == 0 || r.problem().Errors[0].Field != tc.field) {
				t.Errorf("422 errors %+v do not name %s", r.problem().Errors, tc.field)
			}
		})
	}
	// Only the new password signs in.
	for pw, want := range map[string]int{password: 401, newPassword: 200} {
		if r := admin.as("").do("POST", "/auth/login", client.LoginRequest{Login: me.Login, Password: pw}); r.status != want {
			t.Errorf("login with the %s password: %d, want %d", map[bool]string{true: "new", false: "old"}[pw == newPassword], r.status, want)
		}
	}
	// Others still need users:write and the privilege rule; current_password is only for oneself.
	other := admin.user(client.UserCreateRequest{})
	if r := asMe.do("PATCH", "/users/"+other.ID, client.UserUpdateRequest{Password: &newPassword, CurrentPassword: ptr(newPassword)}); r.status != 403 {
		t.Errorf("changing another user's password without users:write: %d, want 403", r.status)
	}
	if r := admin.do("PATCH", "/users/"+other.ID, client.UserUpdateRequest{DisplayName: ptr("x"), CurrentPassword: ptr(newPassword)}); r.status != 422 {
		t.Errorf("current_password on another user: %d, want 422", r.status)
	}
	// A user reads its own record without users:read.
	if got := must[client.User](asMe, 200, "GET", "/users/"+me.ID, nil); got.MFAMethod != "sms" {
		t.Errorf("own record: mfa_method %q, want sms", got.MFAMethod)
	}
	if r := asMe.do("GET", "/users/"+other.ID, nil); r.status != 403 {
		t.Errorf("reading another user without users:read: %d, want 403", r.status)
	}
}

// A masked reader sees every piece of other people's personal data masked,
// e-mail-shaped logins and the outbox included; MFA codes in the outbox are
// readable only by the bootstrap administrator.
func TestMaskingAndOutboxCodes(t *testing.T) {
	_, admin := startParallel(t)
	alice := admin.user(client.UserCreateRequest{Login: "alice@acme.example", Email: "alice@acme.example", MFAMethod: "email",
		Password: "alice-password-1", SendWelcomeEmail: true})
	login := admin.as("").do("POST", "/auth/login", client.LoginRequest{Login: alice.Login, Password: "alice-password-1"})
	if login.status != 200 {
		t.Fatalf("login: %d %s", login.status, login.body)
	}

	maskedUser, masked := admin.principal(nil, client.PermUsersRead, client.PermOutboxRead)
	must[client.User](admin, 200, "PATCH", "/users/"+maskedUser.ID, client.UserUpdateRequest{MaskData: ptr(true)})

	u := must[client.User](masked, 200, "GET", "/users/"+alice.ID, nil)
	if strings.Contains(u.Login, "alice") || strings.Contains(u.Email, "acme") {
		t.Errorf("masked reader sees login %q, email %q", u.Login, u.Email)
	}
	msgs := must[client.Page[client.OutboxMessage]](masked, 200, "GET", "/outbox", nil)
	if len(msgs.Items) < 2 {
		t.Fatalf("outbox holds %d messages, want the welcome and the MFA code", len(msgs.Items))
	}
	for _, m := range msgs.Items {
		if strings.Contains(m.To, "alice") || strings.Contains(m.Body, "alice") {
			t.Errorf("masked reader sees message %q to %q: %q", m.Kind, m.To, m.Body)
		}
	}

	// A failed sign-in's audit event holds the login as typed and the address.
	admin.as("").do("POST", "/auth/login", client.LoginRequest{Login: "alice@acme.example", Password: "wrong-password-1"})
	must[client.User](admin, 200, "PATCH", "/users/"+maskedUser.ID, client.UserUpdateRequest{MaskData: ptr(false)})
	group := admin.group(client.PermAuditRead)
	admin.addMember(group.ID, maskedUser.ID)
	must[client.User](admin, 200, "PATCH", "/users/"+maskedUser.ID, client.UserUpdateRequest{MaskData: ptr(true)})
	events := must[client.Page[client.AuditEvent]](masked, 200, "GET", "/audit-events?entity=user&entity_id="+alice.ID, nil)
	var failed int
	for _, e := range events.Items {
		if e.Login != "" {
			failed++
		}
		if strings.Contains(e.Login, "alice") || strings.Contains(e.ClientAddress, "127.0.0.1") {
			t.Errorf("masked reader sees audit event %s: login %q from %q", e.Action, e.Login, e.ClientAddress)
		}
	}
	if failed == 0 {
		t.Error("no audit event with a login to check")
	}

	_, unmasked := admin.principal(nil, client.PermOutboxRead)
	codes := must[client.Page[client.OutboxMessage]](unmasked, 200, "GET", "/outbox?kind=mfa_code", nil)
	code := must[client.Page[client.OutboxMessage]](admin, 200, "GET", "/outbox?kind=mfa_code", nil)
	if len(codes.Items) != 1 || len(code.Items) != 1 {
		t.Fatalf("MFA messages: %d and %d, want 1", len(codes.Items), len(code.Items))
	}
	if !strings.Contains(codes.Items[0].Body, "[code removed]") || sixDigits.MatchString(codes.Items[0].Body) {
		t.Errorf("outbox:read without bootstrap reads %q", codes.Items[0].Body)
	}
	if !sixDigits.MatchString(code.Items[0].Body) {
		t.Errorf("the bootstrap administrator reads %q, want the 6-digit code", code.Items[0].Body)
	}
	one := must[client.OutboxMessage](unmasked, 200, "GET", "/outbox/"+codes.Items[0].ID, nil)
	if sixDigits.MatchString(one.Body) {
		t.Errorf("GET /outbox/{id} shows the code: %q", one.Body)
	}
}

var sixDigits = regexp.MustCompile(`\b[0-9]{6}\b`)
