package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// serverResult is the server phase.
type serverResult struct {
	// Label names the backend: "SQLite", "PostgreSQL, 1 replica", ...
	Label    string
	Replicas int
	Users    int
	SeedTime time.Duration
	Loads    []namedLoad
	PeakRSS  int64 // VmHWM after the load (the largest replica's)
}

type namedLoad struct {
	Name string
	bench.LoadResult
}

func (r *serverResult) load(name string) *bench.LoadResult {
	for i := range r.Loads {
		if r.Loads[i].Name == name {
			return &r.Loads[i].LoadResult
		}
	}
	return nil
}

const (
	loadGetUser        = "GET /users/{id}"
	loadGetUserToken   = "GET /users/{id} (API token)"
	loadListPage       = "GET /users?page_size=100"
	loadListPageByAcct = "GET /users?page_size=100&customer_account_id="
	loadCreateAccount  = "POST /customer-accounts"
)

// runServer seeds a database with cfg.users users straight through the
// store package (the HTTP API would hash nothing for users without a
// password, but would still spend one fsynced transaction per user), starts
// the server on it and loads it.
func runServer(ctx context.Context, cfg *config, logf func(string, ...any)) (*serverResult, error) {
	return runServerOn(ctx, cfg, logf, "SQLite", filepath.Join(cfg.work, "load.db"), 1)
}

// runServerOn is runServer on database db (a file or a postgres:// URL)
// with the given number of replicas; the load spreads its requests over
// them round robin, as a load balancer would.
func runServerOn(ctx context.Context, cfg *config, logf func(string, ...any), label, db string, replicas int) (*serverResult, error) {
	res := &serverResult{Label: label, Replicas: replicas, Users: cfg.users}
	start := time.Now()
	st, err := store.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	seeded, err := bench.Seed(ctx, st, cfg.users/1000+1, cfg.users)
	if err != nil {
		st.Close()
		return nil, err
	}
	staffSecret, err := bench.StaffToken(ctx, st)
	if err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	res.SeedTime = time.Since(start)
	logf("seeded %d users in %d customer accounts through the store in %.1fs", cfg.users, len(seeded.AccountIDs), res.SeedTime.Seconds())

	token := bench.NewSecret()
	var srvs []*serverProc
	defer func() {
		for _, s := range srvs {
			s.stop()
		}
	}()
	var apis []string
	for i := range replicas {
		srv, err := startServer(ctx, cfg.bin, db, token, filepath.Join(cfg.work, fmt.Sprintf("load-server-%d.log", i)), 0) // the load measures throughput
		if err != nil {
			return nil, err
		}
		srvs = append(srvs, srv)
		apis = append(apis, srv.URL+"/api/v1")
	}
	srv := srvs[0]
	hc := bench.NewHTTPClient(cfg.clients)
	defer hc.CloseIdleConnections()
	api := apis[0]
	// onReplica sends request i to replica i mod replicas.
	onReplica := func(i int64, u string) string {
		return apis[i%int64(len(apis))] + strings.TrimPrefix(u, api)
	}

	get := func(token, u string) func(context.Context, int64) (*http.Request, error) {
		return func(ctx context.Context, _ int64) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			if err == nil {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return req, err
		}
	}
	getEach := func(token string, urls []string) func(context.Context, int64) (*http.Request, error) {
		return func(ctx context.Context, i int64) (*http.Request, error) {
			return get(token, onReplica(i, urls[i*7919%int64(len(urls))]))(ctx, i)
		}
	}

	userURLs := make([]string, len(seeded.UserIDs))
	for i, id := range seeded.UserIDs {
		userURLs[i] = api + "/users/" + id
	}
	// Page tokens of pages spread over the table, found by walking it.
	pageURLs, err := walkPages(ctx, hc, api+"/users?page_size=100", srv.Token, 200)
	if err != nil {
		return nil, err
	}
	acctURLs := make([]string, len(seeded.AccountIDs))
	for i, id := range seeded.AccountIDs {
		acctURLs[i] = api + "/users?page_size=100&customer_account_id=" + id
	}
	run := fmt.Sprintf("%x", time.Now().UnixNano())
	loads := []struct {
		name string
		l    bench.Load
	}{
		{loadGetUser, bench.Load{Request: getEach(srv.Token, userURLs)}},
		{loadGetUserToken, bench.Load{Request: getEach(staffSecret, userURLs)}},
		{loadListPage, bench.Load{Request: getEach(srv.Token, pageURLs)}},
		{loadListPageByAcct, bench.Load{Request: getEach(srv.Token, acctURLs)}},
		{loadCreateAccount, bench.Load{Want: http.StatusCreated, Request: func(ctx context.Context, i int64) (*http.Request, error) {
			body := fmt.Sprintf(`{"name":"load-%s-%07d","description":"created by the load test"}`, run, i)
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, onReplica(i, api+"/customer-accounts"), strings.NewReader(body))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("Content-Type", "application/json")
			// As the client (and so the provider) sends on every POST.
			req.Header.Set("Idempotency-Key", fmt.Sprintf("load-%s-%d", run, i))
			return req, nil
		}}},
	}
	for _, x := range loads {
		l := x.l
		l.Clients, l.Duration, l.Requests, l.Warmup = cfg.clients, cfg.loadDuration, cfg.loadRequests, int64(cfg.clients*10)
		l.CPU = func() (time.Duration, error) { // every replica's
			var sum time.Duration
			for _, s := range srvs {
				c, err := bench.ProcCPU(s.pid())
				if err != nil {
					return 0, err
				}
				sum += c
			}
			return sum, nil
		}
		r := l.Run(ctx, hc)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		logf("%-52s %s", x.name, r)
		res.Loads = append(res.Loads, namedLoad{x.name, r})
	}
	for _, s := range srvs {
		rss, err := bench.PeakRSS(s.pid())
		if err != nil {
			return nil, err
		}
		res.PeakRSS = max(res.PeakRSS, rss)
	}
	return res, nil
}

// walkPages follows next_page_token from first to the end of the list and
// returns the URLs of up to max of its pages, spread over the list.
func walkPages(ctx context.Context, hc *http.Client, first, token string, max int) ([]string, error) {
	var all []string
	u := first
	for u != "" && len(all) < 5000 {
		all = append(all, u)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		var page struct {
			NextPageToken string `json:"next_page_token"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			return nil, fmt.Errorf("GET %s: %d %v", u, resp.StatusCode, err)
		}
		u = ""
		if page.NextPageToken != "" {
			u = first + "&page_token=" + url.QueryEscape(page.NextPageToken)
		}
	}
	// Every len/max-th page, so the load reads across the whole table.
	step := max1(len(all) / max)
	var out []string
	for i := 0; i < len(all); i += step {
		out = append(out, all[i])
	}
	return out, nil
}

func max1(n int) int { return max(n, 1) }

// runServerPostgres is the server phase on PostgreSQL: a throwaway
// cluster, one database loaded through one replica, another through two.
func runServerPostgres(ctx context.Context, cfg *config, logf func(string, ...any)) ([]*serverResult, error) {
	cluster, err := pgtest.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer cluster.Stop() //nolint:errcheck // best effort at the end of the run
	var out []*serverResult
	for _, replicas := range []int{1, 2} {
		db, err := cluster.NewDatabase(ctx)
		if err != nil {
			return nil, err
		}
		label := fmt.Sprintf("PostgreSQL 15, %d replica%s", replicas, map[bool]string{true: "s"}[replicas > 1])
		logf("server on %s", label)
		r, err := runServerOn(ctx, cfg, logf, label, db, replicas)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		out = append(out, r)
	}
	return out, nil
}
