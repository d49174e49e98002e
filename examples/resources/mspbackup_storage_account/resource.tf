# Cloud storage: the API never returns the secret access key, so Terraform
# keeps the value you configure (in the state, sensitive) and cannot see a
# change made to it outside Terraform. With Terraform or OpenTofu 1.11 or
# later, use secret_access_key_wo instead to keep it out of the state.
resource "mspbackup_storage_account" "wasabi_eu" {
  name              = "Wasabi EU Central"
  type              = "wasabi"
  endpoint          = "https://s3.eu-central-1.wasabisys.com"
  region            = "eu-central-1"
  access_key_id     = "WASABIEXAMPLEKEYID01"
  secret_access_key = var.wasabi_secret_access_key
}

# S3-compatible storage (for example MinIO in the customer's own rack) needs
# an endpoint URL.
resource "mspbackup_storage_account" "onprem_minio" {
  name              = "Initech on-premises MinIO"
  type              = "s3_compatible"
  endpoint          = "https://minio.initech.example:9000"
  access_key_id     = "initech-backup"
  secret_access_key = var.minio_secret_access_key
}

# A local file system target takes an absolute directory path as endpoint.
resource "mspbackup_storage_account" "nas" {
  name     = "Office NAS"
  type     = "local_filesystem"
  endpoint = "/srv/backup"
}

variable "wasabi_secret_access_key" {
  type      = string
  sensitive = true
}

variable "minio_secret_access_key" {
  type      = string
  sensitive = true
}
