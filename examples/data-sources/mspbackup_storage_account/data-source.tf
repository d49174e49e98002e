# Look a storage account up by name or by id. secret_access_key is never
# returned by the API, so the data source does not have it.
data "mspbackup_storage_account" "acme" {
  name = "Acme on Amazon S3 (eu-west-2)"
}

output "acme_storage" {
  value = {
    id       = data.mspbackup_storage_account.acme.id
    type     = data.mspbackup_storage_account.acme.type
    endpoint = data.mspbackup_storage_account.acme.endpoint
  }
}
