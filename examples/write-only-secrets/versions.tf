terraform {
  # Write-only attributes and ephemeral variables need Terraform 1.11 or
  # later, or OpenTofu 1.11 or later.
  required_version = ">= 1.11.0"

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
