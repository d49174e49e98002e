# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_storage_limit.premium
  identity = {
    id = "sl_7e6d5c4b3a29180f1e2d"
  }
}
