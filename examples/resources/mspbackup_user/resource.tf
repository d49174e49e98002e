resource "mspbackup_customer_account" "acme" {
  name = "Acme Ltd"
}

resource "mspbackup_company" "acme_london" {
  name                = "Acme London"
  customer_account_id = mspbackup_customer_account.acme.id
}

resource "mspbackup_storage_account" "wasabi_eu" {
  name     = "Wasabi EU Central"
  type     = "wasabi"
  region   = "eu-central-1"
  endpoint = "https://s3.eu-central-1.wasabisys.com"
}

# A tenant user who backs up her computers. The API never returns the
# password, so Terraform cannot see it changed outside Terraform; `password`
# is kept in the state (sensitive). With Terraform or OpenTofu 1.11 or later,
# use password_wo and password_wo_version instead to keep it out of the state.
resource "mspbackup_user" "alice" {
  login               = "alice@acme.example"
  email               = "alice@acme.example"
  first_name          = "Alice"
  last_name           = "Archer"
  display_name        = "Alice Archer (IT)"
  password            = var.alice_password
  notification_emails = ["it-reports@acme.example"]

  customer_account_id = mspbackup_customer_account.acme.id
  company_id          = mspbackup_company.acme_london.id
  storage_account_id  = mspbackup_storage_account.wasabi_eu.id
  bucket              = "acme-backups"

  license_source = "assigned_only" # only the licences assigned to her
  mfa_method     = "email"         # the default: a code sent to email

  # Destroying her keeps what her computers backed up as retained backups of
  # Acme Ltd (the default, "keep"); "delete" would delete it with her.
  backup_data_on_destroy = "keep"
}

# MSP staff (no customer account): a helpdesk engineer who sees every tenant
# with personal data masked, signs in with an SMS code, and gets a password
# made by the server.
resource "mspbackup_user" "helpdesk" {
  login             = "sam.support"
  email             = "sam@msp.example"
  first_name        = "Sam"
  last_name         = "Support"
  mobile_phone      = "+441632960961"
  mfa_method        = "sms"
  mask_data         = true
  generate_password = true

  # Staff computers hold nothing the MSP must keep after Sam leaves.
  backup_data_on_destroy = "delete"
}

# The generated password is known only in the apply that creates the user.
output "helpdesk_initial_password" {
  value     = mspbackup_user.helpdesk.generated_password
  sensitive = true
}

variable "alice_password" {
  description = "12 to 256 characters."
  type        = string
  sensitive   = true
}
