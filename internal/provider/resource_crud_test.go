package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestSetAnswer: the tail of every Create and Update records the API's
// answer as the state and its id as the identity, or, when the call
// failed, reports one error naming the action, the type and the id with
// the server's detail, and leaves state and identity as they were.
func TestSetAnswer(t *testing.T) {
	ctx := context.Background()
	r := NewCompanyResource().(*entityResource[companyModel, client.Company])
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	var iresp resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &iresp)
	created := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	answer := &client.Company{Meta: client.Meta{ID: "co_1", CreatedAt: created, UpdatedAt: created}, Name: "Acme Sales"}

	for name, tc := range map[string]struct {
		api     *client.Company
		err     error
		wantErr string // "" when the answer is recorded
	}{
		"answer":     {api: answer},
		"call fails": {err: errors.New("409 Conflict: name taken"), wantErr: "Unable to update mspbackup_company co_1"},
	} {
		t.Run(name, func(t *testing.T) {
			state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
			identity := &tfsdk.ResourceIdentity{Schema: iresp.IdentitySchema,
				Raw: tftypes.NewValue(iresp.IdentitySchema.Type().TerraformType(ctx), nil)}
			var diags diag.Diagnostics
			setAnswer(ctx, "update", companyType, "co_1", tc.api, tc.err, companyModelFrom, &state, identity, &diags)

			if tc.wantErr != "" {
				if len(diags) != 1 || diags[0].Summary() != tc.wantErr || !strings.Contains(diags[0].Detail(), "name taken") {
					t.Fatalf("diagnostics = %v, want one error %q with the server's detail", diags, tc.wantErr)
				}
				if !state.Raw.IsNull() || !identity.Raw.IsNull() {
					t.Fatalf("a failed call changed the state (%v) or the identity (%v)", state.Raw, identity.Raw)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("diagnostics = %v", diags)
			}
			var got companyModel
			diags.Append(state.Get(ctx, &got)...)
			var id types.String
			diags.Append(identity.GetAttribute(ctx, path.Root("id"), &id)...)
			if diags.HasError() {
				t.Fatalf("reading back: %v", diags)
			}
			if want := companyModelFrom(answer); got != want {
				t.Errorf("state = %+v, want %+v", got, want)
			}
			if id.ValueString() != "co_1" {
				t.Errorf("identity id = %s, want co_1", id)
			}
		})
	}
}

// TestSetAnswerStopsOnEarlierProblems: a call that found a problem before
// reaching the API reports it and answers (nil, nil); the shell must then
// record nothing rather than a state made of a nil answer.
func TestSetAnswerStopsOnEarlierProblems(t *testing.T) {
	ctx := context.Background()
	var diags diag.Diagnostics
	diags.AddError("Invalid permissions", "not a set of strings")
	convert := func(*client.Company) companyModel {
		t.Fatal("the answer was converted although the call reported a problem")
		return companyModel{}
	}
	setAnswer(ctx, "create", companyType, "", nil, nil, convert, &tfsdk.State{}, nil, &diags)
	if len(diags) != 1 {
		t.Fatalf("diagnostics = %v, want only the call's own problem", diags)
	}
}
