package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
)

// command returns a command that runs in its own process group, so that
// stopping it also stops what it started (Terraform's provider plugins),
// and that dies with the benchmark driver.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// serverProc is a running mspbackup-server.
type serverProc struct {
	cmd      *exec.Cmd
	URL      string
	Token    string
	logPath  string
	exited   chan struct{}
	exitErr  error
	stopping bool
}

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:[0-9]+)`)

// startServer runs bin/mspbackup-server on a free loopback port over the
// database db (a file or a postgres:// URL), with large licence pools, the
// bootstrap token token ("": a new one) and the given rate limit (requests
// per second per principal; 0: none); its log goes to logPath.
func startServer(ctx context.Context, binDir, db, token, logPath string, rateLimit float64) (*serverProc, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child keeps its own descriptor
	if token == "" {
		token = bench.NewSecret()
	}
	s := &serverProc{Token: token, logPath: logPath, exited: make(chan struct{})}
	s.cmd = command(context.WithoutCancel(ctx), binDir+"/mspbackup-server",
		"--listen", "127.0.0.1:0", "--db", db, "--rate-limit", strconv.FormatFloat(rateLimit, 'g', -1, 64),
		"--licenses", "workstation=1000000,server=1000000,virtual_machine=1000000,microsoft_365=1000000")
	s.cmd.Env = append(os.Environ(), "MSPBACKUP_BOOTSTRAP_TOKEN="+s.Token)
	s.cmd.Stderr = logf
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() {
		s.exitErr = s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.URL = <-urls:
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("mspbackup-server exited at start (%v): %s", s.exitErr, tail(logPath, 2000))
	case <-time.After(60 * time.Second):
		s.stop()
		return nil, errors.New("mspbackup-server did not say where it listens within 60s")
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
}

func (s *serverProc) pid() int { return s.cmd.Process.Pid }

// stop ends the server (SIGTERM, then SIGKILL after 20s) and waits for it.
func (s *serverProc) stop() {
	if s == nil || s.stopping {
		return
	}
	s.stopping = true
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	}
}

// tail returns the last n bytes of a file, for error messages.
func tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > n {
		_, _ = f.Seek(st.Size()-n, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return strings.TrimSpace(string(b))
}

// eachParallel calls f(0) ... f(n-1), workers at a time, and returns the
// first error; after one, the workers take no new calls.
func eachParallel(n, workers int, f func(i int) error) error {
	var (
		next  atomic.Int64
		first error
		once  sync.Once
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				if err := f(int(i)); err != nil {
					once.Do(func() { first = err })
					next.Store(int64(n))
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
