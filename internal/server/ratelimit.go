package server

import (
	"crypto/sha256"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// rateLimiter is a token bucket per bearer token (per client address for
// requests without one): rate tokens a second, bursts of up to rate.
type rateLimiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[[sha256.Size]byte]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(rate float64, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: rate, burst: math.Max(1, rate), now: now, buckets: map[[sha256.Size]byte]*bucket{}}
}

// allow takes a token from the bucket of key; when it is empty it returns
// how long until one is available.
func (l *rateLimiter) allow(key [sha256.Size]byte) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute { // forget idle buckets, which are full anyway
		for k, b := range l.buckets {
			if now.Sub(b.last).Seconds()*l.rate >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (s *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("Authorization")
		if id == "" {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			if err != nil {
				host = r.RemoteAddr
			}
			id = "addr " + host
		}
		ok, wait := s.limiter.allow(sha256.Sum256([]byte(strings.TrimSpace(id))))
		if !ok {
			secs := max(1, int(math.Ceil(wait.Seconds())))
			s.writeError(w, r, &apiError{status: http.StatusTooManyRequests, retryAfter: secs,
				detail: "rate limit exceeded: retry after the number of seconds in Retry-After"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
