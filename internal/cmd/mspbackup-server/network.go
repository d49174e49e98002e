package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
)

// networkFlags say how the server meets the network: behind reverse
// proxies, over TLS, at which outside address, and how it stops.
type networkFlags struct {
	trustedProxies string
	tlsCert        string
	tlsKey         string
	publicURL      string
	drainDelay     time.Duration
	drainTimeout   time.Duration
}

func addNetworkFlags(fs *flag.FlagSet) *networkFlags {
	n := &networkFlags{}
	fs.StringVar(&n.trustedProxies, "trusted-proxies", "", "comma-separated CIDRs (or addresses) of reverse proxies whose X-Forwarded-For names the client, e.g. 10.0.0.0/8,192.0.2.7; from any other peer the header is ignored")
	fs.StringVar(&n.tlsCert, "tls-cert", "", "PEM certificate (chain) file: serve HTTPS (HTTP/2 included) with it and --tls-key; SIGHUP reloads both")
	fs.StringVar(&n.tlsKey, "tls-key", "", "PEM private key file of --tls-cert")
	fs.StringVar(&n.publicURL, "public-url", "", "the address users reach the server at, e.g. https://backup.example.net when a proxy terminates TLS: console cookies are Secure and e-mails link to it when it is https")
	fs.DurationVar(&n.drainDelay, "drain-delay", 0, "on SIGTERM or SIGINT, how long /readyz answers 503 while the server still serves, so that load balancers stop sending it requests before it stops listening")
	fs.DurationVar(&n.drainTimeout, "drain-timeout", 30*time.Second, "then, how long requests in flight may take to finish")
	return n
}

// check validates the flags and parses the trusted proxies.
func (n *networkFlags) check() ([]netip.Prefix, error) {
	if (n.tlsCert == "") != (n.tlsKey == "") {
		return nil, errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	if n.publicURL != "" {
		if err := server.CheckPublicURL(n.publicURL); err != nil {
			return nil, fmt.Errorf("--public-url %w", err)
		}
	}
	if n.drainDelay < 0 || n.drainTimeout < 0 {
		return nil, errors.New("--drain-delay and --drain-timeout must be 0 or more")
	}
	proxies, err := parseTrustedProxies(n.trustedProxies)
	if err != nil {
		return nil, fmt.Errorf("--trusted-proxies: %w", err)
	}
	return proxies, nil
}

// parseTrustedProxies reads "10.0.0.0/8, 192.0.2.7": networks, or single
// addresses, of IPv4 or IPv6.
func parseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil || a.Zone() != "" {
				return nil, fmt.Errorf("%q is not a CIDR (10.0.0.0/8, 2001:db8::/32) or an IP address", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is4In6() {
			// Client addresses are compared in their IPv4 form.
			return nil, fmt.Errorf("%q: write IPv4 networks in IPv4 form", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
