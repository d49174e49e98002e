# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_user.alice
  identity = {
    id = "usr_9bd5ffc37e8b86ecce8e"
  }
}
