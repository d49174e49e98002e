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
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

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
	for _, p := range []string{"signin", "list", "form", "show", "pool", "message"} {
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

// ---- calling the API ----

// apiError is a non-2xx answer of the API.
type apiError struct {
	Status  int
	Problem client.Problem
}

func (e *apiError) Error() string {
	if e.Problem.Detail != "" {
		return e.Problem.Detail
	}
	if e.Problem.Title != "" {
		return e.Problem.Title
	}
	return http.StatusText(e.Status)
}

// fieldErrors are the problem's field errors by field name;
// "notification_emails[1]" counts as notification_emails.
func (e *apiError) fieldErrors() map[string]string {
	m := map[string]string{}
	for _, fe := range e.Problem.Errors {
		name, _, _ := strings.Cut(fe.Field, "[")
		name, _, _ = strings.Cut(name, ".")
		if m[name] != "" {
			m[name] += "; "
		}
		m[name] += fe.Message
	}
	return m
}

// call sends one request to the API handler in process, as the browser's
// session and from the browser's address, and decodes a 2xx JSON answer
// into out (when not nil).
func (c *Console) call(r *http.Request, method, path string, body, out any, header ...string) error {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequestWithContext(r.Context(), method, apiPrefix+path, rd)
	req.RemoteAddr = r.RemoteAddr
	req.TLS = r.TLS
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := sessionToken(r); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	c.api.ServeHTTP(rec, req)
	res := rec.Result()
	if res.StatusCode/100 != 2 {
		e := &apiError{Status: res.StatusCode}
		_ = json.NewDecoder(res.Body).Decode(&e.Problem)
		return e
	}
	if out == nil || res.StatusCode == http.StatusNoContent {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// listAll reads every page of a collection.
func (c *Console) listAll(r *http.Request, collection string, q url.Values) ([]map[string]any, error) {
	var items []map[string]any
	if q == nil {
		q = url.Values{}
	}
	q.Set("page_size", "1000")
	for {
		var page struct {
			Items []map[string]any `json:"items"`
			Next  string           `json:"next_page_token"`
		}
		if err := c.call(r, http.MethodGet, "/"+collection+"?"+q.Encode(), nil, &page); err != nil {
			return nil, err
		}
		items = append(items, page.Items...)
		if page.Next == "" {
			return items, nil
		}
		q.Set("page_token", page.Next)
	}
}

// ---- session and CSRF ----

func sessionToken(r *http.Request) string {
	if ck, err := r.Cookie(sessionCookie); err == nil {
		return ck.Value
	}
	return ""
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	ck := &http.Cookie{
		Name: name, Value: value, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || r.URL.Scheme == "https",
	}
	if value == "" {
		ck.MaxAge = -1
	} else if !expires.IsZero() {
		ck.Expires = expires
	}
	http.SetCookie(w, ck)
}

// csrfToken returns the browser's CSRF token, making one when it has none.
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	setCookie(w, r, csrfCookie, tok, time.Time{})
	// Later reads in this request see it too.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// csrf refuses a form whose csrf_token is not the browser's CSRF cookie.
func (c *Console) csrf(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(csrfCookie)
		form := r.PostFormValue(csrfField)
		if err != nil || form == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(form)) != 1 {
			w.WriteHeader(http.StatusForbidden)
			c.render(w, r, "message", &page{Title: "Form expired", Error: "This form has expired or did not come from this console. Go back, reload the page and try again."})
			return
		}
		next(w, r)
	}
}

// authed requires a session: without one, or with one the API no longer
// accepts (expired, signed out, user disabled), it goes to the sign-in page.
func (c *Console) authed(next func(http.ResponseWriter, *http.Request, *page)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sessionToken(r) == "" {
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		// GET /permissions is open to every principal: it proves the session.
		var perms struct {
			Items []client.Permission `json:"items"`
		}
		if err := c.call(r, http.MethodGet, "/permissions", nil, &perms); err != nil {
			c.fail(w, r, &page{}, err)
			return
		}
		p := &page{Permissions: perms.Items}
		next(w, r, p)
	}
}

// fail answers an API error as a page: 401 goes to sign-in.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, p *page, err error) {
	status := http.StatusInternalServerError
	if e, ok := err.(*apiError); ok {
		status = e.Status
	}
	if status == http.StatusUnauthorized {
		setCookie(w, r, sessionCookie, "", time.Time{})
		http.Redirect(w, r, "/signin?expired=1", http.StatusSeeOther)
		return
	}
	w.WriteHeader(status)
	p.Title = http.StatusText(status)
	p.Error = err.Error()
	c.render(w, r, "message", p)
}

