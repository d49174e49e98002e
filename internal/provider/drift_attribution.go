package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// Drift attribution. When a Read finds that an object changed since
// Terraform last wrote it (its updated_at differs from the state's) or that
// it was deleted, the plan carries a warning that says who changed it, which
// fields, how (in the console, through an API sign-in, with which API token)
// and when, from the server's audit log:
//
//	mspbackup_user "alice@acme.example" was changed outside Terraform: display_name, mobile_phone, by ops@msp.example in the console at 2026-12-06T10:14:03Z
//
// It is a warning only: nothing of it goes into state, so it never makes a
// diff of its own. The provider's own changes are left out: the server
// records the changes of requests with this provider's User-Agent as made
// "terraform" (client.ViaTerraform), which is how a change that one resource
// of the configuration makes to another's object (a membership bumping its
// group) is told from a technician's.
//
// Where: at the plugin protocol, around the framework's ReadResource, so
// every resource with an updated_at gets it without a line in its Read. The
// framework's Read is never told the resource's address, so the warning
// names the type and the object's login or name (else its id), which the
// state holds.
//
// Cost: no request while nothing drifted. The first drift of an operation
// fetches one page of every change since an hour before the state's
// updated_at of that object (the window): the objects of one apply were
// written within that hour of each other, so one request answers for every
// drifted object of the plan while the audit log holds fewer than
// snapshotPageSize events since. An object the window cannot answer for
// (written by Terraform before it, or the window overflowed) waits in a
// queue: one request with up to maxAuditIDs ids answers the queue, and the
// objects that drift while it is in flight wait for the next one.
//
// Without audit:read (or on any other error of the audit log) there is no
// warning, one log line, and no further audit request in the operation.

// driftWindowLookback is how far before the first drifted object's last
// write by Terraform the window starts.
const driftWindowLookback = time.Hour

// maxAuditIDs is how many ids one audit request may ask about (the server's
// bound).
const maxAuditIDs = 100

// NewProtocol6 returns the provider's protocol server: the framework's, with
// drift attribution on ReadResource. main and the acceptance tests serve it.
func NewProtocol6(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &mspbackupProvider{version: version, drift: &driftAttribution{}}
		inner := providerserver.NewProtocol6(p)()
		s := &driftServer{ProviderServer: inner, drift: p.drift}
		lists, okLists := inner.(tfprotov6.ListResourceServer)
		actions, okActions := inner.(tfprotov6.ActionServer)
		if okLists && okActions {
			// Keep the protocol's optional list resources and actions
			// reachable through the wrapper.
			return &driftFullServer{driftServer: s, ListResourceServer: lists, ActionServer: actions}
		}
		return s
	}
}

// driftFullServer is a driftServer that forwards list resources and actions
// too.
type driftFullServer struct {
	*driftServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
}

// driftServer adds drift warnings to the framework's ReadResource answers.
type driftServer struct {
	tfprotov6.ProviderServer
	drift *driftAttribution

	schemaOnce sync.Once
	types      map[string]tftypes.Type // resource type name -> state type, for those with updated_at
}

func (s *driftServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if err != nil || resp == nil || req.CurrentState == nil || hasErrorDiagnostic(resp.Diagnostics) {
		return resp, err
	}
	typ, ok := s.stateType(ctx, req.TypeName)
	if !ok {
		return resp, err
	}
	prior, ok := decodeState(req.CurrentState, typ)
	if !ok || prior["updated_at"] == "" {
		return resp, err // created or imported by an older provider, or not read before
	}
	now, _ := decodeState(resp.NewState, typ) // nil when the Read removed it: deleted
	if now != nil && now["updated_at"] == prior["updated_at"] {
		return resp, err
	}
	if d := s.drift.warning(ctx, req.TypeName, prior, now == nil); d != nil {
		resp.Diagnostics = append(resp.Diagnostics, d)
	}
	return resp, err
}

