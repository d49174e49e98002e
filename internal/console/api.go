package console

// The calls into the API: every page and form is one or more requests to
// the API handler, in process, as the signed-in browser.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// apiError is a non-2xx answer of the API.
type apiError struct {
	Status  int
	Problem client.Problem
	// Passing: the answer carried Retry-After (e.g. the 409 of a request
	// whose Idempotency-Key is still in flight).
	Passing bool
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
		e := &apiError{Status: res.StatusCode, Passing: res.Header.Get("Retry-After") != ""}
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
