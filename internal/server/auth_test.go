package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const goodPassword = "correct horse battery staple"

func TestLoginWithMFAThroughTheOutbox(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{Login: "mfa-user", Email: "mfa@example.com", Password: goodPassword})
	g := a.group(client.PermUsersRead)
	a.addMember(g.ID, u.ID)
	anon := a.as("")

	lr := must[client.LoginResponse](anon, 200, "POST", "/auth/login", client.LoginRequest{Login: "MFA-User", Password: goodPassword})
	if !lr.MFARequired || !strings.HasPrefix(lr.ChallengeID, "mfa_") || lr.Token != "" {
		t.Fatalf("login answered %+v, want a challenge", lr)
	}
	msgs := must[client.Page[client.OutboxMessage]](a, 200, "GET", "/outbox?kind=mfa_code&to=mfa@example.com", nil)
	if len(msgs.Items) != 1 {
		t.Fatalf("%d MFA messages", len(msgs.Items))
	}
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(msgs.Items[0].Body)
	if code == "" {
		t.Fatalf("no 6-digit code in %q", msgs.Items[0].Body)
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if r := anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: lr.ChallengeID, Code: wrong}); r.status != 401 {
		t.Errorf("wrong code: %d", r.status)
	}
	vr := must[client.LoginResponse](anon, 200, "POST", "/auth/verify", client.VerifyRequest{ChallengeID: lr.ChallengeID, Code: code})
	if !strings.HasPrefix(vr.Token, "mspb_") || vr.ExpiresAt == nil || time.Until(*vr.ExpiresAt) < 11*time.Hour {
		t.Fatalf("verify answered %+v", vr)
	}
	me := must[client.User](a.as(vr.Token), 200, "GET", "/users/"+u.ID, nil)
	if me.ID != u.ID {
		t.Errorf("session token reads %s", me.ID)
	}
	if r := anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: lr.ChallengeID, Code: code}); r.status != 401 {
		t.Errorf("a used challenge answered %d", r.status)
	}
}

func TestMFAChallengeAllowsFiveAttempts(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "sms-user", MFAMethod: "sms", MobilePhone: "+441632960961", Password: goodPassword})
	anon := a.as("")
	lr := must[client.LoginResponse](anon, 200, "POST", "/auth/login", client.LoginRequest{Login: "sms-user", Password: goodPassword})
	msgs := must[client.Page[client.OutboxMessage]](a, 200, "GET", "/outbox?to=%2B441632960961", nil)
	if len(msgs.Items) != 1 {
		t.Fatalf("%d SMS messages", len(msgs.Items))
	}
	code := regexp.MustCompile(`\d{6}`).FindString(msgs.Items[0].Body)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for range 5 {
		anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: lr.ChallengeID, Code: wrong})
	}
	if r := anon.do("POST", "/auth/verify", client.VerifyRequest{ChallengeID: lr.ChallengeID, Code: code}); r.status != 401 {
		t.Errorf("right code after 5 wrong ones answered %d, want 401", r.status)
	}
}

func TestLoginRefusals(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "ok", Password: goodPassword})
	a.user(client.UserCreateRequest{Login: "off", Password: goodPassword, Enabled: ptr(false)})
	a.user(client.UserCreateRequest{Login: "nopass"})
	anon := a.as("")
	tests := []struct {
		login, password string
		status          int
		detail          string
	}{
		{"ok", goodPassword, 200, ""},
		{"ok", "wrong password!!", 401, "invalid login or password"},
		{"nobody", goodPassword, 401, "invalid login or password"},
		{"nopass", "", 401, "invalid login or password"},
		{"off", goodPassword, 403, "user is disabled"},
	}
	for _, tt := range tests {
		r := anon.do("POST", "/auth/login", client.LoginRequest{Login: tt.login, Password: tt.password})
		if r.status != tt.status || r.status != 200 && r.problem().Detail != tt.detail {
			t.Errorf("login %s: %d %s, want %d %q", tt.login, r.status, r.body, tt.status, tt.detail)
		}
	}
}

func TestTokens(t *testing.T) {
	_, a := startParallel(t)
	u := a.user(client.UserCreateRequest{})
	g := a.group(client.PermUsersRead, client.PermTokensWrite)
	a.addMember(g.ID, u.ID)

	tok := must[client.APIToken](a, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "ci", UserID: u.ID})
	if !regexp.MustCompile(`^mspb_[A-Za-z0-9_-]{43}$`).MatchString(tok.Token) {
		t.Errorf("secret %q is not mspb_ + 43 base64url characters", tok.Token)
	}
	read := must[client.APIToken](a, 200, "GET", "/tokens/"+tok.ID, nil)
	if read.Token != "" {
		t.Error("a read returned the secret")
	}
	ua := a.as(tok.Token)
	must[client.Page[client.User]](ua, 200, "GET", "/users", nil)

	// A user cannot mint a token for someone holding more permissions.
	admin := a.user(client.UserCreateRequest{})
	a.addMember("grp_administrators", admin.ID)
	if r := ua.do("POST", "/tokens", client.APITokenCreateRequest{Name: "x", UserID: admin.ID}); r.status != 403 {
		t.Errorf("escalating token: %d %s", r.status, r.body)
	}
	// Disabling the user locks its tokens out at once.
	must[client.User](a, 200, "PATCH", "/users/"+u.ID, client.UserUpdateRequest{Enabled: ptr(false)})
	if r := ua.do("GET", "/users", nil); r.status != 401 {
		t.Errorf("disabled user's token: %d", r.status)
	}
	must[client.User](a, 200, "PATCH", "/users/"+u.ID, client.UserUpdateRequest{Enabled: ptr(true)})
	// Revoked tokens stop working.
	a.do("DELETE", "/tokens/"+tok.ID, nil)
	if r := ua.do("GET", "/users", nil); r.status != 401 {
		t.Errorf("revoked token: %d", r.status)
	}
	// Expiry must be in the future, and an expired token is refused.
	if r := a.do("POST", "/tokens", client.APITokenCreateRequest{Name: "old", UserID: u.ID, ExpiresAt: ptr(time.Now().Add(-time.Hour))}); r.status != 422 {
		t.Errorf("past expiry: %d", r.status)
	}
	short := must[client.APIToken](a, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "short", UserID: u.ID,
		ExpiresAt: ptr(time.Now().Add(1500 * time.Millisecond))})
	must[client.Page[client.User]](a.as(short.Token), 200, "GET", "/users", nil)
	time.Sleep(1600 * time.Millisecond)
	if r := a.as(short.Token).do("GET", "/users", nil); r.status != 401 {
		t.Errorf("expired token: %d", r.status)
	}
	for _, bad := range []string{"", "mspb_nonsense"} {
		if r := a.as(bad).do("GET", "/permissions", nil); r.status != http.StatusUnauthorized {
			t.Errorf("token %q: %d", bad, r.status)
		}
	}
}
