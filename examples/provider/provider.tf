terraform {
  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}

# Every setting can be left out of the configuration: endpoint falls back to
# MSPBACKUP_ENDPOINT and api_token to MSPBACKUP_API_TOKEN, which keeps the
# token out of your .tf files and out of version control.
provider "mspbackup" {
  endpoint  = "https://backup-console.example.net"
  api_token = var.mspbackup_api_token

  # Optional: how often a request is retried on a connection error, 502, 503
  # or 504, and how long one attempt may take.
  max_retries     = 4
  request_timeout = "30s"

  # Optional: how long one request may wait for the console's rate limit
  # before the run fails, and a cap on the request rate for consoles that do
  # not advertise their limit (unset: none).
  rate_limit_timeout = "5m"
  # max_requests_per_second = 10
}

variable "mspbackup_api_token" {
  description = "API token of the console (a token created with tokens:write, or the bootstrap token)."
  type        = string
  sensitive   = true
}
