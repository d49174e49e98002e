// Command mspbackup-drift turns the output of `terraform plan -json` into a
// Markdown drift report, for a pull-request comment or a CI job summary:
// one row per resource changed outside Terraform, with the fields, who
// changed them, how and when, as the provider's drift warnings say.
//
//	terraform plan -json | mspbackup-drift >> "$GITHUB_STEP_SUMMARY"
//	mspbackup-drift plan.json > drift.md
//
// It exits 2 when there is drift, 0 when there is none and 1 on an error
// (unreadable input, or a plan that failed), like terraform plan
// -detailed-exitcode.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: mspbackup-drift [plan.json]

Reads the output of "terraform plan -json" (from the file, or from standard
input) and writes a Markdown drift report. Exits 2 when there is drift, 0
when there is none, 1 on an error.
`

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	in := stdin
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) == 1 && args[0] != "-":
		f, err := os.Open(args[0])
		if err != nil {
			fmt.Fprintln(stderr, "mspbackup-drift:", err)
			return 1
		}
		defer f.Close()
		in = f
	case len(args) > 1:
		fmt.Fprint(stderr, usage)
		return 1
	}
	rep, err := readPlan(in)
	if err != nil {
		fmt.Fprintln(stderr, "mspbackup-drift:", err)
		return 1
	}
	if _, err := io.WriteString(stdout, rep.markdown()); err != nil {
		fmt.Fprintln(stderr, "mspbackup-drift:", err)
		return 1
	}
	if len(rep.drifted) > 0 {
		return 2
	}
	return 0
}

// message is the part of a `terraform plan -json` line this command reads.
type message struct {
	Type   string `json:"type"`
	Change struct {
		Resource struct {
			Addr string `json:"addr"`
		} `json:"resource"`
		Action string `json:"action"`
	} `json:"change"`
	Diagnostic struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Address  string `json:"address"`
	} `json:"diagnostic"`
	Changes *struct {
		Add    int `json:"add"`
		Change int `json:"change"`
		Remove int `json:"remove"`
	} `json:"changes"`
	Terraform string `json:"terraform"`
}

// report is what the plan says about drift.
type report struct {
	terraform string
	drifted   []*drift // in the order the plan names them
	byAddr    map[string]*drift
	summary   string // "Plan: 1 to add, ..." or ""
}

// drift is one resource changed outside Terraform.
type drift struct {
	addr    string
	action  string   // "update" or "delete" (Terraform's resource_drift action)
	changes []change // from the provider's warning; none when it could not say
}

// change is one "fields, by who how at when" of a drift warning.
type change struct {
	fields, who, how, when string
}

func (r *report) get(addr string) *drift {
	if d, ok := r.byAddr[addr]; ok {
		return d
	}
	d := &drift{addr: addr}
	r.byAddr[addr] = d
	r.drifted = append(r.drifted, d)
	return d
}

// readPlan reads `terraform plan -json` line by line.
func readPlan(in io.Reader) (*report, error) {
	r := &report{byAddr: map[string]*drift{}}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	lines := 0
	var failures []string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var m message
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			return nil, fmt.Errorf("line %d is not JSON: is this the output of `terraform plan -json`? (%v)", lines+1, err)
		}
		lines++
		switch m.Type {
		case "version":
			r.terraform = m.Terraform
		case "resource_drift":
			d := r.get(m.Change.Resource.Addr)
			d.action = m.Change.Action
		case "change_summary":
			if m.Changes != nil {
				r.summary = fmt.Sprintf("Plan: %d to add, %d to change, %d to destroy.", m.Changes.Add, m.Changes.Change, m.Changes.Remove)
			}
		case "diagnostic":
			if m.Diagnostic.Severity == "error" {
				failures = append(failures, m.Diagnostic.Summary)
				continue
			}
			if changes, deleted, ok := parseWarning(m.Diagnostic.Summary); ok && m.Diagnostic.Address != "" {
				d := r.get(m.Diagnostic.Address)
				d.changes = changes
				if deleted {
					d.action = "delete"
				} else if d.action == "" {
					d.action = "update"
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if lines == 0 {
		return nil, errors.New("no input: pipe the output of `terraform plan -json` into it, or name the file")
	}
	if len(failures) > 0 {
		return nil, fmt.Errorf("the plan failed: %s", strings.Join(failures, "; "))
	}
	return r, nil
}

// The provider's drift warnings (internal/provider/drift_attribution.go):
//
//	<type> "<name>" was changed outside Terraform: <fields>, by <who> <how> at <when>; then ...
//	<type> "<name>" was deleted outside Terraform by <who> <how> at <when>
var (
	warningPattern = regexp.MustCompile(`^\S+ .+? was (changed|deleted) outside Terraform:? (.+)$`)
	changePattern  = regexp.MustCompile(`^(?:(.+?), )?by (.+?) (in the console|through an API sign-in|with the API token "[^"]*"|with an API token|\([^)]*\)) at (\S+)$`)
)

