# The enabled users of one customer account whose login starts with "a".
list "mspbackup_user" "acme" {
  provider         = mspbackup
  include_resource = true
  limit            = 500

  config {
    customer_account_id = "ca_0123456789abcdef0123"
    enabled             = true
    login_prefix        = "a"
  }
}
