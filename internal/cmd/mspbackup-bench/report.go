package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
)

type report struct {
	cfg    *config
	server *serverResult
	// pgServers are the server phase on PostgreSQL, one and two replicas.
	pgServers []*serverResult
	tf        []tfResult
	paced     *tfResult // the apply under a rate limit
	hashing   *hashResult
	notes     []string
	export    *exportResult
	estate    *estateResult
	elapsed   time.Duration
}

func (r *report) find(kind string, n int) *tfResult {
	for i := range r.tf {
		if r.tf[i].Kind == kind && r.tf[i].N == n {
			return &r.tf[i]
		}
	}
	return nil
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

const legend = `Legend. Every kind holds exactly N Terraform resources:
  terraform_data              the first floor: builtin, no plugin process, no API
  noop                        the second floor: a do-nothing provider on the same terraform-plugin-framework
                              (internal/bench/noopprovider; id + input map, no I/O)
  mspbackup_customer_account  N customer accounts at MSP level
  mspbackup_user              N users without passwords in one customer account (made through the API before the run)
  mspbackup_user+password     the same with a password each (the server's argon2id hashing is the only extra)
apply s, plan s: wall-clock seconds of terraform apply and of the refreshing plan right after it (default parallelism 10);
x data, x noop: that time divided by the same command's on terraform_data, on noop, at the same N.
CPU s (user + system): terraform = wait4 rusage of the terraform process (which includes the providers it reaped)
minus the providers'; provider = sum over the provider processes of their last /proc/<pid>/stat reading (polled every
50 ms); server = /proc/<pid>/stat of the server before and after the command. requests: lines of the server's access
log written during the command.`

func (r *report) print(w io.Writer) {
	fmt.Fprintln(w)
	if r.cfg.quick {
		fmt.Fprintln(w, "QUICK RUN (BENCH_QUICK=1): small sizes and short loads; the figures check the harness, not the targets.")
	}
	if len(r.tf) > 0 {
		fmt.Fprintln(w, legend)
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Terraform (bin/terraform, the pinned CLI): wall-clock time and ratios to the two floors.")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "kind\tN\tapply s\tx data\tx noop\tplan s\tx data\tx noop\tapply ms/N\tplan ms/N\t")
		for _, t := range r.tf {
			data, noop := r.find(bench.KindData, t.N), r.find(bench.KindNoop, t.N)
			note := ""
			if t.PlanNotEmpty {
				note = " (plan not empty!)"
			}
			fmt.Fprintf(tw, "%s%s\t%d\t%.2f\t%s\t%s\t%.2f\t%s\t%s\t%.2f\t%.2f\t\n", t.Kind, note, t.N,
				t.Apply.Wall.Seconds(), floorRatio(t.Apply.Wall, data, apply), floorRatio(t.Apply.Wall, noop, apply),
				t.Plan.Wall.Seconds(), floorRatio(t.Plan.Wall, data, plan), floorRatio(t.Plan.Wall, noop, plan),
				perN(t.Apply.Wall, t.N), perN(t.Plan.Wall, t.N))
		}
		tw.Flush()
		for _, n := range r.notes {
			fmt.Fprintln(w, "note:", n)
		}
		fmt.Fprintln(w)

		fmt.Fprintln(w, "Terraform: CPU seconds and API requests of each command.")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "kind\tN\tcommand\twall s\tterraform CPU s\tprovider CPU s\tproviders\tserver CPU s\trequests\trequests/N\t")
		for _, t := range r.tf {
			for _, p := range []struct {
				name string
				ph   phase
			}{{"apply", t.Apply}, {"plan", t.Plan}} {
				srvCPU, reqs, perN := "-", "-", "-"
				if bench.IsMSPBackup(t.Kind) {
					srvCPU, reqs, perN = fmt.Sprintf("%.2f", p.ph.ServerCPU.Seconds()), fmt.Sprint(p.ph.Requests),
						fmt.Sprintf("%.2f", float64(p.ph.Requests)/float64(t.N))
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f\t%.2f\t%.2f\t%d\t%s\t%s\t%s\t\n", t.Kind, t.N, p.name, p.ph.Wall.Seconds(),
					p.ph.TerraformCPU.Seconds(), p.ph.ProviderCPU.Seconds(), p.ph.ProviderProcs, srvCPU, reqs, perN)
			}
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	if h := r.hashing; h != nil {
		fmt.Fprintf(w, "Server password hashing, measured from outside (the hasher is unexported): %d users created through the API, %d at a time,\n",
			h.Sample, h.Concurrency)
		fmt.Fprintf(w, "without a password in %.2fs (server CPU %.2fs), with one in %.2fs (server CPU %.2fs):\n",
			h.Without.Seconds(), h.ServerCPUWithout.Seconds(), h.With.Seconds(), h.ServerCPUWith.Seconds())
		fmt.Fprintf(w, "%.1f ms of wall time per password at the server's hashing concurrency (%.1f ms server CPU); %.1fs for 1000 passwords.\n\n",
			msf(h.PerPassword()), msf(h.CPUPerPassword()), h.For(1000).Seconds())
	}
	if p := r.paced; p != nil {
		fmt.Fprintf(w, "Paced apply: %d %s against --rate-limit %v (requests per second per principal), default parallelism;\n", p.N, p.Kind, p.RateLimit)
		fmt.Fprintln(w, "ideal = N / rate, the time the server's limit allows at best; requests and 429s counted from the server's access log.")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "N\trate\tapply s\tideal s\tratio\trequests\t429s\tplan s\t")
		fmt.Fprintf(tw, "%d\t%v\t%.2f\t%.2f\t%s\t%d\t%d\t%.2f\t\n", p.N, p.RateLimit, p.Apply.Wall.Seconds(), p.ideal().Seconds(),
			ratio(p.Apply.Wall, p.ideal()), p.Apply.Requests, p.Apply.Limited, p.Plan.Wall.Seconds())
		tw.Flush()
		fmt.Fprintln(w)
	}
	for _, s := range append([]*serverResult{r.server}, r.pgServers...) {
		if s == nil {
			continue
		}
		fmt.Fprintf(w, "Server on %s: %d users (seeded through internal/store in %.1fs), %d concurrent clients on loopback, each load %s or %d requests",
			s.Label, s.Users, s.SeedTime.Seconds(), r.cfg.clients, r.cfg.loadDuration, r.cfg.loadRequests)
		if s.Replicas > 1 {
			fmt.Fprintf(w, " spread round robin over the %d replicas", s.Replicas)
		}
		fmt.Fprintln(w, ".")
		fmt.Fprintln(w, "CPU ms/req: the server's CPU time (every replica's; not PostgreSQL's) during the load over the requests answered.")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "request\trequests\terrors\treq/s\tp50 ms\tp99 ms\tmax ms\tCPU ms/req\t")
		for _, l := range s.Loads {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.3f\t\n", l.Name, l.Requests, l.Errors, l.RPS(),
				msf(l.P50), msf(l.P99), msf(l.Max), msf(l.CPUPerRequest()))
		}
		tw.Flush()
		for _, l := range s.Loads {
			if l.Errors > 0 {
				fmt.Fprintf(w, "  %s: first error: %s\n", l.Name, l.FirstError)
			}
		}
		fmt.Fprintf(w, "server peak RSS (VmHWM, largest replica) after the loads: %s\n", mb(s.PeakRSS))
		fmt.Fprintln(w)
	}
	if len(r.tf) > 0 {
		fmt.Fprintln(w, "Memory during the Terraform runs at each kind's largest N (VmHWM; provider: largest of the provider processes, polled every 50ms):")
		for _, t := range r.tf {
			if t.N == r.largest(t.Kind) && t.Kind != bench.KindData {
				fmt.Fprintf(w, "  %-28s N=%-5d provider: apply %s, plan %s (provider processes: apply %d, plan %d)", t.Kind, t.N,
					mb(t.Apply.ProviderPeakRSS), mb(t.Plan.ProviderPeakRSS), t.Apply.ProviderProcs, t.Plan.ProviderProcs)
				if bench.IsMSPBackup(t.Kind) {
					fmt.Fprintf(w, "  server %s", mb(t.ServerPeakRSS))
				}
				fmt.Fprintln(w)
			}
		}
		fmt.Fprintln(w)
	}
	if e := r.export; e != nil {
		fmt.Fprintf(w, "Adopting a console: %d customer accounts, %d users (seeded through internal/store).\n", e.Accounts, e.Users)
		fmt.Fprintf(w, "  mspbackup-export (list calls, every page)  %.2fs  (CPU %.2fs)\n", e.Export.Seconds(), e.ExportCPU.Seconds())
		fmt.Fprintf(w, "  terraform plan of the export             %.2fs  (%d to import, 0 to add, 0 to change, 0 to destroy; provider %s)\n",
			e.Plan.Seconds(), e.Imports, mb(e.ProviderPeakRSS))
		fmt.Fprintln(w)
	}
	if r.estate != nil {
		r.estate.print(w)
	}
	r.targets(w)
	fmt.Fprintf(w, "\nmspbackup-bench took %s\n", r.elapsed.Round(time.Second))
}

