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
	notes     []string
	export    *exportResult
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

func (r *report) print(w io.Writer) {
	fmt.Fprintln(w)
	if r.cfg.quick {
		fmt.Fprintln(w, "QUICK RUN (BENCH_QUICK=1): small sizes and short loads; the figures check the harness, not the targets.")
	}
	if len(r.tf) > 0 {
		fmt.Fprintln(w, "Terraform 1.8.5, default parallelism (10), wall-clock seconds; ratio = time / terraform_data's at the same N.")
		fmt.Fprintf(w, "%s: N users with passwords, each in one of 3 groups through its own mspbackup_group_membership (2N+8 resources).\n", bench.KindUser)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "kind\tN\tresources\tapply s\tplan s\tapply ratio\tplan ratio\tapply ms/N\tplan ms/N\t")
		for _, t := range r.tf {
			floor := r.find(bench.KindData, t.N)
			ar, pr := "-", "-"
			if floor != nil {
				ar, pr = ratio(t.Apply, floor.Apply), ratio(t.Plan, floor.Plan)
			}
			note := ""
			if t.PlanNotEmpty {
				note = " (plan not empty!)"
			}
			fmt.Fprintf(tw, "%s%s\t%d\t%d\t%.2f\t%.2f\t%s\t%s\t%.2f\t%.2f\t\n", t.Kind, note, t.N, t.Resources,
				t.Apply.Seconds(), t.Plan.Seconds(), ar, pr, perN(t.Apply, t.N), perN(t.Plan, t.N))
		}
		tw.Flush()
		for _, n := range r.notes {
			fmt.Fprintln(w, "note:", n)
		}
		fmt.Fprintln(w)
	}
	if p := r.paced; p != nil {
		fmt.Fprintf(w, "Paced apply: %d %s against --rate-limit %v (requests per second per principal), default parallelism;\n", p.N, p.Kind, p.RateLimit)
		fmt.Fprintln(w, "ideal = N / rate, the time the server's limit allows at best; requests and 429s counted from the server's access log.")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "N\trate\tapply s\tideal s\tratio\trequests\t429s\tplan s\t")
		fmt.Fprintf(tw, "%d\t%v\t%.2f\t%.2f\t%s\t%d\t%d\t%.2f\t\n", p.N, p.RateLimit, p.Apply.Seconds(), p.ideal().Seconds(),
			ratio(p.Apply, p.ideal()), p.Requests, p.Limited, p.Plan.Seconds())
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
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "request\trequests\terrors\treq/s\tp50 ms\tp99 ms\tmax ms\t")
		for _, l := range s.Loads {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t\n", l.Name, l.Requests, l.Errors, l.RPS(),
				msf(l.P50), msf(l.P99), msf(l.Max))
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
		fmt.Fprintln(w, "Memory during the Terraform runs at each kind's largest N (VmHWM; provider: largest of the provider processes the plan started, polled every 50ms):")
		for _, t := range r.tf {
			if t.N == r.largest(t.Kind) && t.Kind != bench.KindData {
				fmt.Fprintf(w, "  %-28s N=%d  provider %s (%d processes)  server %s\n", t.Kind, t.N, mb(t.ProviderPeakRSS), t.ProviderProcs, mb(t.ServerPeakRSS))
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
	r.targets(w)
	fmt.Fprintf(w, "\nmspbackup-bench took %s\n", r.elapsed.Round(time.Second))
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

func (r *report) targets(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tmeasured\tresult")
	row := func(name, measured string, ok bool) {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, measured, map[bool]string{true: "PASS", false: "MISS"}[ok])
	}
	if len(r.tf) > 0 {
		sizes := r.cfg.sizes
		ref := sizes[len(sizes)-1]
		if slices.Contains(sizes, 1000) {
			ref = 1000
		}
		small := sizes[0]
		floor := r.find(bench.KindData, ref)
		for _, c := range []struct {
			kind, label string
			limit       float64
		}{{bench.KindCustomerAccount, "customer accounts", 1.25}, {bench.KindUser, "users with passwords", 2.5}} {
			t := r.find(c.kind, ref)
			if t == nil || floor == nil {
				continue
			}
			for _, ph := range []struct {
				name   string
				got, f time.Duration
			}{{"apply", t.Apply, floor.Apply}, {"plan", t.Plan, floor.Plan}} {
				x := ph.got.Seconds() / ph.f.Seconds()
				row(fmt.Sprintf("%s %s at N=%d <= %.2fx terraform_data", c.label, ph.name, ref, c.limit), fmt.Sprintf("%.2fx", x), x <= c.limit)
			}
		}
		for _, kind := range bench.Kinds {
			large := r.largest(kind)
			a, b := r.find(kind, small), r.find(kind, large)
			if a == nil || b == nil || small == large {
				continue
			}
			{
				for _, ph := range []struct {
					name   string
					sm, lg time.Duration
				}{{"apply", a.Apply, b.Apply}, {"plan", a.Plan, b.Plan}} {
					x := (ph.lg.Seconds() / float64(large)) / (ph.sm.Seconds() / float64(small))
					label := kind
					if kind == bench.KindData {
						label += " (the floor)"
					}
					row(fmt.Sprintf("%s %s s/resource at N=%d <= 1.3x N=%d", label, ph.name, large, small), fmt.Sprintf("%.2fx", x), x <= 1.3)
				}
			}
		}
		for _, t := range r.tf {
			if t.PlanNotEmpty {
				row(fmt.Sprintf("%s N=%d: plan after apply is empty", t.Kind, t.N), "changes planned", false)
			}
		}
	}
	if p := r.paced; p != nil {
		x := p.Apply.Seconds() / p.ideal().Seconds()
		row(fmt.Sprintf("paced apply of %d at --rate-limit %v <= 1.15x N/rate", p.N, p.RateLimit), fmt.Sprintf("%.2fx", x), x <= 1.15)
		row("paced apply: at most one 429 per ten requests", fmt.Sprintf("%d of %d", p.Limited, p.Requests), p.Limited*10 <= p.Requests)
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
		row(fmt.Sprintf("server RSS < 150 MB at %d users", s.Users), mb(s.PeakRSS), s.PeakRSS < 150<<20)
	}
	tw.Flush()
	if r.cfg.quick {
		fmt.Fprintln(w, "(quick run: the targets are for N=100/1000/3000 and 100,000 users; PASS/MISS above is indicative only)")
	}
}
