// Package notbuilt is the state backend that stands in for each remote-state
// backend this build of Terraform leaves out (see tools/terraform/go.mod).
// Terraform still knows the backend's name, so a configuration that uses it
// gets a clear error instead of "unsupported backend".
package notbuilt

import (
	"fmt"

	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/states/statemgr"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

// Backend is a backend named Name that refuses to do anything.
type Backend struct{ Name string }

// ConfigSchema knows no argument of the real backend: a block that sets one
// fails on that argument first, an empty one (settings given as
// -backend-config files) on the refusal below.
func (b Backend) ConfigSchema() *configschema.Block { return &configschema.Block{} }

func (b Backend) PrepareConfig(v cty.Value) (cty.Value, tfdiags.Diagnostics) {
	return v, b.refuse()
}

func (b Backend) Configure(cty.Value) tfdiags.Diagnostics { return b.refuse() }

func (b Backend) StateMgr(string) (statemgr.Full, tfdiags.Diagnostics) { return nil, b.refuse() }

func (b Backend) DeleteWorkspace(string, bool) tfdiags.Diagnostics { return b.refuse() }

func (b Backend) Workspaces() ([]string, tfdiags.Diagnostics) { return nil, b.refuse() }

func (b Backend) refuse() tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(fmt.Errorf("the %q backend is not built into this binary of Terraform, which the mspbackup provider's tests build from the Go module proxy (tools/terraform); use a release binary of Terraform for it", b.Name))
}
