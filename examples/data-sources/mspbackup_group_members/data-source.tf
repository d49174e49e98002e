data "mspbackup_group" "administrators" {
  name = "Administrators"
}

# The ids of every member of a group.
data "mspbackup_group_members" "administrators" {
  group_id = data.mspbackup_group.administrators.id
}

# Their details: mspbackup_users filtered by group.
data "mspbackup_users" "administrators" {
  group_id = data.mspbackup_group.administrators.id
}

output "administrator_logins" {
  value = sort([for u in data.mspbackup_users.administrators.users : u.login])
}

output "administrator_count" {
  value = length(data.mspbackup_group_members.administrators.user_ids)
}
