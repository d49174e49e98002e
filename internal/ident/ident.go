// Package ident makes the identifiers and secrets of the management API:
// entity ids and bearer token secrets, and what the store keeps of a
// secret. The server and the tools that seed a store directly (the
// benchmarks) share it, so there is one format of each.
package ident

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewID returns a new entity id: the prefix (client.Prefix*) and 20
// random hex digits.
func NewID(prefix string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// NewTokenSecret returns a new bearer secret: "mspb_" and 43 base64url
// characters (256 random bits).
func NewTokenSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "mspb_" + base64.RawURLEncoding.EncodeToString(b)
}

// SecretHash is what the store keeps of a bearer secret: its SHA-256, in
// hex. A secret of 256 random bits needs no salt or slow hash.
func SecretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