// parseWarning reads a drift warning's changes; ok is false for any other
// diagnostic.
func parseWarning(summary string) (changes []change, deleted, ok bool) {
	m := warningPattern.FindStringSubmatch(summary)
	if m == nil {
		return nil, false, false
	}
	for _, part := range strings.Split(m[2], "; then ") {
		c := changePattern.FindStringSubmatch(part)
		if c == nil {
			return nil, false, false
		}
		changes = append(changes, change{fields: c[1], who: c[2], how: how(c[3]), when: c[4]})
	}
	return changes, m[1] == "deleted", true
}

// how names the way of a change for the report's How column.
func how(phrase string) string {
	switch {
	case phrase == "in the console":
		return "web console"
	case phrase == "through an API sign-in":
		return "API sign-in"
	case strings.HasPrefix(phrase, "with the API token "):
		return "API token " + strings.TrimPrefix(phrase, "with the API token ")
	case phrase == "with an API token":
		return "API token"
	}
	return strings.Trim(phrase, "()")
}

// markdown renders the report.
func (r *report) markdown() string {
	var b strings.Builder
	b.WriteString("## Drift report\n\n")
	if len(r.drifted) == 0 {
		b.WriteString("No drift: every resource is as Terraform last left it.\n")
		return b.String()
	}
	noun := "resources were"
	if len(r.drifted) == 1 {
		noun = "resource was"
	}
	fmt.Fprintf(&b, "%d %s changed outside Terraform", len(r.drifted), noun)
	if r.summary != "" {
		fmt.Fprintf(&b, " (%s)", strings.TrimSuffix(r.summary, "."))
	}
	b.WriteString(".\n\n| Resource | Change | Fields | Who | How | When (UTC) |\n|---|---|---|---|---|---|\n")
	drifted := slices.Clone(r.drifted)
	slices.SortStableFunc(drifted, func(a, b *drift) int { return strings.Compare(a.addr, b.addr) })
	unattributed := 0
	for _, d := range drifted {
		action := "changed"
		if d.action == "delete" {
			action = "deleted"
		}
		if len(d.changes) == 0 {
			unattributed++
			fmt.Fprintf(&b, "| `%s` | %s | | unknown | | |\n", d.addr, action)
			continue
		}
		for i, c := range d.changes {
			addr, act := "`"+d.addr+"`", action
			if i > 0 {
				addr, act = "", "then"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", addr, act, cell(c.fields), cell(c.who), cell(c.how), cell(c.when))
		}
	}
	if unattributed > 0 {
		b.WriteString("\n\"unknown\": the plan does not say who made the change. The provider names them when its API token has " +
			"the `audit:read` permission; changes Terraform made itself are not listed.\n")
	}
	if r.terraform != "" {
		fmt.Fprintf(&b, "\n<sub>From `terraform plan -json` (Terraform %s) by mspbackup-drift.</sub>\n", r.terraform)
	}
	return b.String()
}

// cell escapes a table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
