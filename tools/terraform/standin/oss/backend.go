// Package oss stands in for Terraform's oss state backend, not built here.
package oss

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says oss is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "oss"} }
