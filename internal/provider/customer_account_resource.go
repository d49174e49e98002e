package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ resource.ResourceWithImportState = &customerAccountResource{}
	_ resource.ResourceWithModifyPlan  = &customerAccountResource{}
)

const customerAccountType = "mspbackup_customer_account"

// NewCustomerAccountResource manages an end-customer account (a tenant).
func NewCustomerAccountResource() resource.Resource {
	return &customerAccountResource{entityResource[customerAccountModel, client.CustomerAccount]{
		resourceClient: resourceClient{typeName: customerAccountType},
		description: "An end-customer account: the tenant that holds a customer's companies, users and licence assignments. " +
			"MSP staff see every customer account; a customer's own users see only theirs. Set `status` to suspend it. " +
			"Destroying it leaves it pending deletion, with everything under it, until the server's deletion grace ends " +
			"(the destroy's warning says when); until then the `" + restoreCustomerAccountType + "` action brings it back.",
		attributes: func() map[string]schema.Attribute {
			return map[string]schema.Attribute{
				"id": idAttribute("customer account", client.PrefixCustomerAccount),
				"name": nameAttribute("The customer's business name or another unique identifier. Unique across customer " +
					"accounts, ignoring letter case; " + nameLength + "."),
				"description": descriptionAttribute(notesDescription),
				"status": schema.StringAttribute{
					Description: "`active` or `suspended`, changed in place. A suspended account's users (and, for a reseller, " +
						"the users of every account below it) cannot sign in, " +
						"their sessions and API tokens are refused and their computers cannot register; the MSP's staff still " +
						"read and change it, nothing is deleted and licences stay assigned. Defaults to `active`.",
					Optional:   true,
					Computed:   true,
					Default:    stringdefault.StaticString(client.CustomerAccountActive),
					Validators: []validator.String{stringvalidator.OneOf(customerAccountStatuses...)},
				},
				"created_at": createdAtAttribute(),
				"updated_at": updatedAtAttribute(),
				"reseller":   resellerAttribute(),
				"parent_id":  parentIDAttribute(),
			}
		},
		create: func(ctx context.Context, c *client.Client, plan customerAccountModel, _ *diag.Diagnostics) (*client.CustomerAccount, error) {
			return c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{
				Name:        plan.Name.ValueString(),
				Description: plan.Description.ValueString(),
				Status:      plan.Status.ValueString(),
				Reseller:    plan.Reseller.ValueBool(),
				ParentID:    plan.ParentID.ValueStringPointer(),
			})
		},
		read: func(ctx context.Context, reads readers, state customerAccountModel) (*client.CustomerAccount, error) {
			return reads.customerAccount(ctx, state.ID.ValueString())
		},
		update: func(ctx context.Context, c *client.Client, plan, state customerAccountModel, _ *diag.Diagnostics) (*client.CustomerAccount, error) {
			upd := &client.CustomerAccountUpdateRequest{
				Name:        changedString(plan.Name, state.Name),
				Description: changedString(plan.Description, state.Description),
				Status:      changedString(plan.Status, state.Status),
			}
			treeChange(upd, plan, state)
			return c.CustomerAccounts.Update(ctx, state.ID.ValueString(), upd)
		},
		delete: func(c *client.Client) deleteCall { return c.CustomerAccounts.Delete },
		// An id (ca_...) or "name:<business name>".
		importer: byIDOrKey(client.PrefixCustomerAccount, "name", "", findCustomerAccountByName,
			func(a *client.CustomerAccount) string { return a.ID }),
		modelFrom: customerAccountModelFrom,
	}}
}

// customerAccountResource is the resource shell with a lifecycle of its
// own: a deleted account stays pending deletion for a while (Read, Delete),
// and a planned move is checked with the server (ModifyPlan,
// customer_account_tree.go).
type customerAccountResource struct {
	entityResource[customerAccountModel, client.CustomerAccount]
}

