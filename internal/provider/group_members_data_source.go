package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigure = &groupMembersDataSource{}

// NewGroupMembersDataSource reads every member of a group.
func NewGroupMembersDataSource() datasource.DataSource { return &groupMembersDataSource{} }

type groupMembersDataSource struct{ dataSourceClient }

func (d *groupMembersDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = groupMembersType
}

func (d *groupMembersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads every member of one security group (all pages). The `mspbackup_users` data source with " +
			"`group_id` returns the members' details.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Description: "The group's id.", Computed: true},
			"group_id": schema.StringAttribute{
				Description: "The group (`grp_...`).", Required: true,
				Validators: []validator.String{idPrefix(client.PrefixGroup)},
			},
			"user_ids": schema.SetAttribute{
				Description: "The ids (`usr_...`) of the group's members.", ElementType: types.StringType, Computed: true,
			},
		},
	}
}

func (d *groupMembersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupMembersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := cfg.GroupID.ValueString()
	members, err := d.client.Groups.ListAllMembers(ctx, groupID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the members of", groupMembersType, groupID, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, groupMembersModelFrom(groupID, members))...)
}
