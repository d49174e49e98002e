// Package consul stands in for Terraform's consul state backend, not built here.
package consul

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says consul is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "consul"} }
