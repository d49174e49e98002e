# The API tokens of one user. A token's secret is never returned: generated
# configuration adopts the token without it.
list "mspbackup_api_token" "ci" {
  provider         = mspbackup
  include_resource = true

  config {
    user_id = "usr_0123456789abcdef0123"
  }
}
