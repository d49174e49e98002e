// Stands in for Terraform's internal/legacy module, which the module zip of
// github.com/hashicorp/terraform leaves out (its go.mod replaces it with a
// folder). Nothing in the CLI's own build imports it; it also holds notbuilt,
// the backend every other stand-in answers with.
module github.com/hashicorp/terraform/internal/legacy

go 1.26.8
