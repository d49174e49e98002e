package console

// The session and CSRF: the session cookie holds the API session token;
// forms carry a double-submit CSRF token; authed proves the session with
// the API on every page.

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
	tok := randomToken()
	setCookie(w, r, csrfCookie, tok, time.Time{})
	// Later reads in this request see it too.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// randomToken is 32 random bytes, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
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
