package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
)

// Plan-time validators: bad input fails before any request, naming the
// attribute and the rule. The rules are the server's own (internal/rules).

// stringCheck is a validator.String built from a rule description and a
// check returning a problem ("" when the value is fine). Null and unknown
// values are left to Required and to apply time.
type stringCheck struct {
	rule  string
	check func(string) string
}

func (v stringCheck) Description(context.Context) string         { return v.rule }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.rule }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), problem)
	}
}

// idPrefix accepts an id of one entity type, e.g. idPrefix("usr_").
func idPrefix(prefix string) validator.String {
	return stringCheck{
		rule:  fmt.Sprintf("must be an id starting with %q", prefix),
		check: func(s string) string { return rules.IDPrefix(s, prefix) },
	}
}

// emailAddress accepts a bare e-mail address such as alice@example.com.
func emailAddress() validator.String {
	return stringCheck{rule: "must be an e-mail address such as alice@example.com", check: rules.Email}
}

// emailAddressOrEmpty is emailAddress that also takes "" (no address): the
// default of an optional e-mail attribute, which OpenTofu's generated
// configuration writes out.
func emailAddressOrEmpty() validator.String {
	address := emailAddress().(stringCheck)
	return orEmpty(address.rule+", or empty", address.check)
}

// e164Phone accepts a phone number in E.164 form, e.g. +441632960961
// (rules.Phone, the server's rule); empty means none.
func e164Phone() validator.String {
	return orEmpty("must be a phone number in E.164 form such as +441632960961", rules.Phone)
}

// orEmpty is the stringCheck of rule that also takes "", for an optional
// attribute whose default is "".
func orEmpty(rule string, check func(string) string) stringCheck {
	return stringCheck{rule: rule, check: func(s string) string {
		if s == "" {
			return ""
		}
		return check(s)
	}}
}

// loginRule accepts a login the server accepts (rules.Login).
func loginRule() validator.String {
	return stringCheck{
		rule:  fmt.Sprintf("must be 1 to %d characters without whitespace, control or format characters", rules.MaxName),
		check: rules.Login,
	}
}

// positiveDuration accepts a positive Go duration such as 30s.
func positiveDuration() validator.String {
	return stringCheck{
		rule: "must be a positive Go duration such as 30s or 2m",
		check: func(s string) string {
			if d, err := time.ParseDuration(s); err != nil || d <= 0 {
				return fmt.Sprintf("must be a positive Go duration such as 30s or 2m, got %q", s)
			}
			return ""
		},
	}
}

// durationUpTo accepts a positive Go duration no longer than limit.
func durationUpTo(limit time.Duration) validator.String {
	rule := fmt.Sprintf("must be a positive Go duration such as 30m or 2h, at most %s", limit)
	return stringCheck{
		rule: rule,
		check: func(s string) string {
			if d, err := time.ParseDuration(s); err != nil || d <= 0 || d > limit {
				return fmt.Sprintf("%s, got %q", rule, s)
			}
			return ""
		},
	}
}

// nonNegativeDuration accepts a Go duration of zero or more, such as 0s or 5m.
func nonNegativeDuration() validator.String {
	return stringCheck{
		rule: "must be a Go duration of 0s or more such as 90s or 5m",
		check: func(s string) string {
			if d, err := time.ParseDuration(s); err != nil || d < 0 {
				return fmt.Sprintf("must be a Go duration of 0s or more such as 90s or 5m, got %q", s)
			}
			return ""
		},
	}
}

// rfc3339Timestamp accepts an RFC 3339 timestamp such as 2030-01-31T17:00:00Z.
func rfc3339Timestamp() validator.String {
	return stringCheck{
		rule: "must be an RFC 3339 timestamp such as 2030-01-31T17:00:00Z",
		check: func(s string) string {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				return fmt.Sprintf("must be an RFC 3339 timestamp such as 2030-01-31T17:00:00Z "+
					"(date, T, time and a Z or an offset like +02:00), got %q", s)
			}
			return ""
		},
	}
}
