# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_license_quota.northwind_workstations
  identity = {
    id = "lq_5c1d0e6f2a9b47c3d8e1"
  }
}
