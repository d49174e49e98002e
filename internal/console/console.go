// Package console is the web console of the reference server: server-rendered
// HTML pages over the management API.
//
// The console holds no rule of its own. Every page and every form is a
// request to the API handler, made in process with the signed-in user's
// session token (and the browser's address, so sign-in throttling counts the
// browser): permissions, tenancy, masking, validation and the audit log are
// the API's, and a problem+json answer's field errors are shown next to the
// form fields of the same names.
package console

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

//go:embed templates/*.html static/*
var assets embed.FS

const (
	// sessionCookie holds the API session token of the signed-in user.
	sessionCookie = "mspbackup_session"
	// csrfCookie and the form field csrfField carry the same random value
	// (double-submit): a cross-site form cannot read the cookie to copy it,
	// and SameSite=Strict keeps the cookie off cross-site requests anyway.
	csrfCookie = "mspbackup_csrf"
	csrfField  = "csrf_token"
	apiPrefix  = "/api/v1"
	// maxFormBytes bounds a form's body.
	maxFormBytes = 1 << 20
)

// Console is the console's http.Handler.
type Console struct {
	api    http.Handler
	pages  map[string]*template.Template
	mux    *http.ServeMux
	static http.Handler
}

// New returns the console over the API handler api (which serves /api/v1).
func New(api http.Handler) (*Console, error) {
	c := &Console{api: api, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	funcs := template.FuncMap{
		"screens": func() []*screen { return screens },
		"value":   display,
		"cell":    func(p *page, f field, it map[string]any) string { return shown(p, f, it[f.Name]) },
		"has":     func(l []string, v string) bool { return slices.Contains(l, v) },
		"removeURL": func(pattern string, id any) string {
			return strings.ReplaceAll(pattern, "{id}", url.PathEscape(display(id)))
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/table.html")
	if err != nil {
		return nil, err
	}
	for _, p := range []string{"signin", "list", "form", "show", "pool", "message", "deleted"} {
		t, err := template.Must(base.Clone()).ParseFS(assets, "templates/"+p+".html")
		if err != nil {
			return nil, err
		}
		c.pages[p] = t
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	// Not a mux pattern: /static/ would overlap /{screen}/{id}.
	c.static = http.StripPrefix("/static/", http.FileServerFS(static))
	m := c.mux
	m.HandleFunc("GET /{$}", c.authed(c.home))
	m.HandleFunc("GET /signin", c.signinPage)
	m.HandleFunc("POST /signin", c.csrf(c.signin))
	m.HandleFunc("POST /signin/verify", c.csrf(c.verify))
	m.HandleFunc("POST /signout", c.csrf(c.signout))
	m.HandleFunc("GET /licenses", c.authed(c.pool))
	m.HandleFunc("GET /deleted-customer-accounts", c.authed(c.deleted))
	m.HandleFunc("POST /customer-accounts/{id}/suspend", c.csrf(c.authed(c.accountStatus(client.CustomerAccountSuspended))))
	m.HandleFunc("POST /customer-accounts/{id}/resume", c.csrf(c.authed(c.accountStatus(client.CustomerAccountActive))))
	m.HandleFunc("POST /customer-accounts/{id}/restore", c.csrf(c.authed(c.restore)))
	m.HandleFunc("POST /users/{id}/send-instructions", c.csrf(c.authed(c.userVerb("send-instructions", "instructions", nil))))
	m.HandleFunc("POST /users/{id}/reset-password", c.csrf(c.authed(c.userVerb("reset-password", "password", map[string]any{"generate": true}))))
	m.HandleFunc("POST /users/{id}/end-sessions", c.csrf(c.authed(c.userVerb("end-sessions", "sessions", nil))))
	m.HandleFunc("POST /retained-backups/purge", c.csrf(c.authed(c.purge)))
	m.HandleFunc("GET /{screen}", c.authed(c.list))
	m.HandleFunc("GET /{screen}/new", c.authed(c.newForm))
	m.HandleFunc("POST /{screen}", c.csrf(c.authed(c.create)))
	m.HandleFunc("GET /{screen}/{id}", c.authed(c.show))
	m.HandleFunc("GET /{screen}/{id}/edit", c.authed(c.editForm))
	m.HandleFunc("POST /{screen}/{id}", c.csrf(c.authed(c.update)))
	m.HandleFunc("POST /{screen}/{id}/delete", c.csrf(c.authed(c.remove)))
	m.HandleFunc("POST /users/{id}/disable", c.csrf(c.authed(c.disable)))
	m.HandleFunc("POST /groups/{id}/members", c.csrf(c.authed(c.addMember)))
	m.HandleFunc("POST /users/{id}/groups", c.csrf(c.authed(c.addGroup)))
	m.HandleFunc("POST /groups/{id}/members/{user_id}/delete", c.csrf(c.authed(c.removeMember)))
	return c, nil
}

func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Pages carry personal data and CSRF tokens: not cached, not framed.
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
	h.Set("Referrer-Policy", "same-origin")
	// Forms are small; the API's own limit applies to what is sent on.
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if strings.HasPrefix(r.URL.Path, "/static/") && r.Method == http.MethodGet {
		c.static.ServeHTTP(w, r)
		return
	}
	c.mux.ServeHTTP(w, r)
}
