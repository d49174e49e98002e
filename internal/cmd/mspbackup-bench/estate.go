package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/export"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The estate benchmark (issue 27): an MSP of many customer accounts with
// many users each, every user with a membership and a licence assignment,
// served by two replicas on PostgreSQL behind a round-robin balancer, and
// adopted by Terraform in one root and in a root per customer account (one
// at a time, and two at once): export, the first plan (imports only), the
// apply of the imports, then the no-change drift check of the whole estate,
// with a console change made one second before it. Every run is matched by
// its floor: the do-nothing provider importing as many resources in each
// root, planned, applied and planned again the same way.

// estateRun is one layout at one parallelism, or its floor.
type estateRun struct {
	Layout   string
	Parallel int
	Floor    bool
	Roots    int
	Imports  int
	// Export is the wall and CPU time of mspbackup-export (not for floors).
	Export, ExportCPU time.Duration
	Plan, Apply       estatePhase
	Drift             estatePhase
	// DriftSeen says the drift check showed the console change, in its
	// root and nowhere else (not for floors).
	DriftSeen bool
	DriftWhat string
	// QuietRequests is the most requests of a tenant's root without drift
	// in the drift check, ChangedRequests those of the root where the
	// console change shows (one root at a time only).
	QuietRequests, ChangedRequests int
}

func (r *estateRun) label() string {
	l := "one root"
	if r.Layout == export.LayoutPerCustomerAccount {
		l = fmt.Sprintf("per tenant, %d at once", r.Parallel)
	}
	if r.Floor {
		l += " (noop floor)"
	}
	return l
}

// peak is the phase (first plan or drift check) with the largest peak of a
// root.
func (r *estateRun) peak() estatePhase {
	if r.Plan.PeakRoot > r.Drift.PeakRoot {
		return r.Plan
	}
	return r.Drift
}

// estatePhase is one Terraform command run in every root.
type estatePhase struct {
	Wall time.Duration
	// CPU is Terraform's and its providers' (wait4), summed over the roots.
	CPU time.Duration
	// ServerCPU and Requests are both replicas', during the phase.
	ServerCPU time.Duration
	Requests  int
	// TenantRequests is the most requests one customer account's root made
	// (known only one root at a time), and RootRequests each root's.
	TenantRequests int
	RootRequests   []int
	// PeakRoot is the largest peak of one root's command, Terraform and
	// provider together (VmHWM of each), and PeakTerraform and
	// PeakProvider its parts in that root.
	PeakRoot, PeakTerraform, PeakProvider int64
}

type estateResult struct {
	Accounts, UsersPerAccount int
	Seed                      time.Duration
	Runs                      []*estateRun
}

// estateRoot is one root module of a run.
type estateRoot struct {
	dir     string
	imports int
	tenant  bool
}

// runEstate seeds the estate on a throwaway PostgreSQL cluster and runs
// every layout and its floor.
func runEstate(ctx context.Context, cfg *config, cli string, logf func(string, ...any)) (*estateResult, error) {
	res := &estateResult{Accounts: cfg.estateAccounts, UsersPerAccount: cfg.estateUsers}
	cluster, err := pgtest.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer cluster.Stop() //nolint:errcheck // best effort at the end of the run
	db, err := cluster.NewDatabase(ctx)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	st, err := store.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	objects, err := bench.SeedEstate(ctx, st, cfg.estateAccounts, cfg.estateUsers)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	res.Seed = time.Since(start)
	logf("estate: seeded %d customer accounts x %d users (%d objects with their memberships and licence assignments) on PostgreSQL in %.1fs",
		cfg.estateAccounts, cfg.estateUsers, objects, res.Seed.Seconds())

	dir := filepath.Join(cfg.work, "estate")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	token := bench.NewSecret()
	var replicas []*serverProc
	defer func() {
		for _, s := range replicas {
			s.stop()
		}
	}()
	for i := range 2 {
		srv, err := startServer(ctx, cfg.bin, db, token, filepath.Join(dir, fmt.Sprintf("replica-%d.log", i)), 0)
		if err != nil {
			return nil, err
		}
		replicas = append(replicas, srv)
	}
	endpoint, stopBalancer, err := startBalancer(replicas)
	if err != nil {
		return nil, err
	}
	defer stopBalancer()
	api, err := client.New(endpoint, token)
	if err != nil {
		return nil, err
	}
	env := append(tfEnv(cli), "MSPBACKUP_ENDPOINT="+endpoint, "MSPBACKUP_API_TOKEN="+token)
	e := &estate{cfg: cfg, env: env, replicas: replicas, api: api, logf: logf, counter: &answerCounter{offsets: map[string]int64{}}}

	type variant struct {
		layout   string
		parallel int
	}
	var variants []variant
	if !cfg.estateSkipOneRoot {
		variants = append(variants, variant{export.LayoutOneRoot, 1})
	}
	for _, n := range cfg.estateParallel {
		variants = append(variants, variant{export.LayoutPerCustomerAccount, n})
	}
	for i, v := range variants {
		run, roots, err := e.adopt(ctx, filepath.Join(dir, fmt.Sprintf("run-%d", i)), v.layout, v.parallel, i)
		if err != nil {
			return nil, fmt.Errorf("%s, %d at once: %w", v.layout, v.parallel, err)
		}
		res.Runs = append(res.Runs, run)
		floor, err := e.floor(ctx, filepath.Join(dir, fmt.Sprintf("floor-%d", i)), run, roots, i)
		if err != nil {
			return nil, fmt.Errorf("the floor of %s: %w", run.label(), err)
		}
		res.Runs = append(res.Runs, floor)
	}
	return res, nil
}

