data "mspbackup_customer_account" "northwind" {
  name = "Northwind Reseller"
}

# A reseller has at most one quota per licence type: find it by reseller and
# type, or by id, and see how much of it the reseller's customers use.
data "mspbackup_license_quota" "northwind_workstations" {
  customer_account_id = data.mspbackup_customer_account.northwind.id
  license_type        = "workstation"
}

output "northwind_workstations_left" {
  value = data.mspbackup_license_quota.northwind_workstations.quota - data.mspbackup_license_quota.northwind_workstations.used
}
