package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Page sizes of lists.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// listQuery is a validated list request: the page and the filters.
type listQuery struct {
	page store.Page
	q    url.Values
}

func (l listQuery) get(name string) string { return l.q.Get(name) }

// enabled is the boolean filter "enabled", nil when absent.
func (l listQuery) enabled() *bool {
	v := l.q.Get("enabled")
	if v == "" {
		return nil
	}
	b := v == "true"
	return &b
}

// parseList accepts page_size, page_token and the named filters; any other
// query parameter is a 400 (a silently ignored filter would list everything).
func parseList(r *http.Request, filters ...string) (listQuery, error) {
	q := r.URL.Query()
	for k := range q {
		if k != "page_size" && k != "page_token" && !slices.Contains(filters, k) {
			allowed := append([]string{"page_size", "page_token"}, filters...)
			return listQuery{}, badRequest("unknown query parameter %q (this list takes %s)", k, strings.Join(allowed, ", "))
		}
	}
	var fe fieldErrors
	l := listQuery{page: store.Page{Limit: defaultPageSize}, q: q}
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			fe.add("page_size", "must be an integer from 1 to %d, not %q", maxPageSize, v)
		} else {
			l.page.Limit = n
		}
	}
	if v := q.Get("page_token"); v != "" {
		after, ok := parsePageToken(v)
		if !ok {
			fe.add("page_token", "is not a next_page_token of this API")
		}
		l.page.After = after
	}
	if v := q.Get("enabled"); v != "" && v != "true" && v != "false" {
		fe.add("enabled", "must be true or false, not %q", v)
	}
	return l, fe.err()
}

// sendList answers a list route: it takes the named filters (see
// parseList) and sends the page that list finds for them.
func sendList[T any](w http.ResponseWriter, r *http.Request, filters []string,
	list func(ctx context.Context, l listQuery) ([]T, int64, error)) error {
	l, err := parseList(r, filters...)
	if err != nil {
		return err
	}
	items, next, err := list(r.Context(), l)
	return sendPage(w, items, next, err)
}

// listByName answers the list of an entity every account shares (groups,
// storage accounts and limits), filtered by name or name prefix.
func listByName[T any](w http.ResponseWriter, r *http.Request, list func(context.Context, store.NameFilter, store.Page) ([]T, int64, error)) error {
	return sendList(w, r, []string{"name", "name_prefix"}, func(ctx context.Context, l listQuery) ([]T, int64, error) {
		return list(ctx, store.NameFilter{Name: l.get("name"), NamePrefix: l.get("name_prefix")}, l.page)
	})
}

func pageToken(next int64) string {
	if next == 0 {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.FormatInt(next, 10)))
}

func parsePageToken(tok string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(b), "after:")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// sendPage answers one page of a list.
func sendPage[T any](w http.ResponseWriter, items []T, next int64, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, client.Page[T]{Items: items, NextPageToken: pageToken(next)})
	return nil
}
