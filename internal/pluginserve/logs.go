package pluginserve

// terraform-plugin-go and terraform-plugin-framework log every protocol call
// and every attribute they walk at TRACE, formatted as JSON on the
// provider's stderr, unless a TF_LOG_SDK* variable sets a level. Terraform
// (and OpenTofu) then parse each line and throw it away when neither
// TF_LOG_PROVIDER nor TF_LOG asks for provider logs
// (terraform-plugin-framework#1269, opentofu#2969). Formatting and parsing
// those lines was about a third of the provider's CPU in a plan of 1000
// users, and a share of Terraform's own.

import (
	"fmt"
	"os"
	"strings"
)

// Variables the plugin SDK reads for its log levels, and Terraform's own
// provider log switches.
const (
	envLog         = "TF_LOG"
	envLogProvider = "TF_LOG_PROVIDER"
)

// sdkLevels are the logger levels the SDK reads at each call: its root,
// protocol and framework loggers and the provider's own logger (tflog; the
// suffix is the provider's type name, upper-cased, as terraform-plugin-go
// derives it from the registry address).
var sdkLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_MSPBACKUP"}

// overrides returns the variables to set so that the SDK logs nothing,
// or nil when the CLI will show provider logs. The CLI shows them when
// TF_LOG_PROVIDER, or else TF_LOG, holds anything but "off" (Terraform
// takes an unknown level for TRACE). Variables the user set are never
// changed, so TF_LOG_SDK_PROTO=off and the like keep working as documented.
func overrides(getenv func(string) string) map[string]string {
	level := getenv(envLogProvider)
	if level == "" {
		level = getenv(envLog)
	}
	if level != "" && !strings.EqualFold(level, "off") {
		return nil
	}
	out := map[string]string{}
	for _, name := range sdkLevels {
		if getenv(name) == "" {
			out[name] = "off"
		}
	}
	return out
}

// quietUnlessRequested applies overrides to the process environment and
// reports whether it did. It runs before the plugin server starts: the SDK
// reads the levels when it builds each call's loggers.
func quietUnlessRequested() (bool, error) {
	vars := overrides(os.Getenv)
	for name, value := range vars {
		if err := os.Setenv(name, value); err != nil {
			return false, fmt.Errorf("turning the SDK's logs off: %w", err)
		}
	}
	return vars != nil, nil
}
