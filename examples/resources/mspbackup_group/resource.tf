# A security group: its members hold its permissions. See the
# mspbackup_permissions data source for the catalogue.
resource "mspbackup_group" "helpdesk" {
  name        = "Helpdesk"
  description = "First-line support: read tenants and users, reset users, read the outbox"
  permissions = [
    "customer_accounts:read",
    "companies:read",
    "users:read",
    "users:write",
    "licenses:read",
    "outbox:read",
  ]
}
