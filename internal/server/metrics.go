package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// MetricsPath is where the Prometheus metrics are served: on the API's
// address with the metrics:read permission, and without a token on
// mspbackup-server's --metrics-listen address (MetricsHandler).
const MetricsPath = "/metrics"

// metrics are the server's Prometheus series, in a registry of its own (not
// the process-wide default, so that servers sharing a process, as in tests,
// count apart). Counters count what happened in this process; what the
// database holds (the licence pool) and the connection pools are read when
// scraped (storeCollector), so they never drift from the truth.
type metrics struct {
	registry *prometheus.Registry
	handler  http.Handler // the text exposition of registry

	requests        *prometheus.CounterVec   // route, code
	duration        *prometheus.HistogramVec // route
	rateLimited     *prometheus.CounterVec   // by: principal or address
	signins         prometheus.Counter
	signinFailures  *prometheus.CounterVec // step: password or mfa
	signinThrottled *prometheus.CounterVec // step
	signinLocks     *prometheus.CounterVec // counter: login, address or mfa
	replays         prometheus.Counter
}

// Label values, set up front so that every series exists from the start
// (rate() over a series that appears with its first event misses it).
var (
	signinSteps    = []string{"password", "mfa"}
	rateLimitedBys = []string{"principal", "address"}
)

func newMetrics(st *store.Store, logger *slog.Logger) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbackup_http_requests_total",
			Help: "HTTP requests answered, by route (the API's route pattern; console for the web console) and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mspbackup_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbackup_rate_limit_refusals_total",
			Help: "Requests refused with 429 by the rate limit, by what they were counted against: a token's principal, or the client address (no or a bad token).",
		}, []string{"by"}),
		signins: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mspbackup_signins_total",
			Help: "Sign-ins that opened a session.",
		}),
		signinFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbackup_signin_failures_total",
			Help: "Failed sign-in attempts: a wrong password or unknown login (step=password), a wrong MFA code (step=mfa).",
		}, []string{"step"}),
		signinThrottled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbackup_signin_throttled_total",
			Help: "Sign-in attempts refused without a check because their login, client address or user was locked, by step.",
		}, []string{"step"}),
		signinLocks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbackup_signin_locks_total",
			Help: "Sign-in locks imposed (or lengthened) by a failure reaching its limit, by the counter locked: a login, a client address or a user's MFA codes.",
		}, []string{"counter"}),
		replays: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mspbackup_idempotent_replays_total",
			Help: "Requests answered with the stored answer of an earlier request with the same Idempotency-Key.",
		}),
	}
	for _, step := range signinSteps {
		m.signinFailures.WithLabelValues(step)
		m.signinThrottled.WithLabelValues(step)
	}
	for _, kind := range []string{throttleLogin, throttleAddress, throttleMFA} {
		m.signinLocks.WithLabelValues(kind)
	}
	for _, by := range rateLimitedBys {
		m.rateLimited.WithLabelValues(by)
	}
	m.registry.MustRegister(m.requests, m.duration, m.rateLimited, m.signins, m.signinFailures, m.signinThrottled,
		m.signinLocks, m.replays, &storeCollector{st: st},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		// A scrape during a database outage still answers every other series.
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      slog.NewLogLogger(logger.Handler(), slog.LevelError),
	})
	return m
}

// signinEvent counts a sign-in audit event (see auditSignin) once its
// transaction commits.
func (m *metrics) signinEvent(tx *store.Tx, action string) {
	var c prometheus.Counter
	switch action {
	case actionLogin:
		c = m.signins
	case actionLoginFailed:
		c = m.signinFailures.WithLabelValues("password")
	case actionMFAFailed:
		c = m.signinFailures.WithLabelValues("mfa")
	case actionLoginThrottled:
		c = m.signinThrottled.WithLabelValues("password")
	case actionMFAThrottled:
		c = m.signinThrottled.WithLabelValues("mfa")
	default:
		return
	}
	tx.AfterCommit(c.Inc)
}

// rateLimitedKey counts a refusal of the rate limiter's bucket key.
func (m *metrics) rateLimitedKey(key string) {
	by := "address"
	if strings.HasPrefix(key, "principal ") {
		by = "principal"
	}
	m.rateLimited.WithLabelValues(by).Inc()
}

// isAPIPath reports whether path is the API's (served by the API's mux)
// rather than the web console's.
func isAPIPath(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/api" || path == MetricsPath
}

// isProbePath reports whether path is a health probe's (served by the API's
// mux without the rate limit, see health.go).
func isProbePath(path string) bool { return path == "/healthz" || path == "/readyz" }