// stateType is the state type of a resource that has an updated_at.
func (s *driftServer) stateType(ctx context.Context, typeName string) (tftypes.Type, bool) {
	s.schemaOnce.Do(func() {
		s.types = map[string]tftypes.Type{}
		schemas, err := s.ProviderServer.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || schemas == nil {
			return
		}
		for name, sc := range schemas.ResourceSchemas {
			if sc.Block != nil && slices.ContainsFunc(sc.Block.Attributes, func(a *tfprotov6.SchemaAttribute) bool { return a.Name == "updated_at" }) {
				s.types[name] = sc.ValueType()
			}
		}
	})
	t, ok := s.types[typeName]
	return t, ok
}

// decodeState reads the string attributes of a state; nil for a null state.
func decodeState(dv *tfprotov6.DynamicValue, typ tftypes.Type) (map[string]string, bool) {
	if dv == nil {
		return nil, false
	}
	v, err := dv.Unmarshal(typ)
	if err != nil || v.IsNull() || !v.IsKnown() {
		return nil, false
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return nil, false
	}
	out := map[string]string{}
	for name, a := range attrs {
		var s *string
		if a.Type().Is(tftypes.String) && a.IsKnown() && a.As(&s) == nil && s != nil {
			out[name] = *s
		}
	}
	return out, true
}

func hasErrorDiagnostic(diags []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError })
}

// driftAttribution answers, for the drifted objects of one operation, the
// change events that explain them (see the top of this file).
type driftAttribution struct {
	mu     sync.Mutex
	client *client.Client
	off    bool // no audit:read, or the audit log failed: attribute nothing more

	window      *auditWindow
	queue       []*driftQuery
	queueActive bool // a request for the queue is in flight
}

// auditWindow is every change event since since, fetched once.
type auditWindow struct {
	since    time.Time
	done     chan struct{} // closed when fetched
	events   []client.AuditEvent
	complete bool // the first page held every event since since
}

// driftQuery is one drifted object waiting for the queue's request.
type driftQuery struct {
	id     string
	since  time.Time
	done   chan struct{}
	events []client.AuditEvent
	ok     bool
}

// configure hands the attribution this operation's client and forgets the
// previous operation's (a provider served for a debugger is configured once
// per Terraform command).
func (d *driftAttribution) configure(c *client.Client) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.client, d.off, d.window = c, false, nil
}

// warning is the warning for the object of state prior, deleted or changed
// since; nil when the audit log names no change other than Terraform's.
func (d *driftAttribution) warning(ctx context.Context, typeName string, prior map[string]string, deleted bool) *tfprotov6.Diagnostic {
	since, err := time.Parse(time.RFC3339Nano, prior["updated_at"])
	if err != nil || prior["id"] == "" {
		return nil
	}
	events, ok := d.events(ctx, prior["id"], since)
	if !ok {
		return nil
	}
	var outside []client.AuditEvent
	for _, e := range events {
		// Sign-in events (no via) change nothing; Terraform's own are not drift.
		if e.Via != "" && e.Via != client.ViaTerraform && (!deleted || e.Action == "delete") {
			outside = append(outside, e)
		}
	}
	if len(outside) == 0 {
		return nil
	}
	what := typeName + " " + prior["id"]
	for _, k := range []string{"login", "name"} {
		if v := prior[k]; v != "" {
			what = fmt.Sprintf("%s %q", typeName, v)
			break
		}
	}
	summary := what + " was changed outside Terraform: " + describeEvents(outside)
	if deleted {
		summary = what + " was deleted outside Terraform " + describeEvents(outside)
	}
	return &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityWarning,
		Summary:  summary,
		Detail: fmt.Sprintf("The management server's audit log records this change of %s (%s) since Terraform last wrote it at %s. "+
			"The plan shows whether it differs from the configuration; this warning changes nothing in the state.",
			prior["id"], typeName, prior["updated_at"]),
	}
}

// describeEvents renders events, oldest first, as "fields, by who how at
// when"; consecutive events of one actor and way are merged.
func describeEvents(events []client.AuditEvent) string {
	var parts []string
	for i := 0; i < len(events); {
		who := describeActor(events[i])
		var fields []string
		j := i
		for ; j < len(events) && describeActor(events[j]) == who; j++ {
			for _, f := range events[j].Fields {
				if !slices.Contains(fields, f) {
					fields = append(fields, f)
				}
			}
		}
		part := who + " at " + events[j-1].At.UTC().Format(time.RFC3339)
		if events[j-1].Action != "delete" && len(fields) > 0 {
			part = strings.Join(fields, ", ") + ", " + part
		}
		parts = append(parts, part)
		i = j
	}
	return strings.Join(parts, "; then ")
}

