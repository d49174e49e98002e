package console

import (
	"net/http"
	"net/url"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// The tree of customer accounts in the console: the list shows each account
// below its parent, indented; an account's page shows the resellers above
// it as breadcrumbs, the accounts below it and its licence quotas, and its
// edit form moves it (the parent_id field).

// treeOrder puts accounts in tree order, each parent before its children
// (creation order among siblings), and marks each with its depth below the
// topmost account the list holds ("tree_depth", for the indent). Accounts
// whose parent the principal cannot see start the tree.
func treeOrder(items []map[string]any) []map[string]any {
	byID := map[string]bool{}
	for _, it := range items {
		byID[display(it["id"])] = true
	}
	children := map[string][]map[string]any{}
	var roots []map[string]any
	for _, it := range items {
		parent := display(it["parent_id"])
		if parent == "" || !byID[parent] {
			roots = append(roots, it)
		} else {
			children[parent] = append(children[parent], it)
		}
	}
	out := make([]map[string]any, 0, len(items))
	var walk func(level []map[string]any, depth int)
	walk = func(level []map[string]any, depth int) {
		for _, it := range level {
			if depth > 0 {
				it["tree_depth"] = min(depth, client.MaxTreeDepth-1)
			}
			out = append(out, it)
			walk(children[display(it["id"])], depth+1)
		}
	}
	walk(roots, 0)
	return out
}

// treeOfAccount adds to an account's page its breadcrumbs (the accounts
// above it that the principal sees), the accounts directly below it and its
// licence quotas with their use.
func (c *Console) treeOfAccount(r *http.Request, p *page, it map[string]any) {
	parent := display(it["parent_id"])
	for range client.MaxTreeDepth {
		if parent == "" {
			break
		}
		var up map[string]any
		if c.call(r, http.MethodGet, "/customer-accounts/"+url.PathEscape(parent), nil, &up) != nil {
			break // above the principal's own account
		}
		p.Breadcrumbs = append([]option{{parent, display(up["name"])}}, p.Breadcrumbs...)
		parent = display(up["parent_id"])
	}
	if it["reseller"] != true {
		return
	}
	id := display(it["id"])
	if items, err := c.listAll(r, "customer-accounts", url.Values{"parent_id": {id}}); err == nil {
		p.Sections = append(p.Sections, section{Title: "Customer accounts below", Screen: screenOf("customer-accounts"), Items: items})
	}
	if items, err := c.listAll(r, "license-quotas", url.Values{"customer_account_id": {id}}); err == nil {
		p.Sections = append(p.Sections, section{Title: "Licence quotas", Screen: screenOf("license-quotas"), Items: items})
	}
}
