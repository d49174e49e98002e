# Look a customer account up by name (case-insensitive) or by id.
data "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

output "acme_id" {
  value = data.mspbackup_customer_account.acme.id
}
