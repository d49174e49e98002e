terraform {
  # Ephemeral resources need Terraform 1.11 or later, or OpenTofu 1.11 or later.
  required_version = ">= 1.11.0"

  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}

# The endpoint and the administrator's token come from the environment:
#   export MSPBACKUP_ENDPOINT=https://backup-console.example.net
#   export MSPBACKUP_API_TOKEN=...
provider "mspbackup" {}

# A reporting user, created in this run, who may read users and nothing else.
resource "mspbackup_group" "directory_readers" {
  name        = "Directory readers"
  description = "Read users, for reporting jobs"
  permissions = ["users:read"]
}

resource "mspbackup_user" "reporting" {
  login = "reporting-job"
  email = "platform@msp.example"
}

resource "mspbackup_group_membership" "reporting" {
  group_id = mspbackup_group.directory_readers.id
  user_id  = mspbackup_user.reporting.id
}

# A token of that user for this run only: opened when Terraform needs it,
# revoked when the run ends, never in the state or the plan.
ephemeral "mspbackup_api_token" "reporting" {
  user_id = mspbackup_user.reporting.id
  ttl     = "15m"
}

# A second configuration of the provider that acts as the reporting user.
# On the first plan the token is known only at apply (the user does not exist
# yet): the provider still plans, and reads through it wait for the apply.
provider "mspbackup" {
  alias     = "reporting"
  api_token = ephemeral.mspbackup_api_token.reporting.token
}

# Read through the reporting user's own permissions: what a job running as
# that user would see.
data "mspbackup_user" "seen_by_reporting" {
  provider = mspbackup.reporting
  id       = mspbackup_user.reporting.id

  depends_on = [mspbackup_group_membership.reporting]
}

output "reporting_user_sees_itself_as" {
  value = data.mspbackup_user.seen_by_reporting.login
}
