// Stands in for Terraform's gcs backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/gcs

go 1.26.8
