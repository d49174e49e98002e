package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Write-only attributes (`*_wo`) keep secrets out of the state and the plan:
// Terraform hands them to the provider in the configuration only. They are
// paired with a `*_wo_version` number, kept in state, whose change is what
// makes the provider send the secret again.

// writeOnlyNeedsNewerCLI reports an error on attr when it is set but the CLI
// running the provider cannot keep write-only values out of the state
// (Terraform before 1.11, OpenTofu before 1.11 do not say they can). Such a
// CLI would take the attribute for an ordinary one and store the secret.
func writeOnlyNeedsNewerCLI(req resource.ValidateConfigRequest, diags *diag.Diagnostics, configured bool, attr, legacy string) {
	if req.ClientCapabilities.WriteOnlyAttributesAllowed || !configured {
		return
	}
	diags.AddAttributeError(path.Root(attr), attr+" needs Terraform 1.11 or OpenTofu 1.11 or later",
		fmt.Sprintf("%s is write-only: it is kept out of the state and the plan, which needs Terraform 1.11 or later, "+
			"or OpenTofu 1.11 or later. This CLI does not support write-only attributes. Upgrade the CLI, or set %s "+
			"instead (it works on every version, but the value is stored in the state, marked sensitive).", attr, legacy))
}

// writeOnlyString reads a write-only string from the configuration, the only
// place it exists: plans and states hold it as null.
func writeOnlyString(ctx context.Context, config tfsdk.Config, attr string, diags *diag.Diagnostics) string {
	var v types.String
	diags.Append(config.GetAttribute(ctx, path.Root(attr), &v)...)
	return v.ValueString()
}
