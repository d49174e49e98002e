package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
)

// tfResult is one kind at one size.
type tfResult struct {
	Kind  string
	N     int
	Apply phase
	Plan  phase // the refreshing plan right after the apply
	// PlanNotEmpty is set when the refreshing plan after the apply wanted
	// changes (it should not).
	PlanNotEmpty bool
	// Drift is the plan after a change made through the API (nil: not run).
	Drift *driftResult
	// ServerPeakRSS is the server's VmHWM after the plan.
	ServerPeakRSS int64
	// RateLimit is the server's --rate-limit (0: none).
	RateLimit float64
}

// phase is one terraform command (apply or plan).
type phase struct {
	Wall time.Duration
	// TerraformCPU is Terraform's own CPU time: TotalCPU minus ProviderCPU.
	TerraformCPU time.Duration
	// TotalCPU is the user + system time wait4 reports for the terraform
	// process. On Linux that includes its waited-for children (the kernel
	// adds a reaped child's time, and its own children's, into the parent's
	// cutime/cstime, and wait4 answers RUSAGE_BOTH of the child), and
	// Terraform waits for every provider plugin it starts: so it holds the
	// providers' CPU too.
	TotalCPU time.Duration
	// TerraformPolled is the last /proc reading of Terraform's own CPU; it
	// checks the subtraction: TotalCPU - ProviderCPU - TerraformPolled is
	// what the last poll interval of each process missed (logged).
	TerraformPolled time.Duration
	// ProviderCPU is the sum of the provider processes' CPU (last /proc
	// reading of each), ProviderProcs how many there were, ProviderPeakRSS
	// the largest VmHWM of one.
	ProviderCPU     time.Duration
	ProviderProcs   int
	ProviderPeakRSS int64
	// TerraformPeakRSS is the largest VmHWM of a terraform process.
	TerraformPeakRSS int64
	// ServerCPU is the server's CPU time during the command, from
	// /proc/<pid>/stat before and after.
	ServerCPU time.Duration
	// Requests and Limited count the requests the server answered during
	// the command, and those answered 429, from its access log.
	Requests, Limited int
}

// driftResult is the check that a plan shows a change made through the API
// one second before it.
type driftResult struct {
	What string // what was changed
	Seen bool   // the plan exited 2 and named the attribute and its console value
	Plan time.Duration
}

// pollInterval is how often the watchers read /proc.
const pollInterval = 50 * time.Millisecond

// tfEnv is the environment of every Terraform command: the user's own
// Terraform settings left out, the providers taken through dev_overrides
// (no terraform init).
func tfEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "MSPBACKUP_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
}

