package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewCustomerAccountsDataSource lists customer accounts, optionally filtered.
func NewCustomerAccountsDataSource() datasource.DataSource {
	return &readDataSource[customerAccountsModel]{typeName: "mspbackup_customer_accounts", schema: customerAccountsSchema, read: readCustomerAccounts}
}

type customerAccountsModel struct {
	Name             types.String           `tfsdk:"name"`
	Status           types.String           `tfsdk:"status"`
	ParentID         types.String           `tfsdk:"parent_id"`
	SubtreeOf        types.String           `tfsdk:"subtree_of"`
	CustomerAccounts []customerAccountModel `tfsdk:"customer_accounts"`
}

func customerAccountsSchema() schema.Schema {
	return schema.Schema{
		Description: "Lists the end-customer accounts the API token can see (every one for MSP staff), in creation order, " +
			"optionally only the one with a given name or those with a given status. Every page of the API's list is read.",
		Attributes: map[string]schema.Attribute{
			"name": filterString("Only the customer account with this name (matched ignoring letter case). Leave it out to list all."),
			"status": filterString("Only the customer accounts with this status: `active`, `suspended` or `pending_deletion`. "+
				"Leave it out to list the active and suspended ones (pending deletions are listed only when asked for).",
				stringvalidator.OneOf(client.CustomerAccountActive, client.CustomerAccountSuspended, client.CustomerAccountPendingDeletion)),
			"parent_id": filterString("Only the customer accounts directly below this reseller account (`ca_...`).",
				idPrefix(client.PrefixCustomerAccount)),
			"subtree_of": filterString("Only this customer account (`ca_...`) and every account below it, at any depth.",
				idPrefix(client.PrefixCustomerAccount)),
			"customer_accounts": schema.ListNestedAttribute{
				Description: "The customer accounts found, oldest first; empty when none match.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: timestampAttributes(map[string]schema.Attribute{
						"id":          computedString("The customer account's id (`ca_...`)."),
						"name":        computedString("The customer's business name or unique identifier."),
						"description": computedString("Free text for the MSP's own notes."),
						"status":      computedString(customerAccountStatusDescription),
						"reseller":    computedBool(resellerDescription),
						"parent_id":   computedString(parentIDDescription),
					}),
				},
			},
		},
	}
}

func readCustomerAccounts(ctx context.Context, c *client.Client, cfg *customerAccountsModel, diags *diag.Diagnostics) {
	items, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: cfg.Name.ValueString(), Status: cfg.Status.ValueString(),
		ParentID: cfg.ParentID.ValueString(), SubtreeOf: cfg.SubtreeOf.ValueString()})
	if err != nil {
		addAPIError(diags, "list", "mspbackup_customer_accounts", "", err)
		return
	}
	cfg.CustomerAccounts = make([]customerAccountModel, 0, len(items))
	for i := range items {
		cfg.CustomerAccounts = append(cfg.CustomerAccounts, customerAccountModelFrom(&items[i]))
	}
}
