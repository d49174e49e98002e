package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ resource.ResourceWithImportState = &storageLimitResource{}

const storageLimitType = "mspbackup_storage_limit"

// NewStorageLimitResource manages a storage limit: a cap on backup volume.
func NewStorageLimitResource() resource.Resource {
	return &storageLimitResource{resourceClient{typeName: storageLimitType}}
}

type storageLimitResource struct{ resourceClient }

// storageLimitModel is shared by the resource and the data source.
type storageLimitModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	LimitGB   types.Int64  `tfsdk:"limit_gb"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

func storageLimitModelFrom(l *client.StorageLimit) storageLimitModel {
	return storageLimitModel{
		ID:        types.StringValue(l.ID),
		Name:      types.StringValue(l.Name),
		LimitGB:   types.Int64Value(l.LimitGB),
		CreatedAt: timeString(l.CreatedAt),
		UpdatedAt: timeString(l.UpdatedAt),
	}
}

func (r *storageLimitResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A storage limit: a named cap on the volume of backup data. Companies and users refer to it with " +
			"`storage_limit_id`; a limit still referenced cannot be deleted.",
		Attributes: map[string]schema.Attribute{
			"id":   idAttribute("storage limit", client.PrefixStorageLimit),
			"name": nameAttribute("The storage limit's name, e.g. `Gold 500 GB`; unique ignoring letter case; " + nameLength + "."),
			"limit_gb": schema.Int64Attribute{
				Description: "The cap in gigabytes; a whole number greater than 0.",
				Required:    true,
				Validators:  []validator.Int64{int64validator.AtLeast(1)},
			},
			"created_at": createdAtAttribute(),
			"updated_at": updatedAtAttribute(),
		},
	}
}

func (r *storageLimitResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createResource(ctx, req, resp, storageLimitType,
		func(ctx context.Context, plan storageLimitModel, _ *diag.Diagnostics) (*client.StorageLimit, error) {
			return r.client.StorageLimits.Create(ctx, &client.StorageLimitCreateRequest{
				Name:    plan.Name.ValueString(),
				LimitGB: plan.LimitGB.ValueInt64(),
			})
		}, storageLimitModelFrom)
}

func (r *storageLimitResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, storageLimitType, func(ctx context.Context, state storageLimitModel) (*client.StorageLimit, error) {
		return r.reads.storageLimit(ctx, state.ID.ValueString())
	}, storageLimitModelFrom)
}

func (r *storageLimitResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateResource(ctx, req, resp, storageLimitType,
		func(ctx context.Context, plan, state storageLimitModel, _ *diag.Diagnostics) (*client.StorageLimit, error) {
			return r.client.StorageLimits.Update(ctx, state.ID.ValueString(), &client.StorageLimitUpdateRequest{
				Name:    changedString(plan.Name, state.Name),
				LimitGB: changedInt64(plan.LimitGB, state.LimitGB),
			})
		}, storageLimitModelFrom)
}

func (r *storageLimitResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, req, resp, storageLimitType, r.client.StorageLimits.Delete)
}

// ImportState takes an id (sl_...) or "name:<name>".
func (r *storageLimitResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrKey(ctx, req, resp, storageLimitType, client.PrefixStorageLimit, "name", "",
		idByKey(r.client, findStorageLimitByName, func(x *client.StorageLimit) string { return x.ID }))
}

func findStorageLimitByName(ctx context.Context, c *client.Client, name string) (*client.StorageLimit, error) {
	items, err := c.StorageLimits.ListAll(ctx, &client.ListOptions{Name: name})
	return findOne(items, err, "storage limit", "name", name)
}
