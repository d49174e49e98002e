# Sign a user out everywhere, e.g. after a lost laptop:
#   terraform apply -invoke=action.mspbackup_end_sessions.alice
action "mspbackup_end_sessions" "alice" {
  config {
    user_id = "usr_0123456789abcdef"
  }
}
