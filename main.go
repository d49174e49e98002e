// Command terraform-provider-mspbackup is the Terraform provider for the MSP
// Backup management console: customer accounts, companies, users, security
// groups, memberships, storage and licence assignments as code.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	runtimedebug "runtime/debug"
	"runtime/metrics"
	"runtime/pprof"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pluginserve"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/provider"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "dev"

// cpuProfileEnv names the environment variable that, when set to a path,
// makes each provider process write its CPU profile (for go tool pprof) to
// that path suffixed with the process id: Terraform starts the provider
// several times per command. Unset, nothing is profiled.
const cpuProfileEnv = "MSPBACKUP_CPU_PROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if gcPercent, limitFloor := gcSettings(os.Getenv); gcPercent != 0 {
		runtimedebug.SetGCPercent(gcPercent)
		if limitFloor != 0 {
			boundHeap(limitFloor)
		}
	}
	stop, err := startCPUProfile(os.Getenv(cpuProfileEnv))
	if err != nil {
		log.Fatal(err)
	}
	err = pluginserve.Serve(provider.NewProtocol6(version), "registry.terraform.io/mspbackup/mspbackup", debug)
	stop()
	if err != nil {
		log.Fatal(err)
	}
}

// Garbage collection. The provider's live heap is a few megabytes in most
// plans, so at Go's default GOGC (100) it collects every few megabytes
// allocated: a fifth of its CPU in a no-change plan of 1000 users. GOGC=400
// saves most of that but lets the heap grow to five times what is live,
// which took a tenant's plan from 33 MB to 50 to 60 MB of peak RSS, beside
// Terraform's own 100 MB, against a budget of 150 MB for both. A soft memory
// limit (GOMEMLIMIT) bounds that: the collector runs at 400 until the heap
// nears the limit, and then as often as the limit needs, which for a live
// heap of a few megabytes is still a few times less often than at 100. A
// fixed limit would make a large plan, whose live heap nears it, collect
// all the time: the limit follows the live heap instead (boundHeap), never
// below defaultMemoryLimitFloor and never under twice the live heap, which
// is about GOGC 100 for a large plan.
const (
	defaultGCPercent        = 400
	defaultMemoryLimitFloor = 24 << 20
)

// gcSettings are the GC percentage and the floor of the soft memory limit
// the provider sets itself (0: leave the runtime's): both only when GOGC is
// unset, and the limit only when GOMEMLIMIT is unset too, so that either
// variable set by the user is what it says.
func gcSettings(getenv func(string) string) (gcPercent int, memoryLimitFloor int64) {
	if getenv("GOGC") != "" {
		return 0, 0
	}
	if getenv("GOMEMLIMIT") != "" {
		return defaultGCPercent, 0
	}
	return defaultGCPercent, defaultMemoryLimitFloor
}

// memoryLimit is the soft memory limit for a live heap of live bytes: the
// floor, or twice the live heap plus half the floor (for what the runtime
// holds besides the heap), whichever is larger.
func memoryLimit(floor, live int64) int64 { return max(floor, 2*live+floor/2) }

// boundHeap sets the soft memory limit for the live heap after every
// collection, from a finalizer the collector runs once per cycle.
func boundHeap(floor int64) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var adjust func()
	adjust = func() {
		metrics.Read(live)
		runtimedebug.SetMemoryLimit(memoryLimit(floor, int64(live[0].Value.Uint64())))
		afterNextGC(adjust)
	}
	runtimedebug.SetMemoryLimit(floor)
	afterNextGC(adjust)
}

// gcSentinel holds a pointer so that it is not one of the tiny pointer-free
// objects that share a block, whose finalizers may never run.
type gcSentinel struct{ _ *byte }

// afterNextGC runs f once the next collection has found a new object
// unreachable.
func afterNextGC(f func()) { runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) { f() }) }

// startCPUProfile profiles the process into path.<pid> until stop is called;
// with path "" it does nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", path, os.Getpid()))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cpuProfileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", cpuProfileEnv, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
