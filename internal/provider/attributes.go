package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// The shared rules (internal/rules) as the attribute descriptions say them.
var (
	nameLength        = fmt.Sprintf("1 to %d characters", rules.MaxName)
	descriptionLength = fmt.Sprintf("at most %d characters", rules.MaxDescription)
	passwordLength    = fmt.Sprintf("%d to %d characters", rules.MinPassword, rules.MaxPassword)
	// notesDescription describes the description of the objects whose
	// description is the MSP's notes.
	notesDescription = "Free text for the MSP's own notes; " + descriptionLength + ". Defaults to empty."
)

// Shared schema pieces of the resources: the attributes of the same kind
// (ids, references to other objects, names, descriptions, timestamps) are
// built here once, so that the same kind of attribute behaves the same in
// every resource; each resource still writes its own descriptions.

// stableComputed is a value the server sets once, such as an id: planned
// as the state has it rather than as unknown.
func stableComputed(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Computed:      true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func idAttribute(entity, prefix string) schema.StringAttribute {
	return stableComputed("The " + entity + "'s id, assigned by the server (`" + prefix + "...`).")
}

func createdAtAttribute() schema.StringAttribute {
	return stableComputed("When it was created (RFC 3339, UTC).")
}

func updatedAtAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Description: "When it last changed (RFC 3339, UTC), in Terraform or in the console.",
		Computed:    true,
	}
}

// nameAttribute is a resource's required name (rules.MaxName).
func nameAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description: description,
		Required:    true,
		Validators:  []validator.String{stringvalidator.LengthBetween(1, rules.MaxName)},
	}
}

// optionalString is a text that defaults to empty: the API keeps it as a
// plain string, so leaving it out and "" are the same.
func optionalString(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		Description: description,
		Optional:    true,
		Computed:    true,
		Default:     stringdefault.StaticString(""),
		Validators:  validators,
	}
}

// descriptionAttribute is a resource's free text (rules.MaxDescription).
func descriptionAttribute(description string) schema.StringAttribute {
	return optionalString(description, stringvalidator.LengthAtMost(rules.MaxDescription))
}

// requiredReference is the id of the object this one belongs to, such as
// the user of a licence assignment: an object cannot move to another one,
// so changing it replaces the object.
func requiredReference(description, prefix string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Required:      true,
		Validators:    []validator.String{idPrefix(prefix)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// optionalReference is the id of another object that may be left out,
// such as a storage limit; modifiers say what changing it does (nothing
// but an update, when there are none).
func optionalReference(description, prefix string, modifiers ...planmodifier.String) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Optional:      true,
		Validators:    []validator.String{idPrefix(prefix)},
		PlanModifiers: modifiers,
	}
}

// userSummary names a user in messages: "usr_1 (alice)".
func userSummary(id, login string) string {
	if login == "" {
		return id
	}
	return fmt.Sprintf("%s (%s)", id, login)
}

// requiredCount is a required whole number of at least min (a cap, a
// quota, a quantity).
func requiredCount(description string, min int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		Description: description,
		Required:    true,
		Validators:  []validator.Int64{int64validator.AtLeast(min)},
	}
}

// licenseTypeAttribute is the licence type (client.LicenseTypes) of a
// resource of which there is one per owner and type: changing it replaces
// the resource.
func licenseTypeAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Required:      true,
		Validators:    []validator.String{stringvalidator.OneOf(client.LicenseTypes...)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}
