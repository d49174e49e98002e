package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewLicenseAssignmentDataSource looks up one licence assignment by id, or by
// user and licence type.
func NewLicenseAssignmentDataSource() datasource.DataSource {
	return &lookupDataSource[licenseAssignmentModel, client.LicenseAssignment]{
		typeName: licenseAssignmentType,
		description: "Looks up one licence assignment by `id`, or by `user_id` and `license_type` together " +
			"(a user has at most one assignment per licence type).",
		attributes: func() map[string]schema.Attribute {
			return timestampAttributes(map[string]schema.Attribute{
				"id": lookupID("The licence assignment's id (`lic_...`). Set either `id`, or `user_id` and `license_type`.",
					client.PrefixLicenseAssignment),
				"user_id": lookupKey("The user (`usr_...`) the licences are reserved for. Set with `license_type` instead of `id`.",
					idPrefix(client.PrefixUser)),
				"license_type": lookupKey("The licence type: one of "+licenseTypesText+". Set with `user_id` instead of `id`.",
					stringvalidator.OneOf(client.LicenseTypes...)),
				"quantity": computedInt64("How many licences are reserved."),
			})
		},
		keys: []string{"user_id", "license_type"},
		id:   func(m *licenseAssignmentModel) types.String { return m.ID },
		get: func(c *client.Client) func(context.Context, string) (*client.LicenseAssignment, error) {
			return c.LicenseAssignments.Get
		},
		find: func(ctx context.Context, r readers, m *licenseAssignmentModel) (*client.LicenseAssignment, error) {
			return findLicenseAssignment(ctx, r.client, m.UserID.ValueString(), m.LicenseType.ValueString())
		},
		model: licenseAssignmentModelFrom,
	}
}
