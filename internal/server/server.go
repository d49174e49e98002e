// Package server is the HTTP management API of mspbackup: routes, request
// decoding, validation, authentication, permissions and tenancy. It stores
// everything through internal/store and speaks the wire types of client/.
package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/apidoc"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/console"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// MaxBodyBytes is the largest request body accepted (413 beyond); /auth/*
// accept much less (authBodyLimit).
const MaxBodyBytes = 1 << 20

// Config is what a Server needs.
type Config struct {
	// Store is the database (required).
	Store *store.Store
	// BootstrapToken is the secret of the bootstrap administrator (required;
	// see CheckBootstrapToken).
	BootstrapToken string
	// RateLimit is the number of requests per second allowed per principal
	// (a token bucket holding two seconds' worth; see rateLimit); 0 turns
	// rate limiting off. mspbackup-server defaults to DefaultRateLimit.
	RateLimit float64
	// TrustedProxies are the networks of the reverse proxies whose
	// X-Forwarded-For names the client (see clientAddress); none: the
	// header is ignored.
	TrustedProxies []netip.Prefix
	// PublicURL is the address users reach the server at (see
	// CheckPublicURL), e.g. https://backup.example.net behind a proxy that
	// terminates TLS; "": none (see https.go).
	PublicURL string
	// DeletionGrace is how long a deleted customer account stays pending
	// deletion, restorable, before the sweeper purges it (see lifecycle.go);
	// 0 deletes at once. mspbackup-server defaults to DefaultDeletionGrace.
	DeletionGrace time.Duration
	// Logger receives access logs and the causes of 500s; nil discards them.
	Logger *slog.Logger
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
}

// DefaultDeletionGrace is mspbackup-server's --deletion-grace: thirty days.
const DefaultDeletionGrace = 720 * time.Hour

// Server is the management API. It is an http.Handler.
type Server struct {
	st            *store.Store
	log           *slog.Logger
	now           func() time.Time
	bootstrapHash [sha256.Size]byte
	limiter       *rateLimiter
	proxies       trustedProxies
	publicURL     *url.URL // nil: none
	handler       http.Handler
	mux           *http.ServeMux // the API's routes
	metrics       *metrics
	// patterns are the routes' patterns ("GET /api/v1/users/{id}"), for
	// the test that holds them to the OpenAPI document.
	patterns []string
	// apiDocument is the OpenAPI document served at /api/v1/openapi.json.
	apiDocument []byte
	passwords   *passwordHasher
	// deletionGrace is Config.DeletionGrace.
	deletionGrace time.Duration

	draining    atomic.Bool // Drain was called: /readyz answers 503
	stopSweeper func()      // stops the purge of expired sessions (Close)
	closeOnce   sync.Once

	// Cached authentications are valid only for the store's cache
	// generation they were made in (store.Store.Generation), which every
	// committed s.write bumps on every replica, so any change (a disabled
	// user, a revoked token, a membership) is seen by the next request.
	authCache  sync.Map // secret hash -> *cachedAuth
	authCached atomic.Int64
	inflight   sync.Map // principal + "\x00" + idempotency key -> struct{}
}

// New returns a Server.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Store is required")
	}
	if err := CheckBootstrapToken(cfg.BootstrapToken); err != nil {
		return nil, fmt.Errorf("server: BootstrapToken %w", err)
	}
	s := &Server{
		st:            cfg.Store,
		log:           cfg.Logger,
		now:           cfg.Now,
		bootstrapHash: sha256.Sum256([]byte(cfg.BootstrapToken)),
		passwords:     passwordHashing,
		proxies:       cfg.TrustedProxies,
		deletionGrace: cfg.DeletionGrace,
	}
	if s.deletionGrace < 0 {
		return nil, fmt.Errorf("server: DeletionGrace %s is negative", s.deletionGrace)
	}
	if cfg.PublicURL != "" {
		if err := CheckPublicURL(cfg.PublicURL); err != nil {
			return nil, fmt.Errorf("server: PublicURL %w", err)
		}
		s.publicURL, _ = url.Parse(cfg.PublicURL)
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	doc, err := apidoc.Document()
	if err != nil {
		return nil, err
	}
	s.apiDocument = doc
	if cfg.RateLimit > 0 {
		s.limiter = newRateLimiter(cfg.RateLimit, s.now)
	}
	s.metrics = newMetrics(s.st, s.log)
	s.mux = s.routes()
	var h http.Handler = s.limitBody(s.mux)
	if s.limiter != nil {
		h = s.rateLimit(h)
	}
	h = s.recoverPanics(h)
	// The console (at /, outside /api/) sends its every read and change to
	// this same API handler, so it keeps the API's rules by construction.
	con, err := console.New(fromConsole(h))
	if err != nil {
		return nil, err
	}
	s.handler = s.withClientAddress(s.accessLog(s.instrument(dispatch(h, s.recoverPanics(s.mux), s.recoverPanics(s.consolePages(con))))))
	s.startSweeper()
	return s, nil
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// dispatch serves /api/ (and the API's 404s under it) and /metrics with api, the health
// probes with probes (the API's routes without the rate limit, see
// health.go) and every other path with the console.
func dispatch(api, probes, con http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case isAPIPath(r.URL.Path):
			api.ServeHTTP(w, r)
		case isProbePath(r.URL.Path):
			probes.ServeHTTP(w, r)
		default:
			con.ServeHTTP(w, r)
		}
	})
}

// clock returns the current time in UTC, truncated to microseconds (the
// precision of the store) so that what a create answers is what a read gives.
func (s *Server) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// write runs fn in one store transaction and, when it commits, invalidates
// cached authentications (on every replica sharing the database).
func (s *Server) write(ctx context.Context, fn func(*store.Tx) error) error {
	return s.st.Write(ctx, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return tx.BumpGeneration(ctx)
	})
}

// SetLicenseTotals sets the pool totals of the given licence types, refusing
// a total below what assignments and pool-drawn computers already use.
func SetLicenseTotals(ctx context.Context, st *store.Store, totals map[string]int64) error {
	return st.Write(ctx, func(tx *store.Tx) error {
		for typ, total := range totals {
			if !isOneOf(typ, client.LicenseTypes) {
				return fmt.Errorf("unknown licence type %q (want one of %v)", typ, client.LicenseTypes)
			}
			e, err := tx.PoolEntry(ctx, typ)
			if err != nil {
				return err
			}
			if used := e.Total - e.Available; total < used {
				return fmt.Errorf("licence type %s: total %d is below the %d licences in use", typ, total, used)
			}
			if err := tx.SetPoolTotal(ctx, typ, total); err != nil {
				return err
			}
		}
		return nil
	})
}

// ---- middleware ----

type ctxKey int

const (
	keyLog ctxKey = iota
	keyBody
	keyIdempotency
	keyConsole // set on the console's requests (fromConsole)
	keyClientAddress
)

// logInfo is filled in while a request is served, for the access log.
type logInfo struct{ actor string }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs one line per request: method, path, status, duration,
// actor and client address. Never headers, bodies, query strings or secrets.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &logInfo{actor: "-"}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), keyLog, info)))
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)),
			slog.String("actor", info.actor),
			slog.String("remote_addr", s.clientAddress(r)))
	})
}

func setActor(ctx context.Context, actor string) {
	if info, ok := ctx.Value(keyLog).(*logInfo); ok {
		info.actor = actor
	}
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