type tfCommand int

const (
	apply tfCommand = iota
	plan
)

// floorRatio is d over floor's time of the same command ("-" without floor).
func floorRatio(d time.Duration, floor *tfResult, c tfCommand) string {
	if floor == nil {
		return "-"
	}
	if c == apply {
		return ratio(d, floor.Apply.Wall)
	}
	return ratio(d, floor.Plan.Wall)
}

// largest is the largest N measured for kind.
func (r *report) largest(kind string) int {
	n := 0
	for _, t := range r.tf {
		if t.Kind == kind {
			n = max(n, t.N)
		}
	}
	return n
}

// ideal is the shortest time the server's rate limit allows for N creates.
func (t *tfResult) ideal() time.Duration {
	return time.Duration(float64(t.N) / t.RateLimit * float64(time.Second))
}

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a.Seconds()/b.Seconds())
}

func perN(d time.Duration, n int) float64 { return float64(d.Milliseconds()) / float64(n) }

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// maxPlanRequests is the request budget of a no-change plan of n resources
// of one type under one parent: one list page of 50 or more per request,
// plus a few fixed calls.
func maxPlanRequests(n int) int { return n/50 + 10 }

// refN is the N of the ratio targets: 1000, or the largest size measured
// when 1000 was not.
func refN(sizes []int) int {
	if slices.Contains(sizes, 1000) {
		return 1000
	}
	return slices.Max(sizes)
}

