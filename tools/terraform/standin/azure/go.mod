// Stands in for Terraform's azurerm backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/azure

go 1.26.8
