package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

const endSessionsType = "mspbackup_end_sessions"

// NewEndSessionsAction signs a user out everywhere.
func NewEndSessionsAction() action.Action {
	return &oneIDAction{
		actionClient: actionClient{typeName: endSessionsType},
		description: "Signs a user out everywhere: every sign-in session of the user (console and API sessions from a " +
			"password sign-in) is ended at once. The user's API tokens stay valid: revoke those by destroying their " +
			"`mspbackup_api_token` resources.",
		attr: "user_id", attrText: userIDText, prefix: client.PrefixUser,
		invoke: func(ctx context.Context, c *client.Client, id string) (string, error) {
			ended, err := c.Users.EndSessions(ctx, id)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("ended %d sign-in sessions of user %s", ended.Ended, id), nil
		},
	}
}
