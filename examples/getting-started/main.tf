# Getting started: one tenant, end to end. Run with the provider configured as
# in the provider example (or MSPBACKUP_ENDPOINT and MSPBACKUP_API_TOKEN set).

# 1. The end customer and one of its companies.
resource "mspbackup_customer_account" "acme" {
  name        = "Acme Ltd"
  description = "Manufacturing; offices in London and Leeds"
}

resource "mspbackup_company" "acme_london" {
  name                = "Acme London"
  customer_account_id = mspbackup_customer_account.acme.id
  storage_limit_id    = mspbackup_storage_limit.standard.id
}

# 2. Where its backups go, and how much it may store.
resource "mspbackup_storage_account" "acme_s3" {
  name          = "Acme on Amazon S3"
  type          = "amazon_s3"
  region        = "eu-west-2"
  access_key_id = "AKIAIOSFODNN7EXAMPLE"
  # secret_access_key = var.acme_s3_secret_access_key
}

resource "mspbackup_storage_limit" "standard" {
  name     = "Standard (250 GB)"
  limit_gb = 250
}

# 3. A user who backs up her computers and administers her own tenant.
resource "mspbackup_user" "alice" {
  login               = "alice@acme.example"
  email               = "alice@acme.example" # receives the sign-in code (mfa_method = "email")
  first_name          = "Alice"
  last_name           = "Archer"
  display_name        = "Alice Archer"
  password            = var.alice_password
  customer_account_id = mspbackup_customer_account.acme.id
  company_id          = mspbackup_company.acme_london.id
  storage_account_id  = mspbackup_storage_account.acme_s3.id
  bucket              = "acme-backups"
}

# 4. Licences for her computers, from the pool the MSP bought.
resource "mspbackup_license_assignment" "alice_workstations" {
  user_id      = mspbackup_user.alice.id
  license_type = "workstation"
  quantity     = 2
}

# 5. What she may do in the console: security groups hold the permissions.
resource "mspbackup_group" "tenant_admins" {
  name        = "Tenant Administrators"
  description = "A customer's own IT: users, companies and licences of its account"
  permissions = ["companies:read", "companies:write", "licenses:read", "users:read", "users:write"]
}

resource "mspbackup_group_membership" "alice_tenant_admin" {
  group_id = mspbackup_group.tenant_admins.id
  user_id  = mspbackup_user.alice.id
}

variable "alice_password" {
  type      = string
  sensitive = true
}