// describeActor says who made a change and how: "by ops@msp.example in the
// console", "by ci@msp.example with the API token \"nightly\"".
func describeActor(e client.AuditEvent) string {
	who := e.ActorLogin
	switch {
	case who != "":
	case e.Actor == "bootstrap":
		who = "the bootstrap administrator"
	default:
		who = e.Actor
	}
	switch e.Via {
	case client.ViaConsole:
		return "by " + who + " in the console"
	case client.ViaSession:
		return "by " + who + " through an API sign-in"
	case client.ViaToken:
		if e.TokenName != "" {
			return fmt.Sprintf("by %s with the API token %q", who, e.TokenName)
		}
		return "by " + who + " with an API token"
	}
	return "by " + who + " (" + e.Via + ")"
}

// events returns the change events of the object id at or after since; ok
// is false when the audit log cannot be read.
func (d *driftAttribution) events(ctx context.Context, id string, since time.Time) ([]client.AuditEvent, bool) {
	d.mu.Lock()
	if d.client == nil || d.off {
		d.mu.Unlock()
		return nil, false
	}
	w := d.window
	if w == nil { // the first drift of the operation fetches the window
		w = &auditWindow{since: since.Add(-driftWindowLookback), done: make(chan struct{})}
		d.window = w
		d.mu.Unlock()
		page, err := d.client.AuditEvents.List(ctx, &client.ListOptions{Since: w.since, PageSize: snapshotPageSize})
		d.mu.Lock()
		if err != nil {
			d.failed(ctx, err)
		} else {
			w.events, w.complete = page.Items, page.NextPageToken == ""
		}
		close(w.done)
		d.mu.Unlock()
	} else {
		d.mu.Unlock()
	}
	<-w.done
	d.mu.Lock()
	if d.off {
		d.mu.Unlock()
		return nil, false
	}
	if w.complete && !since.Before(w.since) {
		d.mu.Unlock()
		return eventsOf(w.events, id, since), true
	}
	q := &driftQuery{id: id, since: since, done: make(chan struct{})}
	d.queue = append(d.queue, q)
	if d.queueActive { // the request in flight's owner sends the next one
		d.mu.Unlock()
		<-q.done
		return q.events, q.ok
	}
	d.queueActive = true
	for len(d.queue) > 0 && !d.off {
		batch := d.queue[:min(len(d.queue), maxAuditIDs)]
		d.queue = d.queue[len(batch):]
		d.mu.Unlock()
		ids := make([]string, len(batch))
		oldest := batch[0].since
		for i, b := range batch {
			ids[i] = b.id
			if b.since.Before(oldest) {
				oldest = b.since
			}
		}
		events, err := d.client.AuditEvents.ListAll(ctx, &client.ListOptions{EntityID: strings.Join(ids, ","), Since: oldest, PageSize: snapshotPageSize})
		d.mu.Lock()
		if err != nil {
			d.failed(ctx, err)
		}
		for _, b := range batch {
			b.events, b.ok = eventsOf(events, b.id, b.since), err == nil
			close(b.done)
		}
	}
	for _, b := range d.queue { // left when the audit log failed
		close(b.done)
	}
	d.queue, d.queueActive = nil, false
	d.mu.Unlock()
	return q.events, q.ok
}

// failed turns attribution off for the operation, with one log line. The
// caller holds d.mu.
func (d *driftAttribution) failed(ctx context.Context, err error) {
	if d.off {
		return
	}
	d.off = true
	msg := "Drift attribution is off for this operation: the audit log could not be read"
	if client.IsForbidden(err) {
		msg = "Drift attribution is off: the API token lacks the audit:read permission, so plans do not say who changed a drifted object"
	}
	tflog.Warn(ctx, msg, map[string]any{"error": err.Error()})
}

func eventsOf(events []client.AuditEvent, id string, since time.Time) []client.AuditEvent {
	var out []client.AuditEvent
	for _, e := range events {
		if e.EntityID == id && !e.At.Before(since) {
			out = append(out, e)
		}
	}
	return out
}
