# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_company.acme_london
  identity = {
    id = "co_5c1f0e9a7d3b2c4e6f80"
  }
}
