package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PeakRSS returns the peak resident set size (VmHWM in /proc/<pid>/status)
// of a running process, in bytes.
func PeakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmHWM of %d: %w", pid, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// clockTicks is the unit of utime and stime in /proc/<pid>/stat: USER_HZ,
// what sysconf(_SC_CLK_TCK) answers. The kernel fixes it at 100 for user
// space on every architecture Linux runs on today, whatever its internal HZ,
// so a constant spares a cgo or getconf call.
const clockTicks = 100

// ProcCPU returns the CPU time (user + system) a running process has used
// so far, from /proc/<pid>/stat, to the clock tick (10 ms).
func ProcCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStatCPU(string(b))
}

// parseStatCPU reads utime and stime (fields 14 and 15, in clock ticks) of a
// /proc/<pid>/stat line. The second field, the command name in parentheses,
// may itself hold spaces and parentheses, so fields are counted from the
// last ')'.
func parseStatCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc stat %q: no command name", truncate(stat, 60))
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state), so field k is f[k-3].
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc stat %q: %d fields after the command name, want at least 13", truncate(stat, 60), len(f))
	}
	var ticks int64
	for _, s := range f[11:13] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("/proc stat: utime or stime %q is not a tick count", s)
		}
		ticks += v
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// PeakWatcher polls /proc for processes running one executable and keeps
// the largest VmHWM seen and each process's last CPU time. VmHWM is the
// process's own high-water mark and CPU time only grows, so the last reading
// before a process exits is its peak and nearly its total; polling every
// Interval misses only what a process allocates or spends in its last
// Interval of life.
type PeakWatcher struct {
	mu   sync.Mutex
	peak int64
	cpu  map[int]time.Duration // last reading per process
	stop context.CancelFunc
	done chan struct{}
}

// Watched is what a PeakWatcher saw.
type Watched struct {
	// PeakRSS is the largest VmHWM of the processes, in bytes.
	PeakRSS int64
	// Processes is how many distinct processes ran the executable.
	Processes int
	// CPU is the sum of their last CPU readings (user + system).
	CPU time.Duration
}

// WatchPeakRSS starts polling for processes whose /proc/<pid>/exe is exe.
func WatchPeakRSS(exe string, interval time.Duration) *PeakWatcher {
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &PeakWatcher{cpu: map[int]time.Duration{}, stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			w.poll(exe)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *PeakWatcher) poll(exe string) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if target, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || target != exe {
			continue
		}
		rss, err := PeakRSS(pid)
		if err != nil {
			continue
		}
		cpu, err := ProcCPU(pid)
		w.mu.Lock()
		if err == nil {
			w.cpu[pid] = max(w.cpu[pid], cpu)
		} else if _, ok := w.cpu[pid]; !ok {
			w.cpu[pid] = 0 // seen, if only just before it exited
		}
		w.peak = max(w.peak, rss)
		w.mu.Unlock()
	}
}

// Stop stops polling and returns what the watcher saw.
func (w *PeakWatcher) Stop() Watched {
	w.stop()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	out := Watched{PeakRSS: w.peak, Processes: len(w.cpu)}
	for _, c := range w.cpu {
		out.CPU += c
	}
	return out
}
