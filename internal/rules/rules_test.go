package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		rule  string
		check func(string) string
		value string
		want  string // a part of the problem; "" when the value is fine
	}{
		{"login", rules.Login, "alice@example.com", ""},
		{"login", rules.Login, "Ａlice", ""}, // fullwidth: allowed, unique on its NFKC form
		{"login", rules.Login, "", "is required"},
		{"login", rules.Login, strings.Repeat("a", rules.MaxName+1), "at most 200"},
		{"login", rules.Login, "al ice", "U+0020"},
		{"login", rules.Login, "alice\u202e", "U+202E"},
		{"login", rules.Login, "al\u200bice", "U+200B"},
		{"login", rules.Login, "\ufeffalice", "U+FEFF"},
		{"login", rules.Login, "al\x00ice", "U+0000"},
		{"login", rules.Login, "al\xffice", "U+FFFD"},
		{"phone", rules.Phone, "+441632960961", ""},
		{"phone", rules.Phone, "441632960961", "E.164"},
		{"phone", rules.Phone, "+44 1632 960961", "E.164"},
		{"phone", rules.Phone, "+0441632960961", "E.164"},
		{"phone", rules.Phone, "+1234567890123456", "E.164"},
		{"password", rules.Password, "twelve-chars", ""},
		{"password", rules.Password, "eleven-char", "12 to 256"},
		{"password", rules.Password, strings.Repeat("p", 257), "12 to 256"},
	} {
		got := tc.check(tc.value)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s %q: %q, want %q", tc.rule, tc.value, got, tc.want)
		}
	}
}

func TestTokenNotConfiguration(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	for _, tt := range []struct {
		name    string
		expires *time.Time
		want    string
	}{
		{"ci pipeline", nil, ""},
		{"ci pipeline", &later, ""},
		{"ci pipeline", &earlier, rules.TokenExpired},
		{"ci pipeline", &now, rules.TokenExpired},
		{rules.LoginSessionName, &later, rules.TokenLoginSession},
		{rules.LoginSessionName, nil, ""}, // named so by a person, and never expiring: not a session
	} {
		if got := rules.TokenNotConfiguration(tt.name, tt.expires, now); got != tt.want {
			t.Errorf("TokenNotConfiguration(%q, %v) = %q, want %q", tt.name, tt.expires, got, tt.want)
		}
	}
}
