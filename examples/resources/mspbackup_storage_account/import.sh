# Import by id:
terraform import mspbackup_storage_account.wasabi_eu sa_0d9e8f7a6b5c4d3e2f10

# Import by name:
terraform import mspbackup_storage_account.wasabi_eu "name:Wasabi EU Central"

# The API never returns secret_access_key: after an import it is null in the
# state, so the first plan sets it from your configuration.
