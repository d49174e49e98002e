package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// The client address, behind a reverse proxy or not.
//
// Every rule and record that is per client (the sign-in counters per
// address, the rate limit before authentication, the audit log's and the
// access log's address) uses the address clientAddress gives, and only it.
//
// It is the address of the connection's other end, unless that end is a
// trusted proxy (Config.TrustedProxies). Only then is X-Forwarded-For read:
// each proxy appends the address it received the request from, so the list
// is read from its right end, and the client is the first address there
// that is not itself a trusted proxy. Entries to the left of it were written
// by the client, which can write anything, and are never used. When every
// entry is a trusted proxy, the leftmost is the client (a caller inside the
// proxies' own network). An entry that is not an address stops the reading:
// the client is then the trusted proxy that wrote it. From a connection that
// is not a trusted proxy the header is ignored: anyone can send it.

// trustedProxies are the networks whose X-Forwarded-For is believed.
type trustedProxies []netip.Prefix

func (t trustedProxies) trusts(a netip.Addr) bool {
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// client is the client address of a request from remoteAddr (host:port)
// carrying the X-Forwarded-For header lines forwardedFor.
func (t trustedProxies) client(remoteAddr string, forwardedFor []string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !t.trusts(peer.Unmap().WithZone("")) {
		return host
	}
	client := peer.Unmap().WithZone("")
	entries := strings.Split(strings.Join(forwardedFor, ","), ",")
	for i := len(entries) - 1; i >= 0; i-- {
		e := strings.TrimSpace(entries[i])
		if e == "" {
			continue // an empty list element (RFC 9110 section 5.6.1)
		}
		a, ok := forwardedAddr(e)
		if !ok {
			break
		}
		client = a
		if !t.trusts(a) {
			break
		}
	}
	return client.String()
}

// forwardedAddr reads one X-Forwarded-For entry: an IPv4 or IPv6 address,
// or one with a port as some proxies write it (192.0.2.1:4711, [2001:db8::1]:4711).
func forwardedAddr(e string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(e)
	if err != nil {
		ap, err := netip.ParseAddrPort(e)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

// clientAddress is the address of the client that sent r (see above). The
// outermost handler works it out once (withClientAddress) and keeps it in
// the request's context, which the console's in-process API requests share.
func (s *Server) clientAddress(r *http.Request) string {
	if addr, ok := r.Context().Value(keyClientAddress).(string); ok {
		return addr
	}
	return s.proxies.client(r.RemoteAddr, r.Header.Values("X-Forwarded-For"))
}

// withClientAddress works out r's client address for everything that r
// leads to.
func (s *Server) withClientAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyClientAddress, s.clientAddress(r))))
	})
}
