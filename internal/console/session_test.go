package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFormsNeedTheCSRFToken(t *testing.T) {
	e, _, b := startSignedIn(t)
	status, body := b.post("/customer-accounts", url.Values{"name": {"Acme"}, "csrf_token": {"forged-forged-forged-forged-forged-forged"}})
	if status != http.StatusForbidden || !strings.Contains(body, "expired") {
		t.Errorf("forged token: %d\n%s", status, body)
	}
	if got, _ := e.admin.CustomerAccounts.ListAll(context.Background(), nil); len(got) != 0 {
		t.Errorf("a forged form created %v", got)
	}
}

func TestSessionExpiryGoesToSignIn(t *testing.T) {
	e, _, b := startSignedIn(t)
	e.clk.add(30 * 24 * time.Hour)
	_, body := b.get("/users")
	if !strings.Contains(body, "session has ended") || b.cookie("mspbackup_session") != "" {
		t.Errorf("expired session: want the sign-in page and no cookie\n%s", body)
	}
}
