# The whole member set of one group, as one authoritative resource. Do not
# generate both this and mspbackup_group_membership for the same group.
list "mspbackup_group_members" "operators" {
  provider         = mspbackup
  include_resource = true

  config {
    group_id = "grp_0123456789abcdef0123"
  }
}
