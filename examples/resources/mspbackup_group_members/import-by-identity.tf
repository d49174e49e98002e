# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_group_members.billing
  identity = {
    id = "grp_776d7877907aecd85c4a"
  }
}
