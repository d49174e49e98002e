package server

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// Limits shared by every entity (internal/rules is their one home).
const (
	maxName        = rules.MaxName
	maxDescription = rules.MaxDescription
)

// checkName: 1 to 200 characters after trimming, no control characters.
func checkName(fe *fieldErrors, field, v string) { fe.rule(field, rules.Name(v)) }

// checkText: at most max characters, no control characters (but new lines
// and tabs when multiline).
func checkText(fe *fieldErrors, field, v string, max int, multiline bool) {
	fe.rule(field, rules.Text(v, max, multiline))
}

// checkLogin applies the login rule (rules.Login). Uniqueness is the
// store's (store.LoginKey).
func checkLogin(fe *fieldErrors, v string) { fe.rule("login", rules.Login(v)) }

func checkEmail(fe *fieldErrors, field, v string) { fe.rule(field, rules.Email(v)) }

func checkPhone(fe *fieldErrors, field, v string) { fe.rule(field, rules.Phone(v)) }

func isOneOf(v string, allowed []string) bool { return slices.Contains(allowed, v) }

func checkEnum(fe *fieldErrors, field, v string, allowed []string) {
	if !isOneOf(v, allowed) {
		fe.add(field, "must be one of %s, not %q", strings.Join(allowed, ", "), v)
	}
}

// checkNotNegative checks a count that may be 0.
func checkNotNegative(fe *fieldErrors, field string, n int64) {
	if n < 0 {
		fe.add(field, "must be 0 or more, not %d", n)
	}
}

func checkPassword(fe *fieldErrors, field, v string) { fe.rule(field, rules.Password(v)) }

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
	if !(filepath.IsAbs(v) || strings.HasPrefix(v, "/") || windows || strings.HasPrefix(v, `\\`)) || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		fe.add(field, "%q is not an absolute directory path", v)
	}
}

// checkPrefixedID: a reference must at least look like an id of its kind.
func checkPrefixedID(fe *fieldErrors, field, v, prefix string) bool {
	problem := rules.IDPrefix(v, prefix)
	fe.rule(field, problem)
	return problem == ""
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
