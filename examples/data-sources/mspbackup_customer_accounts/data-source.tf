# Every customer account of the MSP.
data "mspbackup_customer_accounts" "all" {}

output "customer_accounts" {
  value = { for a in data.mspbackup_customer_accounts.all.customer_accounts : a.name => a.id }
}
