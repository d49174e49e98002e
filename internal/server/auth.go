package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// MFA challenges.
const (
	mfaTTL         = 10 * time.Minute
	mfaMaxAttempts = 5
)

var (
	errBadLogin     = errStatus(http.StatusUnauthorized, "invalid login or password")
	errDisabled     = errStatus(http.StatusForbidden, "user is disabled")
	errBadChallenge = errStatus(http.StatusUnauthorized, "invalid or expired challenge: log in again")
	errNotSession   = conflict("the bearer token is not a login session: revoke API tokens with DELETE /api/v1/tokens/{id}")
)

// login checks a login and password; with MFA it sends a code and answers
// a challenge, else it answers a session token. Unknown logins are counted,
// throttled and timed exactly like known ones with a wrong password.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	req, err := decode[client.LoginRequest](r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	addr := s.clientAddress(r)
	byLogin := loginThrottle(req.Login)
	throttles := []throttle{byLogin, addressThrottle(addr)}
	throttled := func(tx *store.Tx, wait time.Duration) error {
		if err := s.auditSignin(ctx, tx, actionLoginThrottled, nil, req.Login, addr); err != nil {
			return err
		}
		return errThrottled(wait)
	}
	// A locked login or address is refused before the (slow) password check.
	if wait, err := s.lockedFor(ctx, s.st.Q, throttles...); err != nil {
		return err
	} else if wait > 0 {
		return s.answerAfter(ctx, func(tx *store.Tx) error { return throttled(tx, wait) })
	}

	u, hash, err := s.st.UserByLogin(ctx, req.Login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	known := u != nil && hash != ""
	if !known {
		hash = dummyHash() // the same time as a wrong password
	}
	ok, err := s.passwords.verify(ctx, hash, req.Password)
	if err != nil {
		return err
	}
	ok = ok && known

	var answer *client.LoginResponse
	err = s.answerAfter(ctx, func(tx *store.Tx) error {
		// Concurrent guesses may have locked the login meanwhile: then the
		// answer is 429 whatever the password, so a burst of guesses learns
		// nothing past the limit.
		if wait, err := s.lockedFor(ctx, tx.Q, throttles...); err != nil {
			return err
		} else if wait > 0 {
			return throttled(tx, wait)
		}
		if !ok {
			if err := s.countFailure(ctx, tx, throttles...); err != nil {
				return err
			}
			if err := s.auditSignin(ctx, tx, actionLoginFailed, u, req.Login, addr); err != nil {
				return err
			}
			return errBadLogin
		}
		if err := mayOpenSession(ctx, tx.Q, u); err != nil {
			return err
		}
		if err := tx.ResetSigninCounter(ctx, byLogin.key); err != nil { // the address keeps its count
			return err
		}
		if u.MFAMethod == client.MFAMethodNone {
			t, err := s.openSession(ctx, tx, u, req.Login, addr)
			if err != nil {
				return err
			}
			answer = &client.LoginResponse{Token: t.Token, ExpiresAt: t.ExpiresAt}
			return nil
		}
		id, err := s.challenge(ctx, tx, u)
		if err != nil {
			return err
		}
		answer = &client.LoginResponse{MFARequired: true, ChallengeID: id}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, answer)
	return nil
}

// answerAfter runs fn in a sign-in transaction (see record) that commits
// even when fn answers a refusal (an *apiError): the failure it counted and
// audited stays recorded. Other errors roll back.
func (s *Server) answerAfter(ctx context.Context, fn func(*store.Tx) error) error {
	var refusal error
	err := s.record(ctx, func(tx *store.Tx) error {
		err := fn(tx)
		var ae *apiError
		if errors.As(err, &ae) {
			refusal = err
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	return refusal
}

// challenge ends the user's earlier challenges, opens a new one and sends
// its code; it returns the challenge's id.
func (s *Server) challenge(ctx context.Context, tx *store.Tx, u *client.User) (string, error) {
	to := u.Email
	if u.MFAMethod == client.MFAMethodSMS {
		to = u.MobilePhone
	}
	code := mfaCode()
	c := &store.MFAChallenge{ID: ident.NewID(client.PrefixMFAChallenge), UserID: u.ID, ExpiresAt: s.now().Add(mfaTTL)}
	c.CodeHash = ident.SecretHash(c.ID + ":" + code)
	if err := tx.EndMFAChallenges(ctx, u.ID); err != nil {
		return "", err
	}
	if err := tx.InsertMFAChallenge(ctx, c, s.now()); err != nil {
		return "", err
	}
	body := fmt.Sprintf("Your mspbackup sign-in code is %s. It expires in %d minutes. If you did not try to sign in, tell your administrator.",
		code, int(mfaTTL.Minutes()))
	if err := s.send(ctx, tx, to, "Your mspbackup sign-in code", body, client.MessageKindMFACode, u.CustomerAccountID); err != nil {
		return "", err
	}
	return c.ID, nil
}

func mfaCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

// verify checks the code of an MFA challenge and answers a session token.
// An unknown, expired or exhausted challenge is answered from a read, so a
// flood of made-up challenge ids never takes the store's writer. A live one
// is checked, counted or consumed in one write transaction: concurrent
// guesses cannot exceed the attempts allowed, and one code gives exactly
// one session.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) error {
	req, err := decode[client.VerifyRequest](r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if c, err := s.st.GetMFAChallenge(ctx, req.ChallengeID); errors.Is(err, store.ErrNotFound) {
		return errBadChallenge
	} else if err != nil {
		return err
	} else if !s.usable(c) {
		return errBadChallenge
	}

	addr := s.clientAddress(r)
	var answer *client.LoginResponse
	err = s.answerAfter(ctx, func(tx *store.Tx) error {
		c, err := tx.GetMFAChallenge(ctx, req.ChallengeID)
		if errors.Is(err, store.ErrNotFound) {
			return errBadChallenge // used or ended meanwhile
		} else if err != nil {
			return err
		} else if !s.usable(c) {
			return errBadChallenge
		}
		u, err := tx.GetUser(ctx, c.UserID)
		if err != nil {
			return err
		}
		th := mfaThrottle(u.ID)
		if wait, err := s.lockedFor(ctx, tx.Q, th); err != nil {
			return err
		} else if wait > 0 {
			if err := s.auditSignin(ctx, tx, actionMFAThrottled, u, u.Login, addr); err != nil {
				return err
			}
			return errThrottled(wait)
		}
		if subtle.ConstantTimeCompare([]byte(ident.SecretHash(c.ID+":"+req.Code)), []byte(c.CodeHash)) != 1 {
			if err := tx.CountMFAAttempt(ctx, c.ID); err != nil {
				return err
			}
			if err := s.countFailure(ctx, tx, th); err != nil {
				return err
			}
			if err := s.auditSignin(ctx, tx, actionMFAFailed, u, u.Login, addr); err != nil {
				return err
			}
			return errStatus(http.StatusUnauthorized, "invalid code (%d attempts left)", mfaMaxAttempts-c.Attempts-1)
		}
		if consumed, err := tx.ConsumeMFAChallenge(ctx, c.ID, s.now(), mfaMaxAttempts); err != nil {
			return err
		} else if !consumed {
			return errBadChallenge
		}
		if err := mayOpenSession(ctx, tx.Q, u); err != nil {
			return err
		}
		if err := tx.ResetSigninCounter(ctx, th.key); err != nil {
			return err
		}
		t, err := s.openSession(ctx, tx, u, u.Login, addr)
		if err != nil {
			return err
		}
		answer = &client.LoginResponse{Token: t.Token, ExpiresAt: t.ExpiresAt}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, answer)
	return nil
}

// usable reports whether a challenge may still be answered.
func (s *Server) usable(c *store.MFAChallenge) bool {
	return s.now().Before(c.ExpiresAt) && c.Attempts < mfaMaxAttempts
}

// openSession issues a login session token for u (purging the user's
// expired sessions and challenges on the way) and audits the login.
func (s *Server) openSession(ctx context.Context, tx *store.Tx, u *client.User, login, addr string) (*client.APIToken, error) {
	now := s.clock()
	if err := tx.PurgeUserSignins(ctx, u.ID, now); err != nil {
		return nil, err
	}
	expires := now.Add(SessionTTL)
	t := &client.APIToken{Meta: s.newMeta(client.PrefixToken), Name: rules.LoginSessionName, UserID: &u.ID, ExpiresAt: &expires, Token: ident.NewTokenSecret()}
	if err := tx.InsertSession(ctx, t, ident.SecretHash(t.Token)); err != nil {
		return nil, err
	}
	if err := s.auditSignin(ctx, tx, actionLogin, u, login, addr); err != nil {
		return nil, err
	}
	return t, nil
}

// logout revokes the login session that made the request. API tokens and
// the bootstrap token are not sessions: they are revoked through /tokens.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	return s.change(w, r, p, func(tx *store.Tx) (*reply, error) {
		t, err := tx.SessionByHash(ctx, ident.SecretHash(p.secret))
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNotSession
		} else if err != nil {
			return nil, err
		}
		if err := tx.DeleteToken(ctx, t.ID); err != nil {
			return nil, err
		}
		if err := s.auditSignin(ctx, tx, actionLogout, p.user, p.user.Login, s.clientAddress(r)); err != nil {
			return nil, err
		}
		return &reply{Status: http.StatusNoContent}, nil
	})
}

// mayOpenSession refuses a sign-in of a disabled user or of one under a
// customer account that is not open; otherwise the user becomes the actor
// of what the sign-in records.
func mayOpenSession(ctx context.Context, q store.Q, u *client.User) error {
	if !u.Enabled {
		return errDisabled
	}
	if err := checkAccountOpen(ctx, q, u.CustomerAccountID); err != nil {
		return err
	}
	setActor(ctx, u.ID)
	return nil
}
