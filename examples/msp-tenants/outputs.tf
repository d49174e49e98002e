output "customer_account_ids" {
  description = "Customer account id by tenant key."
  value       = { for tk, a in mspbackup_customer_account.this : tk => a.id }
}

output "company_ids" {
  description = "Company id by \"<tenant>/<company>\"."
  value       = { for k, c in mspbackup_company.this : k => c.id }
}

output "user_ids" {
  description = "User id by login."
  value       = local.user_ids
}

output "group_ids" {
  description = "Security group id by group key."
  value       = { for gk, g in mspbackup_group.this : gk => g.id }
}

output "licences_assigned" {
  description = "Licences assigned to users, by licence type (compare with the pool: GET /api/v1/license-pool)."
  value = {
    for type in distinct([for a in local.license_assignments : a.type]) :
    type => sum([for a in local.license_assignments : a.quantity if a.type == type])
  }
}

output "demo_user" {
  description = "The user to sign in as, with var.demo_password."
  value = {
    id         = mspbackup_user.tenant[var.demo_login].id
    tenant     = local.tenant_users[var.demo_login].tenant
    login      = mspbackup_user.tenant[var.demo_login].login
    email      = mspbackup_user.tenant[var.demo_login].email
    mfa_method = mspbackup_user.tenant[var.demo_login].mfa_method
  }
}

output "generated_passwords" {
  description = "Initial passwords the server generated, by login; known only after the apply that created the user (terraform output -json generated_passwords)."
  value = merge(
    { for login, u in mspbackup_user.tenant : login => u.generated_password if login != var.demo_login },
    { for login, u in mspbackup_user.staff : login => u.generated_password },
  )
  sensitive = true
}
