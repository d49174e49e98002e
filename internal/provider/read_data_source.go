package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigure = &readDataSource[usersDataSourceModel]{}

// readDataSource is the one implementation of the data sources that are
// not a lookup by id or name (lookup_data_source.go): lists, a group's
// members, the catalogues. Each is an entry in its own file: its type name,
// its schema and its read. M is the data source's model, configuration and
// result in one.
type readDataSource[M any] struct {
	dataSourceClient
	typeName string
	schema   func() schema.Schema
	// read asks the API what the configuration cfg asks for and fills the
	// result into cfg; it reports its own errors to diags.
	read func(ctx context.Context, c *client.Client, cfg *M, diags *diag.Diagnostics)
}

func (d *readDataSource[M]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.typeName
}

func (d *readDataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema()
}

func (d *readDataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d.read(ctx, d.client, &cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
