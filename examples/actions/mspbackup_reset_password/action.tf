# The server generates a password and mails it to the user; Terraform never
# sees it. The user's sign-in sessions end.
#   terraform apply -invoke=action.mspbackup_reset_password.alice
action "mspbackup_reset_password" "alice" {
  config {
    user_id  = "usr_0123456789abcdef"
    generate = true
  }
}

# A password you choose: new_password is write-only, so the plan shows
# "(write-only attribute)" and it never reaches the state. Pass it in a
# sensitive variable (not an ephemeral one: Terraform 1.16 hands an action an
# ephemeral value as null):
#   TF_VAR_bob_password=... terraform apply -invoke=action.mspbackup_reset_password.bob
action "mspbackup_reset_password" "bob" {
  config {
    user_id      = "usr_fedcba9876543210"
    new_password = var.bob_password
  }
}

variable "bob_password" {
  description = "12 to 256 characters."
  type        = string
  sensitive   = true
  default     = null
}
