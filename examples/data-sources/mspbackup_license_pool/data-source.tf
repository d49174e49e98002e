# The licences the MSP bought, and how many are assigned, in use and
# available, by licence type.
data "mspbackup_license_pool" "this" {}

output "available_licences" {
  value = { for type, l in data.mspbackup_license_pool.this.licenses : type => l.available }
}

output "workstations_available" {
  value = data.mspbackup_license_pool.this.licenses["workstation"].available
}
