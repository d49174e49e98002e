package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestUserPageJSON holds the page of users byte-identical to what
// encoding/json makes of the same items (as sendPage answered before),
// for every reader: in clear, masked, and masked but reading itself.
func TestUserPageJSON(t *testing.T) {
	acc, co, sa, sl := "cac_1", "com_<&>", "sta_\u2028", "stl_\xff"
	at := time.Date(2026, 11, 29, 15, 4, 5, 123456000, time.UTC)
	user := func(id string, edit func(*client.User)) client.User {
		u := client.User{
			Meta:  client.Meta{ID: id, CreatedAt: at, UpdatedAt: at.Add(time.Second), Version: 3},
			Login: "alice@example.com", Email: "alice@example.com", FirstName: "Alice", LastName: "Liddell",
			DisplayName: "Alice L.", NotificationEmails: []string{}, CustomerAccountID: &acc,
			Enabled: true, LicenseSource: client.LicenseSourceGlobalPool, MFAMethod: client.MFAMethodEmail,
		}
		if edit != nil {
			edit(&u)
		}
		return u
	}
	pages := []struct {
		name  string
		items []client.User
		next  int64
	}{
		{"nil", nil, 0},
		{"empty", []client.User{}, 0},
		{"one", []client.User{user("usr_1", nil)}, 0},
		{"next page", []client.User{user("usr_1", nil), user("usr_2", nil)}, 42},
		{"every field", []client.User{user("usr_1", func(u *client.User) {
			u.NotificationEmails = []string{"a@example.com", "b@example.org"}
			u.CompanyID, u.StorageAccountID, u.StorageLimitID = &co, &sa, &sl
			u.Bucket, u.MobilePhone, u.MaskData, u.Enabled = "bucket-1", "+441632960961", true, false
			u.MFAMethod, u.GeneratedPassword = client.MFAMethodSMS, "s3cr<t>&\"pw"
		})}, 7},
		{"nil lists and ids", []client.User{user("usr_1", func(u *client.User) {
			u.NotificationEmails, u.CustomerAccountID = nil, nil
		})}, 0},
		{"escapes", []client.User{user("usr_1", func(u *client.User) {
			u.Login = "<script>&\"\\'/"
			u.Email = "ctl\x00\x01\x1f\b\f\n\r\t\x7f@example.com"
			u.FirstName = "line\u2028para\u2029end"
			u.LastName = "bad\xff\xfeutf8\xe2\x82"
			u.DisplayName = "Ünïcödé 日本語 🙂"
			u.NotificationEmails = []string{"x<y>@example.com", "", "\u00e9@\u00e9.fr"}
			u.Bucket = "\u0000"
		})}, 0},
		{"times", []client.User{
			user("usr_1", func(u *client.User) { u.CreatedAt, u.UpdatedAt = time.Time{}, time.Unix(0, 0).UTC() }),
			user("usr_2", func(u *client.User) {
				u.CreatedAt = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
				u.UpdatedAt = at.In(time.FixedZone("", -(5*3600 + 30*60)))
			}),
			user("usr_3", func(u *client.User) {
				u.CreatedAt, u.UpdatedAt = at.Truncate(time.Second), at.Add(100*time.Millisecond)
			}),
		}, 1 << 62},
	}
	// A field added to client.User must be set by some page above, so that
	// the comparison with encoding/json sees appendUser leave it out.
	var covered []client.User
	for _, pg := range pages {
		covered = append(covered, pg.items...)
	}
	for _, name := range unsetFields(reflect.TypeFor[client.User](), covered) {
		t.Errorf("no page sets client.User.%s: set it in the \"every field\" page (and encode it in appendUser)", name)
	}
	readers := []struct {
		name string
		p    *principal
	}{
		{"bootstrap", &principal{actor: "bootstrap", bootstrap: true}},
		{"staff", &principal{user: &client.User{Meta: client.Meta{ID: "usr_staff"}}}},
		{"masked", &principal{user: &client.User{Meta: client.Meta{ID: "usr_staff"}, MaskData: true}}},
		{"masked self", &principal{user: &client.User{Meta: client.Meta{ID: "usr_1"}, MaskData: true}}},
	}
	for _, pg := range pages {
		for _, rd := range readers {
			t.Run(pg.name+"/"+rd.name, func(t *testing.T) {
				items := maskUsers(rd.p, pg.items)
				want, err := json.Marshal(client.Page[client.User]{Items: items, NextPageToken: pageToken(pg.next)})
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, '\n')
				rec := httptest.NewRecorder()
				if err := sendUserPage(rec, items, pg.next, nil); err != nil {
					t.Fatal(err)
				}
				if got := rec.Body.Bytes(); !bytes.Equal(got, want) {
					t.Errorf("page differs from encoding/json:\n got %s\nwant %s", got, want)
				}
				if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(len(want)); got != want {
					t.Errorf("Content-Length %s, want %s", got, want)
				}
				if got := rec.Header().Get("Content-Type"); got != "application/json" || rec.Code != 200 {
					t.Errorf("status %d, Content-Type %q", rec.Code, got)
				}
			})
		}
	}
}

// unsetFields returns the fields of the struct type t (embedded structs
// flattened) that are zero in every one of values.
func unsetFields[T any](t reflect.Type, values []T) []string {
	var unset []string
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous {
			continue
		}
		set := false
		for _, v := range values {
			if !reflect.ValueOf(v).FieldByIndex(f.Index).IsZero() {
				set = true
				break
			}
		}
		if !set {
			unset = append(unset, f.Name)
		}
	}
	return unset
}

// TestUserPageJSONBadTime checks that a time encoding/json refuses is
// answered as encoding/json answered it.
func TestUserPageJSONBadTime(t *testing.T) {
	items := []client.User{{Meta: client.Meta{ID: "usr_1", CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	want := httptest.NewRecorder()
	writeJSON(want, 200, client.Page[client.User]{Items: items})
	got := httptest.NewRecorder()
	if err := sendUserPage(got, items, 0, nil); err != nil {
		t.Fatal(err)
	}
	if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
		t.Errorf("got %d %s, want %d %s", got.Code, got.Body, want.Code, want.Body)
	}
}

// FuzzAppendJSONString compares the string quoting with encoding/json's.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\"\\", "\x00\x1f\x7f", "\u2028\u2029", "\xff", "\xe2\x82", "日本🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json: %s", s, got, want)
		}
	})
}
