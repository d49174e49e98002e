//go:build !unix

package bench

import "testing"

// ReportCPU reports nothing where getrusage is missing.
func ReportCPU(*testing.B) func() { return func() {} }
