package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// The tree of customer accounts: resellers, parents and moves in place.

var (
	resellerDescription = "Whether the account is a reseller: it can have customer accounts of its own below it, " +
		"and its users see and manage that whole subtree."
	parentIDDescription = fmt.Sprintf("The reseller account (`ca_...`) this account sits below; null for an account "+
		"directly under the MSP. The tree holds at most %d levels below the MSP.", client.MaxTreeDepth)
)

func resellerAttribute() rschema.BoolAttribute {
	return rschema.BoolAttribute{
		Description: resellerDescription + " An account with accounts or licence quotas of its own cannot stop " +
			"being a reseller. Defaults to `false`.",
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
	}
}

func parentIDAttribute() rschema.StringAttribute {
	return optionalReference(parentIDDescription+" Changing it moves the account in place, with everything below it "+
		"(accounts, companies, users, memberships, licence assignments, storage): ids and logins stay. "+
		"`terraform plan` asks the server whether the move is allowed (not below itself, below a reseller, "+
		"within the depth, within your rights and within the target's licence quotas) and fails with its reason. "+
		"A reseller's users must set it: their accounts go below their own.", client.PrefixCustomerAccount)
}

// treeChange adds to upd the changes of reseller and parent_id.
func treeChange(upd *client.CustomerAccountUpdateRequest, plan, state customerAccountModel) {
	upd.Reseller = changedBool(plan.Reseller, state.Reseller)
	upd.ParentID = changedRef(plan.ParentID, state.ParentID)
}

// ModifyPlan asks the server for its verdict on a planned move (or a change
// of the reseller flag) with a dry run, so that a move the server would
// refuse fails in terraform plan with the server's reason rather than
// halfway through an apply.
func (r *customerAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan, state customerAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var upd client.CustomerAccountUpdateRequest
	treeChange(&upd, plan, state)
	if upd.Reseller == nil && !upd.ParentID.Set {
		return
	}
	if err := r.client.CustomerAccounts.CheckUpdate(ctx, state.ID.ValueString(), &upd); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("parent_id"),
			"Customer account "+state.ID.ValueString()+" cannot be changed as planned", "The server refuses the change: "+err.Error())
	}
}
