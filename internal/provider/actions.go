package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Actions (Terraform 1.14 and later: `action` blocks, run by
// `terraform apply -invoke=action.<type>.<name>` or by an `action_trigger`
// in a resource's lifecycle) are the verbs of a tenant's life that are not
// state: mail the instructions again, reset a password, end sessions,
// restore a deleted customer account, purge retained backups. Each calls
// one route of the management API, which applies the privilege rule and
// audits it; the console and package client reach the same routes, which is
// how OpenTofu users (no actions) run them.
//
// The verbs on one object and nothing else are rows of oneIDAction (this
// file, a row in each verb's file); those with more to check
// (reset_password_action.go, purge_backup_data_action.go) are rows of
// configAction.

var (
	_ action.ActionWithConfigure        = &oneIDAction{}
	_ action.ActionWithConfigure        = &configAction[resetPasswordModel]{}
	_ action.ActionWithConfigValidators = &configAction[resetPasswordModel]{}
	_ action.ActionWithValidateConfig   = &configAction[resetPasswordModel]{}
)

// actionClient is embedded by every action: it implements Metadata and
// Configure.
type actionClient struct {
	typeName string // e.g. mspbackup_reset_password
	client   *client.Client
}

func (a *actionClient) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = a.typeName
}

func (a *actionClient) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// configAction is an action whose configuration is the model M: its file
// gives its schema, the checks at plan time and the verb.
type configAction[M any] struct {
	actionClient
	schema func() schema.Schema
	// validators and validate check the configuration at plan time;
	// validate sees values unknown until apply as unknown.
	validators []action.ConfigValidator
	validate   func(ctx context.Context, cfg M, diags *diag.Diagnostics)
	// invoke runs the verb, reporting its progress and errors to resp.
	invoke func(ctx context.Context, c *client.Client, cfg M, resp *action.InvokeResponse)
}

func (a *configAction[M]) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = a.schema()
}

func (a *configAction[M]) ConfigValidators(context.Context) []action.ConfigValidator {
	return a.validators
}

func (a *configAction[M]) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if !resp.Diagnostics.HasError() {
		a.validate(ctx, cfg, &resp.Diagnostics)
	}
}

func (a *configAction[M]) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if !resp.Diagnostics.HasError() {
		a.invoke(ctx, a.client, cfg, resp)
	}
}

// oneIDAction is an action whose only input is the id of the object it acts
// on.
type oneIDAction struct {
	actionClient
	description string
	attr        string // the id attribute: user_id, customer_account_id
	attrText    string // its description
	prefix      string // the id's prefix
	// invoke runs the verb and returns what it did, for the progress
	// message Terraform shows.
	invoke func(ctx context.Context, c *client.Client, id string) (string, error)
}

func (a *oneIDAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: a.description,
		Attributes: map[string]schema.Attribute{
			a.attr: schema.StringAttribute{Description: a.attrText, Required: true, Validators: []validator.String{idPrefix(a.prefix)}},
		},
	}
}

func (a *oneIDAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(a.attr), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	done, err := a.invoke(ctx, a.client, id.ValueString())
	if err != nil {
		addActionError(&resp.Diagnostics, a.typeName, id.ValueString(), err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: done})
}

// addActionError reports a failed action like addAPIError does a failed
// resource operation: the action, the object, the status and the server's
// detail.
func addActionError(diags *diag.Diagnostics, typeName, id string, err error) {
	diags.AddError(fmt.Sprintf("%s failed for %s", typeName, id), err.Error()+rateLimitHint(err))
}

// userIDText describes the user_id of the user actions.
const userIDText = "The id of the user (`usr_...`) it acts on. The API token needs users:write and every permission " +
	"the user holds (as for a change of the user), and sees only the users of its own customer account, if it has one."

// ValidateActionConfig passes the framework's answer on without its
// "WriteOnly Attribute Not Allowed" errors. terraform-plugin-framework
// v1.19 validates every schema but a resource's as if the CLI could not take
// write-only attributes, so an action's write-only attribute (new_password)
// could never be set; yet every CLI with actions (Terraform 1.14 and later)
// has write-only attributes (1.11 and later), and an ephemeral value may go
// nowhere else. Every other check stays.
func (s *driftFullServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	resp, err := s.ActionServer.ValidateActionConfig(ctx, req)
	if resp != nil {
		resp.Diagnostics = slices.DeleteFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
			return d.Summary == "WriteOnly Attribute Not Allowed"
		})
	}
	return resp, err
}
