# Look a user up by login (case-insensitive) or by id.
data "mspbackup_user" "alice" {
  login = "alice@acme.example"
}

output "alice" {
  value = {
    id                  = data.mspbackup_user.alice.id
    customer_account_id = data.mspbackup_user.alice.customer_account_id
    enabled             = data.mspbackup_user.alice.enabled
    mfa_method          = data.mspbackup_user.alice.mfa_method
  }
}
