// Package rules is the one home of the field rules that the reference
// server enforces, that the provider checks at plan time and that the
// OpenAPI document states: lengths, patterns, e-mail addresses, id
// prefixes, the login and password rules, the defaults, the rules between a
// user's fields (User), and which API tokens are configuration that
// Terraform adopts. Checks return a problem phrased to follow the field's
// name ("must be ..."), or "" when the value is fine.
package rules

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Defaults of a user's optional fields, as the server applies them and the
// provider, the console and the exporter assume them.
const (
	DefaultMFAMethod     = client.MFAMethodEmail
	DefaultLicenseSource = client.LicenseSourceGlobalPool
)

// Lengths, in characters (Unicode code points).
const (
	// MaxName bounds names, logins, people's names, buckets, regions and
	// access key ids.
	MaxName = 200
	// MaxDescription bounds descriptions and secrets.
	MaxDescription = 1000
	// MinPassword and MaxPassword bound a password.
	MinPassword = 12
	MaxPassword = 256
)

// E164Pattern is a phone number in E.164 form: a +, the country code and
// the number, digits only, at most 15 digits.
const E164Pattern = `^\+[1-9][0-9]{1,14}$`

var e164 = regexp.MustCompile(E164Pattern)

// Phone checks a phone number in E.164 form.
func Phone(v string) string {
	if !e164.MatchString(v) {
		return fmt.Sprintf("must be in E.164 form: a +, the country code and the number, digits only, "+
			"at most 15 digits (e.g. +441632960961), not %q", v)
	}
	return ""
}

// Login checks a login: 1 to MaxName characters, and no whitespace, no
// control (Cc) or format (Cf: bidi overrides like U+202E, zero-width spaces
// and joiners, U+FEFF) characters, which would let two logins look alike or
// one read differently than it is stored, and no U+FFFD (what invalid UTF-8
// decodes to). Uniqueness is decided on the NFKC case-folded form (the
// server's store).
func Login(v string) string {
	n := utf8.RuneCountInString(v)
	bad := strings.IndexFunc(v, func(r rune) bool {
		return r == utf8.RuneError || unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf)
	})
	switch {
	case n == 0:
		return "is required"
	case n > MaxName:
		return fmt.Sprintf("must be at most %d characters, not %d", MaxName, n)
	case bad >= 0:
		r, _ := utf8.DecodeRuneInString(v[bad:])
		return fmt.Sprintf("must not contain whitespace, control, format or replacement characters (found %U at byte %d)", r, bad)
	}
	return ""
}

// Password checks a password's length.
func Password(v string) string {
	if n := utf8.RuneCountInString(v); n < MinPassword || n > MaxPassword {
		return fmt.Sprintf("must be %d to %d characters long", MinPassword, MaxPassword)
	}
	return ""
}

// LoginSessionName is the name the server gives the token a sign-in answers.
const LoginSessionName = "login session"

// The reasons TokenNotConfiguration gives.
const (
	TokenLoginSession = "login session"
	TokenExpired      = "expired"
)

// TokenNotConfiguration says why an API token is not configuration for
// Terraform to adopt (mspbackup-export and terraform query leave it out): a
// login session, which a sign-in made and which ends by itself, or a token
// already expired at now. It returns "" for a token to adopt.
func TokenNotConfiguration(name string, expiresAt *time.Time, now time.Time) string {
	switch {
	case name == LoginSessionName && expiresAt != nil:
		return TokenLoginSession
	case expiresAt != nil && !expiresAt.After(now):
		return TokenExpired
	}
	return ""
}

// Name checks a name: 1 to MaxName characters once trimmed, and no control
// characters.
func Name(v string) string {
	n := utf8.RuneCountInString(strings.TrimSpace(v))
	switch {
	case n == 0:
		return "is required"
	case n > MaxName:
		return fmt.Sprintf("must be at most %d characters, not %d", MaxName, n)
	case hasControl(v):
		return "must not contain control characters"
	}
	return ""
}

// Text checks a free text of at most max characters without control
// characters; multiline allows new lines and tabs.
func Text(v string, max int, multiline bool) string {
	if n := utf8.RuneCountInString(v); n > max {
		return fmt.Sprintf("must be at most %d characters, not %d", max, n)
	}
	if strings.IndexFunc(v, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r'))
	}) >= 0 {
		return "must not contain control characters"
	}
	return ""
}

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// Email checks a bare e-mail address such as alice@example.com (no display
// name, no angle brackets).
func Email(v string) string {
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		return fmt.Sprintf("must be a bare e-mail address such as alice@example.com, got %q", v)
	}
	return ""
}

// IDPrefix checks that a reference at least looks like an id of its kind:
// the entity's prefix (client.PrefixUser, ...) and something after it.
func IDPrefix(v, prefix string) string {
	if !strings.HasPrefix(v, prefix) || len(v) == len(prefix) {
		return fmt.Sprintf("must be an id starting with %q, got %q", prefix, v)
	}
	return ""
}

// User is what the rules between a user's fields read. At plan time some
// values are not known yet: Unknown names those fields, and a rule that
// reads one of them is left to apply time (the server then decides).
type User struct {
	MFAMethod        string // "" is DefaultMFAMethod
	Email            string
	MobilePhone      string
	Bucket           string
	StorageAccount   bool // storage_account_id is set
	SendWelcomeEmail bool
	GeneratePassword bool
	Passwords        []string // the fields set that give a password ("password", "password_wo")
	Unknown          map[string]bool
}

// Problem is a broken rule: the field at fault, what is wrong phrased to
// follow the field's name, and how to put it right.
type Problem struct {
	Field, Message, Hint string
}

// UserProblems returns every rule between a user's fields that u breaks,
// by field.
func UserProblems(u User) []Problem {
	known := func(fields ...string) bool {
		for _, f := range fields {
			if u.Unknown[f] {
				return false
			}
		}
		return true
	}
	method := u.MFAMethod
	if method == "" {
		method = DefaultMFAMethod
	}
	var out []Problem
	switch {
	case !known("mfa_method"):
	case method == client.MFAMethodEmail && u.Email == "" && known("email"):
		out = append(out, Problem{"email", `is required when mfa_method is "email" (the default)`,
			`mfa_method "email" sends login codes by e-mail. Set email, or set mfa_method to "sms" (with mobile_phone) or "none".`})
	case method == client.MFAMethodSMS && u.MobilePhone == "" && known("mobile_phone"):
		out = append(out, Problem{"mobile_phone", `is required when mfa_method is "sms"`,
			`mfa_method "sms" sends login codes by text message. Set mobile_phone (E.164, e.g. +441632960961), or choose another mfa_method.`})
	}
	if u.Bucket != "" && !u.StorageAccount && known("bucket", "storage_account_id") {
		out = append(out, Problem{"bucket", "needs a storage_account_id",
			"bucket names a bucket or container within a storage account, so it can only be set together with storage_account_id."})
	}
	if u.SendWelcomeEmail && u.Email == "" && known("send_welcome_email", "email") {
		out = append(out, Problem{"send_welcome_email", "needs an email address to send to",
			"send_welcome_email = true e-mails the new user, so email must be set."})
	}
	for _, field := range u.Passwords {
		if u.GeneratePassword && known("generate_password") {
			out = append(out, Problem{"generate_password", "cannot be combined with " + field,
				"Set either " + field + " or generate_password = true, not both: the server cannot both take a password and generate one."})
		}
	}
	return out
}
