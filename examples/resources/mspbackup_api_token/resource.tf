resource "mspbackup_user" "ci" {
  login             = "ci-pipeline"
  email             = "platform@msp.example"
  generate_password = true
}

# A token for a CI pipeline. The secret is shown once, at creation: Terraform
# stores it in the state as the sensitive attribute "token".
resource "mspbackup_api_token" "ci" {
  name       = "drift detection pipeline"
  user_id    = mspbackup_user.ci.id
  expires_at = "2030-01-01T00:00:00Z"
}

output "ci_token" {
  value     = mspbackup_api_token.ci.token
  sensitive = true
}
