package apidoc_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/apidoc"
)

var update = flag.Bool("update", false, "rewrite api/openapi.json and the API guide from the Go source")

// committed is the document kept in the repository for API tooling.
var committed = filepath.Join("..", "..", "api", "openapi.json")

// guide is the docs page of the API, a template tfplugindocs renders.
var guide = filepath.Join("..", "..", "templates", "guides", "management-api.md.tmpl")

// The committed guide is what the Go source generates.
func TestCommittedGuideIsCurrent(t *testing.T) {
	want := apidoc.Guide()
	if *update {
		if err := os.WriteFile(guide, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(guide)
	if err != nil {
		t.Fatalf("%v: run make openapi", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run make openapi and make docs, and commit both", guide)
	}
	for _, op := range apidoc.Operations() {
		if !bytes.Contains(got, []byte("| `"+op.Method+"` | `"+op.Path+"` |")) {
			t.Errorf("the guide lacks %s %s", op.Method, op.Path)
		}
	}
}

// The committed document is what the Go source generates: regenerate it
// with `make openapi` after changing an operation or a wire type.
func TestCommittedDocumentIsCurrent(t *testing.T) {
	doc, err := apidoc.Document()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(committed, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatalf("%v: run make openapi", err)
	}
	if !bytes.Equal(got, doc) {
		t.Fatalf("%s is stale: run make openapi and commit it", committed)
	}
}

// The document is a valid OpenAPI 3.1 document (kin-openapi's validator:
// structure, references, schemas, examples).
func TestDocumentIsValidOpenAPI(t *testing.T) {
	doc, err := apidoc.Document()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	spec, err := loader.LoadFromData(doc)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !spec.IsOpenAPI31OrLater() {
		t.Fatalf("openapi %q, want 3.1", spec.OpenAPI)
	}
	if err := spec.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	if n := len(spec.Paths.Map()); n < 30 {
		t.Errorf("%d paths: the document lost operations", n)
	}
}
