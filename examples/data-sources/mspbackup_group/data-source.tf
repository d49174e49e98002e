# The built-in Administrators group holds every permission.
data "mspbackup_group" "administrators" {
  name = "Administrators"
}

output "administrators_permissions" {
  value = data.mspbackup_group.administrators.permissions
}
