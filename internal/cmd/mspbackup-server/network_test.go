package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestNetworkFlagsAreChecked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--tls-cert", "cert.pem"}, "give both or neither"},
		{[]string{"--tls-key", "key.pem"}, "give both or neither"},
		{[]string{"--tls-cert", "missing.pem", "--tls-key", "missing-key.pem"}, "--tls-cert missing.pem"},
		{[]string{"--public-url", "backup.example.net"}, "--public-url must be an absolute http or https URL"},
		{[]string{"--public-url", "https://backup.example.net/console"}, "--public-url must have no path"},
		{[]string{"--trusted-proxies", "10.0.0.0/8,proxy.example.net"}, `--trusted-proxies: "proxy.example.net" is not a CIDR`},
		{[]string{"--drain-timeout", "-1s"}, "must be 0 or more"},
	}
	for _, tt := range tests {
		db := filepath.Join(t.TempDir(), "f.db")
		var stdout, stderr syncBuffer
		err := run(t.Context(), append(tt.args, "--db", db, "--listen", "127.0.0.1:0"),
			func(string) string { return "" }, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%v: err %v, want %q", tt.args, err, tt.wantErr)
		}
		if _, statErr := os.Stat(db); statErr == nil {
			t.Errorf("%v: a database was created before the flags were refused", tt.args)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	t.Parallel()
	got, err := parseTrustedProxies(" 10.1.2.3/8, 192.0.2.7 ,2001:db8::/32,::1")
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128"}
	var gotS []string
	for _, p := range got {
		gotS = append(gotS, p.String())
	}
	if err != nil || !slices.Equal(gotS, want) {
		t.Errorf("got %v, %v; want %v", gotS, err, want)
	}
	for _, bad := range []string{"10.0.0.0/33", "10.0.0", "fe80::1%eth0", "::ffff:10.0.0.0/104", "10.0.0.0/8,"} {
		if _, err := parseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Behind a reverse proxy, two clients on different addresses are two
// clients: the first one's wrong passwords lock only the first one, and its
// forged X-Forwarded-For entries change nothing. Without --trusted-proxies
// every client is the proxy, so one client's failures lock out everyone.
func TestTrustedProxiesKeepClientsBehindAProxyApart(t *testing.T) {
	t.Parallel()
	for _, trusted := range []bool{true, false} {
		t.Run(fmt.Sprintf("trusted=%v", trusted), func(t *testing.T) {
			t.Parallel()
			args := []string{"--db", filepath.Join(t.TempDir(), "p.db")}
			if trusted {
				args = append(args, "--trusted-proxies", "127.0.0.1/32")
			}
			srv, err := startProcess(t, "server", args...)
			if err != nil {
				t.Fatal(err)
			}
			target, _ := url.Parse(strings.TrimSuffix(srv.url, "/api/v1"))
			proxy := httptest.NewServer(httputil.NewSingleHostReverseProxy(target)) // on 127.0.0.1, appends X-Forwarded-For
			t.Cleanup(proxy.Close)
			from := func(ip string) *replica {
				d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
				return &replica{url: proxy.URL + "/api/v1", client: &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}}
			}
			first, second := from("127.0.0.2"), from("127.0.0.3")

			for i := range 25 { // distinct logins: only the address counts them all
				a := call(t, first, "", "POST", "/auth/login", client.LoginRequest{Login: fmt.Sprintf("nobody-%d@example.com", i), Password: "wrong"},
					"X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i)) // forged: a fresh address each time
				if a.status != http.StatusUnauthorized && a.status != http.StatusTooManyRequests {
					t.Fatalf("login %d: %d %s", i, a.status, a.body)
				}
			}
			if a := call(t, first, "", "POST", "/auth/login", client.LoginRequest{Login: "someone@example.com", Password: "wrong"}); a.status != http.StatusTooManyRequests {
				t.Errorf("the first client after 25 failures: %d, want 429", a.status)
			}
			want := http.StatusUnauthorized // the second client's own password is checked
			if !trusted {
				want = http.StatusTooManyRequests // locked out by the first one
			}
			if a := call(t, second, "", "POST", "/auth/login", client.LoginRequest{Login: "someone@example.com", Password: "wrong"}); a.status != want {
				t.Errorf("the second client: %d, want %d", a.status, want)
			}

			// The audit log and the access log name the same client address.
			var events client.Page[client.AuditEvent]
			mustCall(t, srv, replicaToken, "GET", "/audit-events?page_size=1000", nil, 200).decode(t, &events)
			addrs := map[string]int{}
			for _, ev := range events.Items {
				if strings.HasPrefix(ev.Action, "login_") {
					addrs[ev.ClientAddress]++
				}
			}
			wantAddrs := map[string]int{"127.0.0.2": 26, "127.0.0.3": 1}
			if !trusted {
				wantAddrs = map[string]int{"127.0.0.1": 27}
			}
			if fmt.Sprint(addrs) != fmt.Sprint(wantAddrs) {
				t.Errorf("sign-in events by client address: %v, want %v", addrs, wantAddrs)
			}
			log, err := os.ReadFile(srv.log)
			if err != nil {
				t.Fatal(err)
			}
			for addr := range wantAddrs {
				if !strings.Contains(string(log), `"remote_addr":"`+addr+`"`) {
					t.Errorf("the access log has no request from %s", addr)
				}
			}
		})
	}
}
