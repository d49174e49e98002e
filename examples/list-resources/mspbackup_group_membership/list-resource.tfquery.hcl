# Memberships exist only within a group: list every group, then the
# memberships of each.
list "mspbackup_group" "all" {
  provider = mspbackup
}

list "mspbackup_group_membership" "all" {
  for_each         = { for g in list.mspbackup_group.all.data : g.identity.id => g }
  provider         = mspbackup
  include_resource = true

  config {
    group_id = each.key
  }
}
