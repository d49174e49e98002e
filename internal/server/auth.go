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
)

// login checks a login and password; with MFA it sends a code and answers
// a challenge, else it answers a session token.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	req, err := decode[client.LoginRequest](r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, hash, err := s.st.UserByLogin(ctx, req.Login)
	if errors.Is(err, store.ErrNotFound) || err == nil && hash == "" {
		verifyPassword(dummyHash(), req.Password) // same time as a wrong password
		return errBadLogin
	}
	if err != nil {
		return err
	}
	if !verifyPassword(hash, req.Password) {
		return errBadLogin
	}
	if !u.Enabled {
		return errDisabled
	}
	setActor(ctx, u.ID)
	if u.MFAMethod == client.MFAMethodNone {
		return s.startSession(w, r, u)
	}
	to := u.Email
	if u.MFAMethod == client.MFAMethodSMS {
		to = u.MobilePhone
	}
	code := mfaCode()
	c := &store.MFAChallenge{ID: ident.NewID(client.PrefixMFAChallenge), UserID: u.ID, ExpiresAt: s.now().Add(mfaTTL)}
	c.CodeHash = ident.SecretHash(c.ID + ":" + code)
	err = s.write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertMFAChallenge(ctx, c, s.now()); err != nil {
			return err
		}
		body := fmt.Sprintf("Your mspbackup sign-in code is %s. It expires in %d minutes. If you did not try to sign in, tell your administrator.",
			code, int(mfaTTL.Minutes()))
		return s.send(ctx, tx, to, "Your mspbackup sign-in code", body, client.MessageKindMFACode, u.CustomerAccountID)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, client.LoginResponse{MFARequired: true, ChallengeID: c.ID})
	return nil
}

func mfaCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

// verify checks the code of an MFA challenge and answers a session token.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) error {
	req, err := decode[client.VerifyRequest](r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	// Check and count the attempt in one transaction, so that concurrent
	// guesses cannot exceed the attempts allowed.
	var c *store.MFAChallenge
	var refused error
	err = s.write(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.GetMFAChallenge(ctx, req.ChallengeID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			refused = errBadChallenge
			return nil
		case err != nil:
			return err
		case !s.now().Before(c.ExpiresAt) || c.Attempts >= mfaMaxAttempts:
			refused = errBadChallenge
			return tx.DeleteMFAChallenge(ctx, c.ID)
		case subtle.ConstantTimeCompare([]byte(ident.SecretHash(c.ID+":"+req.Code)), []byte(c.CodeHash)) != 1:
			refused = errStatus(http.StatusUnauthorized, "invalid code (%d attempts left)", mfaMaxAttempts-c.Attempts-1)
			return tx.CountMFAAttempt(ctx, c.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if refused != nil {
		return refused
	}
	u, err := s.st.GetUser(ctx, c.UserID)
	if err != nil {
		return err
	}
	if !u.Enabled {
		return errDisabled
	}
	setActor(ctx, u.ID)
	return s.startSession(w, r, u, c.ID)
}

// startSession issues a login session token (deleting the used challenge).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *client.User, challenge ...string) error {
	ctx := r.Context()
	var t *client.APIToken
	err := s.write(ctx, func(tx *store.Tx) error {
		for _, id := range challenge {
			if err := tx.DeleteMFAChallenge(ctx, id); err != nil {
				return err
			}
		}
		expires := s.clock().Add(SessionTTL)
		var err error
		if t, err = s.issueToken(ctx, tx, "login session", &u.ID, &expires); err != nil {
			return err
		}
		return s.audit(context.WithoutCancel(ctx), tx, &principal{actor: u.ID}, "login", "user", u.ID, u.CustomerAccountID, nil)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, client.LoginResponse{Token: t.Token, ExpiresAt: t.ExpiresAt})
	return nil
}
