data "mspbackup_user" "alice" {
  login = "alice@acme.example"
}

# A user has at most one assignment per licence type: find it by user and
# type, or by id.
data "mspbackup_license_assignment" "alice_workstations" {
  user_id      = data.mspbackup_user.alice.id
  license_type = "workstation"
}

output "alice_workstation_licences" {
  value = data.mspbackup_license_assignment.alice_workstations.quantity
}