// instrument counts every request by route and status and times it. The
// route is the API mux's pattern ("GET /api/v1/users/{id}"), never the path,
// so ids do not make a series each; the console's pages count as "console".
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := "console"
		if isAPIPath(r.URL.Path) || isProbePath(r.URL.Path) {
			// Resolved here because a request the rate limit refuses never
			// reaches the mux. The catch-all "/" answers unknown routes; a
			// path the mux redirects to its clean form counts under the
			// pattern it matches.
			_, route = s.mux.Handler(r)
		}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// getMetrics serves the metrics to a principal with metrics:read. They
// cover every customer account, so the route is staff only: a tenant's user
// is refused even with metrics:read.
func (s *Server) getMetrics(w http.ResponseWriter, r *http.Request, _ *principal) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}

// MetricsHandler serves GET /metrics without authentication, for a listener
// of its own that only a scraper on a private network reaches
// (mspbackup-server --metrics-listen). Anything else is a 404.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+MetricsPath, s.metrics.handler)
	return mux
}

// storeCollector reads, at each scrape, the licence pool from the database
// and the statistics of the store's connection pools.
type storeCollector struct{ st *store.Store }

// storeScrapeTimeout bounds the licence pool's read during a scrape.
const storeScrapeTimeout = 5 * time.Second

var (
	descPoolSize = prometheus.NewDesc("mspbackup_license_pool_size",
		"Licences bought (the pool's total), by licence type.", []string{"license_type"}, nil)
	descPoolAssigned = prometheus.NewDesc("mspbackup_license_pool_assigned",
		"Licences assigned to users, by licence type.", []string{"license_type"}, nil)
	descPoolInUse = prometheus.NewDesc("mspbackup_license_pool_in_use",
		"Registered computers holding a licence, by licence type.", []string{"license_type"}, nil)
	descPoolAvailable = prometheus.NewDesc("mspbackup_license_pool_available",
		"Licences that new assignments or computers drawing from the pool can still take, by licence type.", []string{"license_type"}, nil)

	descDBMaxOpen = prometheus.NewDesc("mspbackup_db_max_open_connections",
		"Largest number of open connections of the connection pool (read and write on SQLite; postgres).", []string{"pool"}, nil)
	descDBOpen = prometheus.NewDesc("mspbackup_db_open_connections",
		"Open connections of the connection pool.", []string{"pool"}, nil)
	descDBInUse = prometheus.NewDesc("mspbackup_db_in_use_connections",
		"Connections of the connection pool in use.", []string{"pool"}, nil)
	descDBIdle = prometheus.NewDesc("mspbackup_db_idle_connections",
		"Idle connections of the connection pool.", []string{"pool"}, nil)
	descDBWaits = prometheus.NewDesc("mspbackup_db_wait_count_total",
		"Times a request waited for a connection of the pool.", []string{"pool"}, nil)
	descDBWaited = prometheus.NewDesc("mspbackup_db_wait_duration_seconds_total",
		"Time spent waiting for a connection of the pool.", []string{"pool"}, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPoolSize, descPoolAssigned, descPoolInUse, descPoolAvailable,
		descDBMaxOpen, descDBOpen, descDBInUse, descDBIdle, descDBWaits, descDBWaited} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.st.Pools() {
		st := p.Stats
		ch <- prometheus.MustNewConstMetric(descDBMaxOpen, prometheus.GaugeValue, float64(st.MaxOpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(descDBOpen, prometheus.GaugeValue, float64(st.OpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(descDBInUse, prometheus.GaugeValue, float64(st.InUse), p.Name)
		ch <- prometheus.MustNewConstMetric(descDBIdle, prometheus.GaugeValue, float64(st.Idle), p.Name)
		ch <- prometheus.MustNewConstMetric(descDBWaits, prometheus.CounterValue, float64(st.WaitCount), p.Name)
		ch <- prometheus.MustNewConstMetric(descDBWaited, prometheus.CounterValue, st.WaitDuration.Seconds(), p.Name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeScrapeTimeout)
	defer cancel()
	pool, err := c.st.LicensePool(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descPoolSize, err)
		return
	}
	for _, e := range pool {
		ch <- prometheus.MustNewConstMetric(descPoolSize, prometheus.GaugeValue, float64(e.Total), e.LicenseType)
		ch <- prometheus.MustNewConstMetric(descPoolAssigned, prometheus.GaugeValue, float64(e.Assigned), e.LicenseType)
		ch <- prometheus.MustNewConstMetric(descPoolInUse, prometheus.GaugeValue, float64(e.InUse), e.LicenseType)
		ch <- prometheus.MustNewConstMetric(descPoolAvailable, prometheus.GaugeValue, float64(e.Available), e.LicenseType)
	}
}
