resource "mspbackup_user" "sam" {
  login             = "sam.support"
  email             = "sam@msp.example"
  generate_password = true
}

# The built-in Administrators group exists on every console; its members are
# often managed by hand, so add one user without touching the others.
data "mspbackup_group" "administrators" {
  name = "Administrators"
}

resource "mspbackup_group_membership" "sam_admin" {
  group_id = data.mspbackup_group.administrators.id
  user_id  = mspbackup_user.sam.id
}
