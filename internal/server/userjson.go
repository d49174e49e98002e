package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// A page of users is the server's most frequent large answer (Terraform
// refreshes and the console list users by the hundred). encoding/json spends
// most of its time there on reflection and on re-validating what
// time.Time.MarshalJSON returns; this encoder writes the same bytes directly
// into a pooled buffer. TestUserPageJSON holds it byte-identical to
// encoding/json, including escaping and masked readers: a change of
// client.User must change both.

// pageBufs holds the buffers pages are encoded into; a buffer larger than
// maxPooledPage (a page of 1000 users with long fields) is left to the
// garbage collector rather than kept.
var pageBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledPage = 1 << 20

// sendUserPage answers one page of users as sendPage does.
func sendUserPage(w http.ResponseWriter, items []client.User, next int64, err error) error {
	if err != nil {
		return err
	}
	bp := pageBufs.Get().(*[]byte)
	b, ok := appendUserPage((*bp)[:0], items, pageToken(next))
	if !ok { // a time encoding/json refuses: answer as it does
		writeJSON(w, http.StatusOK, client.Page[client.User]{Items: items, NextPageToken: pageToken(next)})
	} else {
		b = append(b, '\n')
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b) // a ResponseWriter does not keep b
	}
	if cap(b) <= maxPooledPage {
		*bp = b
		pageBufs.Put(bp)
	}
	return nil
}

// appendUserPage appends the JSON of client.Page[client.User]; ok is false
// when a time is one encoding/json refuses (a year outside 0..9999).
func appendUserPage(b []byte, items []client.User, token string) ([]byte, bool) {
	b = append(b, `{"items":`...)
	if items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range items {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendUserJSON(b, &items[i]); !ok {
				return b, false
			}
		}
		b = append(b, ']')
	}
	if token != "" {
		b = append(b, `,"next_page_token":`...)
		b = appendJSONString(b, token)
	}
	return append(b, '}'), true
}

// appendUserJSON appends u as encoding/json encodes a client.User: the
// fields of the embedded Meta first, then the others in declaration order.
func appendUserJSON(b []byte, u *client.User) ([]byte, bool) {
	var ok1, ok2 bool
	b = append(b, `{"id":`...)
	b = appendJSONString(b, u.ID)
	b = append(b, `,"created_at":`...)
	b, ok1 = appendJSONTime(b, u.CreatedAt)
	b = append(b, `,"updated_at":`...)
	b, ok2 = appendJSONTime(b, u.UpdatedAt)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, u.Version, 10)
	b = append(b, `,"login":`...)
	b = appendJSONString(b, u.Login)
	b = append(b, `,"email":`...)
	b = appendJSONString(b, u.Email)
	b = append(b, `,"first_name":`...)
	b = appendJSONString(b, u.FirstName)
	b = append(b, `,"last_name":`...)
	b = appendJSONString(b, u.LastName)
	b = append(b, `,"display_name":`...)
	b = appendJSONString(b, u.DisplayName)
	b = append(b, `,"notification_emails":`...)
	if u.NotificationEmails == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, e := range u.NotificationEmails {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, e)
		}
		b = append(b, ']')
	}
	b = append(b, `,"customer_account_id":`...)
	b = appendJSONStringPtr(b, u.CustomerAccountID)
	b = append(b, `,"company_id":`...)
	b = appendJSONStringPtr(b, u.CompanyID)
	b = append(b, `,"storage_account_id":`...)
	b = appendJSONStringPtr(b, u.StorageAccountID)
	b = append(b, `,"bucket":`...)
	b = appendJSONString(b, u.Bucket)
	b = append(b, `,"storage_limit_id":`...)
	b = appendJSONStringPtr(b, u.StorageLimitID)
	b = append(b, `,"enabled":`...)
	b = strconv.AppendBool(b, u.Enabled)
	b = append(b, `,"license_source":`...)
	b = appendJSONString(b, u.LicenseSource)
	b = append(b, `,"mfa_method":`...)
	b = appendJSONString(b, u.MFAMethod)
	b = append(b, `,"mobile_phone":`...)
	b = appendJSONString(b, u.MobilePhone)
	b = append(b, `,"mask_data":`...)
	b = strconv.AppendBool(b, u.MaskData)
	if u.GeneratedPassword != "" {
		b = append(b, `,"generated_password":`...)
		b = appendJSONString(b, u.GeneratedPassword)
	}
	return append(b, '}'), ok1 && ok2
}

// appendJSONTime appends t as time.Time.MarshalJSON does (RFC 3339 with
// the fraction of a second it needs); ok is false for a year MarshalJSON
// refuses.
func appendJSONTime(b []byte, t time.Time) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), true
}

func appendJSONStringPtr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// its default HTML escaping: <, > and & as \u003c, \u003e and \u0026,
// control characters, invalid UTF-8 as \ufffd, and U+2028 and U+2029.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
