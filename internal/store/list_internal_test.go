package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestParseList checks that the fast path for plain lists decodes exactly
// what encoding/json decodes, and leaves everything else to it.
func TestParseList(t *testing.T) {
	for _, tc := range []struct {
		in    string
		plain bool // decoded without encoding/json
	}{
		{`[]`, false},
		{`[""]`, true},
		{`["a@example.com"]`, true},
		{`["a@example.com","b@example.org"]`, true},
		{`["a,b","c"]`, true},
		{`["ünïcödé@example.com"]`, true},
		{`["a\"b"]`, false},
		{`["\u003ca\u003e@example.com"]`, false},
		{`["\ufffd"]`, false},
		{`[ "a" ]`, false},
		{`["a", "b"]`, false},
		{"[\"a\xffb\"]", false},
		{`["a"`, false},
		{`["a",]`, false},
		{`["a""b"]`, false},
	} {
		plain, ok := parsePlainList(tc.in)
		if ok != tc.plain {
			t.Errorf("parsePlainList(%s): ok %v, want %v", tc.in, ok, tc.plain)
		}
		var want []string
		wantErr := json.Unmarshal([]byte(tc.in), &want)
		got, err := parseList(tc.in)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("parseList(%s): error %v, encoding/json: %v", tc.in, err, wantErr)
			continue
		}
		if ok && !reflect.DeepEqual(plain, want) {
			t.Errorf("parsePlainList(%s) = %q, encoding/json: %q", tc.in, plain, want)
		}
		if err == nil && (got == nil || !reflect.DeepEqual(got, want)) {
			t.Errorf("parseList(%s) = %#v, encoding/json: %#v", tc.in, got, want)
		}
	}
	if got, _ := parseList(""); got == nil || len(got) != 0 {
		t.Errorf(`parseList("") = %#v, want an empty list`, got)
	}
}

// FuzzParseList compares the plain-list fast path with encoding/json.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{`[]`, `["a"]`, `["a","b"]`, `["a\"b"]`, `[""]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plain, ok := parsePlainList(s)
		if !ok {
			return
		}
		var want []string
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("parsePlainList(%q) = %q, encoding/json refuses it: %v", s, plain, err)
		}
		if !reflect.DeepEqual(plain, want) {
			t.Fatalf("parsePlainList(%q) = %q, encoding/json: %q", s, plain, want)
		}
	})
}
