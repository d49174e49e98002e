// Package azure stands in for Terraform's azurerm state backend, not built here.
package azure

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/legacy/notbuilt"
)

// New answers the backend that says azurerm is not built into this binary.
func New() backend.Backend { return notbuilt.Backend{Name: "azurerm"} }
