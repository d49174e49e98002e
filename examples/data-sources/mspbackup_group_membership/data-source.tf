data "mspbackup_group" "tenant_admins" {
  name = "Tenant Administrators"
}

data "mspbackup_user" "alice" {
  login = "alice@acme.example"
}

# Fails when the user is not a member of the group.
data "mspbackup_group_membership" "alice_tenant_admin" {
  group_id = data.mspbackup_group.tenant_admins.id
  user_id  = data.mspbackup_user.alice.id
}

output "alice_joined_at" {
  value = data.mspbackup_group_membership.alice_tenant_admin.created_at
}
