package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// The day-2 verbs on a user: send the getting-started e-mail again, reset
// the password, end the sign-in sessions. Each needs users:write (the
// route) and every right the user holds (mayManageUser, as a change of the
// user does), takes an Idempotency-Key like every POST (see authed) and is
// audited without any secret.

// userVerb runs verb on the user at the path's id in one transaction,
// after loading it (tenancy: 404 outside the principal's account, or
// under an account pending deletion) and applying the privilege rule.
func (s *Server) userVerb(w http.ResponseWriter, r *http.Request, p *principal, action string,
	verb func(ctx context.Context, tx *store.Tx, u *client.User) (*reply, error)) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		u, err := loadUser(ctx, tx.Q, p, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if err := mayManageUser(ctx, tx.Q, p, u, nil, action); err != nil {
			return nil, err
		}
		return verb(ctx, tx, u)
	})
}

// errNoEmail refuses a verb that mails a user without an e-mail address.
func errNoEmail(u *client.User, what string) error {
	return conflict("user %s has no email address to send %s to: set its email first", u.ID, what)
}

// sendInstructions sends the user the getting-started e-mail of its
// creation (send_welcome_email) again.
func (s *Server) sendInstructions(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.userVerb(w, r, p, "send instructions to", func(ctx context.Context, tx *store.Tx, u *client.User) (*reply, error) {
		if u.Email == "" {
			return nil, errNoEmail(u, "the instructions")
		}
		if err := s.send(ctx, tx, u.Email, "Welcome to mspbackup", welcomeBody(u, s.consoleLink()), client.MessageKindWelcome, u.CustomerAccountID); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, p, "send_instructions", "user", u.ID, u.CustomerAccountID, nil); err != nil {
			return nil, err
		}
		return &reply{Status: http.StatusNoContent}, nil
	})
}

// resetPassword sets a new password (new_password), or with generate makes
// one and mails it to the user, never answering it; either way it ends the
// user's sign-in sessions.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.PasswordResetRequest](r)
	if err != nil {
		return err
	}
	var fe fieldErrors
	password := req.NewPassword
	switch {
	case req.Generate && req.NewPassword != "":
		fe.add("new_password", "cannot be given with generate = true: choose one")
	case req.Generate:
		password = generatePassword()
	case req.NewPassword == "":
		fe.add("new_password", "is required unless generate is true")
	default:
		checkPassword(&fe, "new_password", req.NewPassword)
	}
	if err := fe.err(); err != nil {
		return err
	}
	ctx := r.Context()
	hash, err := s.passwords.hash(ctx, password) // before the transaction: it is slow
	if err != nil {
		return err
	}
	return s.userVerb(w, r, p, "reset the password of", func(ctx context.Context, tx *store.Tx, u *client.User) (*reply, error) {
		if req.Generate {
			if u.Email == "" {
				return nil, errNoEmail(u, "a generated password")
			}
			if err := s.send(ctx, tx, u.Email, "Your new mspbackup password", resetBody(u, password, s.consoleLink()),
				client.MessageKindPasswordReset, u.CustomerAccountID); err != nil {
				return nil, err
			}
		}
		if err := tx.SetPassword(ctx, u.ID, hash, s.clock()); err != nil {
			return nil, err
		}
		return s.sessionsEnded(ctx, tx, p, u, "reset_password", []string{"password"})
	})
}

// endSessions signs the user out everywhere: its sign-in sessions and open
// MFA challenges end; its API tokens stay (they are revoked one by one).
func (s *Server) endSessions(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.userVerb(w, r, p, "end the sessions of", func(ctx context.Context, tx *store.Tx, u *client.User) (*reply, error) {
		return s.sessionsEnded(ctx, tx, p, u, "end_sessions", nil)
	})
}

// sessionsEnded ends the user's sessions, records the audit event and
// answers how many sessions ended.
func (s *Server) sessionsEnded(ctx context.Context, tx *store.Tx, p *principal, u *client.User, action string, fields []string) (*reply, error) {
	n, err := tx.EndSessions(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, p, action, "user", u.ID, u.CustomerAccountID, fields); err != nil {
		return nil, err
	}
	return entityReply(http.StatusOK, client.SessionsEnded{Ended: int(n)}, 0)
}

// resetBody tells the user the password an administrator generated for it.
func resetBody(u *client.User, password, console string) string {
	name, console := greeting(u, console)
	return fmt.Sprintf(`Hello %s,

Your mspbackup password has been reset by an administrator, and you have
been signed out everywhere.

Your login: %s
Your new password: %s
%s
Sign in and change it. If you did not expect this message, tell your
administrator.
`, name, u.Login, password, console)
}
