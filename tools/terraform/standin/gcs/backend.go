// Package gcs stands in for Terraform's gcs state backend, not built here.
package gcs

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says gcs is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "gcs"} }
