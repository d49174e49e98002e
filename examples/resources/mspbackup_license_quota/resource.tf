resource "mspbackup_customer_account" "northwind" {
  name     = "Northwind Reseller"
  reseller = true
}

# Northwind's subtree (its own account and every customer below it) may hold
# at most 50 workstation licences together, on top of the MSP's pool. The
# server refuses an assignment, a computer or a move that would go beyond it.
resource "mspbackup_license_quota" "northwind_workstations" {
  customer_account_id = mspbackup_customer_account.northwind.id
  license_type        = "workstation"
  quota               = 50
}
