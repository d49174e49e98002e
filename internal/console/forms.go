package console

// The create and edit forms of the screens, turned into API bodies; the
// API's field errors are shown next to the fields.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

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
	p.IdempotencyKey = randomToken()
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
	if p.Item == nil {
		// A new key for the form shown again: what is sent next is another
		// request (and the old key may be spent, if the error came from
		// reusing it).
		p.IdempotencyKey = randomToken()
	}
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
	if err := c.createOnce(r, "/"+p.Screen.Path, body, &created); err != nil {
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

// idempotencyField is the hidden field of a create form that carries its
// Idempotency-Key.
const idempotencyField = "idempotency_key"

// Waiting for the first of two submissions of one form.
const (
	inFlightPoll  = 50 * time.Millisecond
	inFlightTries = 200 // 10 s
)

// createOnce posts a create form's body with the form's Idempotency-Key: a
// form submitted twice (a double click, a reload, a retry after a lost
// answer) makes one object, and the second submission gets the answer of
// the first, waiting for it while it is still in flight.
func (c *Console) createOnce(r *http.Request, path string, body, out any) error {
	key := r.PostFormValue(idempotencyField)
	if key == "" { // a form rendered before the key existed
		return c.call(r, http.MethodPost, path, body, out)
	}
	for tries := 1; ; tries++ {
		err := c.call(r, http.MethodPost, path, body, out, "Idempotency-Key", key)
		e, ok := err.(*apiError)
		if !ok || e.Status != http.StatusConflict || !e.Passing || tries == inFlightTries {
			return err
		}
		select {
		case <-r.Context().Done():
			return r.Context().Err()
		case <-time.After(inFlightPoll):
		}
	}
}
