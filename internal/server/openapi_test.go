package server_test

import (
	"context"
	"slices"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/apidoc"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The server's routes are exactly the document's operations.
func TestRoutesAreTheDocumentsOperations(t *testing.T) {
	st, err := store.Open(context.Background(), pgtest.StoreDB(t, "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := server.New(server.Config{Store: st, BootstrapToken: "bootstrap-token-for-the-route-test-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, op := range apidoc.Operations() {
		documented = append(documented, op.Pattern())
	}
	served := slices.Clone(srv.Patterns())
	slices.Sort(documented)
	slices.Sort(served)
	for _, p := range served {
		if !slices.Contains(documented, p) {
			t.Errorf("route %s is served but not in the OpenAPI document", p)
		}
	}
	for _, p := range documented {
		if !slices.Contains(served, p) {
			t.Errorf("operation %s is in the OpenAPI document but not served", p)
		}
	}
}

// The document is served, without a token, byte for byte.
func TestServesTheDocument(t *testing.T) {
	_, a := startParallel(t)
	r := a.as("").do("GET", "/openapi.json", nil)
	want, err := apidoc.Document()
	if err != nil {
		t.Fatal(err)
	}
	if r.status != 200 || string(r.body) != string(want) || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /openapi.json: %d %s, %d bytes", r.status, r.header.Get("Content-Type"), len(r.body))
	}
}
