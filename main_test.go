package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// envRunProvider makes the test binary run main: the tests below start it
// the way Terraform starts a provider.
const envRunProvider = "MSPBACKUP_TEST_RUN_PROVIDER"

func TestMain(m *testing.M) {
	if os.Getenv(envRunProvider) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestProviderLogsOnlyWhenAsked starts the provider binary as Terraform
// does (magic cookie, protocol 6, a Unix socket), makes one protocol call
// and reads what the provider wrote on its stderr, where Terraform picks
// provider logs up: nothing from the SDK unless TF_LOG or TF_LOG_PROVIDER
// asks for it, and the SDK's usual TRACE lines when it does.
func TestProviderLogsOnlyWhenAsked(t *testing.T) {
	sdkModules := []string{`"@module":"sdk.proto"`, `"@module":"sdk.framework"`}
	for _, tc := range []struct {
		name     string
		env      []string
		wantLogs bool
	}{
		{"no TF_LOG", nil, false},
		{"core logs only", []string{"TF_LOG_CORE=trace"}, false},
		{"TF_LOG=off", []string{"TF_LOG=off"}, false},
		{"TF_LOG=trace", []string{"TF_LOG=trace"}, true},
		{"TF_LOG_PROVIDER=trace", []string{"TF_LOG_PROVIDER=trace"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stderr := runProviderCall(t, tc.env)
			for _, module := range sdkModules {
				if got := strings.Contains(stderr, module); got != tc.wantLogs {
					t.Errorf("stderr has %s lines: %v, want %v; stderr:\n%.2000s", module, got, tc.wantLogs, stderr)
				}
			}
		})
	}
}

// runProviderCall runs the provider with extra environment variables,
// calls GetProviderSchema over its gRPC socket, stops it and returns its
// stderr.
func runProviderCall(t *testing.T, extraEnv []string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, envRunProvider+"=1", "PLUGIN_PROTOCOL_VERSIONS=6",
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2")
	cmd.Env = append(cmd.Env, extraEnv...)
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	// go-plugin's handshake: CORE-PROTOCOL|APP-PROTOCOL|NETWORK|ADDRESS|grpc
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the handshake: %v; stderr:\n%s", err, stderr.String())
	}
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) < 5 || parts[1] != "6" || parts[2] != "unix" {
		t.Fatalf("handshake %q: want protocol 6 on a unix socket", line)
	}
	conn, err := grpc.NewClient("unix://"+parts[3], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The request message is empty, so no generated types are needed: the
	// raw codec sends zero bytes and keeps the answer's bytes.
	var schema rawMessage
	if err := conn.Invoke(ctx, "/tfplugin6.Provider/GetProviderSchema", &rawMessage{}, &schema, grpc.ForceCodec(rawCodec{})); err != nil {
		t.Fatalf("GetProviderSchema: %v; stderr:\n%s", err, stderr.String())
	}
	if !bytes.Contains(schema, []byte("mspbackup_user")) {
		t.Fatalf("GetProviderSchema's answer does not name mspbackup_user (%d bytes)", len(schema))
	}
	return stderr.String()
}

type rawMessage []byte

type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) ([]byte, error) {
	m, ok := v.(*rawMessage)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return *m, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	m, ok := v.(*rawMessage)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*m = append((*m)[:0], data...)
	return nil
}

// lockedBuffer is a bytes.Buffer that the process's stderr copier and the
// test may use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestGCSettings: the provider runs at GOGC 400 under a soft memory limit
// unless the user set GOGC (then neither) or GOMEMLIMIT (then only GOGC);
// the limit is its floor for a small live heap and twice the live heap and
// more for a large one, so that a large plan never collects more often
// than at GOGC 100.
func TestGCSettings(t *testing.T) {
	for _, tc := range []struct {
		env         map[string]string
		wantPercent int
		wantLimit   int64
	}{
		{map[string]string{}, defaultGCPercent, defaultMemoryLimitFloor},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, defaultGCPercent, 0},
		{map[string]string{"GOGC": "100"}, 0, 0},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "200MiB"}, 0, 0},
	} {
		percent, limit := gcSettings(func(k string) string { return tc.env[k] })
		if percent != tc.wantPercent || limit != tc.wantLimit {
			t.Errorf("environment %v: GC percent %d, memory limit %d; want %d, %d", tc.env, percent, limit, tc.wantPercent, tc.wantLimit)
		}
	}
	const mib = 1 << 20
	for live, want := range map[int64]int64{
		0:         defaultMemoryLimitFloor,
		4 * mib:   defaultMemoryLimitFloor,
		6 * mib:   defaultMemoryLimitFloor,
		20 * mib:  52 * mib,
		500 * mib: 1012 * mib,
	} {
		if got := memoryLimit(defaultMemoryLimitFloor, live); got != want || got < 2*live {
			t.Errorf("memory limit for a live heap of %d MiB: %d MiB, want %d MiB", live/mib, got/mib, want/mib)
		}
	}
}
