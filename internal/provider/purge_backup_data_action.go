package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const purgeBackupDataType = "mspbackup_purge_backup_data"

// defaultPurgeBatch is how many retained backups one purge request deletes
// by default: each request is short, and progress is reported after each.
const defaultPurgeBatch = 100

// NewPurgeBackupDataAction deletes retained backups for good.
func NewPurgeBackupDataAction() action.Action {
	return &configAction[purgeBackupDataModel]{actionClient: actionClient{typeName: purgeBackupDataType},
		schema: purgeBackupDataSchema, validate: validatePurgeConfirm, invoke: purgeBackupData,
		validators: []action.ConfigValidator{
			actionvalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("customer_account_id")),
		},
	}
}

type purgeBackupDataModel struct {
	UserID            types.String `tfsdk:"user_id"`
	CustomerAccountID types.String `tfsdk:"customer_account_id"`
	Confirm           types.String `tfsdk:"confirm"`
	BatchSize         types.Int64  `tfsdk:"batch_size"`
}

// target is the id the purge is about: user_id or customer_account_id,
// whichever is set, and its attribute's name.
func (m purgeBackupDataModel) target() (attr string, id types.String) {
	if !m.UserID.IsNull() {
		return "user_id", m.UserID
	}
	return "customer_account_id", m.CustomerAccountID
}

func purgeBackupDataSchema() schema.Schema {
	return schema.Schema{
		Description: "Deletes retained backups for good, now: the backed-up data that was kept when users were deleted " +
			"with `backup_data_on_destroy = \"keep\"` (the default). Either those of one deleted user (`user_id`) or " +
			"every retained backup of a customer account (`customer_account_id`); `confirm` must repeat that id. " +
			"It purges in batches of `batch_size` and reports after each: \"purged N of M backups (X bytes)\". " +
			"The API token needs licenses:write.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				Description: "Purge the retained backups of this deleted user (`usr_...`). Set exactly one of `user_id` " +
					"and `customer_account_id`.",
				Optional:   true,
				Validators: []validator.String{idPrefix(client.PrefixUser)},
			},
			"customer_account_id": schema.StringAttribute{
				Description: "Purge every retained backup of this customer account (`ca_...`). Set exactly one of " +
					"`user_id` and `customer_account_id`.",
				Optional:   true,
				Validators: []validator.String{idPrefix(client.PrefixCustomerAccount)},
			},
			"confirm": schema.StringAttribute{
				Description: "The same id as `user_id` or `customer_account_id`, repeated: a purge cannot be undone, and " +
					"this makes an action block copied for another user or account fail instead of purging the wrong data.",
				Required: true,
			},
			"batch_size": schema.Int64Attribute{
				Description: fmt.Sprintf("How many backups one request purges, 1 to 1000; progress is reported after "+
					"each request. Defaults to %d.", defaultPurgeBatch),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 1000)},
			},
		},
	}
}

// validatePurgeConfirm checks at plan time, when both are known, that
// confirm repeats the id.
func validatePurgeConfirm(_ context.Context, cfg purgeBackupDataModel, diags *diag.Diagnostics) {
	attr, id := cfg.target()
	if id.IsNull() || id.IsUnknown() || cfg.Confirm.IsUnknown() || cfg.Confirm.Equal(id) {
		return
	}
	diags.AddAttributeError(path.Root("confirm"), "confirm does not match "+attr,
		fmt.Sprintf("confirm must equal %s (%q) to purge its retained backups for good; it is %q.", attr, id.ValueString(), cfg.Confirm.ValueString()))
}

// purgeBackupData purges a batch at a time until none is left, reporting
// after each.
func purgeBackupData(ctx context.Context, c *client.Client, cfg purgeBackupDataModel, resp *action.InvokeResponse) {
	_, id := cfg.target()
	purge := &client.RetainedBackupPurgeRequest{
		UserID:            cfg.UserID.ValueString(),
		CustomerAccountID: cfg.CustomerAccountID.ValueString(),
		Confirm:           cfg.Confirm.ValueString(),
		Limit:             defaultPurgeBatch,
	}
	if !cfg.BatchSize.IsNull() {
		purge.Limit = int(cfg.BatchSize.ValueInt64())
	}
	var (
		purged int
		bytes  int64
	)
	for {
		res, err := c.RetainedBackups.Purge(ctx, purge)
		if err != nil {
			addActionError(&resp.Diagnostics, purgeBackupDataType, id.ValueString(), err)
			return
		}
		purged += res.Purged
		bytes += res.PurgedBytes
		resp.SendProgress(action.InvokeProgressEvent{
			Message: fmt.Sprintf("purged %d of %d backups (%d bytes)", purged, purged+res.Remaining, bytes),
		})
		if res.Remaining == 0 {
			return
		}
		if res.Purged == 0 {
			// Never loop on a server that makes no progress.
			resp.Diagnostics.AddError(fmt.Sprintf("%s stopped for %s", purgeBackupDataType, id.ValueString()),
				fmt.Sprintf("The server purged nothing while %d retained backups remain; run the action again.", res.Remaining))
			return
		}
	}
}
