// Stands in for Terraform's pg backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/pg

go 1.26.8
