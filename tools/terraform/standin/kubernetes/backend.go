// Package kubernetes stands in for Terraform's kubernetes state backend, not built here.
package kubernetes

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says kubernetes is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "kubernetes"} }
