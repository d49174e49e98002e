// Command mspbackup-bench is the driver behind `make bench`
// (scripts/bench.sh): it times terraform apply and a refreshing plan of
// generated configurations of N resources of each kind against the real
// provider and server and against two floors (terraform_data, builtin; and
// a do-nothing provider built from internal/bench/noopprovider with the same
// terraform-plugin-framework), measures the CPU time of Terraform, of the
// provider processes and of the server and counts the API requests of each
// command, checks that a plan sees a change made through the API a second
// before it, measures the server's password hashing, loads the server with
// a closed-loop HTTP client on loopback, reads peak memory from /proc, and
// prints the tables with the targets of the project.
//
// It also times the adoption of a console: mspbackup-export of many customer
// accounts and users, and the terraform plan of what it wrote.
//
// It needs ./bin (terraform, terraform-provider-mspbackup, mspbackup-server,
// mspbackup-export) and Go (it builds the do-nothing provider, so it runs
// from the repository), starts every server itself on 127.0.0.1 with a
// fresh SQLite file in a temporary directory (and, for the PostgreSQL
// figures, a throwaway cluster from the machine's PostgreSQL: see
// internal/pgtest), and stops everything and removes the directory when it
// ends (or is interrupted).
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/cliflags"
)

type config struct {
	bin          string
	work         string
	sizes        []int
	maxUserN     int
	kinds        []string
	users        int
	clients      int
	loadDuration time.Duration
	loadRequests int64
	quick        bool
	skipTF       bool
	skipServer   bool
	skipPostgres bool
	// The adoption of a console by mspbackup-export (export.go).
	exportAccounts int
	exportUsers    int
	skipExport     bool
	// The estate benchmark (estate.go): customer accounts x users each.
	estateAccounts    int
	estateUsers       int
	estateSkipOneRoot bool
	// estateParallel are the per-tenant runs: how many roots at once in each.
	estateParallel []int
	skipEstate     bool
	// The apply under a rate limit.
	pacedN    int
	pacedRate float64
	// noopExe is the do-nothing provider, built into the work directory.
	noopExe string
	// hashSample is how many users (with and without a password) the
	// hashing measurement creates.
	hashSample int
}

