resource "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

resource "mspbackup_user" "alice" {
  login               = "alice@acme.example"
  email               = "alice@acme.example"
  customer_account_id = mspbackup_customer_account.acme.id
  license_source      = "assigned_only"
}

# Reserve three workstation licences from the MSP's pool for Alice. The sum of
# the assignments of a type can never exceed what the MSP bought.
resource "mspbackup_license_assignment" "alice_workstations" {
  user_id      = mspbackup_user.alice.id
  license_type = "workstation"
  quantity     = 3
}

resource "mspbackup_license_assignment" "alice_m365" {
  user_id      = mspbackup_user.alice.id
  license_type = "microsoft_365"
  quantity     = 1
}
