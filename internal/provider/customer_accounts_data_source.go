package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
			"name": schema.StringAttribute{
				Description: "Only the customer account with this name (matched ignoring letter case). Leave it out to list all.",
				Optional:    true,
			},
			"status": schema.StringAttribute{
				Description: "Only the customer accounts with this status: `active`, `suspended` or `pending_deletion`. " +
					"Leave it out to list the active and suspended ones (pending deletions are listed only when asked for).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.CustomerAccountActive, client.CustomerAccountSuspended, client.CustomerAccountPendingDeletion)},
			},
			"parent_id": schema.StringAttribute{
				Description: "Only the customer accounts directly below this reseller account (`ca_...`).",
				Optional:    true,
				Validators:  []validator.String{idPrefix(client.PrefixCustomerAccount)},
			},
			"subtree_of": schema.StringAttribute{
				Description: "Only this customer account (`ca_...`) and every account below it, at any depth.",
				Optional:    true,
				Validators:  []validator.String{idPrefix(client.PrefixCustomerAccount)},
			},
			"customer_accounts": schema.ListNestedAttribute{
				Description: "The customer accounts found, oldest first; empty when none match.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":          schema.StringAttribute{Description: "The customer account's id (`ca_...`).", Computed: true},
						"name":        schema.StringAttribute{Description: "The customer's business name or unique identifier.", Computed: true},
						"description": schema.StringAttribute{Description: "Free text for the MSP's own notes.", Computed: true},
						"status":      schema.StringAttribute{Description: customerAccountStatusDescription, Computed: true},
						"created_at":  schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
						"updated_at":  schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
						"reseller":    schema.BoolAttribute{Description: resellerDescription, Computed: true},
						"parent_id":   schema.StringAttribute{Description: parentIDDescription, Computed: true},
					},
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
