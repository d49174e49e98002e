package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeCertificate writes a self-signed certificate for 127.0.0.1 with the
// given serial number, and its key, to certFile and keyFile.
func writeCertificate(t *testing.T, certFile, keyFile string, serial int64) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "mspbackup test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// The key first: a reload between the two writes may fail, never mix.
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// The server serves HTTPS, HTTP/2 included, and on SIGHUP serves the
// certificate now in its files to new connections; a reload that fails
// keeps the certificate served so far, and says why in the log.
func TestServesTLSAndReloadsTheCertificateOnSIGHUP(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	roots := x509.NewCertPool()
	roots.AddCert(writeCertificate(t, certFile, keyFile, 1))
	srv, err := startProcess(t, "server", "--db", filepath.Join(dir, "t.db"), "--tls-cert", certFile, "--tls-key", keyFile)
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(srv.url, "/api/v1")
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("the server says it listens on %s", base)
	}
	// served asks on a new connection, and answers the serial number of the
	// certificate the server presented.
	served := func(t *testing.T) int64 {
		t.Helper()
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}
		defer tr.CloseIdleConnections()
		res, err := (&http.Client{Transport: tr}).Get(base + "/signin")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.ProtoMajor != 2 {
			t.Fatalf("GET /signin: %d over %s, want 200 over HTTP/2", res.StatusCode, res.Proto)
		}
		if res.Header.Get("Strict-Transport-Security") == "" {
			t.Error("a console page over HTTPS has no Strict-Transport-Security")
		}
		return res.TLS.PeerCertificates[0].SerialNumber.Int64()
	}
	if got := served(t); got != 1 {
		t.Fatalf("serial %d, want 1", got)
	}

	roots.AddCert(writeCertificate(t, certFile, keyFile, 2))
	if err := srv.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the renewed certificate (serial 2) to be served", func() bool { return served(t) == 2 })

	if err := os.WriteFile(certFile, []byte("-----BEGIN CERTIFICATE-----\nhalf written"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the failed reload to be logged", func() bool {
		log, _ := os.ReadFile(srv.log)
		return strings.Contains(string(log), "TLS certificate reload failed; still serving the previous one")
	})
	if got := served(t); got != 2 {
		t.Errorf("after a failed reload: serial %d, want 2 (the previous one)", got)
	}
}

// waitFor polls cond until it holds, failing the test if it does not
// within ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}