// ---- rendering ----

// page is what every template gets.
type page struct {
	Title       string
	Screen      *screen
	SignedIn    bool
	CSRF        string
	Error       string
	Notice      string
	Secret      string // a secret shown once (generated password, token)
	Permissions []client.Permission
	Item        map[string]any
	Items       []map[string]any
	Values      map[string]string   // form values by field name
	Multi       map[string][]string // multi-valued form values (permissions)
	Errors      map[string]string   // field errors by field name
	Refs        map[string][]option // options of ref fields by collection
	Query       string
	Filters     map[string]string
	// Extra sections of a show page.
	Sections []section
	// Sign-in.
	Login, ChallengeID string
	Pool               []client.LicensePoolEntry
	AddOptions         []option
	AddLabel, AddPath  string
	AddField           string
}

type section struct {
	Title   string
	Screen  *screen
	Items   []map[string]any
	Remove  string // form action prefix to remove an item (+ id + "/delete")
	RemoveK string // item key of the id to remove
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, name string, p *page) {
	p.CSRF = csrfToken(w, r)
	p.SignedIn = sessionToken(r) != ""
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := c.pages[name].ExecuteTemplate(w, "layout.html", p); err != nil {
		fmt.Fprintf(w, "<p>template error: %s</p>", template.HTMLEscapeString(err.Error()))
	}
}

// display is a value of an API answer as text.
func display(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		s := make([]string, len(v))
		for i, e := range v {
			s[i] = display(e)
		}
		return strings.Join(s, "; ")
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// ---- sign-in ----

func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Sign in"}
	if r.URL.Query().Get("expired") != "" {
		p.Notice = "Your session has ended. Sign in again."
	}
	c.render(w, r, "signin", p)
}

func (c *Console) signin(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Sign in", Login: r.PostFormValue("login")}
	var res client.LoginResponse
	err := c.call(r, http.MethodPost, "/auth/login", client.LoginRequest{Login: p.Login, Password: r.PostFormValue("password")}, &res)
	c.signedIn(w, r, p, &res, err)
}

func (c *Console) verify(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Sign in", Login: r.PostFormValue("login"), ChallengeID: r.PostFormValue("challenge_id")}
	var res client.LoginResponse
	err := c.call(r, http.MethodPost, "/auth/verify", client.VerifyRequest{ChallengeID: p.ChallengeID, Code: r.PostFormValue("code")}, &res)
	c.signedIn(w, r, p, &res, err)
}

