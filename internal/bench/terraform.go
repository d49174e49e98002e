package bench

import (
	"fmt"
	"strings"
)

// Terraform configurations of the benchmark. Each is a complete root module
// for one kind at size n, written with count so that the module text does
// not grow with n, and each holds exactly n resources, so that kinds compare
// at the same number of resources.
const (
	// KindData is the first floor: n terraform_data (builtin provider, no
	// plugin process, no API).
	KindData = "terraform_data"
	// KindNoop is the second floor: n noop_resource of the do-nothing
	// framework provider (noopprovider): the plugin protocol and the
	// framework, no I/O.
	KindNoop = "noop"
	// KindCustomerAccount is n mspbackup_customer_account at MSP level.
	KindCustomerAccount = "mspbackup_customer_account"
	// KindUser is n mspbackup_user without passwords, all in one customer
	// account that the driver creates through the API and passes as the
	// variable customer_account_id.
	KindUser = "mspbackup_user"
	// KindUserPassword is KindUser with a password per user: the server's
	// argon2id hashing is the only extra.
	KindUserPassword = "mspbackup_user+password"
)

// Kinds lists the kinds in the order the table prints them.
var Kinds = []string{KindData, KindNoop, KindCustomerAccount, KindUser, KindUserPassword}

// IsUserKind says whether kind needs a customer account made before the run
// (the variable customer_account_id).
func IsUserKind(kind string) bool { return kind == KindUser || kind == KindUserPassword }

// IsMSPBackup says whether kind runs the mspbackup provider against a server.
func IsMSPBackup(kind string) bool { return kind != KindData && kind != KindNoop }

// CustomerAccountVar is the variable of the user kinds that holds the id of
// their customer account.
const CustomerAccountVar = "customer_account_id"

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

const noopProviderBlock = `terraform {
  required_providers {
    noop = {
      source = "mspbackup/noop"
    }
  }
}
`

// Config returns the main.tf of kind at size n. run tells runs apart, so
// that names stay unique if two runs share a server.
func Config(kind string, n int, run string) (string, error) {
	var b strings.Builder
	switch kind {
	case KindData, KindNoop:
		// The same input on both floors, so that they carry the same
		// configuration and state.
		typ := "terraform_data"
		if kind == KindNoop {
			b.WriteString(noopProviderBlock + "\n")
			typ = "noop_resource"
		}
		fmt.Fprintf(&b, `resource %q "r" {
  count = %d
  input = {
    name        = format("bench-%s-%%05d", count.index)
    description = "benchmark resource ${count.index}"
  }
}
`, typ, n, run)
	case KindCustomerAccount:
		b.WriteString(providerBlock)
		fmt.Fprintf(&b, `
resource "mspbackup_customer_account" "r" {
  count       = %d
  name        = format("bench-%s-%%05d", count.index)
  description = "benchmark customer account ${count.index}"
}
`, n, run)
	case KindUser, KindUserPassword:
		b.WriteString(providerBlock)
		password := ""
		if kind == KindUserPassword {
			password = `
  password            = format("%s%05d", var.password_prefix, count.index)`
			b.WriteString(`
variable "password_prefix" {
  type      = string
  sensitive = true
  default   = "Bench-password-"
}
`)
		}
		fmt.Fprintf(&b, `
variable "%[3]s" {
  type = string
}

resource "mspbackup_user" "r" {
  count               = %[1]d
  login               = format("bench-%[2]s-user-%%05d", count.index)
  email               = format("bench-%[2]s-user-%%05d@example.com", count.index)
  first_name          = "Bench"
  last_name           = format("User %%05d", count.index)
  display_name        = format("Bench User %%05d", count.index)
  customer_account_id = var.%[3]s%[4]s
}
`, n, run, CustomerAccountVar, password)
	default:
		return "", fmt.Errorf("unknown kind %q (want one of %s)", kind, strings.Join(Kinds, ", "))
	}
	return b.String(), nil
}

// FirstName is the name (customer accounts) or login (users) of the first
// resource of Config(kind, n, run), the one the drift check changes.
func FirstName(kind, run string) string {
	if IsUserKind(kind) {
		return fmt.Sprintf("bench-%s-user-%05d", run, 0)
	}
	return fmt.Sprintf("bench-%s-%05d", run, 0)
}

// NoopImportConfig returns a main.tf that imports n noop_resource (ids
// run-0, run-1, ...): the floor of adopting n objects, which the estate
// benchmark compares an export's first plan, apply and drift check with.
// An import block per 1000 objects: range() makes at most 1024 values.
func NoopImportConfig(n int, run string) string {
	var b strings.Builder
	b.WriteString(noopProviderBlock)
	fmt.Fprintf(&b, `
resource "noop_resource" "r" {
  count = %d
}
`, n)
	for from := 0; from < n; from += 1000 {
		fmt.Fprintf(&b, `
import {
  for_each = range(%d, %d)
  to       = noop_resource.r[each.value]
  id       = "%s-${each.value}"
}
`, from, min(from+1000, n), run)
	}
	return b.String()
}
