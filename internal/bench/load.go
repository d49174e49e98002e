package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Load is one closed-loop load test: Clients goroutines each send a request,
// wait for the answer and send the next, until Requests requests were sent
// or Duration passed, whichever comes first.
type Load struct {
	Clients  int
	Requests int64
	Duration time.Duration
	// Warmup requests are sent (by all clients) before measuring.
	Warmup int64
	// Request makes the i-th request (i counts from 0 across clients).
	Request func(ctx context.Context, i int64) (*http.Request, error)
	// Want is the expected status code of every answer.
	Want int
	// CPU, when set, reads the CPU time the server has used so far; Run
	// reads it after the warm-up and at the end, for LoadResult.CPU.
	CPU func() (time.Duration, error)
}

// LoadResult is what a load test measured.
type LoadResult struct {
	Requests int64 // answered with Want
	Errors   int64 // anything else (first one in FirstError)
	Elapsed  time.Duration
	P50, P99 time.Duration
	Max      time.Duration
	// FirstError describes the first unexpected answer.
	FirstError string
	// CPU is the server's CPU time during the measured requests (0 when
	// Load.CPU is unset or failed).
	CPU time.Duration
}

// CPUPerRequest is the server's CPU time per answered request (good or not).
func (r LoadResult) CPUPerRequest() time.Duration {
	if n := r.Requests + r.Errors; n > 0 {
		return r.CPU / time.Duration(n)
	}
	return 0
}

// RPS is the rate of good answers.
func (r LoadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

func (r LoadResult) String() string {
	s := fmt.Sprintf("%d requests in %.2fs: %.0f req/s, p50 %s, p99 %s, max %s",
		r.Requests, r.Elapsed.Seconds(), r.RPS(), ms(r.P50), ms(r.P99), ms(r.Max))
	if r.CPU > 0 {
		s += fmt.Sprintf(", server CPU %s/req", ms(r.CPUPerRequest()))
	}
	if r.Errors > 0 {
		s += fmt.Sprintf(", %d errors (first: %s)", r.Errors, r.FirstError)
	}
	return s
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// NewHTTPClient is a client that keeps one connection per load client open
// to a loopback server.
func NewHTTPClient(clients int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        clients * 2,
			MaxIdleConnsPerHost: clients * 2,
			MaxConnsPerHost:     clients * 2,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}
}

// Run runs the load test with the HTTP client hc.
func (l Load) Run(ctx context.Context, hc *http.Client) LoadResult {
	if l.Want == 0 {
		l.Want = http.StatusOK
	}
	var next atomic.Int64
	do := func(ctx context.Context) (ok bool, lat time.Duration, errText string, more bool) {
		i := next.Add(1) - 1
		req, err := l.Request(ctx, i)
		if err != nil {
			return false, 0, err.Error(), true
		}
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return false, 0, "", false
			}
			return false, time.Since(start), err.Error(), true
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		lat = time.Since(start)
		if resp.StatusCode != l.Want {
			return false, lat, fmt.Sprintf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, truncate(string(body), 200)), true
		}
		return true, lat, "", true
	}

	// Warm-up: connections, caches.
	if l.Warmup > 0 {
		var wg sync.WaitGroup
		var sent atomic.Int64
		for range l.Clients {
			wg.Go(func() {
				for sent.Add(1) <= l.Warmup && ctx.Err() == nil {
					do(ctx)
				}
			})
		}
		wg.Wait()
	}

	runCtx, cancel := context.WithTimeout(ctx, l.Duration)
	defer cancel()
	var (
		mu       sync.Mutex
		res      LoadResult
		lats     = make([][]time.Duration, l.Clients)
		sent     atomic.Int64
		errCount atomic.Int64
		wg       sync.WaitGroup
	)
	cpu := func() time.Duration {
		if l.CPU == nil {
			return 0
		}
		c, err := l.CPU()
		if err != nil {
			return 0
		}
		return c
	}
	cpu0 := cpu()
	start := time.Now()
	for c := range l.Clients {
		wg.Go(func() {
			own := make([]time.Duration, 0, 4096)
			for runCtx.Err() == nil && sent.Add(1) <= l.Requests {
				ok, lat, errText, more := do(runCtx)
				if !more {
					break
				}
				if ok {
					own = append(own, lat)
					continue
				}
				if errCount.Add(1) == 1 {
					mu.Lock()
					res.FirstError = errText
					mu.Unlock()
				}
			}
			lats[c] = own
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if cpu0 > 0 {
		res.CPU = max(cpu()-cpu0, 0)
	}
	all := slices.Concat(lats...)
	slices.Sort(all)
	res.Requests, res.Errors = int64(len(all)), errCount.Load()
	if len(all) > 0 {
		res.P50 = all[len(all)*50/100]
		res.P99 = all[min(len(all)-1, len(all)*99/100)]
		res.Max = all[len(all)-1]
	}
	return res
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
