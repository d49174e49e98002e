package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &licenseAssignmentDataSource{}
	_ datasource.DataSourceWithConfigValidators = &licenseAssignmentDataSource{}
)

// NewLicenseAssignmentDataSource looks up one licence assignment by id, or by
// user and licence type.
func NewLicenseAssignmentDataSource() datasource.DataSource { return &licenseAssignmentDataSource{} }

type licenseAssignmentDataSource struct{ dataSourceClient }

func (d *licenseAssignmentDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = licenseAssignmentType
}

func (d *licenseAssignmentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one licence assignment by `id`, or by `user_id` and `license_type` together " +
			"(a user has at most one assignment per licence type).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The licence assignment's id (`lic_...`). Set either `id`, or `user_id` and `license_type`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixLicenseAssignment)},
			},
			"user_id": schema.StringAttribute{
				Description: "The user (`usr_...`) the licences are reserved for. Set with `license_type` instead of `id`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{idPrefix(client.PrefixUser)},
			},
			"license_type": schema.StringAttribute{
				Description: "The licence type: one of " + licenseTypesText + ". Set with `user_id` instead of `id`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.OneOf(client.LicenseTypes...)},
			},
			"quantity":   schema.Int64Attribute{Description: "How many licences are reserved.", Computed: true},
			"created_at": schema.StringAttribute{Description: "When it was created (RFC 3339, UTC).", Computed: true},
			"updated_at": schema.StringAttribute{Description: "When it last changed (RFC 3339, UTC).", Computed: true},
		},
	}
}

func (d *licenseAssignmentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("user_id")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("user_id"), path.MatchRoot("license_type")),
	}
}

func (d *licenseAssignmentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg licenseAssignmentModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		a   *client.LicenseAssignment
		err error
	)
	if !cfg.ID.IsNull() {
		a, err = d.client.LicenseAssignments.Get(ctx, cfg.ID.ValueString())
	} else {
		a, err = findLicenseAssignment(ctx, d.client, cfg.UserID.ValueString(), cfg.LicenseType.ValueString())
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", licenseAssignmentType, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, licenseAssignmentModelFrom(a))...)
}
