package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const storageLimitType = "mspbackup_storage_limit"

// NewStorageLimitResource manages a storage limit: a cap on backup volume.
func NewStorageLimitResource() resource.Resource {
	return &entityResource[storageLimitModel, client.StorageLimit]{
		resourceClient: resourceClient{typeName: storageLimitType},
		description: "A storage limit: a named cap on the volume of backup data. Companies and users refer to it with " +
			"`storage_limit_id`; a limit still referenced cannot be deleted.",
		attributes: func() map[string]schema.Attribute {
			return map[string]schema.Attribute{
				"id":         idAttribute("storage limit", client.PrefixStorageLimit),
				"name":       nameAttribute("The storage limit's name, e.g. `Gold 500 GB`; unique ignoring letter case; " + nameLength + "."),
				"limit_gb":   requiredCount("The cap in gigabytes; a whole number greater than 0.", 1),
				"created_at": createdAtAttribute(),
				"updated_at": updatedAtAttribute(),
			}
		},
		create: func(ctx context.Context, c *client.Client, plan storageLimitModel, _ *diag.Diagnostics) (*client.StorageLimit, error) {
			return c.StorageLimits.Create(ctx, &client.StorageLimitCreateRequest{
				Name:    plan.Name.ValueString(),
				LimitGB: plan.LimitGB.ValueInt64(),
			})
		},
		read: func(ctx context.Context, reads readers, state storageLimitModel) (*client.StorageLimit, error) {
			return reads.storageLimit(ctx, state.ID.ValueString())
		},
		update: func(ctx context.Context, c *client.Client, plan, state storageLimitModel, _ *diag.Diagnostics) (*client.StorageLimit, error) {
			return c.StorageLimits.Update(ctx, state.ID.ValueString(), &client.StorageLimitUpdateRequest{
				Name:    changedString(plan.Name, state.Name),
				LimitGB: changedInt64(plan.LimitGB, state.LimitGB),
			})
		},
		delete: func(c *client.Client) deleteCall { return c.StorageLimits.Delete },
		// An id (sl_...) or "name:<name>".
		importer: byIDOrKey(client.PrefixStorageLimit, "name", "", findStorageLimitByName,
			func(l *client.StorageLimit) string { return l.ID }),
		modelFrom: storageLimitModelFrom,
	}
}

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

func findStorageLimitByName(ctx context.Context, c *client.Client, name string) (*client.StorageLimit, error) {
	items, err := c.StorageLimits.ListAll(ctx, &client.ListOptions{Name: name})
	return findOne(items, err, "storage limit", "name", name)
}
