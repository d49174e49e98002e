package server

import (
	"net/netip"
	"testing"
)

func TestClientBehindTrustedProxies(t *testing.T) {
	t.Parallel()
	proxies := trustedProxies{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("2001:db8:ffff::/48"),
		netip.MustParsePrefix("127.0.0.1/32"),
	}
	tests := []struct {
		name         string
		proxies      trustedProxies
		remote       string
		forwardedFor []string
		want         string
	}{
		{"no proxy trusted: the header is ignored", nil, "10.0.0.2:4711", []string{"203.0.113.9"}, "10.0.0.2"},
		{"an untrusted peer's header is ignored", proxies, "198.51.100.7:4711", []string{"203.0.113.9"}, "198.51.100.7"},
		{"one proxy", proxies, "10.0.0.2:4711", []string{"203.0.113.9"}, "203.0.113.9"},
		{"a trusted peer without the header is the client", proxies, "10.0.0.2:4711", nil, "10.0.0.2"},
		{"spoofed leftmost entries are skipped", proxies, "10.0.0.2:4711",
			[]string{"1.1.1.1, 192.0.2.66, 203.0.113.9"}, "203.0.113.9"},
		{"a chain of proxies", proxies, "10.0.0.3:4711",
			[]string{"1.1.1.1, 203.0.113.9, 10.0.0.2"}, "203.0.113.9"},
		{"several header lines are one list", proxies, "10.0.0.3:4711",
			[]string{"1.1.1.1, 203.0.113.9", "10.0.0.2"}, "203.0.113.9"},
		{"all trusted: the leftmost", proxies, "10.0.0.3:4711", []string{"10.9.9.9, 10.0.0.2"}, "10.9.9.9"},
		{"a malformed entry stops at the proxy that wrote it", proxies, "10.0.0.3:4711",
			[]string{"203.0.113.9, unknown, 10.0.0.2"}, "10.0.0.2"},
		{"a malformed last entry: the peer", proxies, "10.0.0.2:4711", []string{"203.0.113.9, 300.1.1.1"}, "10.0.0.2"},
		{"malformed entries left of the client do not matter", proxies, "10.0.0.2:4711",
			[]string{"<script>, 203.0.113.9"}, "203.0.113.9"},
		{"empty list elements are skipped", proxies, "10.0.0.2:4711", []string{"203.0.113.9, ,"}, "203.0.113.9"},
		{"an entry with a port", proxies, "10.0.0.2:4711", []string{"203.0.113.9:5555"}, "203.0.113.9"},
		{"IPv6 client", proxies, "10.0.0.2:4711", []string{"2001:db8:1::5"}, "2001:db8:1::5"},
		{"IPv6 client with a port", proxies, "10.0.0.2:4711", []string{"[2001:db8:1::5]:5555"}, "2001:db8:1::5"},
		{"IPv6 proxy", proxies, "[2001:db8:ffff::2]:4711", []string{"198.51.100.7"}, "198.51.100.7"},
		{"IPv6 proxies in the chain", proxies, "[2001:db8:ffff::2]:4711",
			[]string{"2001:db8:1::5, 2001:db8:ffff::9"}, "2001:db8:1::5"},
		{"an IPv4-mapped peer counts as IPv4", proxies, "[::ffff:10.0.0.2]:4711", []string{"203.0.113.9"}, "203.0.113.9"},
		{"an IPv4-mapped entry counts as IPv4", proxies, "10.0.0.2:4711", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
		{"a remote address without a port", proxies, "198.51.100.7", nil, "198.51.100.7"},
	}
	for _, tt := range tests {
		if got := tt.proxies.client(tt.remote, tt.forwardedFor); got != tt.want {
			t.Errorf("%s: client(%q, %q) = %q, want %q", tt.name, tt.remote, tt.forwardedFor, got, tt.want)
		}
	}
}
