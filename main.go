// Command terraform-provider-mspbackup is the Terraform provider for the MSP
// Backup management console: customer accounts, companies, users, security
// groups, memberships, storage and licence assignments as code.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	runtimedebug "runtime/debug"
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

	if os.Getenv("GOGC") == "" {
		// The provider's live heap is a few megabytes however large the
		// plan, so at Go's default (100) it collects every few megabytes
		// allocated: a fifth of its CPU in a no-change plan of 1000 users.
		// 400 trades tens of megabytes of peak memory for most of that.
		runtimedebug.SetGCPercent(400)
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
