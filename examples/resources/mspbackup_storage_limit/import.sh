# Import by id:
terraform import mspbackup_storage_limit.premium sl_7e6d5c4b3a29180f1e2d

# Import by name:
terraform import mspbackup_storage_limit.premium "name:Premium (1 TB)"
