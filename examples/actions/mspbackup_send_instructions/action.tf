# Mail the getting-started e-mail again, on demand:
#   terraform apply -invoke=action.mspbackup_send_instructions.alice
action "mspbackup_send_instructions" "alice" {
  config {
    user_id = "usr_0123456789abcdef"
  }
}

# Or each time Terraform creates a user: the action runs after the create.
resource "mspbackup_user" "bob" {
  login = "bob@acme.example"
  email = "bob@acme.example"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.mspbackup_send_instructions.bob]
    }
  }
}

action "mspbackup_send_instructions" "bob" {
  config {
    user_id = caller.id
  }
}
