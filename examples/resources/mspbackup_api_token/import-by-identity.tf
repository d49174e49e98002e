# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_api_token.ci
  identity = {
    id = "tok_3f2e1d0c9b8a7f6e5d4c"
  }
}
