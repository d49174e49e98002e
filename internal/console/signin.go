package console

// Sign-in: password, then the MFA code when the API asks for one, and
// sign-out; the API decides, throttles and locks.

import (
	"net/http"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
