package apidoc

import (
	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// enums are the closed sets of values of wire fields, by type and field.
var enums = map[string]map[string][]string{
	"":                            {"license_type": client.LicenseTypes, "license_source": client.LicenseSources, "mfa_method": client.MFAMethods},
	"StorageAccount":              {"type": client.StorageTypes},
	"StorageAccountCreateRequest": {"type": client.StorageTypes},
	"OutboxMessage":               {"kind": {client.MessageKindWelcome, client.MessageKindMFACode, client.MessageKindPasswordReset}},
	"Computer":                    {"license_from": {"assignment", "pool"}},
	"Group":                       {"permissions": client.Permissions},
	"GroupCreateRequest":          {"permissions": client.Permissions},
	"GroupUpdateRequest":          {"permissions": client.Permissions},
}

// constrain adds to the schema s of field name of struct type typeName the
// rules the server enforces on its shape.
func constrain(typeName, name string, s obj) {
	values, ok := enums[typeName][name]
	if !ok {
		values, ok = enums[""][name]
	}
	if !ok {
		return
	}
	enum := make([]any, len(values))
	for i, v := range values {
		enum[i] = v
	}
	if items, isArray := s["items"].(obj); isArray {
		items["enum"] = enum
		return
	}
	s["enum"] = enum
}