// writeCLIConfig writes the CLI configuration that takes mspbackup/mspbackup
// from binDir and mspbackup/noop from noopDir.
func writeCLIConfig(work, binDir, noopDir string) (string, error) {
	path := filepath.Join(work, "terraformrc")
	return path, os.WriteFile(path, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/mspbackup/mspbackup" = %q
    "registry.terraform.io/mspbackup/noop"      = %q
  }
  direct {}
}
`, binDir, noopDir), 0o600)
}

// buildNoopProvider builds the do-nothing provider (internal/bench/noopprovider)
// into dir, under the name dev_overrides looks for.
func buildNoopProvider(ctx context.Context, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "terraform-provider-noop")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", exe,
		"github.com/mspbackup/terraform-provider-mspbackup/internal/bench/noopprovider")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build the do-nothing provider (run mspbackup-bench from the repository): %w\n%s", err, out)
	}
	return exe, nil
}

// runOpts are the options of one runTerraform.
type runOpts struct {
	// rateLimit is the server's --rate-limit (0: unthrottled, to measure
	// the provider and server themselves).
	rateLimit float64
	// drift runs the drift check after the clean plan.
	drift bool
}

// runTerraform runs apply then a refreshing plan of kind at size n in a
// fresh directory, against a fresh server for the mspbackup kinds.
func runTerraform(ctx context.Context, cfg *config, cliConfig, kind string, n int, o runOpts) (*tfResult, error) {
	dir := filepath.Join(cfg.work, fmt.Sprintf("tf-%s-%d", kind, n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	run := fmt.Sprintf("n%d", n)
	main, err := bench.Config(kind, n, run)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		return nil, err
	}
	env := tfEnv(cliConfig)
	var (
		srv *serverProc
		api *client.Client
	)
	if bench.IsMSPBackup(kind) {
		srv, err = startServer(ctx, cfg.bin, filepath.Join(dir, "mspbackup.db"), "", filepath.Join(dir, "server.log"), o.rateLimit)
		if err != nil {
			return nil, err
		}
		defer srv.stop()
		env = append(env, "MSPBACKUP_ENDPOINT="+srv.URL, "MSPBACKUP_API_TOKEN="+srv.Token)
		if api, err = client.New(srv.URL, srv.Token); err != nil {
			return nil, err
		}
	}
	if bench.IsUserKind(kind) {
		// The users' customer account is made here, not in the
		// configuration, so that the configuration holds exactly n resources.
		acct, err := api.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "bench-" + run + "-users"})
		if err != nil {
			return nil, fmt.Errorf("create the users' customer account: %w", err)
		}
		env = append(env, "TF_VAR_"+bench.CustomerAccountVar+"="+acct.ID)
	}
	var providerExe string
	switch {
	case kind == bench.KindNoop:
		providerExe = cfg.noopExe
	case bench.IsMSPBackup(kind):
		providerExe = filepath.Join(cfg.bin, "terraform-provider-mspbackup")
	}
	res := &tfResult{Kind: kind, N: n, RateLimit: o.rateLimit}

	tf := func(args ...string) (phase, int, string, error) {
		return runPhase(ctx, cfg, dir, env, srv, providerExe, args...)
	}
	if res.Apply, _, _, err = tf("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		if srv != nil {
			err = fmt.Errorf("%w\nlast lines of the server log:\n%s", err, tail(srv.logPath, 1500))
		}
		return nil, err
	}
	var code int
	res.Plan, code, _, err = tf("plan", "-input=false", "-no-color", "-detailed-exitcode")
	switch {
	case code == 2:
		res.PlanNotEmpty = true
	case err != nil:
		return nil, err
	}
	if o.drift && !res.PlanNotEmpty {
		if res.Drift, err = checkDrift(ctx, api, kind, run, func() (phase, int, string, error) {
			return tf("plan", "-input=false", "-no-color", "-detailed-exitcode")
		}); err != nil {
			return nil, fmt.Errorf("drift check: %w", err)
		}
	}
	if srv != nil {
		res.ServerPeakRSS, _ = bench.PeakRSS(srv.pid())
	}
	return res, nil
}

// runPhase runs one terraform command in dir and measures it: wall time,
// CPU of Terraform, of the providers running providerExe ("": none) and of
// the server srv (nil: none), and the requests srv answered. It returns the
// command's exit code and output; an exit code other than 0 is an error
// except 2 after -detailed-exitcode.
func runPhase(ctx context.Context, cfg *config, dir string, env []string, srv *serverProc, providerExe string, args ...string) (phase, int, string, error) {
	var ph phase
	var reqs0, limited0 int
	var srvCPU0 time.Duration
	if srv != nil {
		var err error
		if reqs0, limited0, err = countAnswers(srv.logPath); err != nil {
			return ph, -1, "", err
		}
		if srvCPU0, err = bench.ProcCPU(srv.pid()); err != nil {
			return ph, -1, "", fmt.Errorf("server CPU: %w", err)
		}
	}
	tfExe := filepath.Join(cfg.bin, "terraform")
	tfWatch := bench.WatchPeakRSS(tfExe, pollInterval)
	var provWatch *bench.PeakWatcher
	if providerExe != "" {
		provWatch = bench.WatchPeakRSS(providerExe, pollInterval)
	}
	cmd := command(ctx, tfExe, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	ph.Wall = time.Since(start)
	tfWatched := tfWatch.Stop()
	ph.TerraformPolled, ph.TerraformPeakRSS = tfWatched.CPU, tfWatched.PeakRSS
	if provWatch != nil {
		w := provWatch.Stop()
		ph.ProviderCPU, ph.ProviderProcs, ph.ProviderPeakRSS = w.CPU, w.Processes, w.PeakRSS
	}
	if cmd.ProcessState != nil {
		ph.TotalCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			// UserTime and SystemTime are this Rusage; read it directly
			// only to be sure it is wait4's (children included).
			ph.TotalCPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		ph.TerraformCPU = max(ph.TotalCPU-ph.ProviderCPU, 0)
	}
	if srv != nil {
		reqs1, limited1, cerr := countAnswers(srv.logPath)
		if cerr != nil {
			return ph, -1, "", cerr
		}
		ph.Requests, ph.Limited = reqs1-reqs0, limited1-limited0
		srvCPU1, cerr := bench.ProcCPU(srv.pid())
		if cerr != nil {
			return ph, -1, "", fmt.Errorf("server CPU: %w", cerr)
		}
		ph.ServerCPU = srvCPU1 - srvCPU0
	}
	var ee *exec.ExitError
	detailed := len(args) > 0 && args[0] == "plan"
	switch {
	case errors.As(err, &ee) && ee.ExitCode() == 2 && detailed:
		return ph, 2, out.String(), nil
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		return ph, ee.ExitCode(), out.String(), fmt.Errorf("terraform %s: exit %d:\n%s", args[0], ee.ExitCode(), lastLines(out.String(), 40))
	case err != nil:
		return ph, -1, out.String(), fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return ph, 0, out.String(), nil
}

// consoleValue is what the drift check writes through the API.
const consoleValue = "changed in the console"

// checkDrift changes the first resource of the run through the API (the
// description of a customer account, the display_name of a user), as an
// operator would in the web console, waits one second and runs plan: the
// plan must exit 2 and show the attribute with the console's value. It
// guards the read path against answering from a stale cache.
func checkDrift(ctx context.Context, api *client.Client, kind, run string, plan func() (phase, int, string, error)) (*driftResult, error) {
	name := bench.FirstName(kind, run)
	v := consoleValue
	var attr string
	switch {
	case kind == bench.KindCustomerAccount:
		page, err := api.CustomerAccounts.List(ctx, &client.ListOptions{Name: name})
		if err != nil {
			return nil, fmt.Errorf("find customer account %q: %w", name, err)
		}
		if len(page.Items) != 1 {
			return nil, fmt.Errorf("find customer account %q: %d found", name, len(page.Items))
		}
		if _, err := api.CustomerAccounts.Update(ctx, page.Items[0].ID, &client.CustomerAccountUpdateRequest{Description: &v}); err != nil {
			return nil, fmt.Errorf("change customer account %q: %w", name, err)
		}
		attr = "description"
	case bench.IsUserKind(kind):
		page, err := api.Users.List(ctx, &client.ListOptions{Login: name})
		if err != nil {
			return nil, fmt.Errorf("find user %q: %w", name, err)
		}
		if len(page.Items) != 1 {
			return nil, fmt.Errorf("find user %q: %d found", name, len(page.Items))
		}
		if _, err := api.Users.Update(ctx, page.Items[0].ID, &client.UserUpdateRequest{DisplayName: &v}); err != nil {
			return nil, fmt.Errorf("change user %q: %w", name, err)
		}
		attr = "display_name"
	default:
		return nil, fmt.Errorf("no drift check for kind %s", kind)
	}
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ph, code, out, err := plan()
	if err != nil {
		return nil, err
	}
	return &driftResult{What: fmt.Sprintf("%s of %s", attr, name), Plan: ph.Wall, Seen: code == 2 && showsChange(out, attr, v)}, nil
}

// showsChange says whether plan output shows attr changing from value (the
// console's) back to the configuration's: a line like
// `~ description = "changed in the console" -> "benchmark ..."`.
func showsChange(out, attr, value string) bool {
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "~" && f[1] == attr && strings.Contains(line, fmt.Sprintf("%q ->", value)) {
			return true
		}
	}
	return false
}

// countAnswers counts the requests in a server's access log (JSON lines)
// and those answered 429.
func countAnswers(logPath string) (requests, limited int, err error) {
	data, err := os.ReadFile(logPath)
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if strings.Contains(line, `"msg":"request"`) {
			requests++
			if strings.Contains(line, `"status":429`) {
				limited++
			}
		}
	}
	return requests, limited, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
