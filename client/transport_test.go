package client

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestParallelCallsReuseConnections runs rounds of calls at Terraform's
// default parallelism (10): after the first round the calls find idle
// connections, instead of dialling a new one for all but two of them (Go's
// default of two idle connections per host dials about 160 here). The bound
// allows twice the parallelism: a call that starts dialling just before
// another returns its connection takes the idle one, and the finished dial
// joins the pool too, so a loaded machine sees a few such extra dials.
func TestParallelCallsReuseConnections(t *testing.T) {
	const parallelism, rounds = 10, 20
	var dialled atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jsonAnswer(http.StatusOK, CustomerAccount{Meta: Meta{ID: "ca_1"}})(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dialled.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testToken)
	if err != nil {
		t.Fatal(err)
	}
	for range rounds {
		var wg sync.WaitGroup
		for range parallelism {
			wg.Go(func() {
				if _, err := c.CustomerAccounts.Get(context.Background(), "ca_1"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if got := dialled.Load(); got > 2*parallelism {
		t.Errorf("%d rounds of %d parallel calls opened %d connections, want at most %d (connections are reused)",
			rounds, parallelism, got, 2*parallelism)
	}
}
