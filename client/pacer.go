package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultRateLimitTimeout bounds how long one call waits, in total, for
// rate limits before it fails (WithRateLimitTimeout).
const DefaultRateLimitTimeout = 5 * time.Minute

// paceHeadroom is the share of a rate limit the client uses: it stays 5%
// under the server's advertised rate (and under its own cap), so that the
// jitter of the network never makes the server see more than allowed.
const paceHeadroom = 0.95

// Throttle reporting: at most one report per throttleReportEvery, and only
// for waits a person would notice.
const (
	throttleReportEvery   = 10 * time.Second
	throttleReportMinWait = 100 * time.Millisecond
)

// Throttle tells the function given to WithThrottleReport that the client is
// slowing down for a rate limit.
type Throttle struct {
	// Wait is how long the call that reports waits before its next attempt.
	Wait time.Duration
	// Reason says why, e.g. "the server answered 429 Too Many Requests".
	Reason string
	// Limited is the number of 429 answers since the previous report.
	Limited int
}

// pacer is the one rate governor of a Client, shared by every goroutine
// that uses it. It spaces requests just under the rate the server
// advertises in RateLimit-Policy (or the client's own cap), and holds every
// request back after a 429 or an answer saying the quota is used up, until
// the server says it resets: one worker's 429 slows them all, instead of
// each retrying on its own while the others keep the bucket empty. The
// spacing is a token bucket (x/time/rate) retuned to each rate learnt; the
// pacer keeps the policy: what to learn from the headers, the holds, the
// waits within the call's deadline and their reports.
type pacer struct {
	maxRate      float64 // the client's own cap (requests/s); 0: none
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	report       func(context.Context, Throttle)
	logger       *slog.Logger

	mu          sync.Mutex
	serverRate  float64 // lowest quota/window advertised; 0: none seen
	serverQuota int64   // the quota of that policy
	bucket      *rate.Limiter
	hold        time.Time // no request starts before this
	holdReason  string
	strikes     int // 429s in a row, for the backoff when the server gives no wait
	limited     int // 429s since the last report
	lastReport  time.Time
}

func newPacer(o options) *pacer {
	p := &pacer{maxRate: o.maxRequestsPerSecond, retryWaitMin: o.retryWaitMin, retryWaitMax: o.retryWaitMax,
		report: o.throttleReport, logger: o.logger}
	// Under a cap, even the first request keeps the spacing, as if one had
	// just been sent: then the cap also holds across clients used one
	// after the other (Terraform starts a provider process for the plan
	// and another for the apply).
	limit, burst := p.bucketSize()
	p.bucket = rate.NewLimiter(limit, burst)
	p.bucket.ReserveN(time.Now(), burst)
	return p
}

// rateWaitError is a wait for a rate limit that would end after the call's
// deadline.
type rateWaitError struct {
	wait   time.Duration
	reason string
}

func (e *rateWaitError) Error() string {
	return fmt.Sprintf("a further wait of %s for the rate limit (%s)", e.wait.Round(time.Millisecond), e.reason)
}

// pacing is the spacing between request starts (0 when no rate is known)
// and how far ahead of that spacing a request may start, to use slots that
// went unused while every worker was busy (a quarter of the server's quota;
// none under the client's own cap, which is strict). The caller holds mu.
func (p *pacer) pacing() (interval, tolerance time.Duration, reason string) {
	perSecond, burst := p.serverRate, p.serverQuota/4
	reason = fmt.Sprintf("pacing under the server's limit of %s requests/s", formatRate(perSecond))
	if p.maxRate > 0 && (perSecond == 0 || p.maxRate < perSecond) {
		perSecond, burst = p.maxRate, 0
		reason = fmt.Sprintf("the client's cap of %s requests/s", formatRate(p.maxRate))
	}
	if perSecond <= 0 {
		return 0, 0, ""
	}
	interval = time.Duration(float64(time.Second) / (perSecond * paceHeadroom))
	return interval, time.Duration(burst) * interval, reason
}

