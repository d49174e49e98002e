package export

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// The tree of customer accounts in an export: resellers write reseller =
// true, an account below one a parent_id that refers to its parent's
// resource (so Terraform creates and imports parents before children), and a
// reseller's licence quotas go into its file.

const typeLicenseQuota = "mspbackup_license_quota"

// readQuotas reads the licence quotas and keeps those of the accounts read.
func (r *reader) readQuotas(ctx context.Context, con *console) error {
	quotas, err := all(ctx, r, "licence quotas", r.c.LicenseQuotas.All, nil)
	if err != nil {
		return err
	}
	exported := map[string]bool{}
	for _, a := range con.accounts {
		exported[a.ID] = true
	}
	con.quotas = slices.DeleteFunc(quotas, func(q client.LicenseQuota) bool { return !exported[q.CustomerAccountID] })
	slices.SortFunc(con.quotas, func(a, b client.LicenseQuota) int {
		return cmp.Or(cmp.Compare(a.CustomerAccountID, b.CustomerAccountID), cmp.Compare(a.LicenseType, b.LicenseType))
	})
	return nil
}

// treeOrder puts accounts (sorted by name) in tree order: every parent
// before its children, siblings by name.
func treeOrder(accounts []client.CustomerAccount) []client.CustomerAccount {
	read := map[string]bool{}
	for _, a := range accounts {
		read[a.ID] = true
	}
	children := map[string][]client.CustomerAccount{}
	var roots []client.CustomerAccount
	for _, a := range accounts {
		if a.ParentID == nil || !read[*a.ParentID] {
			roots = append(roots, a)
		} else {
			children[*a.ParentID] = append(children[*a.ParentID], a)
		}
	}
	out := make([]client.CustomerAccount, 0, len(accounts))
	var walk func([]client.CustomerAccount)
	walk = func(level []client.CustomerAccount) {
		for _, a := range level {
			out = append(out, a)
			walk(children[a.ID])
		}
	}
	walk(roots)
	return out
}

// nameQuotas names the licence quotas after their account and type.
func (w *writer) nameQuotas() {
	n := newNamer("license_quota")
	for _, q := range w.con.quotas {
		w.addrs[q.ID] = addr{typeLicenseQuota, n.name(w.addrs[q.CustomerAccountID].name, q.LicenseType)}
	}
}

// accountTree writes where an account sits in the tree.
func (w *writer) accountTree(b *hclwrite.Body, a *client.CustomerAccount) {
	if a.Reseller {
		b.SetAttributeValue("reseller", cty.True)
	}
	w.ref(b, "parent_id", a.ParentID)
}

// writeQuotas writes each licence quota into its reseller's file.
func (w *writer) writeQuotas() {
	for _, q := range w.con.quotas {
		b := w.resource(w.files[w.accountOf[q.CustomerAccountID]], q.ID)
		w.ref(b, "customer_account_id", &q.CustomerAccountID)
		setString(b, "license_type", q.LicenseType)
		b.SetAttributeValue("quota", cty.NumberIntVal(q.Quota))
	}
}
