# Licence assignments exist only within a user: list the users of one
# customer account, then the assignments of each.
list "mspbackup_user" "acme" {
  provider = mspbackup

  config {
    customer_account_id = "ca_0123456789abcdef0123"
  }
}

list "mspbackup_license_assignment" "acme" {
  for_each         = { for u in list.mspbackup_user.acme.data : u.identity.id => u }
  provider         = mspbackup
  include_resource = true

  config {
    user_id = each.key
  }
}
