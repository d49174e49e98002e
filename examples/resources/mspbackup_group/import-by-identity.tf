# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_group.helpdesk
  identity = {
    id = "grp_e1adbc884b3bc9cc9c9b"
  }
}
