# ---- A reseller ----
#
# Northwind sells our backup to two customers of its own. Its users see and
# manage these accounts and nothing else of the estate; its licence quota
# caps what its customers hold together. Setting a customer to false moves
# it in place to directly under the MSP (the demo does this with Tailspin
# Toys).

variable "reseller_customers" {
  description = "Northwind's customers: name => true while it buys through Northwind, false once the MSP serves it directly. Changing it moves the account in place."
  type        = map(bool)
  default = {
    "Tailspin Toys"  = true
    "Wingtip Travel" = true
  }
}

resource "mspbackup_customer_account" "northwind" {
  name        = "Northwind Reseller"
  description = "Resells our backup to small businesses"
  reseller    = true
}

resource "mspbackup_license_quota" "northwind_workstations" {
  customer_account_id = mspbackup_customer_account.northwind.id
  license_type        = "workstation"
  quota               = 20
}

resource "mspbackup_customer_account" "resold" {
  for_each = var.reseller_customers

  name      = each.key
  parent_id = each.value ? mspbackup_customer_account.northwind.id : null
}
