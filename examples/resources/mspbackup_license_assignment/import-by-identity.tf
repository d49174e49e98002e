# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_license_assignment.alice_workstations
  identity = {
    id = "lic_b4fd96b9c48fb179a654"
  }
}
