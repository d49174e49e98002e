package export

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// tfFile is one .tf file being written. hclwrite quotes and escapes every
// value (including "${" in console text, which would otherwise be read as a
// template), and hclwrite.Format aligns it as terraform fmt does.
type tfFile struct {
	name string
	f    *hclwrite.File
	// blocks counts the top-level blocks, to separate them by blank lines.
	blocks int
	// imports counts its import blocks.
	imports int
}

func newTFFile(name string) *tfFile {
	return &tfFile{name: name, f: hclwrite.NewEmptyFile()}
}

// comment writes "# line" for each line of text.
func (t *tfFile) comment(text string) {
	t.separate()
	for line := range strings.SplitSeq(text, "\n") {
		t.f.Body().AppendUnstructuredTokens(hclwrite.Tokens{
			{Type: hclsyntax.TokenComment, Bytes: []byte(strings.TrimRight("# "+line, " ") + "\n")},
		})
	}
}

// separate starts a new paragraph: a blank line after what came before.
func (t *tfFile) separate() {
	if t.blocks > 0 {
		t.f.Body().AppendNewline()
	}
	t.blocks++
}

// block appends a block such as `resource "type" "name" { ... }`.
func (t *tfFile) block(typ string, labels ...string) *hclwrite.Body {
	t.separate()
	return t.f.Body().AppendNewBlock(typ, labels).Body()
}

// bytes returns the file formatted as terraform fmt would.
func (t *tfFile) bytes() []byte {
	return hclwrite.Format(t.f.Bytes())
}

// addr is the address of a resource: mspbackup_user.alice.
type addr struct{ typ, name string }

func (a addr) traversal(attr string) hcl.Traversal {
	tr := hcl.Traversal{hcl.TraverseRoot{Name: a.typ}, hcl.TraverseAttr{Name: a.name}}
	if attr != "" {
		tr = append(tr, hcl.TraverseAttr{Name: attr})
	}
	return tr
}

// setString sets a string attribute.
func setString(b *hclwrite.Body, name, value string) {
	b.SetAttributeValue(name, cty.StringVal(value))
}

// setUnlessDefault sets a string attribute unless it holds the schema's
// default, which the provider fills in itself: leaving it out keeps the
// configuration short and still plans no change.
func setUnlessDefault(b *hclwrite.Body, name, value, def string) {
	if value != def {
		setString(b, name, value)
	}
}

// setStrings sets a list of strings, one per line (the schema's sets take
// a list; the order is the caller's, sorted for a stable output).
func setStrings(b *hclwrite.Body, name string, values []string) {
	elems := make([]hclwrite.Tokens, len(values))
	for i, v := range values {
		elems[i] = hclwrite.TokensForValue(cty.StringVal(v))
	}
	b.SetAttributeRaw(name, multilineTuple(elems))
}

// multilineTuple renders [a, b, c] with one element per line, so that a
// diff of a long member list shows the members that changed.
func multilineTuple(elems []hclwrite.Tokens) hclwrite.Tokens {
	if len(elems) == 0 {
		return hclwrite.Tokens{
			{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")},
			{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")},
		}
	}
	toks := hclwrite.Tokens{
		{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")},
		{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")},
	}
	for _, e := range elems {
		toks = append(toks, e...)
		toks = append(toks,
			&hclwrite.Token{Type: hclsyntax.TokenComma, Bytes: []byte(",")},
			&hclwrite.Token{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")},
		)
	}
	return append(toks, &hclwrite.Token{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")})
}