func main() {
	cliflags.Main("mspbackup-bench", func(ctx context.Context) error { return run(ctx, os.Args[1:], os.Stdout) })
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("mspbackup-bench", flag.ContinueOnError)
	quick := fs.Bool("quick", os.Getenv("BENCH_QUICK") == "1", "small sizes and short loads, to check the harness (default from BENCH_QUICK=1)")
	bin := fs.String("bin", "./bin", "directory holding terraform, terraform-provider-mspbackup and mspbackup-server")
	sizes := fs.String("sizes", "", "comma-separated resource counts N (default 100,1000,3000; quick: 10,30)")
	hashSample := fs.Int("hash-sample", 0, "users created with and without a password to measure the server's hashing (default 100; quick: 20)")
	maxUserN := fs.Int("max-user-n", 1000, "largest N of the users kinds (0: no limit), to keep make bench within its time budget")
	kinds := fs.String("kinds", strings.Join(bench.Kinds, ","), "Terraform kinds to run")
	users := fs.Int("users", 0, "users in the server's database (default 100000; quick: 1000)")
	clients := fs.Int("clients", 50, "concurrent load clients")
	dur := fs.Duration("duration", 0, "duration of each load (default 10s; quick: 2s)")
	reqs := fs.Int64("requests", 300000, "most requests of each load")
	skipTF := fs.Bool("skip-terraform", false, "skip the Terraform runs")
	skipServer := fs.Bool("skip-server", false, "skip the server load")
	skipPostgres := fs.Bool("skip-postgres", false, "skip the server load on PostgreSQL (one and two replicas)")
	exportAccounts := fs.Int("export-accounts", 0, "customer accounts of the console mspbackup-export adopts (default 100; quick: 10)")
	exportUsers := fs.Int("export-users", 0, "users of the console mspbackup-export adopts (default 5000; quick: 300)")
	skipExport := fs.Bool("skip-export", false, "skip the export and the plan of its result")
	estateAccounts := fs.Int("estate-accounts", 0, "customer accounts of the estate benchmark (default 100; quick: 3)")
	estateUsers := fs.Int("estate-users", 0, "users of each customer account of the estate benchmark, each with a membership and a licence assignment (default 100; quick: 10)")
	estateSkipOneRoot := fs.Bool("estate-skip-one-root", false, "run the estate benchmark in per-tenant roots only (the one root is the slowest part at full size)")
	estateParallel := fs.String("estate-parallel", "1,2", "the per-tenant runs of the estate benchmark: how many roots plan at once in each (1 also counts each root's requests)")
	skipEstate := fs.Bool("skip-estate", false, "skip the estate benchmark")
	pacedN := fs.Int("paced-n", 0, "customer accounts in the apply under a rate limit (default 1000; quick: 60; -1 skips it)")
	pacedRate := fs.Float64("paced-rate", 20, "the server's --rate-limit for the paced apply")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := &config{quick: *quick, users: *users, clients: *clients, loadDuration: *dur, loadRequests: *reqs,
		skipTF: *skipTF, skipServer: *skipServer, skipPostgres: *skipPostgres, maxUserN: *maxUserN, kinds: strings.Split(*kinds, ","),
		exportAccounts: cmp.Or(*exportAccounts, pick(*quick, 10, 100)), exportUsers: cmp.Or(*exportUsers, pick(*quick, 300, 5000)),
		skipExport: *skipExport, skipEstate: *skipEstate, estateSkipOneRoot: *estateSkipOneRoot,
		estateAccounts: cmp.Or(*estateAccounts, pick(*quick, 3, 100)), estateUsers: cmp.Or(*estateUsers, pick(*quick, 10, 100)),
		pacedN: cmp.Or(*pacedN, pick(*quick, 60, 1000)), pacedRate: *pacedRate,
		hashSample: cmp.Or(*hashSample, pick(*quick, 20, 100))}
	for _, kind := range cfg.kinds {
		if !slices.Contains(bench.Kinds, kind) {
			return fmt.Errorf("-kinds: unknown kind %q (want some of %s)", kind, strings.Join(bench.Kinds, ","))
		}
	}
	if cfg.hashSample < 1 {
		return fmt.Errorf("-hash-sample: %d is not a number of users", cfg.hashSample)
	}
	if cfg.pacedRate <= 0 {
		return fmt.Errorf("-paced-rate: %v is not a rate limit", cfg.pacedRate)
	}
	if cfg.users == 0 {
		cfg.users = pick(cfg.quick, 1000, 100_000)
	}
	if cfg.loadDuration == 0 {
		cfg.loadDuration = time.Duration(pick(cfg.quick, 2, 10)) * time.Second
	}
	for s := range strings.SplitSeq(*estateParallel, ",") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("-estate-parallel: %q is not a number of roots", s)
		}
		cfg.estateParallel = append(cfg.estateParallel, n)
	}
	if *sizes == "" {
		*sizes = map[bool]string{true: "10,30", false: "100,1000,3000"}[cfg.quick]
	}
	for s := range strings.SplitSeq(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a count", s)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	var err error
	if cfg.bin, err = filepath.Abs(*bin); err != nil {
		return err
	}
	for _, b := range []string{"terraform", "terraform-provider-mspbackup", "mspbackup-server", "mspbackup-export"} {
		if _, err := os.Stat(filepath.Join(cfg.bin, b)); err != nil {
			return fmt.Errorf("%s/%s is missing: run `make build terraform` (make bench does)", cfg.bin, b)
		}
	}
	if cfg.work, err = os.MkdirTemp("", "mspbackup-bench."); err != nil {
		return err
	}
	defer os.RemoveAll(cfg.work)

	start := time.Now()
	logf := func(format string, a ...any) {
		fmt.Fprintf(stdout, "[%6.1fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, a...))
	}
	rep := &report{cfg: cfg}

	if !cfg.skipServer {
		logf("server: %d users, %d clients, each load %s or %d requests", cfg.users, cfg.clients, cfg.loadDuration, cfg.loadRequests)
		if rep.server, err = runServer(ctx, cfg, logf); err != nil {
			return fmt.Errorf("server load: %w", err)
		}
		if !cfg.skipPostgres {
			if rep.pgServers, err = runServerPostgres(ctx, cfg, logf); err != nil {
				return fmt.Errorf("server load on PostgreSQL: %w", err)
			}
		}
	}
	if (!cfg.skipTF && slices.Contains(cfg.kinds, bench.KindNoop)) || !cfg.skipEstate {
		logf("building the do-nothing provider (internal/bench/noopprovider)")
		if cfg.noopExe, err = buildNoopProvider(ctx, filepath.Join(cfg.work, "noop")); err != nil {
			return err
		}
	}
	cli, err := writeCLIConfig(cfg.work, cfg.bin, filepath.Join(cfg.work, "noop"))
	if err != nil {
		return err
	}
	if !cfg.skipTF {
		if err := runTerraformKinds(ctx, cfg, cli, rep, logf); err != nil {
			return err
		}
	}
	if !cfg.skipExport {
		logf("export: a console of %d customer accounts and %d users, adopted by mspbackup-export", cfg.exportAccounts, cfg.exportUsers)
		if rep.export, err = runExport(ctx, cfg, cli, logf); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if !cfg.skipEstate {
		logf("estate: %d customer accounts x %d users on two PostgreSQL replicas, in one root and per tenant", cfg.estateAccounts, cfg.estateUsers)
		if rep.estate, err = runEstate(ctx, cfg, cli, logf); err != nil {
			return fmt.Errorf("estate: %w", err)
		}
	}
	rep.elapsed = time.Since(start)
	rep.print(stdout)
	return nil
}

// runTerraformKinds runs every kind at every size, measures the server's
// password hashing when the users with passwords run, and the paced apply.
func runTerraformKinds(ctx context.Context, cfg *config, cli string, rep *report, logf func(string, ...any)) error {
	if slices.Contains(cfg.kinds, bench.KindUserPassword) {
		h, err := measureHashing(ctx, cfg)
		if err != nil {
			return fmt.Errorf("password hashing: %w", err)
		}
		logf("password hashing: %d users created without a password in %.2fs, with one in %.2fs (%d at a time): %.1f ms per password, server CPU %.1f ms per password",
			h.Sample, h.Without.Seconds(), h.With.Seconds(), h.Concurrency, msf(h.PerPassword()), msf(h.CPUPerPassword()))
		rep.hashing = h
	}
	for _, n := range cfg.sizes {
		for _, kind := range cfg.kinds {
			if bench.IsUserKind(kind) && cfg.maxUserN > 0 && n > cfg.maxUserN {
				rep.notes = append(rep.notes, fmt.Sprintf("%s N=%d skipped (-max-user-n=%d, to keep make bench within its time budget; -max-user-n 0 runs it).",
					kind, n, cfg.maxUserN))
				continue
			}
			// The drift check at every size the request target applies
			// to, and at the largest size of a quick run (so that its row
			// prints).
			drift := (kind == bench.KindCustomerAccount || kind == bench.KindUser) && (n >= driftMinN || cfg.quick && n == slices.Max(cfg.sizes))
			r, err := runTerraform(ctx, cfg, cli, kind, n, runOpts{drift: drift})
			if err != nil {
				return fmt.Errorf("%s N=%d: %w", kind, n, err)
			}
			logf("terraform %-24s N=%-5d apply %6.1fs  plan %6.1fs%s%s", kind, n, r.Apply.Wall.Seconds(), r.Plan.Wall.Seconds(),
				map[bool]string{true: "  (plan NOT empty)"}[r.PlanNotEmpty], driftLog(r.Drift))
			for _, p := range []struct {
				name string
				ph   phase
			}{{"apply", r.Apply}, {"plan", r.Plan}} {
				// The check of the CPU split: wait4's figure minus the
				// last /proc readings should leave only what the final
				// poll interval of each process missed.
				logf("  %-5s CPU: terraform+children %.2fs = terraform %.2fs (last /proc reading) + providers %.2fs (%d) + %.2fs unaccounted; server %.2fs; %d requests",
					p.name, p.ph.TotalCPU.Seconds(), p.ph.TerraformPolled.Seconds(), p.ph.ProviderCPU.Seconds(), p.ph.ProviderProcs,
					(p.ph.TotalCPU - p.ph.TerraformPolled - p.ph.ProviderCPU).Seconds(), p.ph.ServerCPU.Seconds(), p.ph.Requests)
			}
			rep.tf = append(rep.tf, *r)
		}
	}
	if cfg.pacedN > 0 {
		// The apply of issue 16: a sustained server limit slows it down to
		// the limit, with few 429s, and never fails it.
		r, err := runTerraform(ctx, cfg, cli, bench.KindCustomerAccount, cfg.pacedN, runOpts{rateLimit: cfg.pacedRate})
		if err != nil {
			return fmt.Errorf("paced %s N=%d at --rate-limit %v: %w", bench.KindCustomerAccount, cfg.pacedN, cfg.pacedRate, err)
		}
		logf("terraform %-24s N=%-5d apply %6.1fs at --rate-limit %v (%d requests, %d answers of 429)",
			r.Kind, r.N, r.Apply.Wall.Seconds(), r.RateLimit, r.Apply.Requests, r.Apply.Limited)
		rep.paced = r
	}
	return nil
}

// driftMinN is the smallest N of the request target of a no-change plan
// (and so of the drift check that goes with it).
const driftMinN = 500

func driftLog(d *driftResult) string {
	switch {
	case d == nil:
		return ""
	case d.Seen:
		return fmt.Sprintf("  drift plan %.1fs: sees the change", d.Plan.Seconds())
	default:
		return fmt.Sprintf("  drift plan %.1fs: does NOT see the change", d.Plan.Seconds())
	}
}

func pick[T any](quick bool, q, full T) T {
	if quick {
		return q
	}
	return full
}
