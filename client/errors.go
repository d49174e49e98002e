package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Error is an error answer (a non-2xx status) of the management API. Every
// call of the client returns it, wrapped or not, for such answers; read it
// with errors.As, or test it with the Is* helpers or errors.Is and the Err*
// sentinels.
type Error struct {
	// StatusCode is the HTTP status of the answer, e.g. 404.
	StatusCode int
	// Method and Path name the request, e.g. "PATCH" and "/api/v1/users/usr_1".
	Method string
	Path   string
	// Problem is the answer's problem document. When the body was not one
	// (say, an HTML page from a proxy), Title is the status text and Detail
	// the start of the body, trimmed to one line.
	Problem Problem
	// RetryAfter is the wait the server asked for with Retry-After (on a 429
	// or 503 that was still failing after the last retry), or 0.
	RetryAfter time.Duration
}

// Error returns one line a user can act on, e.g.
//
//	POST /api/v1/users: 409 Conflict: login "alice" is already taken
//	POST /api/v1/users: 422 Unprocessable Entity: invalid user; email: not an e-mail address
//
// It never holds a header or the request body.
func (e *Error) Error() string {
	var b strings.Builder
	title := e.Problem.Title
	if title == "" {
		title = http.StatusText(e.StatusCode)
	}
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.StatusCode)
	if title != "" {
		b.WriteString(" " + oneLine(title))
	}
	if e.Problem.Detail != "" {
		b.WriteString(": " + oneLine(e.Problem.Detail))
	}
	detail := oneLine(e.Problem.Detail)
	for _, fe := range e.Problem.Errors {
		item := oneLine(fe.Message)
		if fe.Field != "" {
			item = oneLine(fe.Field) + ": " + item
		}
		if strings.Contains(detail, item) {
			continue // the detail already says it
		}
		b.WriteString("; " + item)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other sentinels work: an
// *Error is each sentinel whose status it has.
func (e *Error) Is(target error) bool {
	s, ok := target.(*statusSentinel)
	return ok && s.status == e.StatusCode
}

// statusSentinel is the type of the Err* sentinels.
type statusSentinel struct {
	status int
	text   string
}

func (s *statusSentinel) Error() string { return s.text }

// Sentinels for errors.Is: errors.Is(err, client.ErrNotFound) is true when err
// is (or wraps) an *Error with status 404, and so on.
var (
	// ErrUnauthorized matches a 401: the token is missing, wrong or expired.
	ErrUnauthorized error = &statusSentinel{http.StatusUnauthorized, "unauthorized"}
	// ErrForbidden matches a 403: a permission is missing (the detail names it).
	ErrForbidden error = &statusSentinel{http.StatusForbidden, "forbidden"}
	// ErrNotFound matches a 404: the entity does not exist or is not visible.
	ErrNotFound error = &statusSentinel{http.StatusNotFound, "not found"}
	// ErrConflict matches a 409: a name is taken, licences are exhausted, or
	// dependants block a delete.
	ErrConflict error = &statusSentinel{http.StatusConflict, "conflict"}
	// ErrPreconditionFailed matches a 412: the If-Match version is stale.
	ErrPreconditionFailed error = &statusSentinel{http.StatusPreconditionFailed, "precondition failed"}
	// ErrValidation matches a 422: fields are invalid (see Problem.Errors).
	ErrValidation error = &statusSentinel{http.StatusUnprocessableEntity, "validation failed"}
	// ErrRateLimited matches a 429 that outlasted the retries.
	ErrRateLimited error = &statusSentinel{http.StatusTooManyRequests, "rate limited"}
)

// hasStatus reports whether err is or wraps an *Error with this status.
func hasStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == status
}

// IsNotFound reports whether err is or wraps a 404 answer. Only this means
// that an entity is gone; a 401, 403 or 5xx says nothing about it.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err is or wraps a 409 answer.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsForbidden reports whether err is or wraps a 403 answer.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsUnauthorized reports whether err is or wraps a 401 answer.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsPreconditionFailed reports whether err is or wraps a 412 answer: the
// version given with IfMatch is stale.
func IsPreconditionFailed(err error) bool { return hasStatus(err, http.StatusPreconditionFailed) }

// IsValidation reports whether err is or wraps a 422 answer; its
// Problem.Errors lists every invalid field.
func IsValidation(err error) bool { return hasStatus(err, http.StatusUnprocessableEntity) }

// IsRateLimited reports whether err is or wraps a 429 answer.
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// snippetLen is how much of a non-problem body an error quotes.
const snippetLen = 200

// newError builds the *Error of a non-2xx answer, reading at most
// maxErrorBytes of its body.
func newError(method, path string, resp *http.Response) *Error {
	e := &Error{StatusCode: resp.StatusCode, Method: method, Path: path}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))

	if mediaType == ProblemContentType || mediaType == "application/json" || (mediaType == "" && len(body) > 0 && body[0] == '{') {
		var p Problem
		if err := json.Unmarshal(body, &p); err == nil && (p.Title != "" || p.Detail != "" || len(p.Errors) > 0) {
			if p.Status == 0 {
				p.Status = resp.StatusCode
			}
			e.Problem = p
			return e
		}
	}
	e.Problem = Problem{
		Title:  http.StatusText(resp.StatusCode),
		Status: resp.StatusCode,
		Detail: snippet(body, mediaType == "text/html"),
	}
	return e
}

// snippet returns the start of a body as one trimmed line of printable text,
// without HTML tags when html is true.
func snippet(body []byte, html bool) string {
	s := string(body)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if html {
		s = stripTags(s)
	}
	s = oneLine(s)
	if utf8.RuneCountInString(s) > snippetLen {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:snippetLen])) + "…"
	}
	return s
}

// stripTags replaces HTML tags with spaces, crudely: enough to turn a proxy's
// error page into its text.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine collapses runs of whitespace and control characters to one space.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// RateLimitTimeoutError is returned by a call that stopped waiting for a
// rate limit because the wait would outlast the rate-limit timeout
// (WithRateLimitTimeout). It wraps the last 429 answer, if there was one, so
// IsRateLimited and errors.As(err, **Error) see it.
type RateLimitTimeoutError struct {
	// Method and Path name the request.
	Method, Path string
	// Timeout is the rate-limit timeout the call had.
	Timeout time.Duration
	// Attempts is the number of requests the call sent.
	Attempts int
	// Wait is the further wait the call would have needed, and Reason why.
	Wait   time.Duration
	Reason string
	// Last is the last 429 answer; nil when the call never got one (the wait
	// was the client's own pacing).
	Last *Error
}

// Error says that the limit did not lift in time, what the call would still
// have had to wait and the server's last answer.
func (e *RateLimitTimeoutError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: rate limit did not lift within the rate-limit timeout of %s: ", e.Method, e.Path, e.Timeout)
	fmt.Fprintf(&b, "it needed another %s (%s)", e.Wait.Round(time.Millisecond), e.Reason)
	if e.Last != nil {
		last := strings.TrimPrefix(e.Last.Error(), e.Method+" "+e.Path+": ")
		fmt.Fprintf(&b, "; last answer, after %d attempts: %s", e.Attempts, last)
	}
	return b.String()
}

// Unwrap returns the last 429 answer, if any.
func (e *RateLimitTimeoutError) Unwrap() error {
	if e.Last == nil {
		return nil
	}
	return e.Last
}
