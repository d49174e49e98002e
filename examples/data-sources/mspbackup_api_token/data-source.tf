data "mspbackup_user" "ci" {
  login = "ci-pipeline"
}

# A token's metadata, by name (and user, as names need not be unique) or by
# id. The secret is shown only when a token is created, so it is not here.
data "mspbackup_api_token" "ci" {
  name    = "drift detection pipeline"
  user_id = data.mspbackup_user.ci.id
}

output "ci_token_expires_at" {
  value = data.mspbackup_api_token.ci.expires_at
}
