package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const sendInstructionsType = "mspbackup_send_instructions"

// NewSendInstructionsAction mails a user the getting-started e-mail again.
func NewSendInstructionsAction() action.Action {
	return &oneIDAction{
		actionClient: actionClient{typeName: sendInstructionsType},
		description: "Sends a user the getting-started e-mail again (the one a new user gets with `send_welcome_email`): " +
			"how to sign in and install the backup agent. The user needs an e-mail address. Changes nothing else.",
		attr: "user_id", attrText: userIDText, prefix: client.PrefixUser,
		invoke: func(ctx context.Context, c *client.Client, id string) (string, error) {
			if err := c.Users.SendInstructions(ctx, id); err != nil {
				return "", err
			}
			return fmt.Sprintf("sent the getting-started e-mail to user %s", id), nil
		},
	}
}
