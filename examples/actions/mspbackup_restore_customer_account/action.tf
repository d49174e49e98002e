# Bring back a customer account that was destroyed (it is pending deletion
# until its purge time; the destroy's warning names its id):
#   terraform apply -invoke=action.mspbackup_restore_customer_account.acme
# then import it to manage it again:
#   terraform import mspbackup_customer_account.acme ca_0123456789abcdef
action "mspbackup_restore_customer_account" "acme" {
  config {
    customer_account_id = "ca_0123456789abcdef"
  }
}