// estate is what the runs of the estate benchmark share.
type estate struct {
	cfg      *config
	env      []string
	replicas []*serverProc
	api      *client.Client
	logf     func(string, ...any)
	counter  *answerCounter
}

// adopt exports the estate in layout into dir, plans and applies the
// imports in every root, parallel at a time, then changes a user in the
// console and runs the drift check of every root.
func (e *estate) adopt(ctx context.Context, dir, layout string, parallel, n int) (*estateRun, []estateRoot, error) {
	run := &estateRun{Layout: layout, Parallel: parallel}
	out := filepath.Join(dir, "roots")
	cmd := command(ctx, filepath.Join(e.cfg.bin, "mspbackup-export"), "--out", out, "--layout", layout, "--memberships", export.MembershipsSingle)
	cmd.Env = e.env
	start := time.Now()
	if text, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("mspbackup-export: %w\n%s", err, lastLines(string(text), 40))
	}
	run.Export = time.Since(start)
	run.ExportCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	roots, err := listRoots(out, layout)
	if err != nil {
		return nil, nil, err
	}
	run.Roots = len(roots)
	for _, r := range roots {
		run.Imports += r.imports
	}
	e.logf("estate %s: exported %d objects into %d roots in %.1fs", run.label(), run.Imports, run.Roots, run.Export.Seconds())

	provider := filepath.Join(e.cfg.bin, "terraform-provider-mspbackup")
	var outs []string
	if run.Plan, outs, _, err = e.phase(ctx, roots, parallel, provider, "plan", "-input=false", "-no-color", "-out=first.tfplan"); err != nil {
		return nil, nil, err
	}
	for i, r := range roots {
		if m := importPlan.FindStringSubmatch(outs[i]); m == nil || m[1] != fmt.Sprint(r.imports) {
			return nil, nil, fmt.Errorf("the first plan of %s does not import its %d objects and only them:\n%s", r.dir, r.imports, lastLines(outs[i], 30))
		}
	}
	e.logf("  first plan %.1fs, CPU %.1fs, %d requests", run.Plan.Wall.Seconds(), run.Plan.CPU.Seconds(), run.Plan.Requests)
	if run.Apply, _, _, err = e.phase(ctx, roots, parallel, provider, "apply", "-input=false", "-no-color", "first.tfplan"); err != nil {
		return nil, nil, err
	}
	e.logf("  apply %.1fs, CPU %.1fs, %d requests", run.Apply.Wall.Seconds(), run.Apply.CPU.Seconds(), run.Apply.Requests)

	// The console change: the first user of the last customer account, a
	// value of its own per run so that each run has something to see.
	last := e.cfg.estateAccounts - 1
	login := bench.EstateUserLogin(last, 0)
	value := fmt.Sprintf("%s (run %d)", consoleValue, n)
	users, err := e.api.Users.ListAll(ctx, &client.ListOptions{Login: login})
	if err != nil || len(users) != 1 {
		return nil, nil, fmt.Errorf("find user %s: %d found, %v", login, len(users), err)
	}
	if _, err := e.api.Users.Update(ctx, users[0].ID, &client.UserUpdateRequest{DisplayName: &value}); err != nil {
		return nil, nil, fmt.Errorf("change user %s: %w", login, err)
	}
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	var codes []int
	if run.Drift, outs, codes, err = e.phase(ctx, roots, parallel, provider, "plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		return nil, nil, err
	}
	changed := "."
	if layout == export.LayoutPerCustomerAccount {
		changed = "customer_" + strings.ReplaceAll(bench.EstateAccountName(last), "-", "_")
	}
	run.DriftWhat = "display_name of " + login
	run.DriftSeen = true
	for i, r := range roots {
		want := 0
		if filepath.Base(r.dir) == changed || changed == "." {
			want = 2
			run.DriftSeen = run.DriftSeen && showsChange(outs[i], "display_name", value)
		}
		if parallel == 1 && r.tenant {
			if want == 2 {
				run.ChangedRequests = run.Drift.RootRequests[i]
			} else {
				run.QuietRequests = max(run.QuietRequests, run.Drift.RootRequests[i])
			}
		}
		if codes[i] != want {
			run.DriftSeen = false
			e.logf("  drift check of %s exited %d, want %d:\n%s", r.dir, codes[i], want, lastLines(outs[i], 20))
		}
	}
	perRoot := ""
	if parallel == 1 {
		perRoot = fmt.Sprintf(" (a tenant's root: %d without drift, %d with)", run.QuietRequests, run.ChangedRequests)
	}
	e.logf("  drift check %.1fs, CPU %.1fs, %d requests%s, peak of a root %s (Terraform %s, provider %s); the console change %s",
		run.Drift.Wall.Seconds(), run.Drift.CPU.Seconds(), run.Drift.Requests, perRoot,
		mb(run.Drift.PeakRoot), mb(run.Drift.PeakTerraform), mb(run.Drift.PeakProvider),
		map[bool]string{true: "shows", false: "does NOT show"}[run.DriftSeen])
	return run, roots, nil
}

