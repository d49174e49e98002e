package server

import (
	"fmt"
	"net/mail"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits shared by every entity.
const (
	maxName        = 200
	maxDescription = 1000
	minPassword    = 12
	maxPassword    = 256
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// checkName: 1 to 200 characters after trimming, no control characters.
func checkName(fe *fieldErrors, field, v string) {
	n := utf8.RuneCountInString(strings.TrimSpace(v))
	switch {
	case n == 0:
		fe.add(field, "is required")
	case n > maxName:
		fe.add(field, "must be at most %d characters, not %d", maxName, n)
	case hasControl(v):
		fe.add(field, "must not contain control characters")
	}
}

// checkText: at most max characters, no control characters (but new lines
// and tabs when multiline).
func checkText(fe *fieldErrors, field, v string, max int, multiline bool) {
	if n := utf8.RuneCountInString(v); n > max {
		fe.add(field, "must be at most %d characters, not %d", max, n)
		return
	}
	if strings.IndexFunc(v, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r'))
	}) >= 0 {
		fe.add(field, "must not contain control characters")
	}
}

// checkLogin: 1 to 200 characters, valid UTF-8, no whitespace, no control
// (Cc) and no format characters (Cf: bidi overrides like U+202E, zero-width
// spaces and joiners, U+FEFF), which would let two logins look alike or one
// login read differently than it is stored, and no U+FFFD (what invalid
// UTF-8 in a body decodes to: the login would not be the one sent).
// Uniqueness is the store's (store.LoginKey).
func checkLogin(fe *fieldErrors, v string) {
	n := utf8.RuneCountInString(v)
	bad := strings.IndexFunc(v, func(r rune) bool {
		return r == utf8.RuneError || unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf)
	})
	switch {
	case n == 0:
		fe.add("login", "is required")
	case n > maxName:
		fe.add("login", "must be at most %d characters, not %d", maxName, n)
	case bad >= 0:
		r, _ := utf8.DecodeRuneInString(v[bad:])
		fe.add("login", "must not contain whitespace, control, format or replacement characters (found %U at byte %d)", r, bad)
	}
}

func validEmail(v string) bool {
	addr, err := mail.ParseAddress(v)
	return err == nil && addr.Address == v
}

func checkEmail(fe *fieldErrors, field, v string) {
	if !validEmail(v) {
		fe.add(field, "%q is not a valid e-mail address (a bare address like alice@example.com is expected)", v)
	}
}

func checkPhone(fe *fieldErrors, field, v string) {
	if !e164.MatchString(v) {
		fe.add(field, "%q is not an E.164 phone number (like +441632960961)", v)
	}
}

func isOneOf(v string, allowed []string) bool { return slices.Contains(allowed, v) }

func checkEnum(fe *fieldErrors, field, v string, allowed []string) {
	if !isOneOf(v, allowed) {
		fe.add(field, "must be one of %s, not %q", strings.Join(allowed, ", "), v)
	}
}

func checkPassword(fe *fieldErrors, field, v string) {
	if n := utf8.RuneCountInString(v); n < minPassword || n > maxPassword {
		fe.add(field, "must be %d to %d characters long", minPassword, maxPassword)
	}
}

// checkHTTPURL: an absolute http or https URL with a host.
func checkHTTPURL(fe *fieldErrors, field, v string) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fe.add(field, "%q is not an absolute http or https URL", v)
	}
}

// checkDirectory: an absolute directory path (Unix or Windows style).
func checkDirectory(fe *fieldErrors, field, v string) {
	windows := len(v) >= 3 && unicode.IsLetter(rune(v[0])) && v[1] == ':' && (v[2] == '\\' || v[2] == '/')
	if !(filepath.IsAbs(v) || strings.HasPrefix(v, "/") || windows || strings.HasPrefix(v, `\\`)) || hasControl(v) {
		fe.add(field, "%q is not an absolute directory path", v)
	}
}

// checkPrefixedID: a reference must at least look like an id of its kind.
func checkPrefixedID(fe *fieldErrors, field, v, prefix string) bool {
	if !strings.HasPrefix(v, prefix) || len(v) == len(prefix) {
		fe.add(field, "%q is not an id starting with %q", v, prefix)
		return false
	}
	return true
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