// customerAccountModel is shared by the resource and the data sources.
type customerAccountModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Status      types.String `tfsdk:"status"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
	Reseller    types.Bool   `tfsdk:"reseller"`
	ParentID    types.String `tfsdk:"parent_id"`
}

func customerAccountModelFrom(a *client.CustomerAccount) customerAccountModel {
	status := a.Status
	if status == "" { // a server from before suspension: every account is active
		status = client.CustomerAccountActive
	}
	return customerAccountModel{
		ID:          types.StringValue(a.ID),
		Name:        types.StringValue(a.Name),
		Description: types.StringValue(a.Description),
		Status:      types.StringValue(status),
		CreatedAt:   timeString(a.CreatedAt),
		UpdatedAt:   timeString(a.UpdatedAt),
		Reseller:    types.BoolValue(a.Reseller),
		ParentID:    types.StringPointerValue(a.ParentID),
	}
}

// customerAccountStatuses are the statuses configuration may set; the third,
// pending_deletion, is what a delete makes, and a restore undoes.
var customerAccountStatuses = []string{client.CustomerAccountActive, client.CustomerAccountSuspended}

// customerAccountStatusDescription describes status where the data sources
// return it: every status the API answers.
const customerAccountStatusDescription = "`active`; `suspended` (its users cannot sign in, their sessions and API tokens " +
	"are refused and their computers cannot register; nothing is deleted and licences stay assigned); or " +
	"`pending_deletion` (deleted, restorable with the `" + restoreCustomerAccountType + "` action or the console " +
	"until it is purged). Lists leave pending deletions out."

// Read drops an account pending deletion from the state like a deleted
// one, with what the user needs to restore it.
func (r *customerAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customerAccountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.read(ctx, r.reads, state)
	if removeIfGone(ctx, resp, customerAccountType, state.ID.ValueString(), err) {
		return
	}
	if a.Status == client.CustomerAccountPendingDeletion {
		// Deleted outside Terraform, but restorable: out of state like a
		// deletion, with what the user needs to undo it.
		resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s %s is pending deletion", customerAccountType, a.ID),
			pendingDeletionDetail(a)+" It has been removed from the state; the next apply creates it again, "+
				"which fails while the pending account holds its name: restore it first, then import it.")
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, customerAccountModelFrom(a))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

// Delete deletes the account. The server keeps it, and everything under it,
// pending deletion for its deletion grace: the warning says until when and
// how to undo it. A server without grace (or with it set to 0) purges at
// once, and the account's GET is then a 404: no warning.
func (r *customerAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.entityResource.Delete(ctx, req, resp)
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.client.CustomerAccounts.Get(ctx, id.ValueString())
	switch {
	case client.IsNotFound(err):
	case err != nil:
		// The delete went through; only the warning is missing.
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s %s was deleted; its purge time is unknown", customerAccountType, id.ValueString()),
			"Reading it back after the delete failed: "+err.Error())
	case a.Status == client.CustomerAccountPendingDeletion:
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s %s is pending deletion", customerAccountType, a.ID), pendingDeletionDetail(a))
	}
}

// pendingDeletionDetail says when a pending account is purged and how to
// restore it before then.
func pendingDeletionDetail(a *client.CustomerAccount) string {
	when := "when the server's deletion grace ends"
	if a.PurgeAfter != nil {
		when = "after purge_after " + a.PurgeAfter.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("Customer account %q (%s) and everything under it (users, companies, licence assignments, storage) "+
		"are kept, and their licences held, until the server purges them %s. Until then restore it with the action "+
		"%s (customer_account_id = %q), from the console's Deleted customer accounts screen, or with the client's "+
		"CustomerAccounts.Restore.", a.Name, a.ID, when, restoreCustomerAccountType, a.ID)
}

func findCustomerAccountByName(ctx context.Context, c *client.Client, name string) (*client.CustomerAccount, error) {
	items, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: name})
	return findOne(items, err, "customer account", "name", name)
}
