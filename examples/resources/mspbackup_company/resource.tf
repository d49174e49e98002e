resource "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

resource "mspbackup_storage_limit" "standard" {
  name     = "Standard (500 GB)"
  limit_gb = 500
}

# A company groups the users of one customer account. Leave
# customer_account_id out for a company at MSP level.
resource "mspbackup_company" "acme_london" {
  name                = "Acme London"
  customer_account_id = mspbackup_customer_account.acme.id
  storage_limit_id    = mspbackup_storage_limit.standard.id
  description         = "Head office, 25 workstations and 3 servers"
}
