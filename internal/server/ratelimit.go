package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
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

// rateLimiter keeps a token bucket (x/time/rate) per principal: a verified
// token's user (or the bootstrap administrator), else the client address.
// Its policy is advertised as draft-ietf-httpapi-ratelimit-headers-10 quota
// policy "default": quota units per window of whole seconds.
type rateLimiter struct {
	rate   float64 // units added per second
	quota  float64 // bucket size: the most one principal can spend at once
	window int     // seconds, advertised with the quota (quota/window <= rate)
	policy string  // the RateLimit-Policy field value
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	sweep   time.Time
}

// newRateLimiter returns a limiter of perSecond requests per second. Its quota is
// rateLimitWindow worth of requests (at least one, with a longer window for
// rates below one per window), so that what it advertises, quota/window, is
// never more than it allows.
func newRateLimiter(perSecond float64, now func() time.Time) *rateLimiter {
	window := max(int(rateLimitWindow/time.Second), int(math.Ceil(1/perSecond)))
	quota := max(1, math.Floor(perSecond*float64(window)))
	return &rateLimiter{
		rate: perSecond, quota: quota, window: window, now: now,
		policy:  fmt.Sprintf(`"default";q=%d;w=%d`, int64(quota), window),
		buckets: map[string]*rate.Limiter{},
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
			if b.TokensAt(now) >= l.quota {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b, found := l.buckets[key]
	if !found {
		b = rate.NewLimiter(rate.Limit(l.rate), int(l.quota))
		l.buckets[key] = b
	}
	ok = b.AllowN(now, 1)
	tokens := b.TokensAt(now)
	if !ok {
		retry = l.seconds(1 - tokens)
	}
	return ok, tokens, l.seconds(l.quota - tokens), retry
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
