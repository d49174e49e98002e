list "mspbackup_group" "all" {
  provider         = mspbackup
  include_resource = true
}
