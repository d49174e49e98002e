package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"math"
	"net/http"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Sign-in protection. Failed sign-ins are counted in the database (so the
// counts survive a restart and are shared by replicas) per login, per
// client address and, for MFA codes, per user. Once a count reaches its
// limit the key is locked for firstLockout, and every further failure
// after a lock ends doubles the lock, up to maxLockout. A count is
// forgotten failureMemory after its last failure, and a successful sign-in
// resets its login's (or, for MFA, its user's) count.
const (
	loginFailureLimit   = 5  // failed passwords of one login
	addressFailureLimit = 20 // failed passwords from one client address
	mfaFailureLimit     = 5  // wrong MFA codes of one user, across challenges
	firstLockout        = 30 * time.Second
	maxLockout          = 15 * time.Minute
	failureMemory       = time.Hour

	// authBodyLimit caps the bodies of /auth/* requests: a login, a
	// password and a code fit many times over.
	authBodyLimit = 4 << 10

	// sweepInterval is how often expired sessions, challenges and
	// forgotten counters are purged.
	sweepInterval = 5 * time.Minute

	// maxAuditedLogin bounds the login as typed that a sign-in audit event
	// keeps.
	maxAuditedLogin = 256
)

// Actions of the sign-in audit events.
const (
	actionLogin          = "login"
	actionLoginFailed    = "login_failed"    // wrong password, unknown login or no password
	actionLoginThrottled = "login_throttled" // refused without checking the password
	actionMFAFailed      = "mfa_failed"      // wrong code
	actionMFAThrottled   = "mfa_throttled"   // refused without checking the code
	actionLogout         = "logout"
)

// anonymousActor is the actor of sign-in events that authenticated no one.
const anonymousActor = "anonymous"

// throttle is one failure counter and the failures it allows.
type throttle struct {
	kind  string // throttleLogin, throttleAddress or throttleMFA
	key   string
	limit int
}

// What a throttle counts the failures of (the label of its locks' metric).
const (
	throttleLogin   = "login"
	throttleAddress = "address"
	throttleMFA     = "mfa"
)

// loginThrottle counts the failures of a login, known or not, on the same
// folded form that makes logins unique (so Ａlice and ALICE count as alice).
func loginThrottle(login string) throttle {
	return throttle{throttleLogin, counterKey("login", store.LoginKey(login)), loginFailureLimit}
}

// addressThrottle counts the failures from a client address (its network,
// see clientNetwork).
func addressThrottle(addr string) throttle {
	return throttle{throttleAddress, counterKey("addr", clientNetwork(addr)), addressFailureLimit}
}

// clientNetwork is what counts as one client for a client address: the
// address itself, or for IPv6 its /64, which one client usually holds whole
// (so it cannot take a fresh count from each of its addresses).
func clientNetwork(addr string) string {
	if ip, err := netip.ParseAddr(addr); err == nil && ip.Is6() && !ip.Is4In6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return addr
}

// mfaThrottle counts the wrong codes of a user across its challenges.
func mfaThrottle(userID string) throttle {
	return throttle{throttleMFA, counterKey("mfa", userID), mfaFailureLimit}
}

func counterKey(kind, value string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + value))
	return hex.EncodeToString(sum[:])
}

// lockout is how long a key is locked after its nth failure beyond the
// limit (n = 0 for the failure that reaches it).
func lockout(n int) time.Duration {
	d := firstLockout
	for range n {
		if d *= 2; d >= maxLockout {
			return maxLockout
		}
	}
	return d
}

// lockedFor is how long the longest lock among throttles still holds (0:
// none is locked). q is the read pool or a write transaction.
func (s *Server) lockedFor(ctx context.Context, q store.Q, throttles ...throttle) (time.Duration, error) {
	now := s.clock()
	var wait time.Duration
	for _, t := range throttles {
		c, err := q.SigninCounter(ctx, t.key)
		if err != nil {
			return 0, err
		}
		wait = max(wait, c.LockedUntil.Sub(now))
	}
	return wait, nil
}