func (r *report) targets(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tmeasured\tresult")
	row := func(name, measured string, ok bool) {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, measured, map[bool]string{true: "PASS", false: "MISS"}[ok])
	}
	info := func(name, measured string) { fmt.Fprintf(tw, "%s\t%s\t%s\n", name, measured, "(figure)") }
	if len(r.tf) > 0 {
		ref := refN(r.cfg.sizes)
		if noop := r.find(bench.KindNoop, ref); noop != nil {
			for _, c := range []struct {
				kind, label string
				limit       float64
			}{{bench.KindCustomerAccount, "customer accounts", 1.0}, {bench.KindUser, "users without passwords", 1.5}, {bench.KindUserPassword, "users with passwords", 1.5}} {
				t := r.find(c.kind, ref)
				if t == nil {
					continue
				}
				applyFloor, floorName := noop.Apply.Wall, "noop"
				if c.kind == bench.KindUserPassword {
					if r.hashing == nil {
						continue
					}
					applyFloor += r.hashing.For(ref)
					floorName = fmt.Sprintf("(noop + hashing %d passwords: %.2fs + %.2fs)", ref, noop.Apply.Wall.Seconds(), r.hashing.For(ref).Seconds())
				}
				x := t.Apply.Wall.Seconds() / applyFloor.Seconds()
				row(fmt.Sprintf("%s apply at N=%d <= %.1fx %s", c.label, ref, c.limit, floorName), fmt.Sprintf("%.2fx", x), x <= c.limit)
				x = t.Plan.Wall.Seconds() / noop.Plan.Wall.Seconds()
				row(fmt.Sprintf("%s plan at N=%d <= %.1fx noop", c.label, ref, c.limit), fmt.Sprintf("%.2fx", x), x <= c.limit)
			}
		}
		for _, t := range r.tf {
			if t.Kind != bench.KindCustomerAccount && t.Kind != bench.KindUser {
				continue
			}
			if t.N >= driftMinN || r.cfg.quick && t.N == slices.Max(r.cfg.sizes) {
				limit := maxPlanRequests(t.N)
				row(fmt.Sprintf("%s N=%d: no-change plan <= N/50+10 = %d requests", t.Kind, t.N, limit),
					fmt.Sprintf("%d requests", t.Plan.Requests), t.Plan.Requests <= limit)
			}
			if d := t.Drift; d != nil {
				row(fmt.Sprintf("%s N=%d: plan shows %s changed through the API 1s before", t.Kind, t.N, d.What),
					map[bool]string{true: "exit 2, change shown", false: "change not shown"}[d.Seen], d.Seen)
			}
		}
		rssN := 3000
		if r.find(bench.KindCustomerAccount, rssN) == nil {
			rssN = r.largest(bench.KindCustomerAccount)
		}
		if t := r.find(bench.KindCustomerAccount, rssN); t != nil {
			row(fmt.Sprintf("customer accounts N=%d: provider peak RSS during plan < 150 MB", rssN), mb(t.Plan.ProviderPeakRSS), t.Plan.ProviderPeakRSS < 150<<20)
		}
		small := slices.Min(r.cfg.sizes)
		for _, kind := range bench.Kinds {
			large := r.largest(kind)
			a, b := r.find(kind, small), r.find(kind, large)
			if a == nil || b == nil || small == large {
				continue
			}
			for _, ph := range []struct {
				name   string
				sm, lg time.Duration
			}{{"apply", a.Apply.Wall, b.Apply.Wall}, {"plan", a.Plan.Wall, b.Plan.Wall}} {
				x := (ph.lg.Seconds() / float64(large)) / (ph.sm.Seconds() / float64(small))
				label := kind
				if kind == bench.KindData || kind == bench.KindNoop {
					label += " (a floor)"
				}
				row(fmt.Sprintf("%s %s s/resource at N=%d <= 1.3x N=%d", label, ph.name, large, small), fmt.Sprintf("%.2fx", x), x <= 1.3)
			}
		}
		for _, t := range r.tf {
			if t.PlanNotEmpty {
				row(fmt.Sprintf("%s N=%d: plan after apply is empty", t.Kind, t.N), "changes planned", false)
			}
		}
	}
	if p := r.paced; p != nil {
		x := p.Apply.Wall.Seconds() / p.ideal().Seconds()
		row(fmt.Sprintf("paced apply of %d at --rate-limit %v <= 1.15x N/rate", p.N, p.RateLimit), fmt.Sprintf("%.2fx", x), x <= 1.15)
		row("paced apply: at most one 429 per ten requests", fmt.Sprintf("%d of %d", p.Apply.Limited, p.Apply.Requests), p.Apply.Limited*10 <= p.Apply.Requests)
		row("paced apply: plan after apply is empty", map[bool]string{true: "changes planned", false: "empty"}[p.PlanNotEmpty], !p.PlanNotEmpty)
	}
	if s := r.server; s != nil {
		// The server target: reads at >= 10,000/s, and a 100-user
		// page answered with p99 < 10 ms, at 100,000 users.
		if l := s.load(loadGetUser); l != nil {
			row(fmt.Sprintf("%s >= 10000 req/s at %d users", loadGetUser, s.Users), fmt.Sprintf("%.0f req/s", l.RPS()), l.RPS() >= 10000 && l.Errors == 0)
		}
		for _, name := range []string{loadListPage, loadListPageByAcct} {
			if l := s.load(name); l != nil {
				row(fmt.Sprintf("%s p99 < 10 ms at %d users", name, s.Users), fmt.Sprintf("%.2f ms", msf(l.P99)), l.P99 < 10*time.Millisecond && l.Errors == 0)
			}
		}
		if l := s.load(loadListPage); l != nil {
			// No threshold yet: the figure to follow (0.63 ms before the
			// work on list CPU).
			info(fmt.Sprintf("100-user page CPU per page (%s) at %d users", loadListPage, s.Users), fmt.Sprintf("%.3f ms", msf(l.CPUPerRequest())))
		}
		row(fmt.Sprintf("server RSS < 150 MB at %d users", s.Users), mb(s.PeakRSS), s.PeakRSS < 150<<20)
	}
	if r.estate != nil {
		r.estate.targets(row, info)
	}
	tw.Flush()
	if r.cfg.quick {
		fmt.Fprintln(w, "(quick run: the targets are for N=100/1000/3000 and 100,000 users; PASS/MISS above is indicative only)")
	}
}
