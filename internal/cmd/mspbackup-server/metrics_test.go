package main

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// --metrics-listen serves the metrics without a token on its own address;
// on --listen they still need one.
func TestRunServesMetricsWithoutATokenOnMetricsListen(t *testing.T) {
	t.Parallel()
	srv := runInBackground(t, []string{"--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
		"--db", filepath.Join(t.TempDir(), "m.db"), "--licenses", "server=3"}, noEnv)
	defer func() {
		if err := srv.stop(); err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	addrs := srv.addresses(t, "listening on", "metrics on")
	base, metrics := addrs[0], addrs[1]
	res, err := http.Get(metrics)
	if err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("GET %s without a token: %d, %v", metrics, res.StatusCode, err)
	}
	size := families["mspbackup_license_pool_size"]
	if size == nil || len(size.Metric) != 4 {
		t.Fatalf("licence pool in the scrape: %v", size)
	}
	for _, m := range size.Metric {
		if m.Label[0].GetValue() == "server" && m.Gauge.GetValue() != 3 {
			t.Errorf("pool size of server: %v, want 3", m.Gauge.GetValue())
		}
	}
	res, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /metrics on --listen without a token: %d, want 401", res.StatusCode)
	}
}
