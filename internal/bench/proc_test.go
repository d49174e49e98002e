package bench

import (
	"strings"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// Fields 14 and 15 (utime, stime) are 1234 and 56 ticks in the first
	// line; the others around them must not count.
	const tail = " S 1 100 100 0 -1 4194560 2000 0 0 0 1234 56 7 8 20 0 12 0 5000 1000000 300 18446744073709551615"
	tests := []struct {
		name    string
		stat    string
		want    time.Duration
		wantErr bool
	}{
		{"plain name", "4242 (terraform)" + tail, 12900 * time.Millisecond, false},
		{"name with spaces and parentheses", "4242 (a (b) c)" + tail, 12900 * time.Millisecond, false},
		{"name that looks like fields", "4242 (1 2 3 4 5 6 7 8 9 10 11 12 13)" + tail, 12900 * time.Millisecond, false},
		{"zero ticks", "1 (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", 0, false},
		{"no command name", "4242 terraform" + tail, 0, true},
		{"too few fields", "4242 (terraform) S 1 100 100 0 -1 4194560 2000 0 0 0 1234", 0, true},
		{"not a number", "4242 (terraform) S 1 100 100 0 -1 4194560 2000 0 0 0 12x4 56 7 8", 0, true},
		{"negative", "4242 (terraform) S 1 100 100 0 -1 4194560 2000 0 0 0 -5 56 7 8", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStatCPU(tt.stat)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseStatCPU: err = %v, want error: %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("parseStatCPU = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLoadResultCPUPerRequest(t *testing.T) {
	tests := []struct {
		name string
		r    LoadResult
		want time.Duration
	}{
		{"errors count as answers", LoadResult{Requests: 90, Errors: 10, CPU: 50 * time.Millisecond}, 500 * time.Microsecond},
		{"no requests", LoadResult{CPU: time.Second}, 0},
		{"no CPU reading", LoadResult{Requests: 100}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.CPUPerRequest(); got != tt.want {
				t.Errorf("CPUPerRequest = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfigHoldsNResources(t *testing.T) {
	// Every kind is N resources through one count, so that kinds compare at
	// the same number of resources.
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			cfg, err := Config(kind, 1234, "r1")
			if err != nil {
				t.Fatal(err)
			}
			if got := countOf(cfg, "resource \""); got != 1 {
				t.Errorf("%d resource blocks, want 1:\n%s", got, cfg)
			}
			if got := countOf(cfg, "count = 1234"); got != 1 {
				t.Errorf("no count = 1234:\n%s", cfg)
			}
			if pw := countOf(cfg, "password"); (pw > 0) != (kind == KindUserPassword) {
				t.Errorf("password set: %v, want %v:\n%s", pw > 0, kind == KindUserPassword, cfg)
			}
		})
	}
	if _, err := Config("nope", 1, "r"); err == nil {
		t.Error("Config of an unknown kind: no error")
	}
}

// countOf counts the lines holding s, spaces squeezed.
func countOf(text, s string) int {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(strings.Join(strings.Fields(line), " "), s) {
			n++
		}
	}
	return n
}