// floor runs the do-nothing provider in roots of the same sizes as of:
// the plan of as many imports, their apply, then the no-change plan.
func (e *estate) floor(ctx context.Context, dir string, of *estateRun, roots []estateRoot, n int) (*estateRun, error) {
	run := &estateRun{Layout: of.Layout, Parallel: of.Parallel, Floor: true, Roots: of.Roots, Imports: of.Imports}
	var floors []estateRoot
	for i, r := range roots {
		d := filepath.Join(dir, fmt.Sprintf("root-%04d", i))
		main := bench.NoopImportConfig(r.imports, fmt.Sprintf("estate%d-%d", n, i))
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(main), 0o600); err != nil {
			return nil, err
		}
		floors = append(floors, estateRoot{dir: d, imports: r.imports})
	}
	var err error
	if run.Plan, _, _, err = e.phase(ctx, floors, of.Parallel, e.cfg.noopExe, "plan", "-input=false", "-no-color", "-out=first.tfplan"); err != nil {
		return nil, err
	}
	if run.Apply, _, _, err = e.phase(ctx, floors, of.Parallel, e.cfg.noopExe, "apply", "-input=false", "-no-color", "first.tfplan"); err != nil {
		return nil, err
	}
	if run.Drift, _, _, err = e.phase(ctx, floors, of.Parallel, e.cfg.noopExe, "plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		return nil, err
	}
	e.logf("estate %s: plan %.1fs, apply %.1fs, no-change plan %.1fs", run.label(), run.Plan.Wall.Seconds(), run.Apply.Wall.Seconds(), run.Drift.Wall.Seconds())
	return run, nil
}

