package export

import (
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestNamerNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys [][]string // handed to one namer in this order
		want []string
	}{
		{"punctuation and case", [][]string{{"Acme Ltd."}, {"Alice.Smith@Acme.EU"}, {"  --x--  "}}, []string{"acme_ltd", "alice_smith_acme_eu", "x"}},
		{"leading digit", [][]string{{"3M Partners"}, {"2024"}}, []string{"_3m_partners", "_2024"}},
		{"nothing left", [][]string{{"***"}, {"Ünïcødé"}, {""}}, []string{"user", "n_c_d", "user_2"}},
		{"collisions in order", [][]string{{"alice.smith"}, {"Alice_Smith"}, {"alice smith"}, {"alice_smith_2"}},
			[]string{"alice_smith", "alice_smith_2", "alice_smith_3", "alice_smith_2_2"}},
		{"joined parts", [][]string{{"Acme", "Head Office"}, {"Globex", "Head Office"}, {"", "HQ"}}, []string{"acme_head_office", "globex_head_office", "hq"}},
		{"joined parts with a leading digit", [][]string{{"_3m", "workstation"}}, []string{"_3m_workstation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := newNamer("user")
			var got []string
			for _, k := range tt.keys {
				got = append(got, n.name(k...))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("names = %q, want %q", got, tt.want)
			}
			for _, name := range got {
				if !hclsyntax.ValidIdentifier(name) || name[0] == '-' {
					t.Errorf("%q is not a valid Terraform resource name", name)
				}
			}
		})
	}
}
