package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// After a session creating every kind of secret, neither the database file
// nor its write-ahead log holds one in clear text.
func TestDatabaseHoldsNoSecretInClearText(t *testing.T) {
	ts, a := startParallel(t)
	const (
		password  = "Pl41n-text-password-canary"
		password2 = "Pl41n-text-password-canary-two"
		secretKey = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"
		secretKy2 = "second-secret-access-key-canary"
	)
	u := must[client.User](a, 201, "POST", "/users", client.UserCreateRequest{Login: "secretive", Email: "s@example.com", Password: password, MFAMethod: "none"})
	must[client.User](a, 200, "PATCH", "/users/"+u.ID, client.UserUpdateRequest{Password: ptr(password2)})
	gen := must[client.User](a, 201, "POST", "/users", client.UserCreateRequest{Login: "generated", MFAMethod: "none", GeneratePassword: true},
		"Idempotency-Key", "gen-1")
	tok := must[client.APIToken](a, 201, "POST", "/tokens", client.APITokenCreateRequest{Name: "t", UserID: u.ID}, "Idempotency-Key", "tok-1")
	// An idempotent request with a password: what identifies it for its key
	// is no fast hash of its body, against which a guess could be tested.
	idemBody := `{"login":"idempotent","password":"` + password + `","mfa_method":"none"}`
	must[client.User](a, 201, "POST", "/users", idemBody, "Idempotency-Key", "pw-1")
	idemSum := sha256.Sum256([]byte("POST\n/api/v1/users\n" + idemBody))
	sa := must[client.StorageAccount](a, 201, "POST", "/storage-accounts", client.StorageAccountCreateRequest{
		Name: "S3", Type: "amazon_s3", AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: secretKey}, "Idempotency-Key", "sa-1")
	must[client.StorageAccount](a, 200, "PATCH", "/storage-accounts/"+sa.ID, client.StorageAccountUpdateRequest{SecretAccessKey: ptr(secretKy2)})
	login := must[client.LoginResponse](a.as(""), 200, "POST", "/auth/login", client.LoginRequest{Login: "secretive", Password: password2})
	if gen.GeneratedPassword == "" || tok.Token == "" || login.Token == "" {
		t.Fatal("a secret was not returned at creation")
	}
	if r := a.do("GET", "/storage-accounts/"+sa.ID, nil); bytes.Contains(r.body, []byte("secret")) {
		t.Errorf("storage account read returns the secret: %s", r.body)
	}

	db := storedBytes(t, ts.DBPath)
	if !bytes.Contains(db, []byte("secretive")) {
		t.Fatal("the canary login is not in the files: the scan reads the wrong files")
	}
	for name, secret := range map[string]string{
		"password": password, "new password": password2, "generated password": gen.GeneratedPassword,
		"token secret": tok.Token, "login session token": login.Token, "bootstrap token": ts.Token,
		"secret_access_key": secretKey, "new secret_access_key": secretKy2,
	} {
		if bytes.Contains(db, []byte(secret)) {
			t.Errorf("the database holds the %s in clear text", name)
		}
	}
	if bytes.Contains(db, []byte(hex.EncodeToString(idemSum[:]))) {
		t.Error("the database holds the SHA-256 of an idempotent request that carries a password")
	}
	if !bytes.Contains(db, []byte("$argon2id$v=19$m=19456,t=2,p=1$")) {
		t.Error("no argon2id PHC hash with the OWASP parameters in the database")
	}
	if strings.Contains(string(db), strings.TrimPrefix(tok.Token, "mspb_")) {
		t.Error("the token's random part is in the database")
	}
}
