package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const licenseAssignmentType = "mspbackup_license_assignment"

// NewLicenseAssignmentResource manages the licences of one type reserved for
// one user.
func NewLicenseAssignmentResource() resource.Resource {
	return &entityResource[licenseAssignmentModel, client.LicenseAssignment]{
		resourceClient: resourceClient{typeName: licenseAssignmentType},
		description: "Reserves licences of one type from the MSP's licence pool for one user; the user's computers take " +
			"their licences from it first. A user has at most one assignment per licence type. Destroying the assignment " +
			"returns its licences to the pool; deleting the user removes its assignments too, and Terraform then plans " +
			"the assignment for creation.",
		attributes: func() map[string]schema.Attribute {
			return map[string]schema.Attribute{
				"id": idAttribute("licence assignment", client.PrefixLicenseAssignment),
				"user_id": requiredReference("The user (`usr_...`) the licences are reserved for. Changing it destroys the "+
					"assignment and creates a new one for the other user.", client.PrefixUser),
				"license_type": licenseTypeAttribute("The licence type: one of " + licenseTypesText + ". Changing it " +
					"destroys the assignment and creates a new one."),
				"quantity": requiredCount("How many licences to reserve; greater than 0. The pool must have them available "+
					"(see the `mspbackup_license_pool` data source), else the server refuses with 409.", 1),
				"created_at": createdAtAttribute(),
				"updated_at": updatedAtAttribute(),
			}
		},
		create: func(ctx context.Context, c *client.Client, plan licenseAssignmentModel, _ *diag.Diagnostics) (*client.LicenseAssignment, error) {
			return c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{
				UserID:      plan.UserID.ValueString(),
				LicenseType: plan.LicenseType.ValueString(),
				Quantity:    plan.Quantity.ValueInt64(),
			})
		},
		// Deleting a user deletes its assignments, which then answer 404: Read
		// drops them like any other deletion.
		read: func(ctx context.Context, reads readers, state licenseAssignmentModel) (*client.LicenseAssignment, error) {
			return reads.licenseAssignment(ctx, state.UserID.ValueString(), state.ID.ValueString())
		},
		update: func(ctx context.Context, c *client.Client, plan, state licenseAssignmentModel, _ *diag.Diagnostics) (*client.LicenseAssignment, error) {
			return c.LicenseAssignments.Update(ctx, state.ID.ValueString(), &client.LicenseAssignmentUpdateRequest{
				Quantity: plan.Quantity.ValueInt64Pointer(),
			})
		},
		delete: func(c *client.Client) deleteCall { return c.LicenseAssignments.Delete },
		// An id (lic_...) or "<user_id>/<license_type>".
		importer: byIDOrTypeOf(client.PrefixLicenseAssignment, "user_id", client.PrefixUser,
			findLicenseAssignment, func(a *client.LicenseAssignment) string { return a.ID }),
		modelFrom: licenseAssignmentModelFrom,
	}
}

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

// findLicenseAssignment returns the user's assignment of one licence type.
func findLicenseAssignment(ctx context.Context, c *client.Client, userID, licenseType string) (*client.LicenseAssignment, error) {
	items, err := c.LicenseAssignments.ListAll(ctx, &client.ListOptions{UserID: userID, LicenseType: licenseType})
	return findOne(items, err, "licence assignment of user "+userID, "license_type", licenseType)
}
