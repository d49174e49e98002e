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

func checkLogin(fe *fieldErrors, v string) {
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0:
		fe.add("login", "is required")
	case n > maxName:
		fe.add("login", "must be at most %d characters, not %d", maxName, n)
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		fe.add("login", "must not contain whitespace or control characters")
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
