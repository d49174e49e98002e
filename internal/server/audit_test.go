package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestAuditEventsSayWhoAndHow: every change event names the object, the
// fields, the actor (its login, and the token it used) and how the change
// was made: in the console, through an API sign-in, by this provider or by
// another client with an API token.
func TestAuditEventsSayWhoAndHow(t *testing.T) {
	ts, a := startParallel(t)
	ops := a.user(client.UserCreateRequest{Login: "ops@msp.example", Password: goodPassword})
	a.addMember(a.group(client.PermCustomerAccountsWrite, client.PermCustomerAccountsRead).ID, ops.ID)
	tokenSecret := must[client.APIToken](a, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "nightly-sync", UserID: ops.ID})
	session := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "ops@msp.example", Password: goodPassword}).Token
	if session == "" {
		t.Fatal("the sign-in answered no session token")
	}

	acct := a.customerAccount()
	rename := func(how string) {
		body := client.CustomerAccountUpdateRequest{Name: ptr(unique("Renamed " + how))}
		switch how {
		case client.ViaTerraform:
			must[client.CustomerAccount](a, 200, "PATCH", "/customer-accounts/"+acct.ID, body, "User-Agent", client.TerraformUserAgent+"1.2.3")
		case client.ViaToken:
			must[client.CustomerAccount](a.as(tokenSecret.Token), 200, "PATCH", "/customer-accounts/"+acct.ID, body)
		case client.ViaSession:
			must[client.CustomerAccount](a.as(session), 200, "PATCH", "/customer-accounts/"+acct.ID, body)
		case client.ViaConsole: // the console's own form, with the session cookie
			form := url.Values{"csrf_token": {"c"}, "name": {*body.Name}}
			req, _ := http.NewRequest("POST", ts.URL+"/customer-accounts/"+acct.ID, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "mspbackup_session", Value: session})
			req.AddCookie(&http.Cookie{Name: "mspbackup_csrf", Value: "c"})
			res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil || res.StatusCode != http.StatusSeeOther {
				t.Fatalf("console form: %v %v", res, err)
			}
			res.Body.Close()
		}
	}
	tests := []struct {
		via, actor, actorLogin, tokenName string
	}{
		{client.ViaTerraform, "bootstrap", "", ""},
		{client.ViaToken, ops.ID, "ops@msp.example", "nightly-sync"},
		{client.ViaSession, ops.ID, "ops@msp.example", ""},
		{client.ViaConsole, ops.ID, "ops@msp.example", ""},
	}
	for _, tt := range tests {
		before := time.Now().UTC().Truncate(time.Microsecond)
		rename(tt.via)
		page := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?entity_id="+acct.ID+"&action=update&since="+url.QueryEscape(before.Format(time.RFC3339Nano)), nil)
		if len(page.Items) != 1 {
			t.Fatalf("%s: %d events since %s, want 1: %+v", tt.via, len(page.Items), before, page.Items)
		}
		ev := page.Items[0]
		if ev.Via != tt.via || ev.Actor != tt.actor || ev.ActorLogin != tt.actorLogin || ev.Entity != "customer_account" ||
			ev.EntityID != acct.ID || !slices.Equal(ev.Fields, []string{"name"}) || ev.At.Before(before) {
			t.Errorf("%s: event %+v", tt.via, ev)
		}
		if tt.tokenName != "" && (ev.TokenName != tt.tokenName || ev.TokenID != tokenSecret.ID) {
			t.Errorf("%s: token %q %q, want %q %q", tt.via, ev.TokenID, ev.TokenName, tokenSecret.ID, tt.tokenName)
		}
		if tt.via != client.ViaTerraform && ev.TokenID == "" {
			t.Errorf("%s: the event names no token", tt.via)
		}
	}
}

// TestAuditEventFilters: several ids at once, since, actor and action; bad
// values are refused naming the parameter.
func TestAuditEventFilters(t *testing.T) {
	_, a := startParallel(t)
	ops := a.user(client.UserCreateRequest{Login: "ops@msp.example"})
	a.addMember(a.group(client.PermCustomerAccountsWrite).ID, ops.ID)
	opsAPI := a.as(a.tokenFor(ops.ID))
	x, y, z := a.customerAccount(), a.customerAccount(), a.customerAccount()
	mid := time.Now().UTC()
	must[client.CustomerAccount](opsAPI, 200, "PATCH", "/customer-accounts/"+x.ID, client.CustomerAccountUpdateRequest{Description: ptr("d")})
	must[client.CustomerAccount](opsAPI, 200, "PATCH", "/customer-accounts/"+z.ID, client.CustomerAccountUpdateRequest{Description: ptr("d")})
	ids := func(q string) []string {
		page := must[client.Page[client.AuditEvent]](a, 200, "GET", "/audit-events?"+q, nil)
		var out []string
		for _, e := range page.Items {
			out = append(out, e.Action+":"+e.EntityID)
		}
		return out
	}
	since := "since=" + url.QueryEscape(mid.Format(time.RFC3339Nano))
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"entity_id=" + x.ID + "," + y.ID, []string{"create:" + x.ID, "create:" + y.ID, "update:" + x.ID}},
		{"entity_id=" + x.ID + "," + y.ID + "," + z.ID + "&" + since, []string{"update:" + x.ID, "update:" + z.ID}},
		{"actor=" + ops.ID + "&entity=customer_account", []string{"update:" + x.ID, "update:" + z.ID}},
		{"action=update&entity_id=" + y.ID, nil},
	} {
		if got := ids(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	for _, tt := range []struct{ query, field string }{
		{"entity_id=" + strings.Repeat("cus_1,", 100) + "cus_1", "entity_id"},
		{"entity_id=" + x.ID + ",", "entity_id"},
		{"since=yesterday", "since"},
	} {
		r := a.do("GET", "/audit-events?"+tt.query, nil)
		if r.status != 422 || len(r.problem().Errors) != 1 || r.problem().Errors[0].Field != tt.field {
			t.Errorf("%s: %d %s, want 422 naming %s", tt.query, r.status, r.body, tt.field)
		}
	}
	// A reader with mask_data sees other users' logins masked, its own in clear.
	masked := a.user(client.UserCreateRequest{Login: "auditor@msp.example", MaskData: ptr(true)})
	a.addMember(a.group(client.PermAuditRead, client.PermCustomerAccountsWrite).ID, masked.ID)
	maskedAPI := a.as(a.tokenFor(masked.ID))
	must[client.CustomerAccount](maskedAPI, 200, "PATCH", "/customer-accounts/"+y.ID, client.CustomerAccountUpdateRequest{Description: ptr("m")})
	page := must[client.Page[client.AuditEvent]](maskedAPI, 200, "GET", "/audit-events?action=update&entity=customer_account", nil)
	logins := map[string]string{}
	for _, e := range page.Items {
		logins[e.Actor] = e.ActorLogin
	}
	if logins[masked.ID] != "auditor@msp.example" || logins[ops.ID] == "" || logins[ops.ID] == ops.Login {
		t.Errorf("masked reader's logins: %v", logins)
	}
}
