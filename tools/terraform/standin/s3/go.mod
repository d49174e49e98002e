// Stands in for Terraform's s3 backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/s3

go 1.26.8
