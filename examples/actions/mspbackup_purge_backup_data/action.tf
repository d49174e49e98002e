# Delete for good the backups kept when Alice was destroyed (with
# backup_data_on_destroy = "keep", the default). confirm repeats the id.
#   terraform apply -invoke=action.mspbackup_purge_backup_data.alice
action "mspbackup_purge_backup_data" "alice" {
  config {
    user_id = "usr_0123456789abcdef"
    confirm = "usr_0123456789abcdef"
  }
}

# Every retained backup of a customer account, 500 per request; Terraform
# shows "purged N of M backups (X bytes)" after each request.
action "mspbackup_purge_backup_data" "acme" {
  config {
    customer_account_id = "ca_0123456789abcdef"
    confirm             = "ca_0123456789abcdef"
    batch_size          = 500
  }
}
