package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowCreate starts a create whose body the test sends later (send), and
// returns once the server's handler is reading it: the request is in flight.
// status gives its answer's status, or -1 when it got none.
func slowCreate(t *testing.T, srv *replica) (send func(body string), status <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	reading := make(chan struct{})
	trace := &httptrace.ClientTrace{Got100Continue: func() { close(reading) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST", srv.url+"/customer-accounts", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+replicaToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Expect", "100-continue") // the server answers 100 Continue when the handler reads the body
	tr := &http.Transport{ExpectContinueTimeout: time.Hour, DisableKeepAlives: true}
	done := make(chan int, 1)
	go func() {
		res, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			done <- -1
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	select {
	case <-reading:
	case s := <-done:
		t.Fatalf("the slow request ended at once: %d", s)
	}
	return func(body string) { _, _ = io.WriteString(pw, body); pw.Close() }, done
}

// getStatus asks for a path on a new connection: a status, or -1 when the server
// does not accept connections.
func getStatus(srv *replica, path string) int {
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := c.Get(strings.TrimSuffix(srv.url, "/api/v1") + path)
	if err != nil {
		return -1
	}
	res.Body.Close()
	return res.StatusCode
}

// On SIGTERM /readyz turns 503 while the server still serves (for
// --drain-delay), then the server stops listening and a request in flight
// still finishes, within --drain-timeout.
func TestSIGTERMDrainsFinishingRequestsInFlight(t *testing.T) {
	t.Parallel()
	srv, err := startProcess(t, "server", "--db", filepath.Join(t.TempDir(), "d.db"), "--drain-delay", "3s", "--drain-timeout", "1m")
	if err != nil {
		t.Fatal(err)
	}
	if s := getStatus(srv, "/readyz"); s != 200 {
		t.Fatalf("GET /readyz: %d", s)
	}
	send, status := slowCreate(t, srv)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "/readyz to answer 503 (within --drain-delay)", func() bool {
		s := getStatus(srv, "/readyz")
		if s == -1 {
			t.Fatal("the server stopped listening before /readyz was seen answering 503: is the machine this slow?")
		}
		return s == http.StatusServiceUnavailable
	})
	if s := getStatus(srv, "/healthz"); s != 200 {
		t.Errorf("GET /healthz while draining: %d", s)
	}
	waitFor(t, "the server to stop listening", func() bool { return getStatus(srv, "/healthz") == -1 })
	select {
	case s := <-status:
		t.Fatalf("the request in flight ended before its body was sent: %d", s)
	default:
	}
	send(`{"name":"Finished while draining Ltd"}`)
	if s := <-status; s != http.StatusCreated {
		t.Errorf("the request in flight: %d, want 201", s)
	}
	<-srv.exited
	if code := srv.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after draining", code)
	}
}

// A request still in flight after --drain-timeout is cut off, and the
// server says so and exits non-zero.
func TestDrainTimeoutCutsOffRequestsStillInFlight(t *testing.T) {
	t.Parallel()
	srv, err := startProcess(t, "server", "--db", filepath.Join(t.TempDir(), "d.db"), "--drain-timeout", "100ms")
	if err != nil {
		t.Fatal(err)
	}
	send, status := slowCreate(t, srv)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-srv.exited
	send("") // too late: the client learns that the server has gone
	if s := <-status; s != -1 {
		t.Errorf("the request in flight was answered %d, want cut off", s)
	}
	log, err := os.ReadFile(srv.log)
	if err != nil {
		t.Fatal(err)
	}
	if code := srv.cmd.ProcessState.ExitCode(); code == 0 || !strings.Contains(string(log), "still in flight after --drain-timeout 100ms were cut off") {
		t.Errorf("exit code %d, log %s; want a failure naming --drain-timeout", code, log)
	}
}
