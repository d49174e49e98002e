# Every security group of the console.
data "mspbackup_groups" "all" {}

output "group_names" {
  value = [for g in data.mspbackup_groups.all.groups : g.name]
}
