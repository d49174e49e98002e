# An end customer of the MSP: a tenant with its own companies and users.
resource "mspbackup_customer_account" "acme" {
  name        = "Acme Ltd"
  description = "Manufacturing, 40 seats; offices in London and Leeds"
}

# A customer who stopped paying: suspended in place. Its users cannot sign
# in and its computers cannot register; nothing is deleted and its licences
# stay assigned. Set status = "active" (or remove the line) to resume it.
#
# Destroying a customer account marks it pending deletion: the server keeps
# it, and everything under it, until its purge time (the destroy's warning
# names it); the mspbackup_restore_customer_account action brings it back.
resource "mspbackup_customer_account" "globex" {
  name   = "Globex Corporation"
  status = "suspended"
}

# A reseller: its users see and manage the customer accounts below it.
resource "mspbackup_customer_account" "northwind" {
  name     = "Northwind Reseller"
  reseller = true
}

# A customer sold through Northwind. Changing parent_id moves it in place,
# with its users, companies and licences; terraform plan fails with the
# server's reason when the move is not allowed.
resource "mspbackup_customer_account" "contoso" {
  name      = "Contoso Ltd"
  parent_id = mspbackup_customer_account.northwind.id
}
