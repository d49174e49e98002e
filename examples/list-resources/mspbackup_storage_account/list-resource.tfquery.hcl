# Every storage account. Secret access keys are never returned by the API:
# generated configuration leaves them null, as an import does.
list "mspbackup_storage_account" "all" {
  provider         = mspbackup
  include_resource = true
}
