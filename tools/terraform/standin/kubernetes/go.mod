// Stands in for Terraform's kubernetes backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/kubernetes

go 1.26.8
