# Finds every object of the console that Terraform can manage, for
#
#   terraform query -generate-config-out=generated.tf
#
# which writes a resource block and an import block for each one found.
# Terraform stops a list block at `limit` results (100 when left out).

locals {
  limit = 10000
}

list "mspbackup_customer_account" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}

list "mspbackup_company" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}

list "mspbackup_storage_account" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}

list "mspbackup_storage_limit" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}

list "mspbackup_user" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}

list "mspbackup_group" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}

# Memberships one by one (mspbackup_group_membership), not the authoritative
# mspbackup_group_members: never both for one group.
list "mspbackup_group_membership" "all" {
  for_each         = { for g in list.mspbackup_group.all.data : g.identity.id => g }
  provider         = mspbackup
  include_resource = true
  limit            = local.limit

  config {
    group_id = each.key
  }
}

list "mspbackup_license_assignment" "all" {
  for_each         = { for u in list.mspbackup_user.all.data : u.identity.id => u }
  provider         = mspbackup
  include_resource = true
  limit            = local.limit

  config {
    user_id = each.key
  }
}

list "mspbackup_api_token" "all" {
  provider         = mspbackup
  include_resource = true
  limit            = local.limit
}
