package server

import (
	"fmt"
	"net/mail"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// Limits shared by every entity (internal/rules is their one home).
const (
	maxName        = rules.MaxName
	maxDescription = rules.MaxDescription
)

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

// checkLogin applies the login rule (rules.Login). Uniqueness is the
// store's (store.LoginKey).
func checkLogin(fe *fieldErrors, v string) {
	if problem := rules.Login(v); problem != "" {
		fe.add("login", "%s", problem)
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
	if problem := rules.Phone(v); problem != "" {
		fe.add(field, "%s", problem)
	}
}

func isOneOf(v string, allowed []string) bool { return slices.Contains(allowed, v) }

func checkEnum(fe *fieldErrors, field, v string, allowed []string) {
	if !isOneOf(v, allowed) {
		fe.add(field, "must be one of %s, not %q", strings.Join(allowed, ", "), v)
	}
}

func checkPassword(fe *fieldErrors, field, v string) {
	if problem := rules.Password(v); problem != "" {
		fe.add(field, "%s", problem)
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
