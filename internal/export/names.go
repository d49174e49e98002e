package export

import (
	"strconv"
	"strings"
)

// slug turns a natural key (a name, a login) into the body of a Terraform
// resource name: lowercase ASCII letters and digits, every run of anything
// else one underscore, none at either end. It returns "" when nothing is left.
//
//	"Acme Ltd."            -> "acme_ltd"
//	"Alice.Smith@Acme.EU"  -> "alice_smith_acme_eu"
func slug(key string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(key) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	return b.String()
}

// namer hands out resource names of one resource type, unique within it.
// Names are handed out in the order objects are named, so callers name
// objects in a deterministic order (by natural key, then id) and the same
// console always gives the same names.
type namer struct {
	// fallback names an object whose key leaves no identifier, e.g. "user".
	fallback string
	used     map[string]bool
}

func newNamer(fallback string) *namer {
	return &namer{fallback: fallback, used: map[string]bool{}}
}

// name returns the slugs of the key parts joined by underscores (the
// fallback when they are all empty), with an underscore before a leading
// digit (a Terraform name cannot start with one), and "_2", "_3", ...
// appended when an earlier object took that name.
func (n *namer) name(parts ...string) string {
	var slugs []string
	for _, p := range parts {
		if s := slug(p); s != "" {
			slugs = append(slugs, s)
		}
	}
	base := strings.Join(slugs, "_")
	if base == "" {
		base = n.fallback
	}
	if base[0] >= '0' && base[0] <= '9' {
		base = "_" + base
	}
	name := base
	for i := 2; n.used[name]; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	n.used[name] = true
	return name
}
