package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// certificate is the TLS certificate the server presents, read from its
// files at start and again on SIGHUP: a renewed certificate (certbot,
// cert-manager) is served to new connections without a restart. A reload
// that fails keeps the pair being served, so a half-written renewal never
// takes the server off the air.
type certificate struct {
	certFile, keyFile string
	current           atomic.Pointer[tls.Certificate]
	log               *slog.Logger
}

func loadCertificate(certFile, keyFile string, log *slog.Logger) (*certificate, error) {
	c := &certificate{certFile: certFile, keyFile: keyFile, log: log}
	if err := c.reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// reload reads the pair again and serves it from now on; on failure the
// pair served so far stays and the error says why.
func (c *certificate) reload() error {
	pair, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("--tls-cert %s and --tls-key %s: %w", c.certFile, c.keyFile, err)
	}
	c.current.Store(&pair)
	c.log.Info("TLS certificate loaded", "cert", c.certFile, "subject", pair.Leaf.Subject.String(),
		"serial", pair.Leaf.SerialNumber.String(), "not_after", pair.Leaf.NotAfter)
	return nil
}

// get is tls.Config.GetCertificate.
func (c *certificate) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return c.current.Load(), nil
}

// reloadOnHangup reloads the certificate on every SIGHUP until ctx ends.
func (c *certificate) reloadOnHangup(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := c.reload(); err != nil {
					c.log.Error("TLS certificate reload failed; still serving the previous one", "error", err.Error())
				}
			}
		}
	}()
}
