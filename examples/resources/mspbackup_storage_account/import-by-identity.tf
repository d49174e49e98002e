# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_storage_account.wasabi_eu
  identity = {
    id = "sa_0d9e8f7a6b5c4d3e2f10"
  }
}
