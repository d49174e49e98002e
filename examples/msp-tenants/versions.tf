terraform {
  required_version = ">= 1.5.0"

  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}

# The endpoint and the API token come from the environment:
#   export MSPBACKUP_ENDPOINT=https://backup-console.example.net
#   export MSPBACKUP_API_TOKEN=...
provider "mspbackup" {}
