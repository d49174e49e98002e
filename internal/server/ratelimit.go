package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
)

// DefaultRateLimit is the rate (requests per second per principal) that
// mspbackup-server applies unless --rate-limit says otherwise. Terraform at
// its default parallelism of 10 against a console 200 ms away makes about
// 50 requests a second, and the burst of rateLimitWindow absorbs the start
// of a run; a faster client is paced by the headers instead of failing. One
// principal still cannot take a whole 2-core server (about 900 writes a
// second).
const DefaultRateLimit = 50

// rateLimitWindow is the time the bucket takes to refill from empty: the
// burst a principal may spend at once is this many seconds of its rate.
const rateLimitWindow = 2 * time.Second

// rateLimiter is a token bucket per principal: a verified token's user (or
// the bootstrap administrator), else the client address. Its policy is
// advertised as draft-ietf-httpapi-ratelimit-headers-10 quota policy
// "default": quota units per window of whole seconds.
type rateLimiter struct {
	rate   float64 // units added per second
	quota  float64 // bucket size: the most one principal can spend at once
	window int     // seconds, advertised with the quota (quota/window <= rate)
	policy string  // the RateLimit-Policy field value
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// newRateLimiter returns a limiter of rate requests per second. Its quota is
// rateLimitWindow worth of requests (at least one, with a longer window for
// rates below one per window), so that what it advertises, quota/window, is
// never more than it allows.
func newRateLimiter(rate float64, now func() time.Time) *rateLimiter {
	window := max(int(rateLimitWindow/time.Second), int(math.Ceil(1/rate)))
	quota := max(1, math.Floor(rate*float64(window)))
	return &rateLimiter{
		rate: rate, quota: quota, window: window, now: now,
		policy:  fmt.Sprintf(`"default";q=%d;w=%d`, int64(quota), window),
		buckets: map[string]*bucket{},
	}
}

// take spends one unit of key's bucket. It returns whether the request may
// go on, the units left, the time until the bucket is full again and, when
// refused, the time until one unit is back.
func (l *rateLimiter) take(key string) (ok bool, remaining float64, reset, retry time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute { // forget idle buckets, which are full anyway
		for k, b := range l.buckets {
			if now.Sub(b.last).Seconds()*l.rate >= l.quota {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b, found := l.buckets[key]
	if !found {
		b = &bucket{tokens: l.quota, last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(l.quota, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		ok = true
	} else {
		retry = l.seconds(1 - b.tokens)
	}
	return ok, b.tokens, l.seconds(l.quota - b.tokens), retry
}

// seconds is how long the bucket takes to gain units.
func (l *rateLimiter) seconds(units float64) time.Duration {
	return time.Duration(units / l.rate * float64(time.Second))
}

// authResultKey is the context key of the authentication the rate limiter
// made, so that authed does not repeat it.
type authResultKey struct{}

type authResult struct {
	p   *principal
	err error
}

// rateLimit charges every request to a bucket and answers 429 with
// Retry-After when it is empty. A request whose bearer token verifies is
// charged to its principal (every token of a user shares one bucket); any
// other (no token, a wrong or expired one, public routes) to its client
// address (an IPv6 client's /64), so that junk Authorization headers share
// one bucket instead of each getting a fresh one. Every answer carries the RateLimit-Policy and
// RateLimit fields.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := "addr " + clientNetwork(s.clientAddress(r))
		if r.Header.Get("Authorization") != "" {
			p, err := s.authenticate(r)
			if err == nil {
				key = "principal " + p.actor
			}
			r = r.WithContext(context.WithValue(r.Context(), authResultKey{}, &authResult{p: p, err: err}))
		}
		ok, remaining, reset, retry := s.limiter.take(key)
		h := w.Header()
		h.Set("RateLimit-Policy", s.limiter.policy)
		h.Set("RateLimit", fmt.Sprintf(`"default";r=%d;t=%d`, int64(remaining), ceilSeconds(reset)))
		if !ok {
			s.metrics.rateLimitedKey(key)
			s.writeError(w, r, &apiError{status: http.StatusTooManyRequests, retryAfter: max(1, ceilSeconds(retry)),
				detail: fmt.Sprintf("rate limit exceeded: at most %d requests per %d seconds; "+
					"retry after the number of seconds in Retry-After", int64(s.limiter.quota), s.limiter.window)})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authenticateOnce returns the authentication the rate limiter made for r,
// or makes it.
func (s *Server) authenticateOnce(r *http.Request) (*principal, error) {
	if a, ok := r.Context().Value(authResultKey{}).(*authResult); ok {
		return a.p, a.err
	}
	return s.authenticate(r)
}

func ceilSeconds(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}
