package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// outboxTo lists the messages of a kind sent to an address.
func (a *api) outboxTo(to, kind string) []client.OutboxMessage {
	a.t.Helper()
	return must[client.Page[client.OutboxMessage]](a, 200, "GET", "/outbox?page_size=1000&kind="+kind+"&to="+to, nil).Items
}

func TestSendInstructionsAgain(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{Login: unique("ivy"), Email: "ivy@example.com", DisplayName: "Ivy"})
	for range 2 { // the same Idempotency-Key: one message
		must[struct{}](a, 204, "POST", "/users/"+u.ID+"/send-instructions", nil, "Idempotency-Key", "instructions-1")
	}
	msgs := a.outboxTo("ivy@example.com", client.MessageKindWelcome)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Body, "Your login: "+u.Login) || !strings.Contains(msgs[0].Body, "Hello Ivy") {
		t.Fatalf("welcome messages: %+v", msgs)
	}
	must[struct{}](a, 204, "POST", "/users/"+u.ID+"/send-instructions", nil, "Idempotency-Key", "instructions-2")
	if n := len(a.outboxTo("ivy@example.com", client.MessageKindWelcome)); n != 2 {
		t.Errorf("%d welcome messages after a second key, want 2", n)
	}

	noEmail := a.user(client.UserCreateRequest{})
	if r := a.do("POST", "/users/"+noEmail.ID+"/send-instructions", nil); r.status != 409 || !strings.Contains(r.problem().Detail, "no email") {
		t.Errorf("instructions to a user without email: %d %s", r.status, r.body)
	}
	events := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?action=send_instructions&entity_id="+u.ID, nil)
	if len(events.Items) != 2 {
		t.Errorf("%d send_instructions events, want 2", len(events.Items))
	}
}

func TestResetPasswordAndEndSessions(t *testing.T) {
	_, a := startParallel(t)
	const newPassword = "a brand new password 42"
	u := a.user(client.UserCreateRequest{Login: unique("jack"), Email: "jack@example.com", MFAMethod: client.MFAMethodNone, Password: goodPassword})
	signIn := func(password string) string {
		t.Helper()
		return must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: u.Login, Password: password}).Token
	}
	token := a.tokenFor(u.ID)
	sessions := []string{signIn(goodPassword), signIn(goodPassword)}

	ended := must[client.SessionsEnded](a, 200, "POST", "/users/"+u.ID+"/end-sessions", nil)
	if ended.Ended != 2 {
		t.Errorf("end-sessions ended %d, want 2", ended.Ended)
	}
	for _, s := range sessions {
		if r := a.as(s).do("GET", "/users/"+u.ID, nil); r.status != 401 {
			t.Errorf("an ended session: %d, want 401", r.status)
		}
	}
	must[client.User](a.as(token), 200, "GET", "/users/"+u.ID, nil) // API tokens stay

	session := signIn(goodPassword)
	r := a.do("POST", "/users/"+u.ID+"/reset-password", client.PasswordResetRequest{Generate: true})
	if r.status != 200 || strings.TrimSpace(string(r.body)) != `{"ended":1}` {
		t.Fatalf("generate: %d %s, want 200 {\"ended\":1} and nothing else", r.status, r.body)
	}
	if r := a.as(session).do("GET", "/users/"+u.ID, nil); r.status != 401 {
		t.Errorf("a session after a reset: %d, want 401", r.status)
	}
	mails := a.outboxTo("jack@example.com", client.MessageKindPasswordReset)
	if len(mails) != 1 {
		t.Fatalf("%d password_reset messages, want 1", len(mails))
	}
	_, generated, _ := strings.Cut(mails[0].Body, "Your new password: ")
	generated, _, _ = strings.Cut(generated, "\n")
	signIn(generated)
	if r := a.as("").login(u.Login, goodPassword); r.status != 401 {
		t.Errorf("the old password after a reset: %d, want 401", r.status)
	}

	must[client.SessionsEnded](a, 200, "POST", "/users/"+u.ID+"/reset-password", client.PasswordResetRequest{NewPassword: newPassword})
	signIn(newPassword)

	raw := string(a.do("GET", "/audit-events?page_size=1000&entity_id="+u.ID, nil).body)
	for _, secret := range []string{generated, newPassword} {
		if strings.Contains(raw, secret) {
			t.Errorf("the audit log holds a password")
		}
	}
	events := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?page_size=1000&entity_id="+u.ID, nil)
	var actions []string
	for _, e := range events.Items {
		if e.Action == "reset_password" && !slices.Equal(e.Fields, []string{"password"}) {
			t.Errorf("reset_password event fields %v, want [password]", e.Fields)
		}
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"end_sessions", "reset_password"} {
		if !slices.Contains(actions, want) {
			t.Errorf("no %s audit event in %v", want, actions)
		}
	}

	noEmail := a.user(client.UserCreateRequest{})
	for _, tc := range []struct {
		name  string
		id    string
		body  client.PasswordResetRequest
		want  int
		field string
	}{
		{"neither", u.ID, client.PasswordResetRequest{}, 422, "new_password"},
		{"both", u.ID, client.PasswordResetRequest{NewPassword: newPassword, Generate: true}, 422, "new_password"},
		{"too short", u.ID, client.PasswordResetRequest{NewPassword: "short"}, 422, "new_password"},
		{"generate without email", noEmail.ID, client.PasswordResetRequest{Generate: true}, 409, ""},
		{"unknown user", "usr_nobody", client.PasswordResetRequest{Generate: true}, 404, ""},
	} {
		r := a.do("POST", "/users/"+tc.id+"/reset-password", tc.body)
		if r.status != tc.want || tc.field != "" && !slices.ContainsFunc(r.problem().Errors, func(e client.FieldError) bool { return e.Field == tc.field }) {
			t.Errorf("%s: %d %s, want %d naming %q", tc.name, r.status, r.body, tc.want, tc.field)
		}
	}
}

func TestUserVerbsKeepTenancy(t *testing.T) {
	_, a := startParallel(t)
	mine, theirs := a.customerAccount(), a.customerAccount()
	_, asTenant := a.principal(&mine.ID, client.PermUsersRead, client.PermUsersWrite)
	other := a.user(client.UserCreateRequest{CustomerAccountID: &theirs.ID, Email: "other@example.com"})
	for _, verb := range []string{"send-instructions", "end-sessions"} {
		if r := asTenant.do("POST", "/users/"+other.ID+"/"+verb, nil); r.status != 404 {
			t.Errorf("%s on another tenant's user: %d, want 404", verb, r.status)
		}
	}
	if r := asTenant.do("POST", "/users/"+other.ID+"/reset-password", client.PasswordResetRequest{Generate: true}); r.status != 404 {
		t.Errorf("reset-password on another tenant's user: %d, want 404", r.status)
	}
}
