# Every customer account whose name starts with "Acme", with the whole
# resource, so that `terraform query -generate-config-out=generated.tf`
# writes a resource block and an import block for each.
list "mspbackup_customer_account" "acme" {
  provider         = mspbackup
  include_resource = true

  config {
    name_prefix = "Acme"
  }
}
