package client

import (
	"context"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// MaxRetryAfter caps the wait a server can ask for with Retry-After, so a
// misconfigured server cannot stall a caller for hours.
const MaxRetryAfter = 60 * time.Second

// newRetryClient configures go-retryablehttp deliberately:
//   - retries connection errors, 502, 503 and 504 up to o.maxRetries times
//     per call; never another 4xx (the request is wrong and will stay
//     wrong) nor a 500 (the server failed while handling it and a repeat is
//     unlikely to help);
//   - passes a 429 back to Client.do, which waits for the rate limit with
//     every other caller (the pacer) for as long as the call's rate-limit
//     deadline allows, whatever max retries says;
//   - exponential backoff with jitter, or the server's Retry-After clamped to
//     MaxRetryAfter; each retry also waits for its turn with the pacer;
//   - the last answer, with its problem body, reaches the caller
//     (PassthroughErrorHandler) instead of "giving up after N attempts";
//   - logs nothing unless a logger is given, and then never a header or body.
func newRetryClient(hc *http.Client, o options, p *pacer) *retryablehttp.Client {
	rc := &retryablehttp.Client{
		HTTPClient:   hc,
		RetryWaitMin: o.retryWaitMin,
		RetryWaitMax: o.retryWaitMax,
		RetryMax:     o.maxRetries,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			if resp != nil {
				p.observe(resp)
			}
			retry, checkErr := checkRetry(ctx, resp, err)
			if call, ok := ctx.Value(callKey{}).(*callState); ok && retry {
				if call.errorRetries >= o.maxRetries {
					return false, checkErr
				}
				call.errorRetries++
			}
			return retry, checkErr
		},
		PrepareRetry: func(req *http.Request) error {
			if call, ok := req.Context().Value(callKey{}).(*callState); ok {
				return p.wait(req.Context(), call.deadline)
			}
			return nil
		},
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		// Counts attempts for error messages, and logs them when asked.
		RequestLogHook: requestHook(o.logger),
	}
	if o.logger != nil {
		rc.Logger = slogAdapter{o.logger}
		rc.ResponseLogHook = responseHook(o.logger)
	}
	// else rc.Logger stays nil: retryablehttp's default logs to stderr.
	return rc
}

// retryableStatus reports whether an answer with this status is worth
// another attempt.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// checkRetry is the retry policy for errors (retryablehttp.CheckRetry); a
// 429 is not retried here but by Client.do.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr // cancelled or past its deadline: stop at once
	}
	if err != nil {
		// Connection errors are retried; the default policy knows the few
		// that are not (bad scheme, untrusted certificate, redirect loop).
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	// A 409 with Retry-After is the server still working on an earlier
	// attempt with the same Idempotency-Key: waiting gets its answer. Any
	// other 409 is final.
	if resp.StatusCode == http.StatusConflict && resp.Header.Get("Retry-After") != "" {
		return true, nil
	}
	return retryableStatus(resp.StatusCode), nil
}

// backoff is the wait before attempt number attempt+1 (retryablehttp.Backoff):
// the server's Retry-After on a 503 or 409 (clamped to MaxRetryAfter), else
// min·2^attempt capped at max, with "equal jitter" (a random point in the
// upper half) so that clients that failed together do not retry together.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusConflict) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	return exponentialJitter(minWait, maxWait, attempt)
}

// exponentialJitter returns a wait in [base/2, base] where base is
// min·2^attempt capped at max.
func exponentialJitter(minWait, maxWait time.Duration, attempt int) time.Duration {
	base := float64(minWait) * math.Pow(2, float64(attempt))
	if base > float64(maxWait) || math.IsInf(base, 0) || math.IsNaN(base) {
		base = float64(maxWait)
	}
	half := base / 2
	return time.Duration(half + rand.Float64()*half)
}

// parseRetryAfter reads a Retry-After header, in seconds or as an HTTP date,
// and clamps it to [0, MaxRetryAfter].
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	d, ok := parseRetryAfterUnclamped(v, now)
	return min(d, MaxRetryAfter), ok
}

// parseRetryAfterUnclamped reads a Retry-After header, in seconds or as an
// HTTP date. A wait for a rate limit is bounded by the call's rate-limit
// deadline instead of a clamp: a wait beyond it fails at once.
func parseRetryAfterUnclamped(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(math.MaxInt64/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// callKey is the context key of a call's callState.
type callKey struct{}

// callState is what one call (Client.do) keeps across its attempts. Its
// attempts are sequential, so it needs no lock.
type callState struct {
	attempts     int       // attempts made, for error messages
	errorRetries int       // retries after errors (not 429s), up to max retries
	deadline     time.Time // when waiting for rate limits must stop
}

// requestHook runs before every attempt: it counts attempts and, with a
// logger, logs the method, the URL path and the attempt number. Never
// headers (the token) or the body (passwords, secrets).
func requestHook(l *slog.Logger) retryablehttp.RequestLogHook {
	return func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if c, ok := req.Context().Value(callKey{}).(*callState); ok {
			c.attempts++
		}
		if l != nil {
			l.DebugContext(req.Context(), "mspbackup API request",
				"method", req.Method, "path", req.URL.EscapedPath(), "attempt", attempt+1)
		}
	}
}

// responseHook logs the status of every answer.
func responseHook(l *slog.Logger) retryablehttp.ResponseLogHook {
	return func(_ retryablehttp.Logger, resp *http.Response) {
		if resp.Request == nil {
			return
		}
		l.DebugContext(resp.Request.Context(), "mspbackup API response",
			"method", resp.Request.Method, "path", resp.Request.URL.EscapedPath(), "status", resp.StatusCode)
	}
}

// slogAdapter makes a *slog.Logger a retryablehttp.LeveledLogger. The
// library logs only the method, the URL (our URLs hold no secret; user info
// is rejected by New and any query is dropped here), the wait and the
// transport error; its messages are prefixed so they are easy to filter.
type slogAdapter struct{ l *slog.Logger }

var _ retryablehttp.LeveledLogger = slogAdapter{}

func (a slogAdapter) log(level slog.Level, msg string, kv []any) {
	clean := make([]any, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		v := kv[i+1]
		if k == "url" {
			if s, ok := v.(string); ok {
				if u, err := url.Parse(s); err == nil {
					v = u.EscapedPath()
				}
			}
			k = "path"
		}
		clean = append(clean, k, v)
	}
	a.l.Log(context.Background(), level, "mspbackup API: "+msg, clean...)
}

// Error logs at error level.
func (a slogAdapter) Error(msg string, kv ...any) { a.log(slog.LevelError, msg, kv) }

// Warn logs at warning level.
func (a slogAdapter) Warn(msg string, kv ...any) { a.log(slog.LevelWarn, msg, kv) }

// Info logs at info level.
func (a slogAdapter) Info(msg string, kv ...any) { a.log(slog.LevelInfo, msg, kv) }

// Debug logs at debug level.
func (a slogAdapter) Debug(msg string, kv ...any) { a.log(slog.LevelDebug, msg, kv) }
