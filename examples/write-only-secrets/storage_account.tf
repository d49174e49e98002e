# The secret access key never reaches the state: it is sent when the storage
# account is created and again only when secret_access_key_wo_version changes.
resource "mspbackup_storage_account" "wasabi_eu" {
  name          = "Wasabi EU Central"
  type          = "wasabi"
  region        = "eu-central-1"
  access_key_id = "WASABIACCESSKEY"

  secret_access_key_wo         = var.wasabi_secret_access_key
  secret_access_key_wo_version = var.wasabi_secret_access_key_version
}
