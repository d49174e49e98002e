// Package browsertest drives a real headless Chromium for tests, through
// ChromeDriver's W3C WebDriver HTTP API and the standard library only: no
// Node, no downloaded browser. Chromium and ChromeDriver are Debian's
// packages (`make browser` installs them).
package browsertest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// InstallHint is what to run when the browser is missing.
const InstallHint = "make browser (as root: apt-get update && apt-get install -y chromium chromium-driver)"

// elementKey is the W3C name of an element reference.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// Browser is one WebDriver session of headless Chromium.
type Browser struct {
	t    testing.TB
	base string // http://127.0.0.1:port/session/id
	hc   *http.Client
}

// Start runs ChromeDriver and opens a headless Chromium session, both
// stopped at the end of the test. It fails the test (never skips) when
// either is missing.
func Start(t testing.TB) *Browser {
	t.Helper()
	chromium := firstFound("chromium", "chromium-browser", "google-chrome")
	driver := firstFound("chromedriver")
	if chromium == "" || driver == "" {
		t.Fatalf("browser tests need Chromium and ChromeDriver: run %s", InstallHint)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	root := "http://127.0.0.1:" + strconv.Itoa(port)
	hc := &http.Client{Timeout: 60 * time.Second}
	// Wait for the driver to listen: a bounded start-up poll, not a test timing.
	for deadline := time.Now().Add(20 * time.Second); ; {
		res, err := hc.Get(root + "/status")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b := &Browser{t: t, base: root, hc: hc}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromium,
			"args": []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(), "--window-size=1280,900"},
		},
	}}}
	var s struct {
		SessionID string `json:"sessionId"`
	}
	b.do(http.MethodPost, "/session", caps, &s)
	b.base = root + "/session/" + s.SessionID
	t.Cleanup(func() { b.do(http.MethodDelete, "", nil, nil) })
	return b
}

func firstFound(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// do sends one WebDriver command and decodes its "value" into out.
func (b *Browser) do(method, path string, in, out any) {
	b.t.Helper()
	var body io.Reader
	if in != nil {
		j, _ := json.Marshal(in)
		body = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	req.Header.Set("Content-Type", "application/json")
	res, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &env); err != nil || res.StatusCode != http.StatusOK {
		b.t.Fatalf("webdriver %s %s: %d %s", method, path, res.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(env.Value, out); err != nil {
			b.t.Fatalf("webdriver %s %s: %v", method, path, err)
		}
	}
}

// Go opens a URL and waits for the page to load (WebDriver's page load
// strategy "normal").
func (b *Browser) Go(url string) {
	b.t.Helper()
	b.do(http.MethodPost, "/url", map[string]string{"url": url}, nil)
}

// Find returns the element matching the CSS selector; the test fails when
// there is none.
func (b *Browser) Find(css string) string { return b.find("css selector", css) }

// FindX returns the element matching the XPath expression.
func (b *Browser) FindX(xpath string) string { return b.find("xpath", xpath) }

func (b *Browser) find(using, value string) string {
	b.t.Helper()
	var el map[string]string
	b.do(http.MethodPost, "/element", map[string]string{"using": using, "value": value}, &el)
	return el[elementKey]
}

// Type types text into the element.
func (b *Browser) Type(el, text string) {
	b.t.Helper()
	b.do(http.MethodPost, "/element/"+el+"/value", map[string]string{"text": text}, nil)
}

// Click clicks the element; use Submit for a click that leaves the page.
func (b *Browser) Click(el string) {
	b.t.Helper()
	b.do(http.MethodPost, "/element/"+el+"/click", map[string]any{}, nil)
}

// Submit clicks an element that submits a form or follows a link, and
// waits until the browser has left the page it was on (the old page's root
// element is gone), so that the next command sees the new page. A click
// alone may return before the navigation it starts.
func (b *Browser) Submit(el string) {
	b.t.Helper()
	old := b.Find("html")
	b.Click(el)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b.status(http.MethodGet, "/element/"+old+"/name") != http.StatusOK {
			return // stale: the new page is there
		}
	}
	b.t.Fatalf("the page did not change within 15 s of the click")
}

// status sends one WebDriver command and reports only its HTTP status.
func (b *Browser) status(method, path string) int {
	req, _ := http.NewRequest(method, b.base+path, nil)
	res, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// Text is the element's rendered text.
func (b *Browser) Text(el string) string {
	var s string
	b.do(http.MethodGet, "/element/"+el+"/text", nil, &s)
	return s
}

// Source is the page's HTML.
func (b *Browser) Source() string {
	var s string
	b.do(http.MethodGet, "/source", nil, &s)
	return s
}

// Screenshot saves a PNG of the viewport into dir (when dir is not empty).
func (b *Browser) Screenshot(dir, name string) {
	b.t.Helper()
	if dir == "" {
		return
	}
	var s string
	b.do(http.MethodGet, "/screenshot", nil, &s)
	png, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
