data "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

# Every enabled user of one customer account (all pages are read).
data "mspbackup_users" "acme_enabled" {
  customer_account_id = data.mspbackup_customer_account.acme.id
  enabled             = true
}

output "acme_logins" {
  value = [for u in data.mspbackup_users.acme_enabled.users : u.login]
}
