# The password never reaches the state: it is sent when the user is created
# and again only when password_wo_version changes (bump it to set a new one).
resource "mspbackup_user" "alice" {
  login      = "alice@acme.example"
  email      = "alice@acme.example"
  first_name = "Alice"
  last_name  = "Archer"

  storage_account_id = mspbackup_storage_account.wasabi_eu.id
  bucket             = "acme-backups"

  password_wo         = var.alice_password
  password_wo_version = var.alice_password_version
}
