package console

// The tenant's life in the console: suspend and resume a customer account,
// the deleted (pending) accounts with Restore, the day-2 verbs on a user
// and the purge of retained backups. Each button is one API call (the
// purge, a few); the API holds every rule.

import (
	"net/http"
	"net/url"
)

// notices are the messages a verb's redirect names with ?done=: a fixed
// set, so that no link can make the console say something else.
var notices = map[string]string{
	"instructions": "The getting-started e-mail was sent again.",
	"password":     "A new password was mailed to the user, and the user was signed out everywhere.",
	"sessions":     "The user was signed out everywhere.",
	"purged":       "The retained backups were purged.",
	"restored":     "The customer account and everything under it were restored.",
}

// accountStatus is Suspend (status suspended) and Resume (active) on a
// customer account's page.
func (c *Console) accountStatus(status string) func(http.ResponseWriter, *http.Request, *page) {
	return func(w http.ResponseWriter, r *http.Request, p *page) {
		path := "/customer-accounts/" + url.PathEscape(r.PathValue("id"))
		c.callThenRedirect(w, r, p, http.MethodPatch, path, map[string]any{"status": status}, path)
	}
}

// deleted lists the customer accounts pending deletion, with their purge
// times and Restore.
func (c *Console) deleted(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title = "Deleted customer accounts"
	p.Screen = screenOf("customer-accounts")
	items, err := c.listAll(r, "customer-accounts", url.Values{"status": {"pending_deletion"}})
	if err != nil {
		c.fail(w, r, p, err)
		return
	}
	p.Items = items
	if done := notices[r.URL.Query().Get("done")]; done != "" {
		p.Notice = done
	}
	c.render(w, r, "deleted", p)
}

func (c *Console) restore(w http.ResponseWriter, r *http.Request, p *page) {
	c.callThenRedirect(w, r, p, http.MethodPost, "/customer-accounts/"+url.PathEscape(r.PathValue("id"))+"/restore", nil, "/deleted-customer-accounts?done=restored")
}

// userVerb is a button on a user's page: send instructions, reset the
// password (generated and mailed: the console never sees it), end sessions.
func (c *Console) userVerb(verb, done string, body any) func(http.ResponseWriter, *http.Request, *page) {
	return func(w http.ResponseWriter, r *http.Request, p *page) {
		path := "/users/" + url.PathEscape(r.PathValue("id"))
		c.callThenRedirect(w, r, p, http.MethodPost, path+"/"+verb, body, path+"?done="+done)
	}
}

// maxPurgeCalls bounds the batches one Purge button runs (1000 each).
const maxPurgeCalls = 100

// purge deletes the retained backups of a deleted user (user_id) or of a
// customer account (customer_account_id), a batch at a time. The browser's
// confirmation dialog is the confirmation: the console echoes the id.
func (c *Console) purge(w http.ResponseWriter, r *http.Request, p *page) {
	req := map[string]any{"limit": 1000}
	id, back := r.PostFormValue("user_id"), "/retained-backups"
	if id != "" {
		req["user_id"] = id
	} else {
		id = r.PostFormValue("customer_account_id")
		req["customer_account_id"] = id
		back = "/customer-accounts/" + url.PathEscape(id)
	}
	req["confirm"] = id
	for range maxPurgeCalls {
		var res struct {
			Remaining int `json:"remaining"`
		}
		if err := c.call(r, http.MethodPost, "/retained-backups/purge", req, &res); err != nil {
			c.fail(w, r, p, err)
			return
		}
		if res.Remaining == 0 {
			break
		}
	}
	http.Redirect(w, r, back+"?done=purged", http.StatusSeeOther)
}
