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
		{"name", rules.Name, "Acme", ""},
		{"name", rules.Name, "  ", "is required"},
		{"name", rules.Name, strings.Repeat("é", rules.MaxName+1), "at most 200"},
		{"name", rules.Name, "Ac\x07me", "control characters"},
		{"description", text(false), "two\nlines", "control characters"},
		{"description", text(true), "two\nlines\tand a tab", ""},
		{"description", text(true), strings.Repeat("d", rules.MaxDescription+1), "at most 1000"},
		{"email", rules.Email, "alice@example.com", ""},
		{"email", rules.Email, "Alice <alice@example.com>", "bare e-mail address"},
		{"email", rules.Email, "alice", `got "alice"`},
		{"email", rules.Email, "", "bare e-mail address"},
		{"user_id", prefix("usr_"), "usr_1", ""},
		{"user_id", prefix("usr_"), "usr_", `must be an id starting with "usr_"`},
		{"user_id", prefix("usr_"), "grp_1", `starting with "usr_", got "grp_1"`},
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

func text(multiline bool) func(string) string {
	return func(v string) string { return rules.Text(v, rules.MaxDescription, multiline) }
}

func prefix(p string) func(string) string {
	return func(v string) string { return rules.IDPrefix(v, p) }
}

func TestUserProblems(t *testing.T) {
	unknown := func(fields ...string) map[string]bool {
		m := map[string]bool{}
		for _, f := range fields {
			m[f] = true
		}
		return m
	}
	for _, tc := range []struct {
		name string
		user rules.User
		want []string // "field message-part", in order
	}{
		{"default mfa needs email", rules.User{}, []string{`email is required when mfa_method is "email"`}},
		{"email mfa with email", rules.User{MFAMethod: "email", Email: "a@example.com"}, nil},
		{"sms needs phone", rules.User{MFAMethod: "sms", Email: "a@example.com"}, []string{`mobile_phone is required when mfa_method is "sms"`}},
		{"sms with phone", rules.User{MFAMethod: "sms", MobilePhone: "+441632960961"}, nil},
		{"none needs nothing", rules.User{MFAMethod: "none"}, nil},
		{"email unknown at plan time", rules.User{Unknown: unknown("email")}, nil},
		{"mfa_method unknown at plan time", rules.User{MFAMethod: "sms", Unknown: unknown("mfa_method")}, nil},
		{"bucket without storage account", rules.User{MFAMethod: "none", Bucket: "b"}, []string{"bucket needs a storage_account_id"}},
		{"bucket with storage account", rules.User{MFAMethod: "none", Bucket: "b", StorageAccount: true}, nil},
		{"storage account unknown", rules.User{MFAMethod: "none", Bucket: "b", Unknown: unknown("storage_account_id")}, nil},
		{"welcome needs email", rules.User{MFAMethod: "none", SendWelcomeEmail: true}, []string{"send_welcome_email needs an email address"}},
		{"password and generate", rules.User{MFAMethod: "none", GeneratePassword: true, Passwords: []string{"password", "password_wo"}},
			[]string{"generate_password cannot be combined with password", "generate_password cannot be combined with password_wo"}},
		{"password alone", rules.User{MFAMethod: "none", Passwords: []string{"password"}}, nil},
		{"every rule at once", rules.User{Bucket: "b", SendWelcomeEmail: true, GeneratePassword: true, Passwords: []string{"password"}},
			[]string{"email is required", "bucket needs", "send_welcome_email needs", "generate_password cannot"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rules.UserProblems(tc.user)
			if len(got) != len(tc.want) {
				t.Fatalf("problems %+v, want %q", got, tc.want)
			}
			for i, p := range got {
				if line := p.Field + " " + p.Message; !strings.HasPrefix(line, tc.want[i]) || p.Hint == "" {
					t.Errorf("problem %d: %q (hint %q), want %q and a hint", i, line, p.Hint, tc.want[i])
				}
			}
		})
	}
}
