package apidoc

import (
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// enums are the closed sets of values of wire fields, by type and field.
var enums = map[string]map[string][]string{
	"":                            {"license_type": client.LicenseTypes, "license_source": client.LicenseSources, "mfa_method": client.MFAMethods},
	"StorageAccount":              {"type": client.StorageTypes},
	"StorageAccountCreateRequest": {"type": client.StorageTypes},
	"OutboxMessage":               {"kind": {client.MessageKindWelcome, client.MessageKindMFACode, client.MessageKindPasswordReset}},
	"Computer":                    {"license_from": {"assignment", "pool"}},
	"CustomerAccount": {"status": {client.CustomerAccountActive, client.CustomerAccountSuspended,
		client.CustomerAccountPendingDeletion}},
	"CustomerAccountCreateRequest": {"status": {client.CustomerAccountActive, client.CustomerAccountSuspended}},
	"CustomerAccountUpdateRequest": {"status": {client.CustomerAccountActive, client.CustomerAccountSuspended}},
	"Group":                        {"permissions": client.Permissions},
	"GroupCreateRequest":           {"permissions": client.Permissions},
	"GroupUpdateRequest":           {"permissions": client.Permissions},
}

// limits are the rules of package rules, by field name, as JSON Schema,
// for request bodies.
var limits = map[string]obj{
	"name":              {"maxLength": rules.MaxName},
	"login":             {"minLength": 1, "maxLength": rules.MaxName},
	"first_name":        {"maxLength": rules.MaxName},
	"last_name":         {"maxLength": rules.MaxName},
	"display_name":      {"maxLength": rules.MaxName},
	"bucket":            {"maxLength": rules.MaxName},
	"region":            {"maxLength": rules.MaxName},
	"access_key_id":     {"maxLength": rules.MaxName},
	"description":       {"maxLength": rules.MaxDescription},
	"secret_access_key": {"maxLength": rules.MaxDescription},
	"password":          {"minLength": rules.MinPassword, "maxLength": rules.MaxPassword},
	"current_password":  {"maxLength": rules.MaxPassword},
	"new_password":      {"minLength": rules.MinPassword, "maxLength": rules.MaxPassword},
	"mobile_phone":      {"pattern": "^$|" + rules.E164Pattern},
	"limit_gb":          {"minimum": 1},
	"quantity":          {"minimum": 1},
	"backup_bytes":      {"minimum": 0},
	"limit":             {"minimum": 0, "maximum": 1000},
}

// constrain adds to the schema s of field name of struct type typeName the
// rules the server enforces on its shape.
func constrain(typeName, name string, s obj) {
	if strings.HasSuffix(typeName, "Request") { // answers may hold masked values

		for k, v := range limits[name] {
			s[k] = v
		}
	}
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
