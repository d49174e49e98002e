package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// discard is a ResponseWriter that keeps only the status: the benchmarks
// measure the handler, not a recorder's buffer.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(code int)        { d.status = code }

// BenchmarkServerUsers serves the user reads of the server targets from a
// database of 100,000 users (MSPBACKUP_BENCH_USERS; seeded once, through
// the store, 1000 per customer account): the whole handler chain (access log to a discarding
// logger, authentication, routing, store, JSON) without the network.
func BenchmarkServerUsers(b *testing.B) {
	ctx := context.Background()
	st, seeded, staff := bench.SeedForBenchmark(b, pgtest.StoreDB(b, "bench.db"))
	n := len(seeded.UserIDs)
	const bootstrap = "mspb_bench-bootstrap-token-0123456789abcdefghijklmnopq"
	s, err := New(Config{Store: st, BootstrapToken: bootstrap, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	serve := func(b *testing.B, token string, url func(i int) string) {
		b.Helper()
		b.ReportAllocs()
		defer bench.ReportCPU(b)()
		i := 0
		for b.Loop() {
			req := httptest.NewRequest(http.MethodGet, url(i), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			w := &discard{h: http.Header{}}
			s.ServeHTTP(w, req)
			if w.status != http.StatusOK {
				b.Fatalf("GET %s: %d", req.URL, w.status)
			}
			i++
		}
	}
	ids := seeded.UserIDs
	userURL := func(i int) string { return "/api/v1/users/" + ids[i*7919%len(ids)] }
	b.Run("GetUser", func(b *testing.B) { serve(b, bootstrap, userURL) })
	b.Run("GetUserAPIToken", func(b *testing.B) { serve(b, staff, userURL) })
	b.Run("ListPage100", func(b *testing.B) {
		serve(b, bootstrap, func(i int) string {
			after := int64(i*997%max(n-100, 1)) + 1
			return "/api/v1/users?page_size=100&page_token=" + pageToken(after)
		})
	})
	b.Run("ListPage100ByAccount", func(b *testing.B) {
		serve(b, bootstrap, func(i int) string {
			return "/api/v1/users?page_size=100&customer_account_id=" + seeded.AccountIDs[i%len(seeded.AccountIDs)]
		})
	})

	// Token authentication: the bootstrap token (a hash and a compare), an
	// API token found in the cache, and one looked up in the store (the
	// cache is dropped by every write, e.g. while Terraform creates users).
	authReq := func(token string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		return r
	}
	b.Run("AuthenticateBootstrap", func(b *testing.B) {
		r := authReq(bootstrap)
		for b.Loop() {
			if _, err := s.authenticate(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AuthenticateTokenCached", func(b *testing.B) {
		r := authReq(staff)
		for b.Loop() {
			if _, err := s.authenticate(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The read that tells a replica whether its cached authentications are
	// still valid (store.Store.Generation): an atomic load on SQLite, a
	// primary-key SELECT on PostgreSQL, paid by every authenticated request.
	b.Run("CacheGeneration", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Generation(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AuthenticateTokenUncached", func(b *testing.B) {
		r := authReq(staff)
		for b.Loop() {
			s.authCache.Clear() // as a newer generation does
			if _, err := s.authenticate(r); err != nil {
				b.Fatal(err)
			}
		}
	})

	// JSON encoding of one page of 100 users, as listUsers answers it
	// (sendUserPage), and as encoding/json encodes the same page.
	users, _, err := st.ListUsers(ctx, store.UserFilter{}, store.Page{Limit: 100})
	if err != nil || len(users) != 100 {
		b.Fatal(len(users), err)
	}
	b.Run("EncodePage100", func(b *testing.B) {
		b.ReportAllocs()
		defer bench.ReportCPU(b)()
		for b.Loop() {
			if err := sendUserPage(&discard{h: http.Header{}}, users, 100, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EncodePage100Reflect", func(b *testing.B) {
		b.ReportAllocs()
		defer bench.ReportCPU(b)()
		for b.Loop() {
			writeJSON(&discard{h: http.Header{}}, http.StatusOK, client.Page[client.User]{Items: users, NextPageToken: pageToken(100)})
		}
	})
}

// BenchmarkHashPassword is the argon2id hash of one password (OWASP
// parameters: 19 MiB, 2 passes, 1 lane), which every user created or given
// a password pays: N users with passwords cost at least N times this,
// divided by the CPUs.
func BenchmarkHashPassword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := passwordHashing.hash(b.Context(), "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