// bucketSize is the pacing as a token bucket: its rate (rate.Inf when no
// rate is known) and its size, one request plus the slots of tolerance.
// The caller holds mu.
func (p *pacer) bucketSize() (rate.Limit, int) {
	interval, tolerance, _ := p.pacing()
	if interval <= 0 {
		return rate.Inf, 1
	}
	return rate.Every(interval), 1 + int(tolerance/interval)
}

// wait blocks until the caller may send a request, taking its slot. It
// fails at once, without waiting, when the slot is after deadline.
func (p *pacer) wait(ctx context.Context, deadline time.Time) error {
	for {
		now := time.Now()
		p.mu.Lock()
		at, reason := now, ""
		if p.hold.After(at) {
			at, reason = p.hold, p.holdReason
		}
		slot := p.bucket.ReserveN(at, 1) // always ok: n is within the burst
		if delay := slot.DelayFrom(at); delay > 0 {
			_, _, paceReason := p.pacing()
			at, reason = at.Add(delay), paceReason
		}
		if at.After(now) && at.After(deadline) {
			slot.CancelAt(now)
			p.mu.Unlock()
			return &rateWaitError{wait: at.Sub(now), reason: reason}
		}
		hold := p.hold
		t, report := p.noteWait(now, at.Sub(now), reason)
		p.mu.Unlock()

		if report {
			p.tell(ctx, t)
		}
		if !at.After(now) {
			return nil
		}
		timer := time.NewTimer(at.Sub(now))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		p.mu.Lock()
		extended := p.hold.After(hold) && p.hold.After(time.Now())
		p.mu.Unlock()
		if !extended { // else a 429 arrived while we slept: wait for it too
			return nil
		}
	}
}

// noteWait decides whether a wait is worth a report. The caller holds mu.
func (p *pacer) noteWait(now time.Time, wait time.Duration, reason string) (Throttle, bool) {
	if wait < throttleReportMinWait || now.Sub(p.lastReport) < throttleReportEvery {
		return Throttle{}, false
	}
	p.lastReport = now
	t := Throttle{Wait: wait, Reason: reason, Limited: p.limited}
	p.limited = 0
	return t, true
}

func (p *pacer) tell(ctx context.Context, t Throttle) {
	if p.report != nil {
		p.report(ctx, t)
	}
	if p.logger != nil {
		p.logger.InfoContext(ctx, "mspbackup API: waiting for the rate limit",
			"wait", t.Wait.Round(time.Millisecond).String(), "reason", t.Reason, "rate_limited_answers", t.Limited)
	}
}

// observe learns from an answer's rate-limit fields, and holds every
// request back after a 429 or when the quota is used up.
func (p *pacer) observe(resp *http.Response) {
	policyRate, policyQuota := advertisedRate(resp.Header.Values("RateLimit-Policy"))
	exhausted, reset := quotaExhausted(resp.Header.Values("RateLimit"))
	retryAfter, hasRetryAfter := parseRetryAfterUnclamped(resp.Header.Get("Retry-After"), time.Now())
	now := time.Now()

	p.mu.Lock()
	defer p.mu.Unlock()
	if policyRate > 0 && (policyRate != p.serverRate || policyQuota != p.serverQuota) {
		p.serverRate, p.serverQuota = policyRate, policyQuota
		limit, burst := p.bucketSize()
		p.bucket.SetLimitAt(now, limit)
		p.bucket.SetBurstAt(now, burst)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		p.strikes++
		p.limited++
		wait := retryAfter
		switch {
		case hasRetryAfter && retryAfter > 0:
		case exhausted && reset > 0:
			wait = reset
		default: // the server gave no wait: back off, longer each time
			wait = exponentialJitter(p.retryWaitMin, p.retryWaitMax, p.strikes-1)
		}
		p.holdUntil(now.Add(wait), "the server answered 429 Too Many Requests")
		return
	}
	p.strikes = 0
	if exhausted {
		// The quota is used up: the next request would be refused until a
		// unit comes back, after 1/rate for a bucket, or at the reset.
		wait := reset
		if p.serverRate > 0 {
			wait = time.Duration(float64(time.Second) / p.serverRate)
		}
		p.holdUntil(now.Add(wait), "the server's rate-limit quota is used up")
	}
}

