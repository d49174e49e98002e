// Package s3 stands in for Terraform's s3 state backend, not built here.
package s3

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says s3 is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "s3"} }
