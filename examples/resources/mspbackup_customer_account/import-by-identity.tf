# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity.
import {
  to = mspbackup_customer_account.acme
  identity = {
    id = "ca_afbfd41471bf9899eaba"
  }
}
