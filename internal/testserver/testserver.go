// Package testserver runs the real management server (internal/server over
// a store on a fresh SQLite file, or on a fresh PostgreSQL database when the
// suite runs on PostgreSQL: see pgtest.StoreDB) under httptest, for client,
// provider and server tests.
package testserver

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Options configure a test server. The zero value gives licences
// workstation=100, server=20, virtual_machine=20, microsoft_365=50 and no
// rate limit.
type Options struct {
	// Licenses sets the pool totals (types left out get 0); nil: the defaults.
	Licenses map[string]int64
	// RateLimit is requests per second per principal; 0: off (unlike
	// mspbackup-server, whose default is server.DefaultRateLimit).
	RateLimit float64
	// Wrap, when set, wraps the server's handler (e.g. to inject faults).
	Wrap func(http.Handler) http.Handler
	// Now, when set, is the server's clock (e.g. to expire sessions or
	// sign-in lockouts, or to refill rate-limit buckets, without waiting).
	Now func() time.Time
	// PublicURL is the server's public URL (server.Config.PublicURL).
	PublicURL string
	// DeletionGrace is how long a deleted customer account stays pending
	// deletion (server.Config.DeletionGrace); 0: deleted at once, as
	// before the grace existed (mspbackup-server's default is 720h).
	DeletionGrace time.Duration
	// DB, when set, is the database to open instead of a fresh one: a
	// postgres:// URL that several test servers share, as replicas.
	DB string
}

// DefaultLicenses are the pool totals of a zero Options.
func DefaultLicenses() map[string]int64 {
	return map[string]int64{"workstation": 100, "server": 20, "virtual_machine": 20, "microsoft_365": 50}
}

// Server is a running test server.
type Server struct {
	// URL is the base URL, like http://127.0.0.1:port (no /api/v1).
	URL string
	// Token is the bootstrap administrator's token.
	Token string
	// DBPath is what the store was opened on: the SQLite file or, when the
	// suite runs on PostgreSQL (pgtest.Postgres), the database URL.
	DBPath string
	// Handler is the server's handler (before Wrap).
	Handler http.Handler

	lifted atomic.Bool
}

// BootstrapToken is the bootstrap administrator token of every test server.
const BootstrapToken = "mspb_test-bootstrap-token-0123456789abcdefghijklmno"

// Start runs a server until the end of the test.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	ctx := context.Background()
	path := opts.DB
	if path == "" {
		path = pgtest.StoreDB(t, "mspbackup.db")
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("testserver: %v", err)
	}
	licenses := opts.Licenses
	if licenses == nil {
		licenses = DefaultLicenses()
	}
	if err := server.SetLicenseTotals(ctx, st, licenses); err != nil {
		st.Close()
		t.Fatalf("testserver: %v", err)
	}
	var servers []*server.Server // over st: one, or two when a limit can be lifted
	newServer := func(rateLimit float64) *server.Server {
		srv, err := server.New(server.Config{
			Store:          st,
			BootstrapToken: BootstrapToken,
			RateLimit:      rateLimit,
			Now:            opts.Now,
			PublicURL:      opts.PublicURL,
			DeletionGrace:  opts.DeletionGrace,
			Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err != nil {
			st.Close()
			t.Fatalf("testserver: %v", err)
		}
		servers = append(servers, srv)
		return srv
	}
	srv := newServer(opts.RateLimit)
	ts := &Server{Token: BootstrapToken, DBPath: path, Handler: srv}
	var h http.Handler = srv
	if opts.RateLimit > 0 {
		unlimited := newServer(0)
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ts.lifted.Load() {
				unlimited.ServeHTTP(w, r)
				return
			}
			srv.ServeHTTP(w, r)
		})
	}
	if opts.Wrap != nil {
		h = opts.Wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() {
		hs.Close()
		for _, srv := range servers {
			if err := srv.Close(); err != nil {
				t.Errorf("testserver: close server: %v", err)
			}
		}
		if err := st.Close(); err != nil {
			t.Errorf("testserver: close store: %v", err)
		}
	})
	ts.URL = hs.URL
	return ts
}

// LiftRateLimit makes the server stop limiting requests, e.g. so that a test
// that measured a run under Options.RateLimit cleans up quickly. The rest
// of the test is served by a second server without a limit over the same
// store; it has an authentication cache of its own.
func (s *Server) LiftRateLimit() { s.lifted.Store(true) }
