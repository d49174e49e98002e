# A storage limit caps how much a user or a company may store.
resource "mspbackup_storage_limit" "premium" {
  name     = "Premium (1 TB)"
  limit_gb = 1000
}
