# An MSP that sells through resellers. Run with the provider configured as in
# the provider example (or MSPBACKUP_ENDPOINT and MSPBACKUP_API_TOKEN set),
# with the token of MSP staff.
#
#   MSP
#   ├── Northwind Reseller (quota: 20 workstation licences)
#   │   ├── Northwind East (a reseller below a reseller)
#   │   │   └── Contoso Ltd
#   │   └── Fabrikam Inc   <- moves to Southwind with var.fabrikam_reseller
#   └── Southwind Reseller (quota: 10 workstation licences)
#
# The tree holds at most 3 levels below the MSP. A reseller's users see and
# manage their whole subtree and nothing else of the MSP's.

variable "fabrikam_reseller" {
  description = "The reseller Fabrikam buys through: \"northwind\" or \"southwind\". Changing it moves Fabrikam in place, with its users and licences; terraform plan fails with the server's reason if the move is not allowed (for example when the target's licence quota is too small)."
  type        = string
  default     = "northwind"

  validation {
    condition     = contains(["northwind", "southwind"], var.fabrikam_reseller)
    error_message = "fabrikam_reseller must be \"northwind\" or \"southwind\"."
  }
}

# ---- The resellers and their quotas ----

resource "mspbackup_customer_account" "northwind" {
  name        = "Northwind Reseller"
  description = "Sells our backup in the north"
  reseller    = true
}

resource "mspbackup_customer_account" "southwind" {
  name        = "Southwind Reseller"
  description = "Sells our backup in the south"
  reseller    = true
}

# A reseller below a reseller: Northwind's users manage it too.
resource "mspbackup_customer_account" "northwind_east" {
  name      = "Northwind East"
  reseller  = true
  parent_id = mspbackup_customer_account.northwind.id
}

# Everything below a reseller together holds at most its quota, on top of the
# MSP's licence pool: Contoso's licences count against Northwind East's
# reseller (Northwind) too.
resource "mspbackup_license_quota" "northwind_workstations" {
  customer_account_id = mspbackup_customer_account.northwind.id
  license_type        = "workstation"
  quota               = 20
}

resource "mspbackup_license_quota" "southwind_workstations" {
  customer_account_id = mspbackup_customer_account.southwind.id
  license_type        = "workstation"
  quota               = 10
}

# ---- Their customers ----

resource "mspbackup_customer_account" "contoso" {
  name      = "Contoso Ltd"
  parent_id = mspbackup_customer_account.northwind_east.id
}

locals {
  resellers = {
    northwind = mspbackup_customer_account.northwind.id
    southwind = mspbackup_customer_account.southwind.id
  }
}

resource "mspbackup_customer_account" "fabrikam" {
  name      = "Fabrikam Inc"
  parent_id = local.resellers[var.fabrikam_reseller]
}

resource "mspbackup_user" "fabrikam_bob" {
  login               = "bob@fabrikam.example"
  email               = "bob@fabrikam.example"
  customer_account_id = mspbackup_customer_account.fabrikam.id
}

# Drawn from the MSP's pool and from the quota of Fabrikam's reseller.
resource "mspbackup_license_assignment" "fabrikam_bob_workstations" {
  user_id      = mspbackup_user.fabrikam_bob.id
  license_type = "workstation"
  quantity     = 2
}

# ---- The reseller's own staff ----

# What a reseller's administrators may do; within their subtree only. The
# privilege rule still applies: nobody grants a permission it lacks.
resource "mspbackup_group" "reseller_admins" {
  name        = "Reseller Administrators"
  description = "A reseller's staff: the customer accounts, users and licences below their reseller"
  permissions = ["customer_accounts:read", "customer_accounts:write", "licenses:read", "licenses:write", "users:read", "users:write"]
}

resource "mspbackup_user" "northwind_admin" {
  login               = "admin@northwind.example"
  email               = "admin@northwind.example"
  customer_account_id = mspbackup_customer_account.northwind.id
}

resource "mspbackup_group_membership" "northwind_admin" {
  group_id = mspbackup_group.reseller_admins.id
  user_id  = mspbackup_user.northwind_admin.id
}

# How much of a quota is used changes with every assignment below the
# reseller: read it with the mspbackup_license_quota data source (or in the
# console), not from this resource's state, which a later refresh updates.
