package testserver_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

func get(t *testing.T, ts *testserver.Server, path string) (*http.Response, client.LicensePool) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+ts.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var pool client.LicensePool
	_ = json.NewDecoder(res.Body).Decode(&pool)
	return res, pool
}

func TestStartDefaults(t *testing.T) {
	t.Parallel()
	ts := testserver.Start(t, testserver.Options{})
	res, pool := get(t, ts, "/api/v1/license-pool")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	want := testserver.DefaultLicenses()
	if len(pool.Items) != 4 {
		t.Fatalf("pool %+v", pool)
	}
	for _, e := range pool.Items {
		if e.Total != want[e.LicenseType] {
			t.Errorf("%s total %d, want %d", e.LicenseType, e.Total, want[e.LicenseType])
		}
	}
	if _, err := os.Stat(ts.DBPath); err != nil {
		t.Errorf("DBPath: %v", err)
	}
}

func TestStartOptions(t *testing.T) {
	t.Parallel()
	wrapped := false
	ts := testserver.Start(t, testserver.Options{
		Licenses: map[string]int64{"server": 3},
		Wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { wrapped = true; h.ServeHTTP(w, r) })
		},
	})
	_, pool := get(t, ts, "/api/v1/license-pool")
	for _, e := range pool.Items {
		if want := map[string]int64{"server": 3}[e.LicenseType]; e.Total != want {
			t.Errorf("%s total %d, want %d", e.LicenseType, e.Total, want)
		}
	}
	if !wrapped {
		t.Error("Wrap was not applied")
	}
}
