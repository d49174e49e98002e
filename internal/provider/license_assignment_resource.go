package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &licenseAssignmentResource{}

const licenseAssignmentType = "mspbackup_license_assignment"

// NewLicenseAssignmentResource manages the licences of one type reserved for
// one user.
func NewLicenseAssignmentResource() resource.Resource {
	return &licenseAssignmentResource{resourceClient{typeName: licenseAssignmentType}}
}

type licenseAssignmentResource struct{ resourceClient }

// licenseAssignmentModel is shared by the resource and the data source.
type licenseAssignmentModel struct {
	ID          types.String `tfsdk:"id"`
	UserID      types.String `tfsdk:"user_id"`
	LicenseType types.String `tfsdk:"license_type"`
	Quantity    types.Int64  `tfsdk:"quantity"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
}

func licenseAssignmentModelFrom(a *client.LicenseAssignment) licenseAssignmentModel {
	return licenseAssignmentModel{
		ID:          types.StringValue(a.ID),
		UserID:      types.StringValue(a.UserID),
		LicenseType: types.StringValue(a.LicenseType),
		Quantity:    types.Int64Value(a.Quantity),
		CreatedAt:   timeString(a.CreatedAt),
		UpdatedAt:   timeString(a.UpdatedAt),
	}
}

var licenseTypesText = "`" + strings.Join(client.LicenseTypes, "`, `") + "`"

func (r *licenseAssignmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reserves licences of one type from the MSP's licence pool for one user; the user's computers take " +
			"their licences from it first. A user has at most one assignment per licence type. Destroying the assignment " +
			"returns its licences to the pool; deleting the user removes its assignments too, and Terraform then plans " +
			"the assignment for creation.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("licence assignment", client.PrefixLicenseAssignment),
			"user_id": requiredReference("The user (`usr_...`) the licences are reserved for. Changing it destroys the "+
				"assignment and creates a new one for the other user.", client.PrefixUser),
			"license_type": schema.StringAttribute{
				Description: "The licence type: one of " + licenseTypesText + ". Changing it destroys the assignment and " +
					"creates a new one.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(client.LicenseTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"quantity": schema.Int64Attribute{
				Description: "How many licences to reserve; greater than 0. The pool must have them available " +
					"(see the `mspbackup_license_pool` data source), else the server refuses with 409.",
				Required:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"created_at": createdAtAttribute(),
			"updated_at": updatedAtAttribute(),
		},
	}
}

func (r *licenseAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createResource(ctx, req, resp, licenseAssignmentType,
		func(ctx context.Context, plan licenseAssignmentModel, _ *diag.Diagnostics) (*client.LicenseAssignment, error) {
			return r.client.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{
				UserID:      plan.UserID.ValueString(),
				LicenseType: plan.LicenseType.ValueString(),
				Quantity:    plan.Quantity.ValueInt64(),
			})
		}, licenseAssignmentModelFrom)
}

// Read drops a deleted user's assignments like any other deletion: deleting
// a user deletes its assignments, which then answer 404.
func (r *licenseAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, licenseAssignmentType,
		func(ctx context.Context, state licenseAssignmentModel) (*client.LicenseAssignment, error) {
			return r.reads.licenseAssignment(ctx, state.UserID.ValueString(), state.ID.ValueString())
		}, licenseAssignmentModelFrom)
}

func (r *licenseAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateResource(ctx, req, resp, licenseAssignmentType,
		func(ctx context.Context, plan, state licenseAssignmentModel, _ *diag.Diagnostics) (*client.LicenseAssignment, error) {
			return r.client.LicenseAssignments.Update(ctx, state.ID.ValueString(), &client.LicenseAssignmentUpdateRequest{
				Quantity: plan.Quantity.ValueInt64Pointer(),
			})
		}, licenseAssignmentModelFrom)
}

func (r *licenseAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, licenseAssignmentType, r.client.LicenseAssignments.Delete)
}

// ImportState takes an id (lic_...) or "<user_id>/<license_type>".
func (r *licenseAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrTypeOf(ctx, req, resp, licenseAssignmentType, client.PrefixLicenseAssignment, "user_id", client.PrefixUser,
		func(ctx context.Context, userID, licenseType string) (string, error) {
			a, err := findLicenseAssignment(ctx, r.client, userID, licenseType)
			if err != nil {
				return "", err
			}
			return a.ID, nil
		})
}

// importByIDOrTypeOf sets the id of a resource of which there is one per
// owner and licence type, imported by its id (prefix) or by
// "<owner id>/<license_type>" (ownerField, ownerPrefix), which find resolves.
func importByIDOrTypeOf(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	typeName, prefix, ownerField, ownerPrefix string, find func(ctx context.Context, owner, licenseType string) (string, error)) {
	id := importID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	raw := id
	if !strings.HasPrefix(id, prefix) || id == prefix {
		owner, licenseType, ok := strings.Cut(raw, "/")
		if !ok || !strings.HasPrefix(owner, ownerPrefix) || owner == ownerPrefix || !slices.Contains(client.LicenseTypes, licenseType) {
			resp.Diagnostics.AddError("Invalid import id for "+typeName, fmt.Sprintf(
				"import id %q is neither an id (%s...) nor <%s>/<license_type> with a license_type of %s; "+
					"use e.g. %s0123 or %s0123/%s", raw, prefix, ownerField, strings.Join(client.LicenseTypes, ", "),
				prefix, ownerPrefix, client.LicenseTypeWorkstation))
			return
		}
		var err error
		if id, err = find(ctx, owner, licenseType); err != nil {
			addAPIError(&resp.Diagnostics, "import", typeName, raw, err)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// findLicenseAssignment returns the user's assignment of one licence type.
func findLicenseAssignment(ctx context.Context, c *client.Client, userID, licenseType string) (*client.LicenseAssignment, error) {
	items, err := c.LicenseAssignments.ListAll(ctx, &client.ListOptions{UserID: userID, LicenseType: licenseType})
	return findOne(items, err, "licence assignment of user "+userID, "license_type", licenseType)
}
