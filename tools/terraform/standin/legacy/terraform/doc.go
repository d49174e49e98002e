// Package terraform is empty: only a test of Terraform's own imports the real
// one, and `go mod tidy` looks at the tests of dependencies too.
package terraform
