# The companies of one customer account.
list "mspbackup_company" "acme" {
  provider         = mspbackup
  include_resource = true

  config {
    customer_account_id = "ca_0123456789abcdef0123"
  }
}
