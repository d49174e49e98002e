#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs. tfplugindocs reads the
# provider's schema from a CLI; the pinned Terraform 1.8.5 predates write-only
# attributes, ephemeral resources and resource identities and would leave
# them out of the docs, so the schema comes from the pinned OpenTofu ($1).
set -euo pipefail
cd "$(dirname "$0")/.."
tofu=$1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/plugins/terraform-provider-mspbackup" .
cat >"$work/tofurc" <<RC
provider_installation {
  dev_overrides {
    "registry.opentofu.org/mspbackup/mspbackup" = "$work/plugins"
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
(cd "$work/config" && TF_CLI_CONFIG_FILE="$work/tofurc" "$tofu" providers schema -json) |
  sed 's|"registry.opentofu.org/mspbackup/mspbackup"|"mspbackup"|' >"$work/schema.json"

go tool tfplugindocs generate --provider-name mspbackup --rendered-provider-name "MSP Backup" \
  --providers-schema "$work/schema.json"
