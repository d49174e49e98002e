package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestCheckUpdateAnswersTheVerdictOfAMoveWithoutMovingIt: CheckUpdate is the
// dry run the provider calls at plan time.
func TestCheckUpdateAnswersTheVerdictOfAMoveWithoutMovingIt(t *testing.T) {
	_, c := start(t, testserver.Options{})
	ctx := context.Background()
	reseller, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Reseller", Reseller: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Plain"})
	if err != nil {
		t.Fatal(err)
	}
	moving, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Moving", ParentID: &reseller.ID})
	if err != nil {
		t.Fatal(err)
	}
	err = c.CustomerAccounts.CheckUpdate(ctx, moving.ID, &client.CustomerAccountUpdateRequest{ParentID: client.Value(plain.ID)})
	if !client.IsValidation(err) || !strings.Contains(err.Error(), "is not a reseller") {
		t.Errorf("a move below a plain account: %v, want 422 naming the rule", err)
	}
	if err := c.CustomerAccounts.CheckUpdate(ctx, moving.ID, &client.CustomerAccountUpdateRequest{ParentID: client.Null[string]()}); err != nil {
		t.Errorf("a move to the top: %v", err)
	}
	got, err := c.CustomerAccounts.Get(ctx, moving.ID)
	if err != nil || got.ParentID == nil || *got.ParentID != reseller.ID || got.Version != moving.Version {
		t.Errorf("after two dry runs: %+v (%v), want it unmoved below %s at version %d", got, err, reseller.ID, moving.Version)
	}
	children, err := c.CustomerAccounts.ListAll(ctx, &client.ListOptions{ParentID: reseller.ID})
	if err != nil || len(children) != 1 || children[0].ID != moving.ID {
		t.Errorf("ParentID filter: %+v (%v)", children, err)
	}
	if err := c.CustomerAccounts.CheckUpdate(ctx, "", &client.CustomerAccountUpdateRequest{}); err == nil {
		t.Error("an empty id is accepted")
	}
}
