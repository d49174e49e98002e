package console

// Rendering: what every template gets, and API values as text.

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// page is what every template gets.
type page struct {
	Title    string
	Screen   *screen
	SignedIn bool
	CSRF     string
	Error    string
	Notice   string
	Secret   string // a secret shown once (generated password, token)
	// IdempotencyKey is a create form's: one per rendered form, so that
	// submitting it twice creates one object.
	IdempotencyKey string
	Permissions    []client.Permission
	Item           map[string]any
	Items          []map[string]any
	Values         map[string]string   // form values by field name
	Multi          map[string][]string // multi-valued form values (permissions)
	Errors         map[string]string   // field errors by field name
	Refs           map[string][]option // options of ref fields by collection
	Query          string
	Filters        map[string]string
	// Extra sections of a show page.
	Sections []section
	// Sign-in.
	Login, ChallengeID string
	Pool               []client.LicensePoolEntry
	AddOptions         []option
	AddLabel, AddPath  string
	AddField           string
	// Breadcrumbs are the customer accounts above the one shown, top first.
	Breadcrumbs []option
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
