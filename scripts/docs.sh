#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs. tfplugindocs reads the
# provider's schema from a CLI: the pinned Terraform ($1), which knows every
# kind the provider serves (list resources and actions included; OpenTofu
# and Terraform 1.8.5 would leave some out).
set -euo pipefail
cd "$(dirname "$0")/.."
terraform=$1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/plugins/terraform-provider-mspbackup" .
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/mspbackup/mspbackup" = "$work/plugins"
  }
  direct {}
}
RC
mkdir "$work/config"
cat >"$work/config/main.tf" <<'TF'
terraform {
  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}
TF
# tfplugindocs looks the schema up by the provider's short name.
(cd "$work/config" && TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 "$terraform" providers schema -json) |
  sed 's|"registry.terraform.io/mspbackup/mspbackup"|"mspbackup"|' >"$work/schema.json"

go tool tfplugindocs generate --provider-name mspbackup --rendered-provider-name "MSP Backup" \
  --providers-schema "$work/schema.json"
