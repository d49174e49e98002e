package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &companyResource{}

const companyType = "mspbackup_company"

// NewCompanyResource manages a company: a group of users inside a customer
// account, or at MSP level.
func NewCompanyResource() resource.Resource {
	return &companyResource{resourceClient{typeName: companyType}}
}

type companyResource struct{ resourceClient }

// companyModel is shared by the resource and the data source.
type companyModel struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	CustomerAccountID types.String `tfsdk:"customer_account_id"`
	StorageLimitID    types.String `tfsdk:"storage_limit_id"`
	Description       types.String `tfsdk:"description"`
	CreatedAt         types.String `tfsdk:"created_at"`
	UpdatedAt         types.String `tfsdk:"updated_at"`
}

func companyModelFrom(c *client.Company) companyModel {
	return companyModel{
		ID:                types.StringValue(c.ID),
		Name:              types.StringValue(c.Name),
		CustomerAccountID: types.StringPointerValue(c.CustomerAccountID),
		StorageLimitID:    types.StringPointerValue(c.StorageLimitID),
		Description:       types.StringValue(c.Description),
		CreatedAt:         timeString(c.CreatedAt),
		UpdatedAt:         timeString(c.UpdatedAt),
	}
}

func (r *companyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A company: a group of users inside an end-customer account (a customer's department or subsidiary), " +
			"or, without a customer account, at MSP level. A company can cap its users' backup storage with a storage limit.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("company", client.PrefixCompany),
			"name": nameAttribute("The company's name. Unique within its customer account (or among MSP-level companies), " +
				"ignoring letter case; " + nameLength + "."),
			"customer_account_id": optionalReference("The customer account (`ca_...`) the company belongs to; leave it out "+
				"for a company at MSP level. A company cannot move to another customer account: changing this destroys the "+
				"company and creates a new one.", client.PrefixCustomerAccount, stringplanmodifier.RequiresReplace()),
			"storage_limit_id": optionalReference("The storage limit (`sl_...`) that caps the backup storage of the "+
				"company's users; leave it out for no company-wide limit.", client.PrefixStorageLimit),
			"description": descriptionAttribute(notesDescription),
			"created_at":  createdAtAttribute(),
			"updated_at":  updatedAtAttribute(),
		},
	}
}

func (r *companyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createResource(ctx, req, resp, companyType, func(ctx context.Context, plan companyModel, _ *diag.Diagnostics) (*client.Company, error) {
		return r.client.Companies.Create(ctx, &client.CompanyCreateRequest{
			Name:              plan.Name.ValueString(),
			CustomerAccountID: plan.CustomerAccountID.ValueStringPointer(),
			StorageLimitID:    plan.StorageLimitID.ValueStringPointer(),
			Description:       plan.Description.ValueString(),
		})
	}, companyModelFrom)
}

func (r *companyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, companyType, func(ctx context.Context, state companyModel) (*client.Company, error) {
		return r.reads.company(ctx, state.CustomerAccountID.ValueString(), state.ID.ValueString())
	}, companyModelFrom)
}

func (r *companyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateResource(ctx, req, resp, companyType, func(ctx context.Context, plan, state companyModel, _ *diag.Diagnostics) (*client.Company, error) {
		// Only what changed is sent; removing the limit sends an explicit null.
		return r.client.Companies.Update(ctx, state.ID.ValueString(), &client.CompanyUpdateRequest{
			Name:           changedString(plan.Name, state.Name),
			StorageLimitID: changedRef(plan.StorageLimitID, state.StorageLimitID),
			Description:    changedString(plan.Description, state.Description),
		})
	}, companyModelFrom)
}

func (r *companyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, companyType, r.client.Companies.Delete)
}

// ImportState takes an id (co_...), "name:<name>", or, when companies of
// several customer accounts share the name, "name:<customer_account_id>/<name>".
func (r *companyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrKey(ctx, req, resp, companyType, client.PrefixCompany, "name",
		"A company of a customer account can also be imported as name:<customer_account_id>/<name>, e.g. name:ca_0123/Acme Sales",
		func(ctx context.Context, value string) (string, error) {
			var accountID *string
			if acc, name, ok := strings.Cut(value, "/"); ok && strings.HasPrefix(acc, client.PrefixCustomerAccount) && name != "" {
				accountID, value = &acc, name
			}
			c, err := findCompany(ctx, r.client, value, accountID)
			if err != nil {
				return "", err
			}
			return c.ID, nil
		})
}

// findCompany looks a company up by name (ignoring letter case), within one
// customer account when accountID is not nil. Names are unique only within a
// customer account, so a name shared across accounts is reported as ambiguous
// with the ways to tell them apart.
func findCompany(ctx context.Context, c *client.Client, name string, accountID *string) (*client.Company, error) {
	opts := &client.ListOptions{Name: name}
	if accountID != nil {
		opts.CustomerAccountID = *accountID
	}
	items, err := c.Companies.ListAll(ctx, opts)
	if err != nil {
		return nil, err
	}
	if len(items) > 1 {
		return nil, fmt.Errorf("%d companies in different customer accounts are named %q; "+
			"use the company's id, or name it together with its customer account: "+
			"customer_account_id in the data source, or import id name:<customer_account_id>/<name>", len(items), name)
	}
	what := "company"
	if accountID != nil {
		what += " of customer account " + *accountID
	}
	return findOne(items, nil, what, "name", name)
}