// signedIn finishes a sign-in step: a session cookie, the MFA form, or the
// API's refusal (wrong password, wrong code, throttled) on the same form.
func (c *Console) signedIn(w http.ResponseWriter, r *http.Request, p *page, res *client.LoginResponse, err error) {
	if err != nil {
		e, ok := err.(*apiError)
		if !ok {
			c.fail(w, r, p, err)
			return
		}
		w.WriteHeader(e.Status)
		p.Error = e.Error()
		p.Errors = e.fieldErrors()
		c.render(w, r, "signin", p)
		return
	}
	if res.MFARequired {
		p.ChallengeID = res.ChallengeID
		c.render(w, r, "signin", p)
		return
	}
	var exp time.Time
	if res.ExpiresAt != nil {
		exp = *res.ExpiresAt
	}
	setCookie(w, r, sessionCookie, res.Token, exp)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request) {
	if sessionToken(r) != "" {
		_ = c.call(r, http.MethodDelete, "/auth/session", nil, nil)
	}
	setCookie(w, r, sessionCookie, "", time.Time{})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// ---- screens ----

func (c *Console) screen(w http.ResponseWriter, r *http.Request, p *page) bool {
	p.Screen = screenOf(r.PathValue("screen"))
	if p.Screen == nil {
		if r.PathValue("screen") == "" {
			p.Screen = screenOf(strings.Split(strings.Trim(r.URL.Path, "/"), "/")[0])
		}
		if p.Screen == nil {
			c.fail(w, r, p, &apiError{Status: http.StatusNotFound, Problem: client.Problem{Detail: "There is no such page."}})
			return false
		}
	}
	p.Title = p.Screen.Title
	return true
}

// refs loads the options of the screen's ref fields (what the principal may
// see of each referenced collection).
func (c *Console) refs(r *http.Request, p *page, fields []field) {
	p.Refs = map[string][]option{}
	for _, f := range fields {
		if f.Kind != kindRef || p.Refs[f.Ref] != nil {
			continue
		}
		items, err := c.listAll(r, f.Ref, nil)
		if err != nil {
			// No read permission on the referenced collection: ids only.
			p.Refs[f.Ref] = []option{}
			continue
		}
		label := screenOf(f.Ref).Label
		o := make([]option, 0, len(items))
		for _, it := range items {
			o = append(o, option{display(it["id"]), display(it[label])})
		}
		p.Refs[f.Ref] = o
	}
}

func (c *Console) list(w http.ResponseWriter, r *http.Request, p *page) {
	if !c.screen(w, r, p) {
		return
	}
	q := url.Values{}
	p.Filters = map[string]string{}
	for _, f := range p.Screen.Filters {
		if v := r.URL.Query().Get(f.Name); v != "" {
			q.Set(f.Name, v)
			p.Filters[f.Name] = v
		}
	}
	items, err := c.listAll(r, p.Screen.Path, q)
	if err != nil {
		c.fail(w, r, p, err)
		return
	}
	c.refs(r, p, append(slices.Clone(p.Screen.Fields), p.Screen.Filters...))
	// The search box keeps the items whose shown text contains the words.
	p.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if p.Query != "" {
		needle := strings.ToLower(p.Query)
		items = slices.DeleteFunc(items, func(it map[string]any) bool {
			var text []string
			for _, f := range p.Screen.Fields {
				if f.Column {
					text = append(text, shown(p, f, it[f.Name]))
				}
			}
			return !strings.Contains(strings.ToLower(strings.Join(text, " ")), needle)
		})
	}
	p.Items = items
	c.render(w, r, "list", p)
}

// shown is a field's value as a list or page shows it: references by name.
func shown(p *page, f field, v any) string {
	s := display(v)
	for _, o := range f.Options {
		if o.Value == s && s != "" {
			return o.Label
		}
	}
	if f.Kind == kindRef {
		for _, o := range p.Refs[f.Ref] {
			if o.Value == s {
				return o.Label
			}
		}
	}
	return s
}

// creatable readies a create screen, or answers 404 for a screen that
// creates nothing; it reports whether the screen may go on.
func (c *Console) creatable(w http.ResponseWriter, r *http.Request, p *page) bool {
	if !c.screen(w, r, p) {
		return false
	}
	if p.Screen.ReadOnly {
		c.fail(w, r, p, &apiError{Status: http.StatusNotFound})
		return false
	}
	p.Title = p.Screen.NewLabel
	return true
}

func (c *Console) newForm(w http.ResponseWriter, r *http.Request, p *page) {
	if !c.creatable(w, r, p) {
		return
	}
	p.Values = map[string]string{}
	p.Multi = map[string][]string{}
	for _, f := range p.Screen.Fields {
		p.Values[f.Name] = f.Default
		// Links like /users/new?customer_account_id=ca_... preselect a field.
		if v := r.URL.Query().Get(f.Name); v != "" {
			p.Values[f.Name] = v
		}
	}
	c.refs(r, p, p.Screen.Fields)
	c.render(w, r, "form", p)
}

// formBody turns the submitted form into the API's JSON body. On update,
// only fields whose value differs from current are sent: a masked value
// shown in the form, left as it is, must not overwrite the real one.
func formBody(s *screen, r *http.Request, create bool, current map[string]string, currentMulti map[string][]string) (map[string]any, map[string]string) {
	body := map[string]any{}
	errs := map[string]string{}
	for _, f := range s.Fields {
		if create && !f.Create || !create && !f.Update {
			continue
		}
		v := strings.TrimSpace(r.PostFormValue(f.Name))
		if f.Kind == kindPassword {
			v = r.PostFormValue(f.Name) // passwords are taken as typed
		}
		if f.Kind == kindCheckbox {
			v = strconv.FormatBool(v != "")
		}
		if f.Kind == kindPerms {
			perms := r.PostForm[f.Name]
			if perms == nil {
				perms = []string{}
			}
			if create || !slices.Equal(sorted(perms), sorted(currentMulti[f.Name])) {
				body[f.Name] = perms
			}
			continue
		}
		if !create && v == current[f.Name] {
			continue
		}
		switch f.Kind {
		case kindPassword:
			if v != "" {
				body[f.Name] = v
			}
		case kindCheckbox:
			body[f.Name] = v == "true"
		case kindNumber:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs[f.Name] = "must be a whole number"
				continue
			}
			body[f.Name] = n
		case kindRef:
			if v != "" {
				body[f.Name] = v
			} else if !create {
				body[f.Name] = nil
			}
		case kindList:
			l := []string{}
			for _, e := range strings.Split(v, ";") {
				if e = strings.TrimSpace(e); e != "" {
					l = append(l, e)
				}
			}
			body[f.Name] = l
		default:
			if v != "" || !create {
				body[f.Name] = v
			}
		}
	}
	return body, errs
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// formValues are the values of an entity as its form shows them.
func formValues(s *screen, it map[string]any) (map[string]string, map[string][]string) {
	v := map[string]string{}
	m := map[string][]string{}
	for _, f := range s.Fields {
		switch f.Kind {
		case kindPassword:
		case kindPerms:
			for _, e := range asList(it[f.Name]) {
				m[f.Name] = append(m[f.Name], display(e))
			}
		default:
			v[f.Name] = display(it[f.Name])
		}
	}
	return v, m
}

func asList(v any) []any { l, _ := v.([]any); return l }

// formError shows the form again with the submitted input and the API's
// field errors next to their fields.
func (c *Console) formError(w http.ResponseWriter, r *http.Request, p *page, err error, local map[string]string) {
	p.Values = map[string]string{}
	p.Multi = map[string][]string{}
	for _, f := range p.Screen.Fields {
		if f.Kind == kindPerms {
			p.Multi[f.Name] = r.PostForm[f.Name]
			continue
		}
		if f.Kind != kindPassword {
			p.Values[f.Name] = r.PostFormValue(f.Name)
		}
		if f.Kind == kindCheckbox {
			p.Values[f.Name] = strconv.FormatBool(r.PostFormValue(f.Name) != "")
		}
	}
	p.Errors = local
	status := http.StatusUnprocessableEntity
	if e, ok := err.(*apiError); ok {
		if e.Status == http.StatusUnauthorized {
			c.fail(w, r, p, err)
			return
		}
		status = e.Status
		p.Errors = e.fieldErrors()
		p.Error = e.Error()
	} else if err != nil {
		c.fail(w, r, p, err)
		return
	}
	if p.Error == "" {
		p.Error = "Some fields need attention."
	}
	c.refs(r, p, p.Screen.Fields)
	w.WriteHeader(status)
	c.render(w, r, "form", p)
}

func (c *Console) create(w http.ResponseWriter, r *http.Request, p *page) {
	if !c.creatable(w, r, p) {
		return
	}
	body, errs := formBody(p.Screen, r, true, nil, nil)
	if len(errs) > 0 {
		c.formError(w, r, p, nil, errs)
		return
	}
	var created map[string]any
	if err := c.call(r, http.MethodPost, "/"+p.Screen.Path, body, &created); err != nil {
		c.formError(w, r, p, err, nil)
		return
	}
	// A secret is answered once: show it now, on the new entity's page.
	secret := display(created["generated_password"])
	if secret == "" {
		secret = display(created["token"])
	}
	if secret != "" {
		p.Secret = secret
		c.showItem(w, r, p, created)
		return
	}
	http.Redirect(w, r, "/"+p.Screen.Path+"/"+url.PathEscape(display(created["id"])), http.StatusSeeOther)
}

func (c *Console) get(r *http.Request, p *page) (map[string]any, error) {
	var it map[string]any
	err := c.call(r, http.MethodGet, "/"+p.Screen.Path+"/"+url.PathEscape(r.PathValue("id")), nil, &it)
	return it, err
}

func (c *Console) show(w http.ResponseWriter, r *http.Request, p *page) {
	if !c.screen(w, r, p) {
		return
	}
	it, err := c.get(r, p)
	if err != nil {
		c.fail(w, r, p, err)
		return
	}
	c.showItem(w, r, p, it)
}

func (c *Console) showItem(w http.ResponseWriter, r *http.Request, p *page, it map[string]any) {
	p.Item = it
	c.refs(r, p, p.Screen.Fields)
	id := display(it["id"])
	p.Title = p.Screen.Singular + " " + shown(p, field{Name: p.Screen.Label}, it[p.Screen.Label])
	switch p.Screen.Path {
	case "customer-accounts":
		q := url.Values{"customer_account_id": {id}}
		if items, err := c.listAll(r, "companies", q); err == nil {
			p.Sections = append(p.Sections, section{Title: "Companies", Screen: screenOf("companies"), Items: items})
		}
		users, err := c.listAll(r, "users", url.Values{"customer_account_id": {id}})
		if err == nil {
			p.Sections = append(p.Sections, section{Title: "Users", Screen: screenOf("users"), Items: users})
			var lic []map[string]any
			for _, u := range users {
				items, err := c.listAll(r, "license-assignments", url.Values{"user_id": {display(u["id"])}})
				if err != nil {
					break
				}
				lic = append(lic, items...)
			}
			p.Sections = append(p.Sections, section{Title: "Licences", Screen: screenOf("license-assignments"), Items: lic})
		}
	case "users":
		// The user's groups: the groups listing it as a member.
		groups, err := c.listAll(r, "groups", nil)
		if err == nil {
			var in []map[string]any
			var add []option
			for _, g := range groups {
				gid := display(g["id"])
				if c.call(r, http.MethodGet, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(id), nil, nil) == nil {
					in = append(in, g)
				} else {
					add = append(add, option{gid, display(g["name"])})
				}
			}
			p.Sections = append(p.Sections, section{Title: "Groups", Screen: screenOf("groups"), Items: in, Remove: "/groups/{id}/members/" + id, RemoveK: "id"})
			p.AddOptions, p.AddLabel, p.AddPath, p.AddField = add, "Add Group", "/users/"+id+"/groups", "group_id"
		}
		if items, err := c.listAll(r, "license-assignments", url.Values{"user_id": {id}}); err == nil {
			p.Sections = append(p.Sections, section{Title: "Licences", Screen: screenOf("license-assignments"), Items: items})
		}
	case "groups":
		members, err := c.listAll(r, "groups/"+url.PathEscape(id)+"/members", nil)
		if err == nil {
			users, _ := c.listAll(r, "users", nil)
			var in []map[string]any
			var add []option
			member := map[string]bool{}
			for _, m := range members {
				member[display(m["user_id"])] = true
			}
			for _, u := range users {
				if member[display(u["id"])] {
					in = append(in, u)
				} else {
					add = append(add, option{display(u["id"]), display(u["login"])})
				}
			}
			p.Sections = append(p.Sections, section{Title: "Members", Screen: screenOf("users"), Items: in, Remove: "/groups/" + id + "/members/{id}", RemoveK: "id"})
			p.AddOptions, p.AddLabel, p.AddPath, p.AddField = add, "Add Member", "/groups/"+id+"/members", "user_id"
		}
	}
	c.render(w, r, "show", p)
}

// editable loads the item an edit screen changes, or answers: 404 for a
// screen that cannot be edited, the API's error for the item. ok is false
// when it has answered.
func (c *Console) editable(w http.ResponseWriter, r *http.Request, p *page) (it map[string]any, ok bool) {
	if !c.screen(w, r, p) {
		return nil, false
	}
	if p.Screen.ReadOnly || p.Screen.NoUpdate {
		c.fail(w, r, p, &apiError{Status: http.StatusNotFound})
		return nil, false
	}
	it, err := c.get(r, p)
	if err != nil {
		c.fail(w, r, p, err)
		return nil, false
	}
	p.Item = it
	p.Title = "Edit " + p.Screen.Singular
	return it, true
}

func (c *Console) editForm(w http.ResponseWriter, r *http.Request, p *page) {
	it, ok := c.editable(w, r, p)
	if !ok {
		return
	}
	p.Values, p.Multi = formValues(p.Screen, it)
	c.refs(r, p, p.Screen.Fields)
	c.render(w, r, "form", p)
}

func (c *Console) update(w http.ResponseWriter, r *http.Request, p *page) {
	it, ok := c.editable(w, r, p)
	if !ok {
		return
	}
	cur, curMulti := formValues(p.Screen, it)
	body, errs := formBody(p.Screen, r, false, cur, curMulti)
	if len(errs) > 0 {
		c.formError(w, r, p, nil, errs)
		return
	}
	// If-Match: the version the form was rendered from, so a change made
	// meanwhile (by Terraform, or another tab) is not overwritten silently.
	version := r.PostFormValue("version")
	if version == "" {
		version = display(it["version"])
	}
	path := "/" + p.Screen.Path + "/" + url.PathEscape(r.PathValue("id"))
	if len(body) > 0 {
		if err := c.call(r, http.MethodPatch, path, body, nil, "If-Match", `"`+version+`"`); err != nil {
			c.formError(w, r, p, err, nil)
			return
		}
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

func (c *Console) remove(w http.ResponseWriter, r *http.Request, p *page) {
	if !c.screen(w, r, p) {
		return
	}
	path := "/" + p.Screen.Path + "/" + url.PathEscape(r.PathValue("id"))
	if err := c.call(r, http.MethodDelete, path, nil, nil); err != nil {
		// A refused delete (409) names the dependants by id: shown with
		// their names too.
		if e, ok := err.(*apiError); ok && e.Status == http.StatusConflict {
			e.Problem.Detail = c.nameIDs(r, e.Problem.Detail)
		}
		c.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/"+p.Screen.Path, http.StatusSeeOther)
}

var idRE = regexp.MustCompile(`\b(ca|co|usr|grp|sa|sl|lic|tok)_[0-9a-z]+\b`)

// nameIDs follows each entity id in text with its name, where the
// principal may read it.
func (c *Console) nameIDs(r *http.Request, text string) string {
	collections := map[string]string{"ca": "customer-accounts", "co": "companies", "usr": "users", "grp": "groups",
		"sa": "storage-accounts", "sl": "storage-limits", "lic": "license-assignments", "tok": "tokens"}
	return idRE.ReplaceAllStringFunc(text, func(id string) string {
		prefix, _, _ := strings.Cut(id, "_")
		s := screenOf(collections[prefix])
		var it map[string]any
		if s == nil || c.call(r, http.MethodGet, "/"+s.Path+"/"+url.PathEscape(id), nil, &it) != nil {
			return id
		}
		return fmt.Sprintf("%q %s", display(it[s.Label]), id)
	})
}

func (c *Console) disable(w http.ResponseWriter, r *http.Request, p *page) {
	path := "/users/" + url.PathEscape(r.PathValue("id"))
	if err := c.call(r, http.MethodPatch, path, map[string]any{"enabled": false}, nil); err != nil {
		c.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// addMember puts a user in a group: from the group's page (user_id) or
// from the user's page (group_id, back to the user).
func (c *Console) addMember(w http.ResponseWriter, r *http.Request, p *page) {
	gid, uid := r.PathValue("id"), r.PostFormValue("user_id")
	if err := c.call(r, http.MethodPut, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(uid), nil, nil); err != nil {
		c.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, back(r, "/groups/"+gid), http.StatusSeeOther)
}

// addGroup is Add Group on a user's page.
func (c *Console) addGroup(w http.ResponseWriter, r *http.Request, p *page) {
	gid, uid := r.PostFormValue("group_id"), r.PathValue("id")
	if err := c.call(r, http.MethodPut, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(uid), nil, nil); err != nil {
		c.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/users/"+uid, http.StatusSeeOther)
}

func (c *Console) removeMember(w http.ResponseWriter, r *http.Request, p *page) {
	gid, uid := r.PathValue("id"), r.PathValue("user_id")
	if err := c.call(r, http.MethodDelete, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(uid), nil, nil); err != nil {
		c.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, back(r, "/groups/"+gid), http.StatusSeeOther)
}

// back is the form's "back" field when it is a local path, else def.
func back(r *http.Request, def string) string {
	b := r.PostFormValue("back")
	if strings.HasPrefix(b, "/") && !strings.HasPrefix(b, "//") && !strings.Contains(b, `\`) {
		return b
	}
	return def
}

// home opens the first screen of the menu that the user may read.
func (c *Console) home(w http.ResponseWriter, r *http.Request, p *page) {
	for _, s := range screens {
		if c.call(r, http.MethodGet, "/"+s.Path+"?page_size=1", nil, nil) == nil {
			http.Redirect(w, r, "/"+s.Path, http.StatusSeeOther)
			return
		}
	}
	p.Title = "mspbackup console"
	p.Notice = "Your groups give you no permission to read any screen. Ask an administrator."
	c.render(w, r, "message", p)
}

func (c *Console) pool(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title = "Licences"
	p.Screen = screenOf("license-assignments")
	var pool client.LicensePool
	if err := c.call(r, http.MethodGet, "/license-pool", nil, &pool); err != nil {
		c.fail(w, r, p, err)
		return
	}
	p.Pool = pool.Items
	items, err := c.listAll(r, "license-assignments", nil)
	if err != nil {
		c.fail(w, r, p, err)
		return
	}
	p.Items = items
	c.refs(r, p, p.Screen.Fields)
	c.render(w, r, "pool", p)
}
