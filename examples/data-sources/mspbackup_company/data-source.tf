data "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

# A company name is unique within its customer account: give the account
# to find the company by name, or look the company up by id.
data "mspbackup_company" "acme_london" {
  name                = "Acme London"
  customer_account_id = data.mspbackup_customer_account.acme.id
}

output "acme_london_storage_limit_id" {
  value = data.mspbackup_company.acme_london.storage_limit_id
}
