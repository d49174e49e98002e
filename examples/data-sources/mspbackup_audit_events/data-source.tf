# Who changed these users since the start of the month, how and when,
# leaving out this provider's own changes.
variable "user_ids" {
  type        = list(string)
  description = "The users to report on (usr_... ids)."
  default     = ["usr_0123", "usr_4567"]
}

data "mspbackup_audit_events" "changes" {
  entity_ids = var.user_ids
  action     = "update"
  since      = "2026-12-01T00:00:00Z"
}

output "user_changes" {
  value = [
    for e in data.mspbackup_audit_events.changes.events :
    "${e.at} ${e.entity_id}: ${join(", ", e.fields)} by ${coalesce(e.actor_login, e.actor)} via ${e.via}"
    if e.via != "terraform"
  ]
}
