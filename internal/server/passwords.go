package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: the OWASP recommendation (19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19456
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// passwordHasher runs argon2id hashes, a bounded number at a time with a
// bounded queue of requests waiting for one. argon2id with one lane is
// CPU-bound, so hashing more passwords at once than there are CPUs adds no
// throughput, only memory: each slot costs 19 MiB live, and as much again
// in garbage before the next GC. A request that finds the queue full is
// refused at once (503) rather than piling up behind a flood of logins.
type passwordHasher struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
}

func newPasswordHasher(slots, maxWaiting int) *passwordHasher {
	return &passwordHasher{slots: make(chan struct{}, slots), maxWaiting: int64(maxWaiting)}
}

// passwordHashing is shared by every Server of the process: the CPUs are.
var passwordHashing = newPasswordHasher(min(4, runtime.GOMAXPROCS(0)), hashQueue)

// hashQueue is how many requests may wait for a hashing slot.
const hashQueue = 32

var errHashBusy = &apiError{status: http.StatusServiceUnavailable, retryAfter: 1,
	detail: "the server is busy checking passwords: retry after the number of seconds in Retry-After"}

// acquire takes a hashing slot, waiting in the queue while ctx allows.
func (h *passwordHasher) acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-h.slots }
	select {
	case h.slots <- struct{}{}:
		return release, nil
	default:
	}
	if h.waiting.Add(1) > h.maxWaiting {
		h.waiting.Add(-1)
		return nil, errHashBusy
	}
	defer h.waiting.Add(-1)
	select {
	case h.slots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting to hash a password: %w", ctx.Err())
	}
}

func (h *passwordHasher) argon(ctx context.Context, password string, salt []byte, m, t uint32, p uint8, keyLen uint32) ([]byte, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return argon2.IDKey([]byte(password), salt, t, m, p, keyLen), nil
}

// hash returns the argon2id PHC string of password.
func (h *passwordHasher) hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt)
	key, err := h.argon(ctx, password, salt, argonMemory, argonTime, argonThreads, argonKeyLen)
	if err != nil {
		return "", err
	}
	return phcString(salt, key), nil
}

func phcString(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// verify checks password against a PHC string made by hash. An error
// means the check could not run (queue full, request cancelled).
func (h *passwordHasher) verify(ctx context.Context, phc, password string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	var version int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, nil
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, nil
	}
	got, err := h.argon(ctx, password, salt, m, t, p, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against for unknown logins, so that answering
// "invalid login or password" takes as long either way. Made once, outside
// the hashing slots.
var dummyHash = sync.OnceValue(func() string {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt)
	return phcString(salt, argon2.IDKey([]byte(generatePassword()), salt, argonTime, argonMemory, argonThreads, argonKeyLen))
})

const passwordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=?@^_~"

// generatePassword makes a strong random password (24 characters, ~145 bits).
func generatePassword() string {
	var b strings.Builder
	max := big.NewInt(int64(len(passwordAlphabet)))
	for range 24 {
		n, _ := rand.Int(rand.Reader, max)
		b.WriteByte(passwordAlphabet[n.Int64()])
	}
	return b.String()
}
