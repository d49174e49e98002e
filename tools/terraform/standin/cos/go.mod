// Stands in for Terraform's cos backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/cos

go 1.26.8