// phase runs terraform args in every root, parallel at a time, and returns
// the measures with each root's output and exit code. A plan that exits 2
// (changes, after -detailed-exitcode) is not an error.
func (e *estate) phase(ctx context.Context, roots []estateRoot, parallel int, providerExe string, args ...string) (estatePhase, []string, []int, error) {
	var ph estatePhase
	cpu0, err := e.serverCPU()
	if err != nil {
		return ph, nil, nil, err
	}
	if _, err := e.counter.since(e.logs()...); err != nil {
		return ph, nil, nil, err
	}
	outs, codes := make([]string, len(roots)), make([]int, len(roots))
	if parallel == 1 {
		ph.RootRequests = make([]int, len(roots))
	}
	var mu sync.Mutex
	start := time.Now()
	first := eachParallel(len(roots), parallel, func(i int) error {
		p, code, out, err := runPhase(ctx, e.cfg, roots[i].dir, e.env, nil, providerExe, args...)
		mu.Lock()
		defer mu.Unlock()
		outs[i], codes[i] = out, code
		ph.CPU += p.TotalCPU
		if sum := p.TerraformPeakRSS + p.ProviderPeakRSS; sum > ph.PeakRoot {
			ph.PeakRoot, ph.PeakTerraform, ph.PeakProvider = sum, p.TerraformPeakRSS, p.ProviderPeakRSS
		}
		if err != nil {
			return fmt.Errorf("%s: %w", roots[i].dir, err)
		}
		if parallel == 1 {
			// One root at a time: what the replicas answered since the
			// last root is this root's.
			n, err := e.counter.since(e.logs()...)
			if err != nil {
				return err
			}
			if roots[i].tenant {
				ph.TenantRequests = max(ph.TenantRequests, n)
			}
			ph.RootRequests[i] = n
			ph.Requests += n
		}
		return ctx.Err()
	})
	ph.Wall = time.Since(start)
	if first != nil {
		return ph, nil, nil, first
	}
	if err := ctx.Err(); err != nil {
		return ph, nil, nil, err
	}
	n, err := e.counter.since(e.logs()...)
	if err != nil {
		return ph, nil, nil, err
	}
	ph.Requests += n
	cpu1, err := e.serverCPU()
	if err != nil {
		return ph, nil, nil, err
	}
	ph.ServerCPU = cpu1 - cpu0
	return ph, outs, codes, nil
}

func (e *estate) logs() []string {
	var paths []string
	for _, r := range e.replicas {
		paths = append(paths, r.logPath)
	}
	return paths
}

func (e *estate) serverCPU() (time.Duration, error) {
	var total time.Duration
	for _, r := range e.replicas {
		c, err := bench.ProcCPU(r.pid())
		if err != nil {
			return 0, fmt.Errorf("server CPU: %w", err)
		}
		total += c
	}
	return total, nil
}

// listRoots returns the root modules of an export and their imports.
func listRoots(out, layout string) ([]estateRoot, error) {
	dirs := []string{out}
	if layout == export.LayoutPerCustomerAccount {
		entries, err := os.ReadDir(out)
		if err != nil {
			return nil, err
		}
		dirs = nil
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(out, e.Name()))
			}
		}
	}
	var roots []estateRoot
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.tf"))
		if err != nil {
			return nil, err
		}
		r := estateRoot{dir: d, tenant: strings.HasPrefix(filepath.Base(d), "customer_")}
		for _, f := range files {
			text, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			r.imports += bytes.Count(text, []byte("\nimport {"))
		}
		roots = append(roots, r)
	}
	slices.SortFunc(roots, func(a, b estateRoot) int { return strings.Compare(a.dir, b.dir) })
	return roots, nil
}

// startBalancer serves the replicas behind one address, round robin, as a
// load balancer in front of them would.
func startBalancer(replicas []*serverProc) (string, func(), error) {
	var targets []*url.URL
	for _, r := range replicas {
		u, err := url.Parse(r.URL)
		if err != nil {
			return "", nil, err
		}
		targets = append(targets, u)
	}
	var next atomic.Uint64
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(targets[next.Add(1)%uint64(len(targets))])
			r.Out.Host = r.In.Host
		},
		Transport: transport,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: proxy, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// answerCounter counts the requests servers logged since it last looked,
// reading each access log from where it stopped.
type answerCounter struct {
	offsets map[string]int64
}

func (c *answerCounter) since(paths ...string) (int, error) {
	n := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		if _, err := f.Seek(c.offsets[p], 0); err != nil {
			f.Close()
			return 0, err
		}
		var buf bytes.Buffer
		_, err = buf.ReadFrom(f)
		f.Close()
		if err != nil {
			return 0, err
		}
		// Only whole lines: a line being written is counted next time.
		data := buf.Bytes()
		end := bytes.LastIndexByte(data, '\n') + 1
		n += bytes.Count(data[:end], []byte(`"msg":"request"`))
		c.offsets[p] += int64(end)
	}
	return n, nil
}

