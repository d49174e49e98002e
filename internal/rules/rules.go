// Package rules is the one home of the field rules that the reference
// server enforces, that the provider checks at plan time and that the
// OpenAPI document states: lengths, patterns and the login rule; and which
// API tokens are configuration that Terraform adopts. Checks
// return a problem phrased to follow the field's name ("must be ..."), or ""
// when the value is fine.
package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
