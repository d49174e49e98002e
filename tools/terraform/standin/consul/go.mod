// Stands in for Terraform's consul backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/consul

go 1.26.8
