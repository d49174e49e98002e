package provider

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Shared schema pieces of the data sources (attributes.go has the
// resources'): what they return is computed, what they take is a filter or
// a required id.

// computedString is a string attribute that a data source only returns.
func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Computed: true}
}

func computedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Description: description, Computed: true}
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Description: description, Computed: true}
}

// timestampAttributes adds created_at and updated_at to a data source's
// attributes.
func timestampAttributes(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["created_at"] = computedString("When it was created (RFC 3339, UTC).")
	attrs["updated_at"] = computedString("When it last changed (RFC 3339, UTC).")
	return attrs
}

// computedAttributes are an object's attributes as a data source returns
// them, all computed, one per description: sets of strings for the names
// in sets, booleans for those in bools, strings for the others.
func computedAttributes(descriptions map[string]string, sets, bools []string) map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(descriptions))
	for name, desc := range descriptions {
		switch {
		case slices.Contains(sets, name):
			attrs[name] = schema.SetAttribute{Description: desc, ElementType: types.StringType, Computed: true}
		case slices.Contains(bools, name):
			attrs[name] = computedBool(desc)
		default:
			attrs[name] = computedString(desc)
		}
	}
	return attrs
}

// filterString is an optional filter of a list: left out, it does not
// narrow the list.
func filterString(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true, Validators: validators}
}

// requiredID is the id of the object a data source reads, e.g. a group.
func requiredID(description, prefix string) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Required: true, Validators: []validator.String{idPrefix(prefix)}}
}
