package console

// The buttons of the screens that are not forms of fields: delete,
// disable, and group membership.

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

func (c *Console) remove(w http.ResponseWriter, r *http.Request, p *page) {
	if !c.screen(w, r, p) {
		return
	}
	path := "/" + p.Screen.Path + "/" + url.PathEscape(r.PathValue("id"))
	if p.Screen.Path == "users" && r.PostFormValue("backup_data") == "delete" {
		path += "?backup_data=delete" // the delete dialog's choice; keep is the API's default
	}
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
	c.callThenRedirect(w, r, p, http.MethodPatch, path, map[string]any{"enabled": false}, path)
}

// addMember puts a user in a group: from the group's page (user_id) or
// from the user's page (group_id, back to the user).
func (c *Console) addMember(w http.ResponseWriter, r *http.Request, p *page) {
	gid, uid := r.PathValue("id"), r.PostFormValue("user_id")
	c.callThenRedirect(w, r, p, http.MethodPut, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(uid), nil, back(r, "/groups/"+gid))
}

// addGroup is Add Group on a user's page.
func (c *Console) addGroup(w http.ResponseWriter, r *http.Request, p *page) {
	gid, uid := r.PostFormValue("group_id"), r.PathValue("id")
	c.callThenRedirect(w, r, p, http.MethodPut, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(uid), nil, "/users/"+uid)
}

func (c *Console) removeMember(w http.ResponseWriter, r *http.Request, p *page) {
	gid, uid := r.PathValue("id"), r.PathValue("user_id")
	c.callThenRedirect(w, r, p, http.MethodDelete, "/groups/"+url.PathEscape(gid)+"/members/"+url.PathEscape(uid), nil, back(r, "/groups/"+gid))
}

// callThenRedirect makes a button's API call and, when it succeeds, sends
// the browser to next; a refusal is shown on the page (see fail).
func (c *Console) callThenRedirect(w http.ResponseWriter, r *http.Request, p *page, method, path string, body any, next string) {
	if err := c.call(r, method, path, body, nil); err != nil {
		c.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// back is the form's "back" field when it is a local path, else def.
func back(r *http.Request, def string) string {
	b := r.PostFormValue("back")
	if strings.HasPrefix(b, "/") && !strings.HasPrefix(b, "//") && !strings.Contains(b, `\`) {
		return b
	}
	return def
}
