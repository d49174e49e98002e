terraform {
  required_version = ">= 1.14.0"

  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}

# The endpoint and token come from MSPBACKUP_ENDPOINT and MSPBACKUP_API_TOKEN.
provider "mspbackup" {}
