package server

import "testing"

// TestClientNetwork: the address bucket of the rate limiter (and the
// sign-in counter per address) is one per IPv4 address and one per IPv6
// /64, so a client cannot take a fresh one from each address it holds.
func TestClientNetwork(t *testing.T) {
	t.Parallel()
	tests := []struct{ addr, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"},
		{"::ffff:192.0.2.7", "::ffff:192.0.2.7"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if got := clientNetwork(tt.addr); got != tt.want {
			t.Errorf("clientNetwork(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
