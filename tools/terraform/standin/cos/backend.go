// Package cos stands in for Terraform's cos state backend, not built here.
package cos

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says cos is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "cos"} }
