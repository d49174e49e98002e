package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// The shared rules (internal/rules) as the attribute descriptions say them.
var (
	nameLength        = fmt.Sprintf("1 to %d characters", rules.MaxName)
	descriptionLength = fmt.Sprintf("at most %d characters", rules.MaxDescription)
	passwordLength    = fmt.Sprintf("%d to %d characters", rules.MinPassword, rules.MaxPassword)
)

// Shared schema pieces of every resource: its id and timestamps.

func idAttribute(entity, prefix string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   "The " + entity + "'s id, assigned by the server (`" + prefix + "...`).",
		Computed:      true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func createdAtAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Description:   "When it was created (RFC 3339, UTC).",
		Computed:      true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func updatedAtAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Description: "When it last changed (RFC 3339, UTC), in Terraform or in the console.",
		Computed:    true,
	}
}

// userSummary names a user in messages: "usr_1 (alice)".
func userSummary(id, login string) string {
	if login == "" {
		return id
	}
	return fmt.Sprintf("%s (%s)", id, login)
}
