// Stands in for Terraform's oci backend module, which the module zip leaves out.
module github.com/hashicorp/terraform/internal/backend/remote-state/oci

go 1.26.8
