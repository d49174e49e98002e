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
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
)

// tfResult is one kind at one size.
type tfResult struct {
	Kind      string
	N         int
	Resources int
	Apply     time.Duration
	Plan      time.Duration
	// PlanNotEmpty is set when the refreshing plan after the apply wanted
	// changes (it should not).
	PlanNotEmpty bool
	// ProviderPeakRSS is the largest VmHWM of a terraform-provider-mspbackup
	// process during the plan (only when watched), and how many provider
	// processes the plan started.
	ProviderPeakRSS int64
	ProviderProcs   int
	// ServerPeakRSS is the server's VmHWM after the plan.
	ServerPeakRSS int64
	// RateLimit is the server's --rate-limit (0: none); Requests and Limited
	// count the requests it answered during the apply, and those answered
	// 429, from its access log.
	RateLimit         float64
	Requests, Limited int
}

// tfEnv is the environment of every Terraform command: the user's own
// Terraform settings left out, the provider taken from binDir through
// dev_overrides (no terraform init).
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

func writeCLIConfig(work, binDir string) (string, error) {
	path := filepath.Join(work, "terraformrc")
	return path, os.WriteFile(path, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/mspbackup/mspbackup" = %q
  }
  direct {}
}
`, binDir), 0o600)
}

// runTerraform runs apply then a refreshing plan of kind at size n in a
// fresh directory, against a fresh server for the mspbackup kinds, limited to
// rateLimit requests per second (0: unthrottled, to measure the provider
// and server themselves).
func runTerraform(ctx context.Context, cfg *config, cliConfig, kind string, n int, watch bool, rateLimit float64) (*tfResult, error) {
	dir := filepath.Join(cfg.work, fmt.Sprintf("tf-%s-%d", kind, n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	main, err := bench.Config(kind, n, fmt.Sprintf("n%d", n))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		return nil, err
	}
	env := tfEnv(cliConfig)
	var srv *serverProc
	if kind != bench.KindData {
		srv, err = startServer(ctx, cfg.bin, filepath.Join(dir, "mspbackup.db"), "", filepath.Join(dir, "server.log"), rateLimit)
		if err != nil {
			return nil, err
		}
		defer srv.stop()
		env = append(env, "MSPBACKUP_ENDPOINT="+srv.URL, "MSPBACKUP_API_TOKEN="+srv.Token)
	}
	res := &tfResult{Kind: kind, N: n, Resources: bench.Resources(kind, n), RateLimit: rateLimit}

	tf := func(args ...string) (time.Duration, int, error) {
		cmd := command(ctx, filepath.Join(cfg.bin, "terraform"), args...)
		cmd.Dir, cmd.Env = dir, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return took, ee.ExitCode(), fmt.Errorf("terraform %s: exit %d:\n%s", args[0], ee.ExitCode(), lastLines(out.String(), 40))
		}
		if err != nil {
			return took, -1, fmt.Errorf("terraform %s: %w", args[0], err)
		}
		return took, 0, nil
	}
	if res.Apply, _, err = tf("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		if srv != nil {
			err = fmt.Errorf("%w\nlast lines of the server log:\n%s", err, tail(srv.logPath, 1500))
		}
		return nil, err
	}
	if srv != nil {
		if res.Requests, res.Limited, err = countAnswers(srv.logPath); err != nil {
			return nil, err
		}
	}
	var watcher *bench.PeakWatcher
	if watch && kind != bench.KindData {
		watcher = bench.WatchPeakRSS(filepath.Join(cfg.bin, "terraform-provider-mspbackup"), 50*time.Millisecond)
	}
	var code int
	res.Plan, code, err = tf("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if watcher != nil {
		res.ProviderPeakRSS, res.ProviderProcs = watcher.Stop()
	}
	switch {
	case code == 2:
		res.PlanNotEmpty = true
	case err != nil:
		return nil, err
	}
	if srv != nil {
		res.ServerPeakRSS, _ = bench.PeakRSS(srv.pid())
	}
	return res, nil
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
