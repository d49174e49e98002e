# The permission catalogue: every name a group's permissions can hold.
data "mspbackup_permissions" "all" {}

# A read-only group built from the catalogue.
resource "mspbackup_group" "auditors" {
  name        = "Auditors"
  description = "Every read permission"
  permissions = [for p in data.mspbackup_permissions.all.names : p if endswith(p, ":read")]
}

output "catalogue" {
  value = { for p in data.mspbackup_permissions.all.permissions : p.name => p.description }
}
