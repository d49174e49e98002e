package server

// What tools that write to a store directly (the benchmarks' seeding) need
// to make rows the server would have made. One home for each format.

// NewID returns a new entity id with the prefix (client.Prefix*).
func NewID(prefix string) string { return newID(prefix) }

// NewTokenSecret returns a new bearer secret in the server's format.
func NewTokenSecret() string { return newTokenSecret() }

// TokenHash is what the store keeps of a token's secret.
func TokenHash(secret string) string { return hashSecret(secret) }
