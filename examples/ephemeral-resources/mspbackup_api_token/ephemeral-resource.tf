# A token acting as the agent-deployment user, opened when the run starts and
# revoked when it ends; it is never stored in the state or the plan.
data "mspbackup_user" "deployer" {
  login = "agent-deployer"
}

ephemeral "mspbackup_api_token" "deployer" {
  user_id = data.mspbackup_user.deployer.id
  ttl     = "30m" # expires on its own should the revocation fail
}

# Hand it to whatever needs to act as that user during the run, for example a
# second configuration of this provider.
provider "mspbackup" {
  alias     = "deployer"
  api_token = ephemeral.mspbackup_api_token.deployer.token
}

data "mspbackup_permissions" "deployer" {
  provider = mspbackup.deployer
}
