# The server generates a password and mails it to the user; Terraform never
# sees it. The user's sign-in sessions end.
#   terraform apply -invoke=action.mspbackup_reset_password.alice
action "mspbackup_reset_password" "alice" {
  config {
    user_id  = "usr_0123456789abcdef"
    generate = true
  }
}

# A password you choose: new_password is write-only, so it never reaches the
# plan or the state. Pass it as an ephemeral variable:
#   terraform apply -invoke=action.mspbackup_reset_password.bob -var="bob_password=..."
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
  ephemeral   = true
  default     = null
}
