package server

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

type embeddedForKeys struct {
	ID    string `json:"id"`
	Shade string `json:"colour"`
}

type itemForKeys struct {
	Name string `json:"name"`
}

type requestForKeys struct {
	embeddedForKeys
	Colour string                         `json:"colour"` // wins over the embedded one
	Item   client.Nullable[itemForKeys]   `json:"item,omitzero"`
	Items  []itemForKeys                  `json:"items"`
	ByName map[string]itemForKeys         `json:"by_name"`
	At     *time.Time                     `json:"at"`
	Skip   string                         `json:"-"`
	Ptr    *client.Nullable[*itemForKeys] `json:"ptr"`
}

// TestCheckJSONKeysFollowsTheTargetType covers the shapes that request
// types may take but today's do not all use: embedded structs, nested
// structs behind Nullable, pointers, slices and maps.
func TestCheckJSONKeysFollowsTheTargetType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want []string // paths refused; none for a body that passes
	}{
		{`{"id":"x","colour":"red","item":{"name":"a"},"items":[{"name":"b"}],"by_name":{"k":{"name":"c"}},"at":"2024-01-01T00:00:00Z","ptr":null}`, nil},
		{`{"item":null,"ptr":{"name":"d"}}`, nil},
		{`{"ID":"x"}`, []string{"ID"}},
		{`{"item":{"Name":"a"}}`, []string{"item.Name"}},
		{`{"ptr":{"name":"a","name":"b"}}`, []string{"ptr.name"}},
		{`{"items":[{"name":"a"},{"nmae":"b"}]}`, []string{"items[1].nmae"}},
		{`{"by_name":{"k":{"NAME":"c"},"k":{}}}`, []string{"by_name.k.NAME", "by_name.k"}},
		{`{"at":{"x":1,"x":2}}`, []string{"at.x"}},
		{`{"Skip":"x","-":1}`, []string{"Skip", "-"}},
		{`{"name":`, nil}, // malformed: the decoder words it
		{`[{"a":1,"a":2}]`, []string{"[0].a"}},
	}
	for _, tt := range tests {
		err := checkJSONKeys([]byte(tt.body), reflect.TypeFor[requestForKeys]())
		var got []string
		if err != nil {
			for _, f := range err.(*apiError).fields {
				got = append(got, f.Field)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: refused %q (%v), want %q", tt.body, got, err, tt.want)
		}
	}
}

func TestCheckJSONKeysNamesAFewKeysOfMany(t *testing.T) {
	t.Parallel()
	body := `{"id":"x"` + strings.Repeat(`,"id":"x"`, 1000) + `}`
	err := checkJSONKeys([]byte(body), reflect.TypeFor[requestForKeys]())
	ae, ok := err.(*apiError)
	if !ok || len(ae.fields) != maxKeyProblems || !strings.HasSuffix(ae.detail, fmt.Sprintf("and %d more", 1000-maxKeyProblems)) {
		t.Fatalf("1000 duplicate keys: %v, want %d named and the rest counted", err, maxKeyProblems)
	}
}

func TestCheckJSONKeysBoundsNesting(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1)
	err := checkJSONKeys([]byte(deep), reflect.TypeFor[requestForKeys]())
	if ae, ok := err.(*apiError); !ok || ae.status != 400 {
		t.Fatalf("body nested %d deep: %v, want a 400", maxJSONDepth+1, err)
	}
}
