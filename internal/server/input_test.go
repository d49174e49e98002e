package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// fields are the field names of a problem's errors.
func fields(p client.Problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

func TestJSONKeysAreExactAndUnique(t *testing.T) {
	_, a := startParallel(t)
	tests := []struct {
		name, path, body string
		wantFields       []string // the keys the 400 names, with their JSON paths
		wantDetail       string
	}{
		{"duplicate key", "/customer-accounts", `{"name":"a","name":"b"}`, []string{"name"}, `duplicate key "name"`},
		{"duplicate key, same value", "/customer-accounts", `{"name":"a","name":"a"}`, []string{"name"}, `duplicate key "name"`},
		{"upper case", "/customer-accounts", `{"NAME":"a"}`, []string{"NAME"}, `differs from the field "name" only by letter case`},
		{"mixed case", "/storage-limits", `{"name":"l","Limit_GB":5}`, []string{"Limit_GB"}, `"limit_gb"`},
		{"Unicode case (U+017F long s)", "/users", `{"login":"x","paſſword":"correct horse battery"}`, []string{"paſſword"}, `"password"`},
		{"Kelvin sign", "/license-assignments", `{"user_id":"usr_x","license_type":"server","quantity":1,"\u212Aey":1}`, []string{"\u212Aey"}, "unknown field"},
		{"unknown field", "/customer-accounts", `{"name":"a","colour":"red"}`, []string{"colour"}, "unknown field"},
		{"every problem at once", "/customer-accounts", `{"name":"a","Name":"b","name":"c"}`, []string{"Name", "name"}, "only by letter case"},
		{"nested duplicate names its path", "/customer-accounts", `{"name":"a","description":{"k":1,"k":2}}`, []string{"description.k"}, `"description.k"`},
		{"nested in an array", "/groups", `{"name":"g","permissions":[],"x":[{"k":1},{"k":1,"k":2}]}`, []string{"x", "x[1].k"}, `"x[1].k"`},
		{"merge patch field by case", "/users", `{"login":"x","Customer_Account_ID":null}`, []string{"Customer_Account_ID"}, "letter case"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do("POST", tt.path, tt.body)
			p := r.problem()
			if r.status != 400 || r.header.Get("Content-Type") != client.ProblemContentType ||
				!slices.Equal(fields(p), tt.wantFields) || !strings.Contains(p.Detail, tt.wantDetail) {
				t.Errorf("status %d, fields %q, detail %q; want 400 naming %q with %q", r.status, fields(p), p.Detail, tt.wantFields, tt.wantDetail)
			}
		})
	}
}

func TestMergePatchStillTellsNullFromAbsent(t *testing.T) {
	_, a := startParallel(t)
	limit := must[client.StorageLimit](a, 201, "POST", "/storage-limits", client.StorageLimitCreateRequest{Name: unique("Limit"), LimitGB: 5})
	co := must[client.Company](a, 201, "POST", "/companies", client.CompanyCreateRequest{Name: unique("Co"), StorageLimitID: &limit.ID})

	kept := must[client.Company](a, 200, "PATCH", "/companies/"+co.ID, `{"description":"kept"}`)
	if kept.StorageLimitID == nil || *kept.StorageLimitID != limit.ID {
		t.Fatalf("absent storage_limit_id changed it: %+v", kept)
	}
	if r := a.do("PATCH", "/companies/"+co.ID, `{"Storage_Limit_ID":null}`); r.status != 400 {
		t.Fatalf("case variant of a merge-patch field: %d %s", r.status, r.body)
	}
	cleared := must[client.Company](a, 200, "PATCH", "/companies/"+co.ID, `{"storage_limit_id":null}`)
	if cleared.StorageLimitID != nil || cleared.Description != "kept" {
		t.Fatalf("null storage_limit_id did not clear it: %+v", cleared)
	}
}

