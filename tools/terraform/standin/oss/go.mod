// Stands in for Terraform's oss backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/oss

go 1.26.8
