package server

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// maskUser returns u as the principal may read it: a principal with
// mask_data reads other users' personal data masked (its own in clear).
func maskUser(p *principal, u *client.User) *client.User {
	if !p.maskData() || p.user.ID == u.ID {
		return u
	}
	m := *u
	m.Login = maskLogin(u.Login)
	m.Email = maskEmail(u.Email)
	m.FirstName = maskText(u.FirstName)
	m.LastName = maskText(u.LastName)
	m.DisplayName = maskText(u.DisplayName)
	m.MobilePhone = maskText(u.MobilePhone)
	m.NotificationEmails = make([]string, len(u.NotificationEmails))
	for i, e := range u.NotificationEmails {
		m.NotificationEmails[i] = maskEmail(e)
	}
	return &m
}

func maskUsers(p *principal, users []client.User) []client.User {
	if !p.maskData() {
		return users
	}
	out := make([]client.User, len(users))
	for i := range users {
		out[i] = *maskUser(p, &users[i])
	}
	return out
}

// outboxView returns a message as the principal may read it: the code of
// an MFA message is removed for everyone but the bootstrap administrator
// (a live code is a sign-in), and a principal with mask_data reads the
// address and body masked.
func outboxView(p *principal, m client.OutboxMessage) client.OutboxMessage {
	if m.Kind == client.MessageKindMFACode && !p.bootstrap {
		m.Body = mfaCodePattern.ReplaceAllString(m.Body, "[code removed]")
	}
	if p.maskData() {
		m.To = maskEmail(m.To)
		m.Body = maskText(m.Body)
	}
	return m
}

// mfaCodePattern finds the code in an MFA message.
var mfaCodePattern = regexp.MustCompile(`\b[0-9]{6}\b`)

func outboxViews(p *principal, items []client.OutboxMessage) []client.OutboxMessage {
	for i := range items {
		items[i] = outboxView(p, items[i])
	}
	return items
}

// maskLogin masks a login that is an e-mail address (personal data);
// other logins are names of accounts and read in clear.
func maskLogin(login string) string {
	if strings.Contains(login, "@") {
		return maskEmail(login)
	}
	return login
}

// maskText keeps the first character and stars the rest: "Alice" -> "A****".
func maskText(s string) string {
	if s == "" {
		return ""
	}
	_, size := utf8.DecodeRuneInString(s)
	return s[:size] + strings.Repeat("*", utf8.RuneCountInString(s[size:]))
}

// maskEmail masks the local part like maskText and the domain entirely but
// its dots: "alice@example.com" -> "a****@*******.***".
func maskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok {
		return maskText(s)
	}
	var b strings.Builder
	b.WriteString(maskText(local))
	b.WriteByte('@')
	for _, r := range domain {
		if r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}
