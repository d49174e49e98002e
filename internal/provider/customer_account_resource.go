package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

var (
	_ resource.ResourceWithConfigure   = &customerAccountResource{}
	_ resource.ResourceWithImportState = &customerAccountResource{}
	_ resource.ResourceWithModifyPlan  = &customerAccountResource{}
)

const customerAccountType = "mspbackup_customer_account"

// NewCustomerAccountResource manages an end-customer account (a tenant).
func NewCustomerAccountResource() resource.Resource { return &customerAccountResource{} }

type customerAccountResource struct{ resourceClient }

// customerAccountModel is shared by the resource and the data sources.
type customerAccountModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
	Reseller    types.Bool   `tfsdk:"reseller"`
	ParentID    types.String `tfsdk:"parent_id"`
}

func customerAccountModelFrom(a *client.CustomerAccount) customerAccountModel {
	return customerAccountModel{
		ID:          types.StringValue(a.ID),
		Name:        types.StringValue(a.Name),
		Description: types.StringValue(a.Description),
		CreatedAt:   timeString(a.CreatedAt),
		UpdatedAt:   timeString(a.UpdatedAt),
		Reseller:    types.BoolValue(a.Reseller),
		ParentID:    types.StringPointerValue(a.ParentID),
	}
}

func (r *customerAccountResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = customerAccountType
}

func (r *customerAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "An end-customer account: the tenant that holds a customer's companies, users and licence assignments. " +
			"MSP staff see every customer account; a customer's own users see only theirs.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("customer account", client.PrefixCustomerAccount),
			"name": schema.StringAttribute{
				Description: "The customer's business name or another unique identifier. Unique across customer accounts, " +
					"ignoring letter case; " + nameLength + ".",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, rules.MaxName)},
			},
			"description": schema.StringAttribute{
				Description: "Free text for the MSP's own notes; " + descriptionLength + ". Defaults to empty.",
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString(""),
				Validators:  []validator.String{stringvalidator.LengthAtMost(rules.MaxDescription)},
			},
			"created_at": createdAtAttribute(),
			"updated_at": updatedAtAttribute(),
			"reseller":   resellerAttribute(),
			"parent_id":  parentIDAttribute(),
		},
	}
}

func (r *customerAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan customerAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.client.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{
		Name:        plan.Name.ValueString(),
		Description: plan.Description.ValueString(),
		Reseller:    plan.Reseller.ValueBool(),
		ParentID:    plan.ParentID.ValueStringPointer(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", customerAccountType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, customerAccountModelFrom(a))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

func (r *customerAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customerAccountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := r.reads.customerAccount(ctx, state.ID.ValueString())
	if removeIfGone(ctx, resp, customerAccountType, state.ID.ValueString(), err) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, customerAccountModelFrom(a))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

func (r *customerAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state customerAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	upd := &client.CustomerAccountUpdateRequest{
		Name:        changedString(plan.Name, state.Name),
		Description: changedString(plan.Description, state.Description),
	}
	treeChange(upd, plan, state)
	a, err := r.client.CustomerAccounts.Update(ctx, state.ID.ValueString(), upd)
	if err != nil {
		addAPIError(&resp.Diagnostics, "update", customerAccountType, state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, customerAccountModelFrom(a))...)
	resp.Diagnostics.Append(identityFromState(ctx, resp.State, resp.Identity)...)
}

func (r *customerAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, customerAccountType, r.client.CustomerAccounts.Delete)
}

// ImportState takes an id (ca_...) or "name:<business name>".
func (r *customerAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrKey(ctx, req, resp, customerAccountType, client.PrefixCustomerAccount, "name", "",
		idByKey(r.client, findCustomerAccountByName, func(x *client.CustomerAccount) string { return x.ID }))
}

func findCustomerAccountByName(ctx context.Context, c *client.Client, name string) (*client.CustomerAccount, error) {
	items, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{Name: name})
	return findOne(items, err, "customer account", "name", name)
}
