package provider

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestDriftEventsWindowAndQueue: against the reference server, the first
// drifted object fetches the window; objects it covers cost no request;
// an object Terraform wrote before the window is asked about by id; and a
// reader without audit:read costs one request and then none.
func TestDriftEventsWindowAndQueue(t *testing.T) {
	var shift atomic.Int64
	var audits atomic.Int64
	srv := testserver.Start(t, testserver.Options{
		Now: func() time.Time { return time.Now().Add(time.Duration(shift.Load())) },
		Wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/api/v1/audit-events") {
					audits.Add(1)
				}
				h.ServeHTTP(w, r)
			})
		},
	})
	ctx := context.Background()
	admin, err := client.New(srv.URL, srv.Token, client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	change := func(name string) (string, time.Time) {
		a, err := admin.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.CustomerAccounts.Update(ctx, a.ID, &client.CustomerAccountUpdateRequest{Description: ptrTo("changed")}); err != nil {
			t.Fatal(err)
		}
		return a.ID, a.CreatedAt.Truncate(time.Second)
	}
	shift.Store(int64(-3 * time.Hour))
	old, oldSince := change("Written long ago")
	shift.Store(0)
	recent, recentSince := change("Written now")
	other, otherSince := change("Written now too")

	d := &driftAttribution{}
	d.configure(admin)
	for _, tt := range []struct {
		name     string
		id       string
		since    time.Time
		requests int64 // audit requests so far
	}{
		{"the first drift fetches the window", recent, recentSince, 1},
		{"the window answers for an object it covers", other, otherSince, 1},
		{"an object written before the window is asked about by id", old, oldSince, 2},
	} {
		events, ok := d.events(ctx, tt.id, tt.since)
		if !ok || len(events) != 2 || events[0].Action != "create" || events[1].Action != "update" || events[1].EntityID != tt.id {
			t.Errorf("%s: %v %+v", tt.name, ok, events)
		}
		if got := audits.Load(); got != tt.requests {
			t.Errorf("%s: %d audit requests, want %d", tt.name, got, tt.requests)
		}
	}

	// Without audit:read: one refused request, then none, never an error.
	u, err := admin.Users.Create(ctx, &client.UserCreateRequest{Login: "no-audit", MFAMethod: client.MFAMethodNone})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := admin.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "no audit", UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	reader, err := client.New(srv.URL, tok.Token, client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	d.configure(reader)
	audits.Store(0)
	for _, id := range []string{recent, old} {
		if events, ok := d.events(ctx, id, recentSince); ok || events != nil {
			t.Errorf("without audit:read: %v %+v", ok, events)
		}
	}
	if got := audits.Load(); got != 1 {
		t.Errorf("without audit:read: %d audit requests, want 1", got)
	}
}

func TestDescribeEvents(t *testing.T) {
	at := time.Date(2026, 12, 6, 10, 14, 3, 0, time.UTC)
	for _, tt := range []struct {
		events []client.AuditEvent
		want   string
	}{
		{[]client.AuditEvent{
			{Action: "update", Fields: []string{"display_name"}, ActorLogin: "ops@msp.example", Via: client.ViaConsole, At: at},
			{Action: "update", Fields: []string{"mobile_phone", "display_name"}, ActorLogin: "ops@msp.example", Via: client.ViaConsole, At: at.Add(time.Minute)},
		}, "display_name, mobile_phone, by ops@msp.example in the console at 2026-12-06T10:15:03Z"},
		{[]client.AuditEvent{
			{Action: "update", Fields: []string{"name"}, Actor: "bootstrap", Via: client.ViaToken, At: at},
			{Action: "update", Fields: []string{"enabled"}, ActorLogin: "bob@msp.example", Via: client.ViaSession, At: at},
			{Action: "update", Fields: []string{"quantity"}, ActorLogin: "ci@msp.example", Via: client.ViaToken, TokenName: "nightly", At: at},
		}, "name, by the bootstrap administrator with an API token at 2026-12-06T10:14:03Z; " +
			"then enabled, by bob@msp.example through an API sign-in at 2026-12-06T10:14:03Z; " +
			`then quantity, by ci@msp.example with the API token "nightly" at 2026-12-06T10:14:03Z`},
		{[]client.AuditEvent{{Action: "delete", Fields: []string{}, ActorLogin: "ops@msp.example", Via: client.ViaConsole, At: at}},
			"by ops@msp.example in the console at 2026-12-06T10:14:03Z"},
	} {
		if got := describeEvents(tt.events); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

// TestNewProtocol6KeepsListResources: the drift wrapper hides none of the
// framework server's optional list-resource RPCs.
func TestNewProtocol6KeepsListResources(t *testing.T) {
	if _, ok := providerserver.NewProtocol6(New("test")())().(tfprotov6.ListResourceServer); !ok {
		t.Skip("the framework serves no list resources")
	}
	if _, ok := NewProtocol6("test")().(tfprotov6.ListResourceServer); !ok {
		t.Error("NewProtocol6 hides ListResource and ValidateListResourceConfig")
	}
}
