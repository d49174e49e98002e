# Import by id:
terraform import mspbackup_customer_account.acme ca_afbfd41471bf9899eaba

# Import by name (case-insensitive, as the console matches it):
terraform import mspbackup_customer_account.acme "name:Acme Ltd"
