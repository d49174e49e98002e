package server

import (
	"errors"
	"net/http"
	"net/url"
)

// HTTPS as users see it. The server knows a request came over HTTPS when it
// terminated TLS itself (r.TLS), or when its public URL (Config.PublicURL)
// is https: a proxy in front terminates TLS and forwards plain HTTP. Then
// console pages carry HSTS and the console's cookies are Secure (the console
// reads the scheme from r.URL.Scheme, which consolePages sets). E-mails
// link to the public URL when there is one, never to the Host a request
// named, which any client can forge.

// hstsHeader keeps browsers on HTTPS for a year.
const hstsHeader = "max-age=31536000"

// CheckPublicURL checks a public URL: an absolute http or https URL with a
// host and no path (the console is served at the root), query or fragment.
func CheckPublicURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return errors.New("must be an absolute http or https URL, like https://backup.example.net")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must have no path, query or fragment: the server is served at the root of its address")
	}
	return nil
}

// publicHTTPS reports whether users reach the server over HTTPS.
func (s *Server) publicHTTPS(r *http.Request) bool {
	return r.TLS != nil || s.publicURL != nil && s.publicURL.Scheme == "https"
}

// consolePages sets, for the console, the scheme users reached it with
// (r.URL.Scheme, whatever the request line said) and HSTS over HTTPS.
func (s *Server) consolePages(con http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.Clone(r.Context())
		r.URL.Scheme = "http"
		if s.publicHTTPS(r) {
			r.URL.Scheme = "https"
			w.Header().Set("Strict-Transport-Security", hstsHeader)
		}
		con.ServeHTTP(w, r)
	})
}

// consoleLink is the console's address for e-mails, or "" when the server
// has no public URL.
func (s *Server) consoleLink() string {
	if s.publicURL == nil {
		return ""
	}
	return s.publicURL.Scheme + "://" + s.publicURL.Host + "/"
}
