package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

var _ datasource.DataSourceWithConfigValidators = &lookupDataSource[customerAccountModel, client.CustomerAccount]{}

// lookupDataSource is the one implementation of the data sources that look
// one object up by id or by a natural key (a name, a login, a user and a
// licence type): each such data source is an entry of this table, in its
// own file, with its schema. M is the data source's model, T the API
// object.
type lookupDataSource[M, T any] struct {
	dataSourceClient
	typeName    string
	description string
	// attributes are all of the data source's attributes, id and keys
	// included (lookupID and lookupKey build those).
	attributes func() map[string]schema.Attribute
	// keys are the attributes that look up instead of id: exactly one of
	// id and the first is set, and the others go with the first.
	keys []string
	id   func(*M) types.String
	get  func(*client.Client) func(context.Context, string) (*T, error)
	// find looks up by the keys: through the operation's snapshots for a
	// name (see batchedSource.byName), else by a filtered list.
	find  func(context.Context, readers, *M) (*T, error)
	model func(*T) M
}

func (d *lookupDataSource[M, T]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.typeName
}

func (d *lookupDataSource[M, T]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{Description: d.description, Attributes: d.attributes()}
}

func (d *lookupDataSource[M, T]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	v := []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot(d.keys[0]))}
	if len(d.keys) > 1 {
		together := make([]path.Expression, len(d.keys))
		for i, k := range d.keys {
			together[i] = path.MatchRoot(k)
		}
		v = append(v, datasourcevalidator.RequiredTogether(together...))
	}
	return v
}

func (d *lookupDataSource[M, T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		v   *T
		err error
	)
	if id := d.id(&cfg); !id.IsNull() {
		v, err = d.get(d.client)(ctx, id.ValueString())
	} else {
		v, err = d.find(ctx, readers{client: d.client, cache: d.cache}, &cfg)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "find", d.typeName, "", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, d.model(v))...)
}

// lookupID is the id attribute of a lookup data source: set, or computed
// when a key is set.
func lookupID(description, prefix string) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true, Computed: true,
		Validators: []validator.String{idPrefix(prefix)}}
}

// lookupKey is a key attribute of a lookup data source: set, or computed
// when id is set.
func lookupKey(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true, Computed: true, Validators: validators}
}
