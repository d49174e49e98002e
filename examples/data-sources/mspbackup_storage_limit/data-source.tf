data "mspbackup_storage_limit" "premium" {
  name = "Premium (1 TB)"
}

output "premium_limit_gb" {
  value = data.mspbackup_storage_limit.premium.limit_gb
}