// holdsPast fails a call that was just answered 429 when the hold that
// answer set ends after the call's deadline. Judging by the hold, not by the
// clock when the next wait starts, keeps the verdict the same however fast
// a short hold passes: with a rate-limit timeout of 0 the first 429 is the
// answer.
func (p *pacer) holdsPast(answered, deadline time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.hold.After(deadline) {
		return nil
	}
	wait := p.hold.Sub(answered)
	if wait <= 0 { // the hold has passed already; say how far it overshot
		wait = p.hold.Sub(deadline)
	}
	return &rateWaitError{wait: wait, reason: p.holdReason}
}

// holdUntil stops every request until t. The slots banked before are
// dropped: after a hold requests start at the paced rate, not in a burst,
// with one slot free at the end of the hold. The caller holds mu.
func (p *pacer) holdUntil(t time.Time, reason string) {
	if t.After(p.hold) {
		p.hold, p.holdReason = t, reason
	}
	if banked := p.bucket.TokensAt(p.hold); banked > 1 {
		limit, burst := p.bucketSize()
		p.bucket = rate.NewLimiter(limit, burst)
		p.bucket.ReserveN(p.hold, burst-1)
	}
}

// The fields of draft-ietf-httpapi-ratelimit-headers-10 are Structured
// Field lists (RFC 9651) of named items with parameters:
//
//	RateLimit-Policy: "default";q=100;w=2
//	RateLimit: "default";r=42;t=1

// advertisedRate is the lowest quota/window of the policies, in requests
// per second, and that policy's quota; 0 when none has both.
func advertisedRate(fields []string) (rate float64, quota int64) {
	for _, item := range sfItems(fields) {
		q, okQ := item["q"]
		w, okW := item["w"]
		if !okQ || !okW || q <= 0 || w <= 0 {
			continue
		}
		if r := float64(q) / float64(w); rate == 0 || r < rate {
			rate, quota = r, q
		}
	}
	return rate, quota
}

// quotaExhausted reports whether a quota has no unit left, and the longest
// reset of those that have none.
func quotaExhausted(fields []string) (bool, time.Duration) {
	exhausted, reset := false, time.Duration(0)
	for _, item := range sfItems(fields) {
		if r, ok := item["r"]; ok && r <= 0 {
			exhausted = true
			reset = max(reset, time.Duration(item["t"])*time.Second)
		}
	}
	return exhausted, reset
}

// sfItems reads the integer parameters of each member of Structured Field
// lists; members or parameters that do not parse are skipped, so a
// malformed field is ignored rather than trusted.
func sfItems(fields []string) []map[string]int64 {
	var items []map[string]int64
	for _, field := range fields {
		for _, member := range splitOutsideQuotes(field, ',') {
			parts := splitOutsideQuotes(member, ';')
			params := map[string]int64{}
			for _, param := range parts[1:] {
				k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok {
					continue
				}
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil || n < 0 {
					continue
				}
				params[strings.TrimSpace(k)] = n
			}
			items = append(items, params)
		}
	}
	return items
}

// splitOutsideQuotes splits s at sep where sep is not inside a string.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	inString, escaped, startAt := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == sep:
			parts = append(parts, s[startAt:i])
			startAt = i + 1
		}
	}
	return append(parts, s[startAt:])
}

func formatRate(r float64) string { return strconv.FormatFloat(r, 'g', 4, 64) }
