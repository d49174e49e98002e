locals {
  # "<tenant>/<company>" => company, with its tenant key.
  companies = merge([
    for tk, t in var.tenants : {
      for ck, c in t.companies : "${tk}/${ck}" => merge(c, { tenant = tk })
    }
  ]...)

  # login => tenant user, with its tenant key.
  tenant_users = merge([
    for tk, t in var.tenants : {
      for login, u in t.users : login => merge(u, { tenant = tk })
    }
  ]...)

  # "<login>/<licence type>" => one licence assignment.
  license_assignments = merge([
    for login, u in local.tenant_users : {
      for type, quantity in u.licenses : "${login}/${type}" => {
        login    = login
        type     = type
        quantity = quantity
      }
    }
  ]...)

  # group key => logins of its members (tenant users and staff).
  group_logins = {
    for gk, g in var.groups : gk => concat(
      [for login, u in local.tenant_users : login if contains(u.groups, gk)],
      [for login, s in var.staff : login if contains(s.groups, gk)],
    )
  }

  # login => user id, for every user made here.
  user_ids = merge(
    { for login, u in mspbackup_user.tenant : login => u.id },
    { for login, u in mspbackup_user.staff : login => u.id },
  )
}

# ---- Storage ----

resource "mspbackup_storage_limit" "this" {
  for_each = var.storage_limits

  name     = each.value.name
  limit_gb = each.value.limit_gb
}

resource "mspbackup_storage_account" "tenant" {
  for_each = var.tenants

  name              = each.value.storage.name
  type              = each.value.storage.type
  region            = each.value.storage.region
  endpoint          = each.value.storage.endpoint
  access_key_id     = each.value.storage.access_key_id
  secret_access_key = lookup(var.storage_secret_access_keys, each.key, null)
}

# ---- Tenants ----

resource "mspbackup_customer_account" "this" {
  for_each = var.tenants

  name        = each.value.name
  description = each.value.description
  status      = contains(var.suspended_tenants, each.key) ? "suspended" : "active"
}

resource "mspbackup_company" "this" {
  for_each = local.companies

  name                = each.value.name
  description         = each.value.description
  customer_account_id = mspbackup_customer_account.this[each.value.tenant].id
  storage_limit_id    = each.value.storage_limit == null ? null : mspbackup_storage_limit.this[each.value.storage_limit].id
}

# ---- Users ----

resource "mspbackup_user" "tenant" {
  for_each = local.tenant_users

  login               = each.key
  email               = each.value.email
  first_name          = each.value.first_name
  last_name           = each.value.last_name
  display_name        = coalesce(each.value.display_name, "${each.value.first_name} ${each.value.last_name}")
  notification_emails = each.value.notification_emails

  customer_account_id = mspbackup_customer_account.this[each.value.tenant].id
  company_id          = mspbackup_company.this["${each.value.tenant}/${each.value.company}"].id
  storage_account_id  = mspbackup_storage_account.tenant[each.value.tenant].id
  bucket              = var.tenants[each.value.tenant].storage.bucket
  storage_limit_id    = each.value.storage_limit == null ? null : mspbackup_storage_limit.this[each.value.storage_limit].id

  enabled        = each.value.enabled
  license_source = var.tenants[each.value.tenant].license_source
  mfa_method     = each.value.mfa_method
  mobile_phone   = each.value.mobile_phone

  # One known password so the demo can sign a user in; the server makes a
  # strong password for everyone else (see the generated_passwords output).
  password          = each.key == var.demo_login ? var.demo_password : null
  generate_password = each.key == var.demo_login ? null : true
}

resource "mspbackup_user" "staff" {
  for_each = var.staff

  login             = each.key
  email             = each.value.email
  first_name        = each.value.first_name
  last_name         = each.value.last_name
  display_name      = "${each.value.first_name} ${each.value.last_name}"
  mask_data         = each.value.mask_data
  mfa_method        = each.value.mfa_method
  mobile_phone      = each.value.mobile_phone
  generate_password = true
}

# ---- Security groups ----

resource "mspbackup_group" "this" {
  for_each = var.groups

  name        = each.value.name
  description = each.value.description
  permissions = each.value.permissions
}

# These groups are made here, so Terraform owns their whole member set.
resource "mspbackup_group_members" "this" {
  for_each = { for gk, logins in local.group_logins : gk => logins if length(logins) > 0 }

  group_id = mspbackup_group.this[each.key].id
  user_ids = [for login in each.value : local.user_ids[login]]
}

# The built-in Administrators group is shared with people added by hand, so
# add our administrators one by one without touching anyone else.
data "mspbackup_group" "administrators" {
  name = "Administrators"
}

resource "mspbackup_group_membership" "administrators" {
  for_each = { for login, s in var.staff : login => s if s.administrator }

  group_id = data.mspbackup_group.administrators.id
  user_id  = mspbackup_user.staff[each.key].id
}

# ---- Licences ----

resource "mspbackup_license_assignment" "this" {
  for_each = local.license_assignments

  user_id      = mspbackup_user.tenant[each.value.login].id
  license_type = each.value.type
  quantity     = each.value.quantity
}
