// Command terraform-provider-mspbackup is the Terraform provider for the MSP
// Backup management console: customer accounts, companies, users, security
// groups, memberships, storage and licence assignments as code.
package main

import (
	"flag"
	"log"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pluginserve"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/provider"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if err := pluginserve.Serve(provider.NewProtocol6(version), "registry.terraform.io/mspbackup/mspbackup", debug); err != nil {
		log.Fatal(err)
	}
}
