package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
)

// hashResult is the server's password hashing time, measured from outside.
//
// The server hashes with an unexported argon2id hasher (internal/server,
// passwords.go) that runs min(4, GOMAXPROCS) hashes at a time, so the
// benchmark cannot call it. It measures it as Terraform meets it instead:
// against a fresh server, Concurrency clients (Terraform's default
// parallelism) create Sample users without a password, then Sample users
// with one; the difference of the two wall times, divided by Sample, is the
// wall time one password adds at the server's hashing concurrency, and
// N times it is what hashing N passwords adds to an apply.
type hashResult struct {
	Sample, Concurrency int
	Without, With       time.Duration // wall time of each batch
	// ServerCPUWithout and ServerCPUWith are the server's CPU time during
	// each batch.
	ServerCPUWithout, ServerCPUWith time.Duration
}

// PerPassword is the wall time one password adds at the server's
// concurrency (0 if the difference drowned in noise).
func (h *hashResult) PerPassword() time.Duration {
	if h == nil || h.Sample == 0 {
		return 0
	}
	return max(h.With-h.Without, 0) / time.Duration(h.Sample)
}

// CPUPerPassword is the server CPU time one password adds.
func (h *hashResult) CPUPerPassword() time.Duration {
	if h == nil || h.Sample == 0 {
		return 0
	}
	return max(h.ServerCPUWith-h.ServerCPUWithout, 0) / time.Duration(h.Sample)
}

// For is the hashing time of n passwords.
func (h *hashResult) For(n int) time.Duration { return h.PerPassword() * time.Duration(n) }

// tfParallelism is Terraform's default -parallelism.
const tfParallelism = 10

func measureHashing(ctx context.Context, cfg *config) (*hashResult, error) {
	srv, err := startServer(ctx, cfg.bin, filepath.Join(cfg.work, "hashing.db"), "", filepath.Join(cfg.work, "hashing.log"), 0)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	api, err := client.New(srv.URL, srv.Token)
	if err != nil {
		return nil, err
	}
	acct, err := api.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "bench-hashing"})
	if err != nil {
		return nil, fmt.Errorf("create the customer account: %w", err)
	}
	res := &hashResult{Sample: cfg.hashSample, Concurrency: tfParallelism}
	batch := func(label string, password bool) (wall, cpu time.Duration, err error) {
		cpu0, err := bench.ProcCPU(srv.pid())
		if err != nil {
			return 0, 0, err
		}
		start := time.Now()
		firstErr := eachParallel(res.Sample, res.Concurrency, func(i int) error {
			req := &client.UserCreateRequest{
				Login:             fmt.Sprintf("hash-%s-%05d", label, i),
				Email:             fmt.Sprintf("hash-%s-%05d@example.com", label, i),
				FirstName:         "Bench",
				LastName:          fmt.Sprintf("User %05d", i),
				CustomerAccountID: &acct.ID,
			}
			if password {
				req.Password = fmt.Sprintf("Bench-password-%05d", i)
			}
			_, err := api.Users.Create(ctx, req)
			return err
		})
		wall = time.Since(start)
		if firstErr != nil {
			return 0, 0, fmt.Errorf("create users (%s): %w", label, firstErr)
		}
		cpu1, err := bench.ProcCPU(srv.pid())
		return wall, cpu1 - cpu0, err
	}
	if res.Without, res.ServerCPUWithout, err = batch("plain", false); err != nil {
		return nil, err
	}
	if res.With, res.ServerCPUWith, err = batch("password", true); err != nil {
		return nil, err
	}
	return res, nil
}
