package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// Console pages carry HSTS and Secure cookies when users reach the server
// over HTTPS: served with TLS, or behind a proxy that terminates TLS for a
// public URL that is https.
func TestConsoleOverHTTPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		publicURL string
		tls       bool
		https     bool
	}{
		{"plain HTTP", "", false, false},
		{"plain HTTP with an http public URL", "http://backup.example.net", false, false},
		{"behind a proxy terminating TLS", "https://backup.example.net", false, true},
		{"served with TLS", "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := testserver.Start(t, testserver.Options{PublicURL: tt.publicURL})
			base, c := ts.URL, http.DefaultClient
			if tt.tls {
				hs := httptest.NewTLSServer(ts.Handler)
				t.Cleanup(hs.Close)
				base, c = hs.URL, hs.Client()
			}
			r := get(t, c, base, "/signin")
			if r.status != 200 {
				t.Fatalf("GET /signin: %d", r.status)
			}
			if hsts := r.header.Get("Strict-Transport-Security"); (hsts != "") != tt.https || tt.https && !strings.Contains(hsts, "max-age=") {
				t.Errorf("Strict-Transport-Security %q, want one: %v", hsts, tt.https)
			}
			cookies := (&http.Response{Header: r.header}).Cookies()
			if len(cookies) == 0 {
				t.Fatal("the sign-in page set no cookie")
			}
			for _, ck := range cookies {
				if ck.Secure != tt.https {
					t.Errorf("cookie %s: Secure %v, want %v", ck.Name, ck.Secure, tt.https)
				}
			}
		})
	}
}

// The welcome e-mail links to the console at the public URL, and to no
// address at all without one (never to a Host header a client chose).
func TestWelcomeEmailLinksToThePublicURL(t *testing.T) {
	t.Parallel()
	for _, publicURL := range []string{"", "https://backup.example.net"} {
		_, a := start(t, testserver.Options{PublicURL: publicURL})
		u := a.user(client.UserCreateRequest{Email: "link@example.com", SendWelcomeEmail: true})
		msgs := must[client.Page[client.OutboxMessage]](a, 200, "GET", "/outbox?kind=welcome&to="+u.Email, nil)
		if len(msgs.Items) != 1 {
			t.Fatalf("%d welcome messages", len(msgs.Items))
		}
		body := msgs.Items[0].Body
		if publicURL == "" && strings.Contains(body, "://") {
			t.Errorf("without a public URL the welcome e-mail links somewhere: %q", body)
		}
		if publicURL != "" && !strings.Contains(body, "The web console: https://backup.example.net/\n") {
			t.Errorf("the welcome e-mail does not link to the public URL: %q", body)
		}
	}
}
