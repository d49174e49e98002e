package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// exportResult is the adoption of a seeded console: mspbackup-export, then
// terraform plan of what it wrote.
type exportResult struct {
	Accounts, Users int
	// Imports is what the plan said it would import.
	Imports int
	Export  time.Duration
	// ExportCPU is the exporter's user and system CPU time: on a shared
	// machine, a steadier figure than the wall clock.
	ExportCPU time.Duration
	Plan      time.Duration
	// ProviderPeakRSS is the largest VmHWM of a provider process during the plan.
	ProviderPeakRSS int64
}

var importPlan = regexp.MustCompile(`(?m)^Plan: (\d+) to import, 0 to add, 0 to change, 0 to destroy\.$`)

// runExport seeds a console with cfg.exportAccounts customer accounts and
// cfg.exportUsers users (through the store), exports it with
// bin/mspbackup-export and times the terraform plan of the result, which
// must only import.
func runExport(ctx context.Context, cfg *config, cliConfig string, logf func(string, ...any)) (*exportResult, error) {
	dir := filepath.Join(cfg.work, "export")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "mspbackup.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	if _, err := bench.Seed(ctx, st, cfg.exportAccounts, cfg.exportUsers); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, cfg.bin, db, "", filepath.Join(dir, "server.log"), 0) // measures the exporter, unthrottled
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	res := &exportResult{Accounts: cfg.exportAccounts, Users: cfg.exportUsers}
	env := append(tfEnv(cliConfig), "MSPBACKUP_ENDPOINT="+srv.URL, "MSPBACKUP_API_TOKEN="+srv.Token)
	module := filepath.Join(dir, "adopted")

	export := command(ctx, filepath.Join(cfg.bin, "mspbackup-export"), "--out", module)
	export.Dir, export.Env = dir, env
	start := time.Now()
	if out, err := export.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("mspbackup-export: %w\n%s", err, lastLines(string(out), 40))
	}
	res.Export = time.Since(start)
	res.ExportCPU = export.ProcessState.UserTime() + export.ProcessState.SystemTime()
	logf("mspbackup-export of %d customer accounts and %d users: %.1fs (CPU %.1fs)", res.Accounts, res.Users,
		res.Export.Seconds(), res.ExportCPU.Seconds())

	watcher := bench.WatchPeakRSS(filepath.Join(cfg.bin, "terraform-provider-mspbackup"), 50*time.Millisecond)
	cmd := command(ctx, filepath.Join(cfg.bin, "terraform"), "plan", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = module, env
	start = time.Now()
	out, err := cmd.CombinedOutput()
	res.Plan = time.Since(start)
	res.ProviderPeakRSS = watcher.Stop().PeakRSS
	m := importPlan.FindSubmatch(out)
	if err != nil || m == nil {
		return nil, fmt.Errorf("terraform plan of the export (%v) does not only import:\n%s", err, lastLines(string(out), 40))
	}
	res.Imports, _ = strconv.Atoi(string(m[1]))
	logf("terraform plan of the export: %d to import in %.1fs", res.Imports, res.Plan.Seconds())
	return res, nil
}
