list "mspbackup_storage_limit" "all" {
  provider         = mspbackup
  include_resource = true
}
