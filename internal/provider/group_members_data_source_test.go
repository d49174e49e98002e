package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func TestAccGroupMembersDataSource(t *testing.T) {
	env := newAccEnv(t)
	grp := apiGroup(t, env, "Operators")
	var ids []string
	for i := range 5 {
		u := apiUser(t, env, client.UserCreateRequest{Login: fmt.Sprintf("member%d", i)})
		apiAddMember(t, env, grp.ID, u.ID)
		ids = append(ids, u.ID)
	}
	env.test(t, nil, []resource.TestStep{
		{
			Config: env.configf(`data "mspbackup_group_members" "ops" { group_id = %q }`, grp.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				stateValue("data.mspbackup_group_members.ops", "user_ids", stringsExact(ids...)),
			},
		},
		env.rejects(`data "mspbackup_group_members" "none" { group_id = "grp_nope" }`, "Unable to read the members of mspbackup_group_members grp_nope", "404"),
	})
}
