// Package oci stands in for Terraform's oci state backend, not built here.
package oci

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says oci is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "oci"} }
