package bench

import (
	"fmt"
	"strings"
)

// Terraform configurations of the benchmark. Each is a complete root module
// for one kind at size n, written with count so that the module text does
// not grow with n.
const (
	// KindData is the floor: n terraform_data resources (builtin provider,
	// no plugin process, no API).
	KindData = "terraform_data"
	// KindCustomerAccount is n mspbackup_customer_account.
	KindCustomerAccount = "mspbackup_customer_account"
	// KindUser is n mspbackup_user with passwords, each in one of a few
	// security groups through its own mspbackup_group_membership, spread over
	// a few tenants: what an MSP writes for its tenants' users (a module per
	// user list that adds each user to a group without owning the group's
	// whole member list, which mspbackup_group_members would). So the kind
	// holds 2n resources (plus 8 fixed ones) against n terraform_data.
	KindUser = "mspbackup_user"
)

// Kinds lists the kinds in the order the table prints them.
var Kinds = []string{KindData, KindCustomerAccount, KindUser}

const providerBlock = `terraform {
  required_providers {
    mspbackup = {
      source = "mspbackup/mspbackup"
    }
  }
}

# endpoint and api_token come from MSPBACKUP_ENDPOINT and MSPBACKUP_API_TOKEN.
provider "mspbackup" {}
`

// Config returns the main.tf of kind at size n. run tells runs apart, so
// that names stay unique if two runs share a server.
func Config(kind string, n int, run string) (string, error) {
	var b strings.Builder
	switch kind {
	case KindData:
		fmt.Fprintf(&b, `resource "terraform_data" "r" {
  count = %d
  input = {
    name        = format("bench-%s-%%05d", count.index)
    description = "benchmark resource ${count.index}"
  }
}
`, n, run)
	case KindCustomerAccount:
		b.WriteString(providerBlock)
		fmt.Fprintf(&b, `
resource "mspbackup_customer_account" "r" {
  count       = %d
  name        = format("bench-%s-%%05d", count.index)
  description = "benchmark customer account ${count.index}"
}
`, n, run)
	case KindUser:
		b.WriteString(providerBlock)
		fmt.Fprintf(&b, `
variable "password_prefix" {
  type      = string
  sensitive = true
  default   = "Bench-password-"
}

locals {
  groups = {
    operators = ["users:read", "users:write", "companies:read"]
    helpdesk  = ["users:read", "licenses:read"]
    auditors  = ["audit:read", "users:read", "customer_accounts:read"]
  }
}

resource "mspbackup_customer_account" "tenant" {
  count = 5
  name  = format("bench-%[2]s-tenant-%%d", count.index)
}

resource "mspbackup_group" "g" {
  for_each    = local.groups
  name        = "bench-%[2]s-${each.key}"
  permissions = each.value
}

resource "mspbackup_user" "u" {
  count               = %[1]d
  login               = format("bench-%[2]s-user-%%05d", count.index)
  email               = format("bench-%[2]s-user-%%05d@example.com", count.index)
  first_name          = "Bench"
  last_name           = format("User %%05d", count.index)
  password            = format("%%s%%05d", var.password_prefix, count.index)
  customer_account_id = mspbackup_customer_account.tenant[count.index %% 5].id
}

resource "mspbackup_group_membership" "m" {
  count    = %[1]d
  group_id = mspbackup_group.g[element(keys(local.groups), count.index)].id
  user_id  = mspbackup_user.u[count.index].id
}
`, n, run)
	default:
		return "", fmt.Errorf("unknown kind %q (want one of %s)", kind, strings.Join(Kinds, ", "))
	}
	return b.String(), nil
}

// Resources is how many resources Config(kind, n) holds.
func Resources(kind string, n int) int {
	if kind == KindUser {
		return 2*n + 5 + 3
	}
	return n
}
