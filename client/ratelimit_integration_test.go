package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// parallel runs calls on workers goroutines and returns their errors.
func parallel(workers, calls int, call func(i int) error) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := call(i); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range calls {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

// TestPacerSharedByAllGoroutines: many workers of one client under a
// server limit all succeed, with few 429s, without retries (waiting for a
// rate limit is not an error retry) and without duplicate creates.
func TestPacerSharedByAllGoroutines(t *testing.T) {
	t.Parallel()
	var traffic testserver.Traffic
	srv := testserver.Start(t, testserver.Options{RateLimit: 10, Wrap: traffic.Wrap}) // quota 20 per 2 s
	var (
		mu      sync.Mutex
		reports []client.Throttle
	)
	c := newClient(t, srv, srv.Token, client.WithMaxRetries(0),
		client.WithThrottleReport(func(_ context.Context, th client.Throttle) {
			mu.Lock()
			defer mu.Unlock()
			reports = append(reports, th)
		}))
	const calls = 80
	begin := time.Now()
	errs := parallel(16, calls, func(i int) error {
		_, err := c.CustomerAccounts.Create(t.Context(), &client.CustomerAccountCreateRequest{Name: fmt.Sprintf("Tenant %03d", i)})
		return err
	})
	elapsed := time.Since(begin)
	if len(errs) > 0 {
		t.Fatalf("%d of %d calls failed, first: %v", len(errs), calls, errs[0])
	}
	limited := traffic.Answers(http.StatusTooManyRequests)
	t.Logf("%d calls in %s: %d requests, %d answers of 429", calls, elapsed.Round(time.Millisecond), traffic.Requests(), limited)
	if requests := traffic.Requests(); limited*10 > requests {
		t.Errorf("%d answers of 429 in %d requests: hammering, not pacing", limited, requests)
	}
	all, err := c.CustomerAccounts.ListAll(t.Context(), nil)
	if err != nil || len(all) != calls {
		t.Errorf("%d accounts (%v), want %d: a retried create was duplicated or lost", len(all), err, calls)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reports) == 0 || len(reports) > 1+int(elapsed/(10*time.Second)) {
		t.Errorf("%d throttle reports in %s, want one now and then (at most one per 10 s)", len(reports), elapsed)
	}
	for _, r := range reports {
		if r.Wait <= 0 || !strings.Contains(r.Reason, "server") {
			t.Errorf("report %+v: want a wait and a reason naming the server's limit", r)
		}
	}
}

// TestMaxRequestsPerSecondCap: a server that advertises nothing sees no
// more than the client's cap.
func TestMaxRequestsPerSecondCap(t *testing.T) {
	t.Parallel()
	var traffic testserver.Traffic
	srv := testserver.Start(t, testserver.Options{Wrap: traffic.Wrap})
	c := newClient(t, srv, srv.Token, client.WithMaxRequestsPerSecond(10))
	if errs := parallel(8, 31, func(int) error { _, err := c.Permissions.List(t.Context()); return err }); len(errs) > 0 {
		t.Fatal(errs[0])
	}
	t.Logf("the server saw %.2f requests/s", traffic.Rate())
	if rate := traffic.Rate(); rate > 10 {
		t.Errorf("the server saw %.2f requests/s, over the cap of 10", rate)
	}
}

// TestRateLimitThatDoesNotLift: a call gives up when the limit outlasts the
// rate-limit timeout, saying so, with the server's last answer.
func TestRateLimitThatDoesNotLift(t *testing.T) {
	t.Parallel()
	var traffic testserver.Traffic
	always429 := func(http.Handler) http.Handler {
		return traffic.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			problem(w, http.StatusTooManyRequests, "rate limit exceeded")
		}))
	}
	srv := testserver.Start(t, testserver.Options{Wrap: always429})
	c := newClient(t, srv, srv.Token, client.WithRateLimitTimeout(2500*time.Millisecond))
	_, err := c.CustomerAccounts.Create(t.Context(), &client.CustomerAccountCreateRequest{Name: "Acme"})
	var rl *client.RateLimitTimeoutError
	if !errors.As(err, &rl) || !client.IsRateLimited(err) || rl.Last == nil || rl.Last.RetryAfter != time.Second {
		t.Fatalf("err = %v, want a RateLimitTimeoutError with the last 429", err)
	}
	if !strings.Contains(err.Error(), "rate limit did not lift within the rate-limit timeout of 2.5s") {
		t.Errorf("Error() = %q: does not say the limit outlasted the timeout", err)
	}
	// Waited through the limit (not one attempt per max retry), then gave up.
	if n := traffic.Requests(); n < 3 || n != rl.Attempts {
		t.Errorf("%d requests, %d attempts reported; want about one per Retry-After within 2.5s", n, rl.Attempts)
	}
}