// countFailure records one failure against each throttle, locking those
// that reach their limit.
func (s *Server) countFailure(ctx context.Context, tx *store.Tx, throttles ...throttle) error {
	now := s.clock()
	for _, t := range throttles {
		c, err := tx.SigninCounter(ctx, t.key)
		if err != nil {
			return err
		}
		if now.Sub(c.LastFailureAt) >= failureMemory {
			c = store.SigninCounter{}
		}
		c.Failures++
		c.LastFailureAt = now
		if c.Failures >= t.limit {
			c.LockedUntil = now.Add(lockout(c.Failures - t.limit))
			tx.AfterCommit(s.metrics.signinLocks.WithLabelValues(t.kind).Inc)
		}
		if err := tx.PutSigninCounter(ctx, t.key, c); err != nil {
			return err
		}
	}
	return nil
}

// errThrottled is the answer to a sign-in refused by a lock. It is the
// same for logins that exist and logins that do not.
func errThrottled(wait time.Duration) error {
	return &apiError{status: http.StatusTooManyRequests, retryAfter: max(1, int(math.Ceil(wait.Seconds()))),
		detail: "too many failed sign-in attempts: retry after the number of seconds in Retry-After"}
}

// record runs fn in one store transaction, like write, but keeps cached
// authentications valid: it is for sign-in bookkeeping (counters, MFA
// challenges, audit events, new sessions), which changes nothing an
// existing token's authentication depends on. So a flood of failed
// sign-ins costs short writes and never flushes the authentication cache.
func (s *Server) record(ctx context.Context, fn func(*store.Tx) error) error {
	return s.st.Write(ctx, fn)
}

// auditSignin records a sign-in event: the login as typed (or the user's,
// for MFA and logout) and the client address; never a password or code.
// u is the user concerned when known.
func (s *Server) auditSignin(ctx context.Context, tx *store.Tx, action string, u *client.User, login, addr string) error {
	s.metrics.signinEvent(tx, action)
	ev := &client.AuditEvent{
		ID: ident.NewID(client.PrefixAuditEvent), Actor: anonymousActor, Action: action, Entity: "user",
		At: s.clock(), Fields: []string{}, Login: truncate(login, maxAuditedLogin), ClientAddress: addr,
	}
	var account *string
	if u != nil {
		ev.EntityID, account = u.ID, u.CustomerAccountID
		if action == actionLogin || action == actionLogout {
			ev.Actor = u.ID
		}
	}
	// Recorded even when the client has gone: the attempt happened.
	return tx.InsertAuditEvent(context.WithoutCancel(ctx), ev, account)
}

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// bodyLimit is the largest request body accepted for r.
func bodyLimit(r *http.Request) int64 {
	if strings.HasPrefix(r.URL.Path, "/api/v1/auth/") {
		return authBodyLimit
	}
	return MaxBodyBytes
}

// purgeSignins deletes expired login sessions and MFA challenges and the
// failure counters that are forgotten.
func (s *Server) purgeSignins(ctx context.Context) (int64, error) {
	now := s.clock()
	var n int64
	err := s.record(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.PurgeSignins(ctx, now, now.Add(-failureMemory))
		return err
	})
	return n, err
}

// startSweeper purges every sweepInterval until Close.
func (s *Server) startSweeper() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.stopSweeper = func() {
		cancel()
		<-done
	}
	go func() {
		defer close(done)
		tick := time.NewTicker(sweepInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			n, err := s.purgeSignins(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				s.log.LogAttrs(ctx, slog.LevelError, "purging expired sessions", slog.String("error", err.Error()))
			case n > 0:
				s.log.LogAttrs(ctx, slog.LevelInfo, "purged expired sessions, challenges and sign-in counters", slog.Int64("rows", n))
			}
			if _, err := s.PurgeExpiredDeletions(ctx); err != nil && ctx.Err() == nil {
				s.log.LogAttrs(ctx, slog.LevelError, "purging deleted customer accounts", slog.String("error", err.Error()))
			}
		}
	}()
}

// Close stops the server's background work (the purge of expired
// sessions). It does not close the store. Call it once the HTTP server
// has stopped; it is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(s.stopSweeper)
	return nil
}
