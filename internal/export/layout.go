package export

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Layouts: how the exported objects are split into root modules.
//
// One root holds the whole console: simple, but every plan reads and every
// apply may touch every tenant, and Terraform's cost per resource grows
// with the size of the state. Per customer account, each tenant is a root
// module with a state of its own (its customer account, companies, users,
// licence assignments, memberships and tokens) and the MSP's own objects
// (storage, groups, MSP companies and staff) are one more. Terraform cannot
// iterate over providers or states, so this is how large estates are split:
// CI plans the roots in parallel, and an apply touches one tenant.
//
// A root refers to an object of another root through a data source that
// looks it up by its natural key (a group or a storage account by name),
// never through remote state: each root plans with only the API's
// credentials, and the roots may be planned in any order.
const (
	LayoutOneRoot            = "one-root"
	LayoutPerCustomerAccount = "per-customer-account"
)

// mspRoot is the directory of the MSP's own root module.
const mspRoot = "msp"

// Root is one root module of an export.
type Root struct {
	// Dir is its directory relative to the output directory: "." for the
	// one-root layout.
	Dir string
	// Imports is the number of its import blocks.
	Imports int
}

// layout writes the per-customer-account layout; a nil *layout writes one
// root.
type layout struct {
	// home is the root directory of every object that belongs to a customer
	// account; every other object lives in the MSP's root.
	home map[string]string
	// keys are how a data source finds an object by its natural key, the
	// key unique for its kind that stays the same when the object is
	// recreated: the names of customer accounts, groups, storage accounts
	// and limits, users' logins. Any other kind is found by id.
	keys map[string]lookup
	// lookups are, by root directory, the data sources it declares for the
	// objects of other roots it refers to.
	lookups map[string]map[addr]lookup
}

// lookup is how a data source finds an object: the attribute it sets (a
// natural key such as name, or id) and its value.
type lookup struct{ attr, value string }

// newLayout checks the layout named and the membership mode asked for
// (explicit: as given, "" when not), and returns the layout and the mode to
// use.
func newLayout(name, explicit, memberships string) (*layout, string, error) {
	switch name {
	case "", LayoutOneRoot:
		return nil, memberships, nil
	case LayoutPerCustomerAccount:
		// A group's whole member list spans tenants, so in a root of its
		// own it would fight every tenant root over their members.
		if explicit == MembershipsMembers {
			return nil, "", fmt.Errorf("--memberships=%s cannot be combined with --layout %s: a group's whole member list "+
				"spans the tenants' roots; each root manages its own users' memberships (--memberships=%s, the default "+
				"with this layout)", MembershipsMembers, LayoutPerCustomerAccount, MembershipsSingle)
		}
		return &layout{lookups: map[string]map[addr]lookup{}}, MembershipsSingle, nil
	default:
		return nil, "", fmt.Errorf("--layout must be %q or %q, not %q", LayoutOneRoot, LayoutPerCustomerAccount, name)
	}
}

// rootDir is the root directory of the objects written into the file of
// that name: "customer_acme_ltd.tf" goes into customer_acme_ltd/.
func rootDir(fileName string) string {
	return strings.TrimSuffix(fileName, ".tf")
}

// reference returns the traversal that refers to the id of the resource at
// a (of the object id) from the file being written: the resource itself in
// its own root, else a data source of the current root that looks it up.
func (l *layout) reference(w *writer, a addr, id string) hcl.Traversal {
	if l == nil {
		return a.traversal("id")
	}
	if l.home == nil {
		l.home, l.keys = map[string]string{}, map[string]lookup{}
		for _, g := range w.con.groups {
			l.keys[g.ID] = lookup{"name", g.Name}
		}
		for _, s := range w.con.storage {
			l.keys[s.ID] = lookup{"name", s.Name}
		}
		for _, sl := range w.con.limits {
			l.keys[sl.ID] = lookup{"name", sl.Name}
		}
		for _, acc := range w.con.accounts {
			l.home[acc.ID] = rootDir(w.accountFileName(acc.ID))
			l.keys[acc.ID] = lookup{"name", acc.Name}
		}
		for _, c := range w.con.companies {
			if c.CustomerAccountID != nil {
				l.home[c.ID] = l.home[*c.CustomerAccountID]
			}
		}
		for _, u := range w.con.users {
			if u.CustomerAccountID != nil {
				l.home[u.ID] = l.home[*u.CustomerAccountID]
			}
			l.keys[u.ID] = lookup{"login", u.Login}
		}
	}
	from := rootDir(w.cur.name)
	if cmp.Or(l.home[id], mspRoot) == from {
		return a.traversal("id")
	}
	if l.lookups[from] == nil {
		l.lookups[from] = map[addr]lookup{}
	}
	key, ok := l.keys[id]
	if !ok {
		key = lookup{"id", id}
	}
	l.lookups[from][a] = key
	return hcl.Traversal{hcl.TraverseRoot{Name: "data"}, hcl.TraverseAttr{Name: a.typ}, hcl.TraverseAttr{Name: a.name}, hcl.TraverseAttr{Name: "id"}}
}

const lookupsFile = "data.tf"

const lookupsHeader = `Objects of other root modules that this one refers to, looked up by their
natural key (never through remote state), so that this root plans on its own.
When building an estate anew, apply the msp root first.`

// module assembles the files written into root modules, with each root's
// versions.tf, provider.tf and, per customer account, its lookups.
func (l *layout) module(files map[string]*tfFile, imports int) *Module {
	m := &Module{Imports: imports}
	if l == nil {
		m.Roots = []Root{{Dir: ".", Imports: imports}}
		m.Files = append(m.Files, File{Name: versionsFile, Content: []byte(versionsTF)}, File{Name: providerFile, Content: []byte(providerTF)})
		for name, f := range files {
			m.Files = append(m.Files, File{Name: name, Content: f.bytes()})
		}
	} else {
		for _, name := range slices.Sorted(maps.Keys(files)) {
			f, dir := files[name], rootDir(name)
			m.Roots = append(m.Roots, Root{Dir: dir, Imports: f.imports})
			m.Files = append(m.Files,
				File{Name: path.Join(dir, "main.tf"), Content: f.bytes()},
				File{Name: path.Join(dir, versionsFile), Content: []byte(versionsTF)},
				File{Name: path.Join(dir, providerFile), Content: []byte(providerTF)})
			if lookups := l.lookups[dir]; len(lookups) > 0 {
				m.Files = append(m.Files, File{Name: path.Join(dir, lookupsFile), Content: lookupsTF(lookups)})
			}
		}
	}
	slices.SortFunc(m.Roots, func(a, b Root) int { return cmp.Compare(a.Dir, b.Dir) })
	slices.SortFunc(m.Files, func(a, b File) int { return cmp.Compare(a.Name, b.Name) })
	return m
}

// lookupsTF writes a root's data sources, sorted by address.
func lookupsTF(lookups map[addr]lookup) []byte {
	f := newTFFile(lookupsFile)
	f.comment(lookupsHeader)
	addrs := slices.SortedFunc(maps.Keys(lookups), func(a, b addr) int { return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.name, b.name)) })
	for _, a := range addrs {
		setString(f.block("data", a.typ, a.name), lookups[a].attr, lookups[a].value)
	}
	return f.bytes()
}
