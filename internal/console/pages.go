package console

// The read-only pages of the screens: lists, one entity with its related
// sections, the licence pool and the home redirect.

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

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
	if p.Screen.Path == "customer-accounts" {
		p.Items = treeOrder(items)
	}
	c.render(w, r, "list", p)
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
	p.Notice = notices[r.URL.Query().Get("done")]
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
		if items, err := c.listAll(r, "retained-backups", q); err == nil {
			p.Sections = append(p.Sections, section{Title: "Retained backups", Screen: screenOf("retained-backups"), Items: items})
		}
		c.treeOfAccount(r, p, it)
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
