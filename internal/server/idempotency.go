package server

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

const maxIdempotencyKey = 255

type idemRequest struct {
	key  string
	hash string
}

// idempotent serves a POST carrying an Idempotency-Key: a repeat of a
// request that succeeded replays its answer; the same key with another
// request is a 422; the same key while the first is in flight is a 409.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, p *principal, h handlerFunc) {
	key := r.Header.Get("Idempotency-Key")
	if len(key) > maxIdempotencyKey {
		s.writeError(w, r, badRequest("Idempotency-Key is longer than %d characters", maxIdempotencyKey))
		return
	}
	digest, err := requestDigest(p.secret, key, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req := &idemRequest{key: key, hash: digest}

	slot := p.actor + "\x00" + key
	if _, busy := s.inflight.LoadOrStore(slot, struct{}{}); busy {
		// Retry-After marks this 409 as passing: a client whose first attempt
		// timed out retries and then gets the first attempt's answer.
		w.Header().Set("Retry-After", "1")
		s.writeError(w, r, conflict("a request with this Idempotency-Key is still in progress"))
		return
	}
	defer s.inflight.Delete(slot)

	rec, err := s.st.GetIdempotency(r.Context(), p.actor, key, s.now().Add(-IdempotencyTTL))
	switch {
	case errors.Is(err, store.ErrNotFound):
		ctx := context.WithValue(r.Context(), keyIdempotency, req)
		if err := h(w, r.WithContext(ctx), p); err != nil {
			s.writeError(w, r, err)
		}
		return
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	s.replay(w, r, p, req, rec)
}

// replay answers a request whose Idempotency-Key has a stored answer.
func (s *Server) replay(w http.ResponseWriter, r *http.Request, p *principal, req *idemRequest, rec *store.IdempotencyRecord) {
	key := req.key
	if !hmac.Equal([]byte(rec.RequestHash), []byte(req.hash)) {
		s.writeError(w, r, errStatus(http.StatusUnprocessableEntity,
			"Idempotency-Key %q was already used with another request or another token", key))
		return
	}
	rep, err := openReply(p.secret, p.actor, key, rec.Response)
	if err != nil {
		s.writeError(w, r, errStatus(http.StatusUnprocessableEntity,
			"Idempotency-Key %q was already used with another token", key))
		return
	}
	w.Header().Set("Idempotent-Replayed", "true")
	rep.write(w)
	s.metrics.replays.Inc()
}

func (s *Server) saveIdempotent(ctx context.Context, tx *store.Tx, p *principal, req *idemRequest, rep *reply) error {
	sealed, err := sealReply(p.secret, p.actor, req.key, rep)
	if err != nil {
		return err
	}
	now := s.now()
	return tx.PutIdempotency(ctx, p.actor, req.key, &store.IdempotencyRecord{
		RequestHash: req.hash, Response: sealed, CreatedAt: now,
	}, now.Add(-IdempotencyTTL))
}

// requestDigest identifies a request for its Idempotency-Key: an
// HMAC-SHA256 of its method, path and body under a key derived from the
// caller's bearer secret. A plain hash would let whoever reads the database
// test guesses of a password the body carries, at the speed of SHA-256,
// around the slow argon2id hash the password is stored with.
func requestDigest(secret, key string, r *http.Request) (string, error) {
	k, err := hkdf.Key(sha256.New, []byte(secret), nil, "mspbackup idempotent request v1\x00"+key, 32)
	if err != nil {
		return "", fmt.Errorf("deriving the request digest key: %w", err)
	}
	mac := hmac.New(sha256.New, k)
	mac.Write([]byte(r.Method + "\n" + r.URL.Path + "\n"))
	mac.Write(requestBody(r))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// replyAEAD derives the key that seals an answer from the caller's bearer
// secret and the idempotency key (HKDF-SHA256), so the database alone
// cannot open answers holding secrets (new tokens, generated passwords).
func replyAEAD(secret, key string) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, []byte(secret), nil, "mspbackup idempotent reply v1\x00"+key, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func sealReply(secret, actor, key string, rep *reply) ([]byte, error) {
	aead, err := replyAEAD(secret, key)
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return aead.Seal(nonce, nonce, plain, []byte(actor+"\x00"+key)), nil
}

func openReply(secret, actor, key string, sealed []byte) (*reply, error) {
	aead, err := replyAEAD(secret, key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errors.New("sealed reply too short")
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(actor+"\x00"+key))
	if err != nil {
		return nil, err
	}
	var rep reply
	if err := json.Unmarshal(plain, &rep); err != nil {
		return nil, err
	}
	return &rep, nil
}
