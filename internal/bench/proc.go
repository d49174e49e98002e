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

// PeakWatcher polls /proc for processes running one executable and keeps
// the largest VmHWM seen. VmHWM is the process's own high-water mark, so the
// last reading before a process exits is its peak; polling every Interval
// can miss only what it allocates in its last Interval of life.
type PeakWatcher struct {
	mu    sync.Mutex
	peak  int64
	procs map[int]bool
	stop  context.CancelFunc
	done  chan struct{}
}

// WatchPeakRSS starts polling for processes whose /proc/<pid>/exe is exe.
func WatchPeakRSS(exe string, interval time.Duration) *PeakWatcher {
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &PeakWatcher{procs: map[int]bool{}, stop: cancel, done: make(chan struct{})}
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
		w.mu.Lock()
		w.procs[pid] = true
		w.peak = max(w.peak, rss)
		w.mu.Unlock()
	}
}

// Stop stops polling and returns the peak (bytes) and how many distinct
// processes were seen.
func (w *PeakWatcher) Stop() (peak int64, processes int) {
	w.stop()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak, len(w.procs)
}
