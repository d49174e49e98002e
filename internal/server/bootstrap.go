package server

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MinBootstrapTokenLen is the shortest bootstrap token accepted, in
// characters: the token holds every permission and never expires, so it
// must not be guessable (32 random characters are well over 128 bits).
const MinBootstrapTokenLen = 32

// CheckBootstrapToken says why token cannot be the bootstrap administrator's
// token, or returns nil. Its errors never contain the token.
func CheckBootstrapToken(token string) error {
	if n := utf8.RuneCountInString(token); n < MinBootstrapTokenLen {
		return fmt.Errorf("must be at least %d characters long, not %d (make one with: openssl rand -hex 32)", MinBootstrapTokenLen, n)
	}
	first, _ := utf8.DecodeRuneInString(token)
	last, _ := utf8.DecodeLastRuneInString(token)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		// Almost always a copy-and-paste slip (a trailing new line): the
		// token that clients send would never match.
		return errors.New("must not begin or end with whitespace")
	}
	return nil
}
