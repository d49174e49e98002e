package provider

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestUserTerraformValuesMatchTheModel: the user's Read writes its state
// without the framework's reflection; what it writes for every attribute the
// API returns must be what State.Set of the model writes, for a user with
// every optional value set and for one with none.
func TestUserTerraformValuesMatchTheModel(t *testing.T) {
	ctx := context.Background()
	var sresp resource.SchemaResponse
	NewUserResource().Schema(ctx, resource.SchemaRequest{}, &sresp)
	ref := func(s string) *string { return &s }
	created := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	for name, u := range map[string]*client.User{
		"every value": {
			Meta:  client.Meta{ID: "usr_1", CreatedAt: created, UpdatedAt: created.Add(time.Hour)},
			Login: "alice", Email: "alice@example.com", FirstName: "Alice", LastName: "Example", DisplayName: "Alice E",
			NotificationEmails: []string{"a@example.com", "b@example.com"}, CustomerAccountID: ref("ca_1"),
			CompanyID: ref("co_1"), StorageAccountID: ref("sa_1"), Bucket: "bucket", StorageLimitID: ref("sl_1"),
			Enabled: false, LicenseSource: "assigned_only", MFAMethod: "sms", MobilePhone: "+441632960961", MaskData: true,
		},
		"no values": {Meta: client.Meta{ID: "usr_2"}, Login: "bob", Enabled: true},
	} {
		t.Run(name, func(t *testing.T) {
			model := userModelFrom(u)
			got, err := model.terraformValues(ctx)
			if err != nil {
				t.Fatal(err)
			}
			state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
			if diags := state.Set(ctx, userResourceModel{userModel: model}); diags.HasError() {
				t.Fatal(diags)
			}
			var want map[string]tftypes.Value
			if err := state.Raw.As(&want); err != nil {
				t.Fatal(err)
			}
			var names []string
			for f := range reflect.TypeFor[userModel]().Fields() {
				names = append(names, f.Tag.Get("tfsdk"))
			}
			gotNames := slices.Sorted(maps.Keys(got))
			if slices.Sort(names); !slices.Equal(gotNames, names) {
				t.Fatalf("terraformValues gives %v, want the model's attributes %v", gotNames, names)
			}
			for _, n := range names {
				if !got[n].Equal(want[n]) {
					t.Errorf("%s: terraformValues gives %v, State.Set writes %v", n, got[n], want[n])
				}
			}
		})
	}
}
