# Secrets that never reach the state: each secret is a write-only attribute
# (`*_wo`), sent to the console when the resource is created and again only
# when its `*_wo_version` changes. The state and the plan hold the version
# number, never the secret.

resource "mspbackup_storage_account" "wasabi_eu" {
  name          = "Wasabi EU Central"
  type          = "wasabi"
  region        = "eu-central-1"
  access_key_id = "WASABIACCESSKEY"

  secret_access_key_wo         = var.wasabi_secret_access_key
  secret_access_key_wo_version = var.wasabi_secret_access_key_version
}

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
