package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

const resetPasswordType = "mspbackup_reset_password"

// NewResetPasswordAction sets a user's password, or has the server mail a
// new one to the user, and ends the user's sessions.
func NewResetPasswordAction() action.Action {
	return &configAction[resetPasswordModel]{actionClient: actionClient{typeName: resetPasswordType},
		schema: resetPasswordSchema, validate: validateResetPassword, invoke: resetPassword}
}

type resetPasswordModel struct {
	UserID      types.String `tfsdk:"user_id"`
	NewPassword types.String `tfsdk:"new_password"`
	Generate    types.Bool   `tfsdk:"generate"`
}

func resetPasswordSchema() schema.Schema {
	return schema.Schema{
		Description: "Resets a user's password and ends the user's sign-in sessions: either to `new_password`, or, with " +
			"`generate = true`, to a strong password the server generates and mails to the user, which Terraform never " +
			"sees. Set exactly one of the two. The user's API tokens stay valid.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{Description: userIDText, Required: true, Validators: []validator.String{idPrefix(client.PrefixUser)}},
			"new_password": schema.StringAttribute{
				Description: "The new password, " + passwordLength + ", write-only: the plan shows `(write-only attribute)` " +
					"and Terraform never stores it in the state or the plan. Take it from a sensitive variable: Terraform 1.16 " +
					"hands an action an ephemeral value as null, which this action refuses. Cannot be combined with `generate = true`.",
				Optional:   true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthBetween(rules.MinPassword, rules.MaxPassword)},
			},
			"generate": schema.BoolAttribute{
				Description: "Whether the server generates the new password and mails it to the user's e-mail address " +
					"(the user needs one); Terraform never sees it. Cannot be combined with `new_password`. Defaults to `false`.",
				Optional: true,
			},
		},
	}
}

// validateResetPassword checks at plan time that exactly one of
// new_password and generate = true is set. A value known only at apply is
// left to the server call.
func validateResetPassword(_ context.Context, cfg resetPasswordModel, diags *diag.Diagnostics) {
	if cfg.NewPassword.IsUnknown() || cfg.Generate.IsUnknown() {
		return
	}
	switch password, generate := !cfg.NewPassword.IsNull(), cfg.Generate.ValueBool(); {
	case password && generate:
		diags.AddAttributeError(path.Root("generate"), "Conflicting new_password and generate",
			"Set exactly one of new_password and generate = true: with new_password set, generate must be false or left out.")
	case !password && !generate:
		diags.AddAttributeError(path.Root("new_password"), "Missing new_password or generate",
			"Set exactly one of new_password (the new password) and generate = true (the server mails one to the user).")
	}
}

func resetPassword(ctx context.Context, c *client.Client, cfg resetPasswordModel, resp *action.InvokeResponse) {
	id := cfg.UserID.ValueString()
	if cfg.NewPassword.IsNull() && !cfg.Generate.ValueBool() {
		// Validation passed, so the configuration set it: Terraform left
		// out an ephemeral value.
		resp.Diagnostics.AddAttributeError(path.Root("new_password"), "new_password is null at invoke",
			"Terraform passed new_password to the action as null, as it does with an ephemeral value. "+
				"Take it from a sensitive variable that is not ephemeral, or set generate = true.")
		return
	}
	ended, err := c.Users.ResetPassword(ctx, id, &client.PasswordResetRequest{
		NewPassword: cfg.NewPassword.ValueString(),
		Generate:    cfg.Generate.ValueBool(),
	})
	if err != nil {
		addActionError(&resp.Diagnostics, resetPasswordType, id, err)
		return
	}
	how := "set the new password"
	if cfg.Generate.ValueBool() {
		how = "mailed a generated password"
	}
	resp.SendProgress(action.InvokeProgressEvent{
		Message: fmt.Sprintf("%s of user %s and ended %d sign-in sessions", how, id, ended.Ended),
	})
}
