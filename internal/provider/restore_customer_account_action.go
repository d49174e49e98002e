package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const restoreCustomerAccountType = "mspbackup_restore_customer_account"

// NewRestoreCustomerAccountAction brings back a customer account that is
// pending deletion.
func NewRestoreCustomerAccountAction() action.Action {
	return &oneIDAction{
		actionClient: actionClient{typeName: restoreCustomerAccountType},
		description: "Restores a customer account that was deleted and is pending deletion (before its `purge_after`), " +
			"exactly as it was: its users, companies, memberships, licence assignments and storage. Terraform no longer " +
			"manages it (a destroy or a Read that found it pending removed it from the state): import it again " +
			"to manage it.",
		attr: "customer_account_id",
		attrText: "The id of the deleted customer account (`ca_...`); the warning of the destroy or of the Read that " +
			"found it pending names it. The API token must be MSP staff's (no customer account) with customer_accounts:write.",
		prefix: client.PrefixCustomerAccount,
		invoke: func(ctx context.Context, c *client.Client, id string) (string, error) {
			a, err := c.CustomerAccounts.Restore(ctx, id)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("restored customer account %q (%s)", a.Name, a.ID), nil
		},
	}
}
