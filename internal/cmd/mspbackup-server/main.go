// Command mspbackup-server is the reference management server of mspbackup:
// the management API (api/openapi.json) over a SQLite file, or over
// PostgreSQL with any number of replicas sharing one database.
package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/cliflags"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/server"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

func main() {
	cliflags.Main("mspbackup-server", func(ctx context.Context) error { return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr) })
}

// run starts the server and serves until ctx is done, then drains (see
// drain), finishing the requests in flight.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "backup" {
		return runBackup(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("mspbackup-server", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	dbPath := fs.String("db", "./mspbackup.db", "SQLite database file (created if missing), or a postgres:// URL shared by every replica")
	licenses := fs.String("licenses", "", "licence pool totals, e.g. workstation=100,server=20 (types: "+strings.Join(client.LicenseTypes, ", ")+")")
	rate := fs.Float64("rate-limit", server.DefaultRateLimit, "requests per second allowed per principal (user or bootstrap token; client address before authentication), with a burst of two seconds' worth (0: no limit)")
	grace := fs.Duration("deletion-grace", server.DefaultDeletionGrace, "how long a deleted customer account stays pending deletion, restorable with POST /api/v1/customer-accounts/{id}/restore, before it is purged for good (0: delete at once)")
	network := addNetworkFlags(fs)
	metricsListen := fs.String("metrics-listen", "", "also serve GET /metrics on this address, without a token: for a Prometheus on a private network (on --listen, /metrics needs a metrics:read token)")
	const usage = `Usage: mspbackup-server [flags]
       mspbackup-server backup --db DB --out FILE   (see backup --help)

Serves the mspbackup management API (/api/v1) and its web console (/) over a
SQLite database, or over PostgreSQL (--db postgres://user@host/db), where
several replicas may share one database behind one address.
The bootstrap administrator token is read from MSPBACKUP_BOOTSTRAP_TOKEN
(at least 32 characters, no leading or trailing whitespace); without it a
token is generated and printed once on standard output (give every replica
the same MSPBACKUP_BOOTSTRAP_TOKEN). A new database file is created with
mode 0600.
GET /healthz and GET /readyz are the health probes for load balancers.
SIGINT or SIGTERM turns /readyz to 503, keeps serving for --drain-delay,
then stops listening and lets the requests in flight finish (at most
--drain-timeout). SIGHUP reloads --tls-cert and --tls-key.

Flags:
`
	if help, err := cliflags.Parse(fs, args, usage, stdout, stderr); help || err != nil {
		return err
	}
	if *rate < 0 {
		return errors.New("--rate-limit must be 0 or more")
	}
	if *grace < 0 {
		return errors.New("--deletion-grace must be 0 or more")
	}
	trustedProxies, err := network.check()
	if err != nil {
		return err
	}
	totals, err := parseLicenses(*licenses)
	if err != nil {
		return fmt.Errorf("--licenses: %w", err)
	}
	// Checked before anything is created: a refused token leaves no database.
	token, generated := getenv("MSPBACKUP_BOOTSTRAP_TOKEN"), false
	if token == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		token, generated = "mspb_"+base64.RawURLEncoding.EncodeToString(b), true // 48 characters
	} else if err := server.CheckBootstrapToken(token); err != nil {
		return fmt.Errorf("MSPBACKUP_BOOTSTRAP_TOKEN %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	var cert *certificate
	if network.tlsCert != "" {
		if cert, err = loadCertificate(network.tlsCert, network.tlsKey, logger); err != nil {
			return err
		}
	}

	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	dbName := *dbPath
	if st.Postgres() {
		dbName = redactURL(dbName)
	} else {
		warnIfShared(logger, *dbPath)
	}
	if err := server.SetLicenseTotals(ctx, st, totals); err != nil {
		return fmt.Errorf("--licenses: %w", err)
	}
	if generated {
		fmt.Fprintf(stdout, "bootstrap admin token (shown once; set MSPBACKUP_BOOTSTRAP_TOKEN to choose it): %s\n", token)
	}
	api, err := server.New(server.Config{Store: st, BootstrapToken: token, RateLimit: *rate, Logger: logger,
		TrustedProxies: trustedProxies, PublicURL: network.publicURL, DeletionGrace: *grace})
	if err != nil {
		return err
	}
	defer api.Close() // runs before st.Close: stops the purge of expired sessions first

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	if *metricsListen != "" {
		stopMetrics, err := serveMetrics(*metricsListen, api.MetricsHandler(), logger, stdout)
		if err != nil {
			return fmt.Errorf("--metrics-listen: %w", err)
		}
		defer stopMetrics()
	}
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	errc := make(chan error, 1)
	if cert != nil {
		scheme = "https"
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: cert.get}
		hupCtx, stopReloads := context.WithCancel(ctx)
		defer stopReloads()
		cert.reloadOnHangup(hupCtx)
		go func() { errc <- srv.ServeTLS(ln, "", "") }() // ServeTLS offers HTTP/2 too
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	fmt.Fprintf(stdout, "listening on %s://%s (database %s)\n", scheme, ln.Addr(), dbName)
	logger.Info("listening", "addr", ln.Addr().String(), "scheme", scheme, "db", dbName,
		"public_url", network.publicURL, "trusted_proxies", network.trustedProxies)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return drain(srv, api, errc, network.drainDelay, network.drainTimeout, logger)
}

// drain stops the server in the order a load balancer needs: /readyz
// answers 503 while the server still serves for delay, so that the balancer
// takes it out of rotation; then it stops listening and the requests in
// flight have timeout to finish; those still running then are cut off.
func drain(srv *http.Server, api *server.Server, errc <-chan error, delay, timeout time.Duration, logger *slog.Logger) error {
	api.Drain()
	logger.Info("draining: /readyz answers 503", "drain_delay", delay.String())
	select {
	case err := <-errc:
		return err
	case <-time.After(delay):
	}
	logger.Info("shutting down", "drain_timeout", timeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: requests still in flight after --drain-timeout %s were cut off: %w", timeout, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// warnIfShared logs a warning when the database file (which the server
// creates with mode 0600) is open to other users: a file that existed before
// keeps the mode its operator gave it, but it holds password hashes and
// personal data.
func warnIfShared(logger *slog.Logger, path string) {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return
	}
	logger.Warn("the database file is readable or writable by other users; chmod 600 it unless that is intended",
		"db", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
}

// redactURL hides the password of a database URL, which is printed and
// logged at start.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// parseLicenses reads "workstation=100,server=20".
func parseLicenses(s string) (map[string]int64, error) {
	out := map[string]int64{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		typ, n, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("%q: want type=count", part)
		}
		typ = strings.TrimSpace(typ)
		if !contains(client.LicenseTypes, typ) {
			types := append([]string(nil), client.LicenseTypes...)
			sort.Strings(types)
			return nil, fmt.Errorf("unknown licence type %q (want one of %s)", typ, strings.Join(types, ", "))
		}
		total, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		if err != nil || total < 0 {
			return nil, fmt.Errorf("%q: the count must be an integer >= 0", part)
		}
		if _, dup := out[typ]; dup {
			return nil, fmt.Errorf("%q is given twice", typ)
		}
		out[typ] = total
	}
	return out, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// serveMetrics serves h (the metrics, without authentication) on addr until
// stop is called.
func serveMetrics(addr string, h http.Handler, logger *slog.Logger, stdout io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      60 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	go srv.Serve(ln) //nolint:errcheck // ends with stop
	fmt.Fprintf(stdout, "metrics on http://%s%s (no token: keep this address private)\n", ln.Addr(), server.MetricsPath)
	logger.Info("serving metrics", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}
