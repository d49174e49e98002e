package apidoc_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/apidoc"
)

// The conformance check catches each way an exchange can depart from the
// document, and passes one that does not.
func TestConformanceCatchesDepartures(t *testing.T) {
	c, err := apidoc.NewConformance()
	if err != nil {
		t.Fatal(err)
	}
	const limit = `{"id":"sl_1","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","version":1,"name":"x","limit_gb":5}`
	for _, tc := range []struct {
		name, method, path, reqBody string
		status                      int
		header                      http.Header
		resBody                     string
		wantErr                     string // "" when it conforms
	}{
		{name: "conforming read", method: "GET", path: "/api/v1/storage-limits/sl_1", status: 200,
			header: http.Header{"Etag": {`"1"`}}, resBody: limit},
		{name: "undocumented field", method: "GET", path: "/api/v1/storage-limits/sl_1", status: 200,
			resBody: strings.Replace(limit, `"name"`, `"secret":"s","name"`, 1), wantErr: "secret"},
		{name: "missing field", method: "GET", path: "/api/v1/storage-limits/sl_1", status: 200,
			resBody: strings.Replace(limit, `,"limit_gb":5`, "", 1), wantErr: "limit_gb"},
		{name: "undocumented status", method: "GET", path: "/api/v1/storage-limits/sl_1", status: 418,
			resBody: `{}`, wantErr: "418"},
		{name: "undocumented header", method: "DELETE", path: "/api/v1/storage-limits/sl_1", status: 204,
			header: http.Header{"Location": {"/x"}}, wantErr: "Location"},
		{name: "request the document refuses, accepted", method: "POST", path: "/api/v1/storage-limits",
			reqBody: `{"name":"x","limit_gb":"five"}`, status: 201, header: http.Header{"Etag": {`"1"`}, "Location": {"/x"}},
			resBody: limit, wantErr: "refuses this request"},
		{name: "request the document refuses, refused", method: "POST", path: "/api/v1/storage-limits",
			reqBody: `{"name":"x","limit_gb":"five"}`, status: 400,
			header: http.Header{"Content-Type": {"application/problem+json"}}, resBody: `{"title":"Bad Request","status":400}`},
		{name: "route the document lacks, served", method: "GET", path: "/api/v1/secrets", status: 200, resBody: `{}`,
			wantErr: "not in the document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, "http://127.0.0.1"+tc.path, strings.NewReader(tc.reqBody))
			if err != nil {
				t.Fatal(err)
			}
			if tc.reqBody != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			header := http.Header{"Content-Type": {"application/json"}}
			for k, v := range tc.header {
				header[k] = v
			}
			res := &http.Response{StatusCode: tc.status, Header: header}
			err = c.Check(context.Background(), req, []byte(tc.reqBody), res, []byte(tc.resBody))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("conforming exchange refused: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("got %v, want an error naming %q", err, tc.wantErr)
			}
		})
	}
}
