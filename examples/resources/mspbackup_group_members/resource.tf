resource "mspbackup_group" "billing" {
  name        = "Billing"
  permissions = ["customer_accounts:read", "licenses:read", "licenses:write"]
}

resource "mspbackup_user" "finance" {
  for_each = toset(["dana@msp.example", "eli@msp.example"])

  login             = each.key
  email             = each.key
  generate_password = true
}

# The whole member set of the group: a member added outside Terraform shows
# in the next plan and is removed by the next apply.
resource "mspbackup_group_members" "billing" {
  group_id = mspbackup_group.billing.id
  user_ids = [for u in mspbackup_user.finance : u.id]
}
