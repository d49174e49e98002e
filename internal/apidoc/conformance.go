package apidoc

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Conformance checks exchanges with the server against the document. Tests
// run every request they send and every answer they get through it.
type Conformance struct {
	router routers.Router
}

// answerHeaders are the API's own response headers: each one an answer
// carries must be documented for that answer.
var answerHeaders = []string{HeaderETag, HeaderLocation, HeaderRetryAfter, "RateLimit", "RateLimit-Policy"}

// NewConformance loads the document for checking.
func NewConformance() (*Conformance, error) {
	doc, err := Document()
	if err != nil {
		return nil, err
	}
	spec, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		return nil, fmt.Errorf("route the OpenAPI document: %w", err)
	}
	return &Conformance{router: router}, nil
}

// Check reports how an exchange departs from the document: an answer with
// an undocumented status, header or body; a request the document refuses
// that the server accepted; a route the document lacks that the server
// answered as if it existed. req's body is reqBody; res's is resBody.
func (c *Conformance) Check(ctx context.Context, req *http.Request, reqBody []byte, res *http.Response, resBody []byte) error {
	req = req.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return nil // the server also knows no such endpoint
		}
		return fmt.Errorf("%s %s is not in the document, yet the server answered %d", req.Method, req.URL.Path, res.StatusCode)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && res.StatusCode < 400 {
		return fmt.Errorf("%s %s: the document refuses this request, yet the server answered %d: %w",
			req.Method, req.URL.Path, res.StatusCode, err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body:    io.NopCloser(bytes.NewReader(resBody)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("%s %s answered %d, which the document does not describe: %w", req.Method, req.URL.Path, res.StatusCode, err)
	}
	documented := route.Operation.Responses.Status(res.StatusCode)
	for _, h := range answerHeaders {
		if res.Header.Get(h) == "" {
			continue
		}
		if documented == nil || documented.Value == nil || !hasHeader(documented.Value.Headers, h) {
			return fmt.Errorf("%s %s answered %d with header %s, which the document does not describe for it",
				req.Method, req.URL.Path, res.StatusCode, h)
		}
	}
	return nil
}

func hasHeader(headers openapi3.Headers, name string) bool {
	for h := range headers {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}
