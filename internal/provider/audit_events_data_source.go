package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// NewAuditEventsDataSource lists the audit log: who changed what, how and when.
func NewAuditEventsDataSource() datasource.DataSource {
	return &readDataSource[auditEventsModel]{typeName: "mspbackup_audit_events", schema: auditEventsSchema, read: readAuditEvents}
}

type auditEventsModel struct {
	EntityIDs types.List        `tfsdk:"entity_ids"`
	Entity    types.String      `tfsdk:"entity"`
	Actor     types.String      `tfsdk:"actor"`
	Action    types.String      `tfsdk:"action"`
	Since     types.String      `tfsdk:"since"`
	Events    []auditEventModel `tfsdk:"events"`
}

type auditEventModel struct {
	ID         types.String `tfsdk:"id"`
	At         types.String `tfsdk:"at"`
	Action     types.String `tfsdk:"action"`
	Entity     types.String `tfsdk:"entity"`
	EntityID   types.String `tfsdk:"entity_id"`
	Fields     types.List   `tfsdk:"fields"`
	Actor      types.String `tfsdk:"actor"`
	ActorLogin types.String `tfsdk:"actor_login"`
	Via        types.String `tfsdk:"via"`
	TokenID    types.String `tfsdk:"token_id"`
	TokenName  types.String `tfsdk:"token_name"`
}

func auditEventsSchema() schema.Schema {
	return schema.Schema{
		Description: "Lists the management server's audit log, oldest first: one event per change, naming the object, " +
			"the fields that changed (never their values), who made it and how (in the web console, through an API sign-in, " +
			"by this provider, or with an API token) and when. Needs the `audit:read` permission; a token of a customer " +
			"account's user sees its own account's events, and a user with `mask_data` reads other users' logins masked. " +
			"Every page of the API's list is read: narrow it with the filters.",
		Attributes: map[string]schema.Attribute{
			"entity_ids": schema.ListAttribute{
				Description: "Only the events of these objects (ids such as `usr_...` or `ca_...`), at most 100.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.List{listvalidator.SizeBetween(1, maxAuditIDs), listvalidator.ValueStringsAre(nonEmptyID())},
			},
			"entity": filterString("Only the events of this kind of object: `customer_account`, `company`, `user`, `group`, " +
				"`storage_account`, `storage_limit`, `license_assignment`, `license_pool` or `computer`."),
			"actor": filterString("Only the events made by this user (its id, `usr_...`), or `bootstrap` for the bootstrap administrator."),
			"action": filterString("Only the events of this action: `create`, `update`, `delete`, `add_member`, `remove_member`, " +
				"`register`, or a sign-in action (`login`, `login_failed`, `logout`, ...)."),
			"since": filterString("Only the events at or after this time (RFC 3339, e.g. `2026-12-01T00:00:00Z`).", rfc3339Timestamp()),
			"events": schema.ListNestedAttribute{
				Description: "The events found, oldest first; empty when none match.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":        computedString("The event's id (`evt_...`)."),
						"at":        computedString("When the change was made (RFC 3339, UTC)."),
						"action":    computedString("What was done: `create`, `update`, `delete`, `add_member`, ..."),
						"entity":    computedString("The kind of object changed, e.g. `user`."),
						"entity_id": computedString("The id of the object changed."),
						"fields": schema.ListAttribute{Description: "The names of the fields that changed (never their values).",
							Computed: true, ElementType: types.StringType},
						"actor": computedString("The id of the user who made the change, or `bootstrap` " +
							"for the bootstrap administrator (`anonymous` on failed sign-ins)."),
						"actor_login": computedString("The login of that user when the change was made; empty " +
							"for the bootstrap administrator."),
						"via": computedString("How the change was made: `console` (the web console), `session` " +
							"(an API sign-in), `terraform` (this provider) or `token` (another client with an API token: scripts); " +
							"empty on sign-in events."),
						"token_id": computedString("The id of the API token (or sign-in session) the change " +
							"was made with; empty for the bootstrap token the server was started with."),
						"token_name": computedString("The name of that API token when the change was made."),
					},
				},
			},
		},
	}
}

// nonEmptyID accepts any non-empty id without a comma (the API's separator).
func nonEmptyID() validator.String {
	return stringCheck{
		rule: "must be a non-empty id without commas",
		check: func(s string) string {
			if s == "" || strings.Contains(s, ",") {
				return "must be a non-empty id without commas, such as usr_0123, got \"" + s + "\""
			}
			return ""
		},
	}
}

func readAuditEvents(ctx context.Context, c *client.Client, cfg *auditEventsModel, diags *diag.Diagnostics) {
	opts := &client.ListOptions{PageSize: snapshotPageSize, Entity: cfg.Entity.ValueString(), Actor: cfg.Actor.ValueString(),
		Action: cfg.Action.ValueString()}
	ids := setStringsOfList(ctx, cfg.EntityIDs, diags)
	opts.EntityID = strings.Join(ids, ",")
	if !cfg.Since.IsNull() {
		opts.Since, _ = time.Parse(time.RFC3339, cfg.Since.ValueString()) // validated at plan time
	}
	if diags.HasError() {
		return
	}
	items, err := c.AuditEvents.ListAll(ctx, opts)
	if err != nil {
		addAPIError(diags, "list", "mspbackup_audit_events", "", err)
		return
	}
	cfg.Events = make([]auditEventModel, 0, len(items))
	for _, e := range items {
		fields, diags := types.ListValueFrom(ctx, types.StringType, e.Fields)
		diags.Append(diags...)
		cfg.Events = append(cfg.Events, auditEventModel{
			ID: types.StringValue(e.ID), At: timeString(e.At), Action: types.StringValue(e.Action),
			Entity: types.StringValue(e.Entity), EntityID: types.StringValue(e.EntityID), Fields: fields,
			Actor: types.StringValue(e.Actor), ActorLogin: types.StringValue(e.ActorLogin), Via: types.StringValue(e.Via),
			TokenID: types.StringValue(e.TokenID), TokenName: types.StringValue(e.TokenName),
		})
	}
}

// setStringsOfList converts a known Terraform list of strings to a slice
// (nil when null).
func setStringsOfList(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}
