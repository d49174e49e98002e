//go:build unix

package bench

import (
	"syscall"
	"testing"
	"time"
)

// ReportCPU, called just before a benchmark's loop and deferred-called after
// it, reports the process's CPU time (user and system, every thread: the
// database driver, the garbage collector) per iteration as cpu-ns/op. On a
// machine shared with other work ns/op is wall time, inflated by waiting
// for a CPU; cpu-ns/op is what the iteration itself costs.
func ReportCPU(b *testing.B) func() {
	start := processCPU(b)
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