func TestLoginsAreUniqueOnTheirNFKCCaseFoldedForm(t *testing.T) {
	_, a := startParallel(t)
	tests := []struct{ first, second string }{
		{"alice", "Ａlice"},        // fullwidth A (U+FF21)
		{"bob", "BOB"},            // letter case
		{"k-user", "\u212A-user"}, // Kelvin sign (U+212A) is K
		{"ﬁona", "FIONA"},         // the "fi" ligature (U+FB01)
		{"straße", "STRASSE"},     // full case folding: ß is ss
	}
	for _, tt := range tests {
		t.Run(tt.second, func(t *testing.T) {
			u := a.user(client.UserCreateRequest{Login: tt.first})
			if u.Login != tt.first {
				t.Errorf("created login %q, want exactly %q", u.Login, tt.first)
			}
			r := a.do("POST", "/users", client.UserCreateRequest{Login: tt.second, MFAMethod: client.MFAMethodNone})
			if p := r.problem(); r.status != 409 || !strings.Contains(p.Detail, "login") {
				t.Errorf("second login %q: %d %s, want 409 naming login", tt.second, r.status, r.body)
			}
			list := must[client.Page[client.User]](a, 200, "GET", "/users?login="+tt.second, nil)
			if len(list.Items) != 1 || list.Items[0].ID != u.ID || list.Items[0].Login != tt.first {
				t.Errorf("filter login=%q: %+v, want exactly %s with login %q", tt.second, list.Items, u.ID, tt.first)
			}
		})
	}

	// A rename to another user's folded login collides too; a rename of a
	// user to its own login in another case is allowed and kept exactly.
	u := a.user(client.UserCreateRequest{Login: "carol"})
	if r := a.do("PATCH", "/users/"+u.ID, map[string]string{"login": "Ａlice"}); r.status != 409 {
		t.Errorf("rename to a taken folded login: %d %s", r.status, r.body)
	}
	if got := must[client.User](a, 200, "PATCH", "/users/"+u.ID, map[string]string{"login": "CAROL"}); got.Login != "CAROL" {
		t.Errorf("rename to own login in capitals: %q", got.Login)
	}
}

func TestLoginSignsInByItsFoldedForm(t *testing.T) {
	_, a := startParallel(t)
	a.user(client.UserCreateRequest{Login: "Dora", Password: "correct horse battery staple"})
	r := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "ｄｏｒａ", Password: "correct horse battery staple"})
	if r.Token == "" {
		t.Fatalf("login by the fullwidth form gave no token: %+v", r)
	}
}

func TestLoginRefusesFormatAndControlCharacters(t *testing.T) {
	_, a := startParallel(t)
	for _, login := range []string{
		"admin\u202Etxt.exe", // right-to-left override
		"ad\u200Bmin",        // zero-width space
		"\uFEFFadmin",        // byte order mark
		"ad\u00ADmin",        // soft hyphen
		"ad\u2066min",        // left-to-right isolate
		"ad\x07min",          // BEL (Cc)
		"ad\u0085min",        // next line (Cc)
		"ad min",             // space
		"ad\u3000min",        // ideographic space
		"ad\uFFFDmin",        // what invalid UTF-8 decodes to
	} {
		for _, method := range []string{"POST", "PATCH"} {
			path, u := "/users", (*client.User)(nil)
			if method == "PATCH" {
				u = a.user(client.UserCreateRequest{})
				path += "/" + u.ID
			}
			r := a.do(method, path, map[string]string{"login": login, "mfa_method": "none"})
			if p := r.problem(); r.status != 422 || !slices.Contains(fields(p), "login") {
				t.Errorf("%s login %+q: %d %s, want 422 naming login", method, login, r.status, r.body)
			}
		}
	}
}

func TestNewRefusesAWeakBootstrapToken(t *testing.T) {
	t.Parallel()
	st, err := store.Open(t.Context(), pgtest.StoreDB(t, "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for token, rule := range map[string]string{
		"":                                 "at least 32 characters",
		strings.Repeat("x", 31):            "at least 32 characters",
		strings.Repeat("x", 32) + " ":      "whitespace",
		"\u00A0" + strings.Repeat("x", 32): "whitespace",
	} {
		_, err := server.New(server.Config{Store: st, BootstrapToken: token})
		if err == nil || !strings.Contains(err.Error(), rule) || token != "" && strings.Contains(err.Error(), strings.TrimSpace(token)) {
			t.Errorf("token of %d characters: %v, want an error saying %q without the token", len(token), err, rule)
		}
	}
	if _, err := server.New(server.Config{Store: st, BootstrapToken: strings.Repeat("x", 32)}); err != nil {
		t.Errorf("32 characters: %v", err)
	}
}
