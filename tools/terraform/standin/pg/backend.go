// Package pg stands in for Terraform's pg state backend, not built here.
package pg

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says pg is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "pg"} }
