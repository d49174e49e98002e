# An end customer of the MSP: a tenant with its own companies and users.
resource "mspbackup_customer_account" "acme" {
  name        = "Acme Ltd"
  description = "Manufacturing, 40 seats; offices in London and Leeds"
}
