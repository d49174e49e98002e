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

const companyType = "mspbackup_company"

// NewCompanyResource manages a company: a group of users inside a customer
// account, or at MSP level.
func NewCompanyResource() resource.Resource {
	return &entityResource[companyModel, client.Company]{
		resourceClient: resourceClient{typeName: companyType},
		description: "A company: a group of users inside an end-customer account (a customer's department or subsidiary), " +
			"or, without a customer account, at MSP level. A company can cap its users' backup storage with a storage limit.",
		attributes: func() map[string]schema.Attribute {
			return map[string]schema.Attribute{
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
			}
		},
		create: func(ctx context.Context, c *client.Client, plan companyModel, _ *diag.Diagnostics) (*client.Company, error) {
			return c.Companies.Create(ctx, &client.CompanyCreateRequest{
				Name:              plan.Name.ValueString(),
				CustomerAccountID: plan.CustomerAccountID.ValueStringPointer(),
				StorageLimitID:    plan.StorageLimitID.ValueStringPointer(),
				Description:       plan.Description.ValueString(),
			})
		},
		read: func(ctx context.Context, reads readers, state companyModel) (*client.Company, error) {
			return reads.company(ctx, state.CustomerAccountID.ValueString(), state.ID.ValueString())
		},
		update: func(ctx context.Context, c *client.Client, plan, state companyModel, _ *diag.Diagnostics) (*client.Company, error) {
			// Only what changed is sent; removing the limit sends an explicit null.
			return c.Companies.Update(ctx, state.ID.ValueString(), &client.CompanyUpdateRequest{
				Name:           changedString(plan.Name, state.Name),
				StorageLimitID: changedRef(plan.StorageLimitID, state.StorageLimitID),
				Description:    changedString(plan.Description, state.Description),
			})
		},
		delete: func(c *client.Client) deleteCall { return c.Companies.Delete },
		// An id (co_...), "name:<name>", or, when companies of several
		// customer accounts share the name, "name:<customer_account_id>/<name>".
		importer: byIDOrKey(client.PrefixCompany, "name",
			"A company of a customer account can also be imported as name:<customer_account_id>/<name>, e.g. name:ca_0123/Acme Sales",
			findCompanyToImport, func(c *client.Company) string { return c.ID }),
		modelFrom: companyModelFrom,
	}
}

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

// findCompanyToImport finds the company of an import id's value: a name, or
// "<customer_account_id>/<name>".
func findCompanyToImport(ctx context.Context, c *client.Client, value string) (*client.Company, error) {
	var accountID *string
	if acc, name, ok := strings.Cut(value, "/"); ok && strings.HasPrefix(acc, client.PrefixCustomerAccount) && name != "" {
		accountID, value = &acc, name
	}
	return findCompany(ctx, c, value, accountID)
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