// print writes the estate's table: each run beside its floor.
func (e *estateResult) print(w io.Writer) {
	fmt.Fprintf(w, "Estate: %d customer accounts x %d users, each user with a membership and a licence assignment, on two PostgreSQL replicas\n"+
		"behind a round-robin balancer (seeded in %.1fs). Per run: mspbackup-export, the first plan (imports only), the apply of the\n"+
		"imports, the drift check (a no-change plan of every root, a console change made 1s before); x noop: against the do-nothing\n"+
		"provider importing as many resources in each root (plan, apply, no-change plan). CPU: Terraform and providers, all roots.\n",
		e.Accounts, e.UsersPerAccount, e.Seed.Seconds())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\troots\tobjects\texport s\tfirst plan s\tx noop\tapply s\tx noop\tdrift check s\tx noop\tCPU s plan/apply/drift\tserver CPU s drift\trequests drift\ta tenant root's, quiet/changed\tpeak of a root MB (Terraform+provider)\tchange shown\t")
	var floor *estateRun
	for i, r := range e.Runs {
		if i+1 < len(e.Runs) && e.Runs[i+1].Floor {
			floor = e.Runs[i+1]
		}
		ratio := func(d func(*estateRun) time.Duration) string {
			if r.Floor || floor == nil {
				return ""
			}
			return fmt.Sprintf("%.2f", d(r).Seconds()/d(floor).Seconds())
		}
		exp, tenant, shown := "", "", ""
		if !r.Floor {
			exp = fmt.Sprintf("%.1f", r.Export.Seconds())
			shown = map[bool]string{true: "yes", false: "NO"}[r.DriftSeen]
			if r.Layout == export.LayoutPerCustomerAccount && r.Parallel == 1 {
				tenant = fmt.Sprintf("%d/%d", r.QuietRequests, r.ChangedRequests)
			}
		}
		peak := r.peak()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.1f\t%s\t%.1f\t%s\t%.1f\t%s\t%.0f/%.0f/%.0f\t%.1f\t%d\t%s\t%.0f (%.0f+%.0f)\t%s\t\n",
			r.label(), r.Roots, r.Imports, exp,
			r.Plan.Wall.Seconds(), ratio(func(r *estateRun) time.Duration { return r.Plan.Wall }),
			r.Apply.Wall.Seconds(), ratio(func(r *estateRun) time.Duration { return r.Apply.Wall }),
			r.Drift.Wall.Seconds(), ratio(func(r *estateRun) time.Duration { return r.Drift.Wall }),
			r.Plan.CPU.Seconds(), r.Apply.CPU.Seconds(), r.Drift.CPU.Seconds(), r.Drift.ServerCPU.Seconds(),
			r.Drift.Requests, tenant, float64(peak.PeakRoot)/(1<<20), float64(peak.PeakTerraform)/(1<<20), float64(peak.PeakProvider)/(1<<20), shown)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// targets adds the estate's rows to the table of targets.
func (e *estateResult) targets(row func(name, measured string, ok bool), info func(name, measured string)) {
	var best *estateRun
	for _, r := range e.Runs {
		if r.Floor {
			continue
		}
		row(fmt.Sprintf("estate, %s: the drift check shows a console change made 1s before", r.label()),
			map[bool]string{true: "exit 2 in its root only, change shown", false: "not shown"}[r.DriftSeen], r.DriftSeen)
		if r.Layout != export.LayoutPerCustomerAccount {
			info(fmt.Sprintf("estate, one root: drift check of %d objects (the comparison)", r.Imports), fmt.Sprintf("%.1fs, peak %s", r.Drift.Wall.Seconds(), mb(r.Drift.PeakRoot)))
			continue
		}
		if best == nil || r.Drift.Wall < best.Drift.Wall {
			best = r
		}
		if r.Parallel == 1 {
			row("estate, per tenant: at most 4 API requests per tenant root (no-change drift check of a root without drift)",
				fmt.Sprintf("%d", r.QuietRequests), r.QuietRequests <= 4)
			info("estate, per tenant: requests of the root where the console change shows (and the audit read that names who made it)",
				fmt.Sprintf("%d", r.ChangedRequests))
			peak := r.peak()
			row("estate, per tenant: peak memory of a root's plan < 150 MB (Terraform + provider)",
				fmt.Sprintf("%s (Terraform %s, provider %s)", mb(peak.PeakRoot), mb(peak.PeakTerraform), mb(peak.PeakProvider)), peak.PeakRoot < 150<<20)
		}
	}
	if best != nil {
		row(fmt.Sprintf("estate, per tenant: drift check of the whole estate (%d roots) < 5 min", best.Roots),
			fmt.Sprintf("%.1fs (%s)", best.Drift.Wall.Seconds(), best.label()), best.Drift.Wall < 5*time.Minute)
	}
}
