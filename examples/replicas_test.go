package examples

import (
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/testserver"
)

// TestDemoEstateThroughTwoReplicas applies the demo estate (msp-tenants)
// through a round-robin proxy over two server replicas sharing one
// PostgreSQL database, so that consecutive requests of one apply (a create
// and the read after it, an update and its If-Match) land on different
// replicas; the next plan must be empty and the destroy clean.
func TestDemoEstateThroughTwoReplicas(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to apply the examples to the reference server")
	}
	tf := terraformEnv(t)
	db := pgtest.Database(t)
	var backends []*url.URL
	for range 2 {
		srv := testserver.Start(t, testserver.Options{DB: db})
		u, err := url.Parse(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		backends = append(backends, u)
	}
	var next atomic.Int64
	var served [2]atomic.Int64
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		i := next.Add(1) % 2
		served[i].Add(1)
		r.SetURL(backends[i])
	}}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)

	tf = tf.with(&testserver.Server{URL: front.URL, Token: testserver.BootstrapToken})
	work := t.TempDir()
	copyTerraformFiles(t, "msp-tenants", work)
	tf.mustRun(t, work, "apply", "-auto-approve", "-input=false", "-no-color")
	tf.expectEmptyPlan(t, work)
	tf.mustRun(t, work, "destroy", "-auto-approve", "-input=false", "-no-color")
	if served[0].Load() == 0 || served[1].Load() == 0 {
		t.Errorf("requests per replica: %d and %d, want both used", served[0].Load(), served[1].Load())
	}
}
