# Ephemeral variables are never written to a plan file or the state: Terraform
# only lets them flow into write-only attributes, ephemeral resources and
# provider blocks. Pass them from the environment or a secret store, e.g.
#   export TF_VAR_alice_password=...
variable "alice_password" {
  description = "Alice's password, 12 to 256 characters."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "alice_password_version" {
  description = "Bump this number (1, 2, ...) to set var.alice_password again; the password itself is not tracked."
  type        = number
  default     = 1
}

variable "wasabi_secret_access_key" {
  description = "The secret access key of the Wasabi storage account."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "wasabi_secret_access_key_version" {
  description = "Bump this number to send var.wasabi_secret_access_key again, e.g. after rotating the key."
  type        = number
  default     = 1
}
