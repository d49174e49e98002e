package client

import (
	"net/http"
	"testing"
	"time"
)

func TestRateLimitFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		policy, limit []string
		wantRate      float64
		wantQuota     int64
		wantExhausted bool
		wantReset     time.Duration
	}{
		{"draft 10 example", []string{`"default";q=100;w=2`}, []string{`"default";r=42;t=1`}, 50, 100, false, 0},
		{"used up", []string{`"default";q=6;w=2`}, []string{`"default";r=0;t=2`}, 3, 6, true, 2 * time.Second},
		{"the lowest of two policies", []string{`"burst";q=100;w=1, "daily";q=86400;w=86400`}, []string{`"burst";r=5, "daily";r=0;t=600`}, 1, 86400, true, 10 * time.Minute},
		{"policies in two fields", []string{`"a";q=10;w=1`, `"b";q=5;w=1`}, nil, 5, 5, false, 0},
		{"token names and spaces", []string{`default; q=20; w=4`}, []string{`default; r=3`}, 5, 20, false, 0},
		{"a comma inside a name", []string{`"a,b";q=8;w=2`}, nil, 4, 8, false, 0},
		{"no window: no rate", []string{`"default";q=100`}, nil, 0, 0, false, 0},
		{"garbage ignored", []string{`q=;w=x, ;;`, `"x";q=-1;w=1`}, []string{`"x";r=abc`}, 0, 0, false, 0},
		{"none", nil, nil, 0, 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if rate, quota := advertisedRate(tt.policy); rate != tt.wantRate || quota != tt.wantQuota {
				t.Errorf("advertisedRate(%q) = %v, %d; want %v, %d", tt.policy, rate, quota, tt.wantRate, tt.wantQuota)
			}
			exhausted, reset := quotaExhausted(tt.limit)
			if exhausted != tt.wantExhausted || reset != tt.wantReset {
				t.Errorf("quotaExhausted(%q) = %v, %s; want %v, %s", tt.limit, exhausted, reset, tt.wantExhausted, tt.wantReset)
			}
		})
	}
}

// TestPacerHoldsEveryCallerAfter429: one worker's 429 holds back the next
// request of every worker until the server's Retry-After, and a used-up
// quota holds them until a unit is back.
func TestPacerHoldsEveryCallerAfter429(t *testing.T) {
	t.Parallel()
	p := newPacer(options{retryWaitMin: time.Millisecond, retryWaitMax: time.Second})
	before := time.Now()
	p.observe(&http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"7"}}})
	if p.hold.Sub(before) < 7*time.Second || p.holdReason != "the server answered 429 Too Many Requests" {
		t.Errorf("after a 429 with Retry-After 7: hold %s (%s)", p.hold.Sub(before), p.holdReason)
	}
	// A call whose deadline comes first fails at once rather than waiting.
	err := p.wait(t.Context(), time.Now().Add(time.Second))
	if rw, ok := err.(*rateWaitError); !ok || rw.wait < 6*time.Second {
		t.Errorf("wait with a 1s deadline = %v, want a rateWaitError of about 7s", err)
	}

	p = newPacer(options{retryWaitMin: time.Millisecond, retryWaitMax: time.Second})
	before = time.Now()
	p.observe(&http.Response{StatusCode: 200, Header: http.Header{
		"Ratelimit-Policy": {`"default";q=4;w=2`}, "Ratelimit": {`"default";r=0;t=2`}}})
	if p.serverRate != 2 {
		t.Errorf("learned rate %v, want 2", p.serverRate)
	}
	if d := p.hold.Sub(before); d < 500*time.Millisecond || d > time.Second || p.holdReason != "the server's rate-limit quota is used up" {
		t.Errorf("used-up quota: hold %s (%s), want 1/rate = 500ms", d, p.holdReason)
	}
	if iv, tolerance, _ := p.pacing(); iv <= 500*time.Millisecond || tolerance != iv {
		t.Errorf("spacing %s, tolerance %s: want a little over 1/rate (500ms), and one slot (a quarter of the quota)", iv, tolerance)
	}
}
