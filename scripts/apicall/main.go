// Command apicall is the small HTTP helper of scripts/demo.sh. It stands in
// for curl (which a fresh machine with only Go may lack) so that the demo has
// one code path everywhere, and it checks the answer's status so a wrong
// answer fails the demo loudly.
//
//	apicall [-token T] [-expect STATUS] [-field PATH | -tmpl TEMPLATE] [-wait DURATION] METHOD URL [BODY]
//	apicall [-field PATH | -tmpl TEMPLATE] json   # format the JSON document on stdin
//	apicall secret                                # print a random API-token-like secret
//
// It prints "METHOD path -> status" on stderr and the answer's body (or, with
// -field, one value of it; with -tmpl, the answer through a text/template) on
// stdout. It exits 1 when the status is not the
// expected one (any 2xx by default) and prints the body on stderr then.
//
// PATH is a dotted path into the JSON answer: "token", "items.0.body";
// a negative index counts from the end ("items.-1.body").
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/template"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "apicall:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("apicall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	token := fs.String("token", "", "bearer token sent in the Authorization header")
	expect := fs.Int("expect", 0, "expected HTTP status (default: any 2xx)")
	field := fs.String("field", "", "print this field of the JSON answer (dotted path) instead of the body")
	wait := fs.Duration("wait", 0, "keep retrying connection errors for this long (server starting)")
	tmpl := fs.String("tmpl", "", "print the JSON answer through this Go text/template instead of the body")
	quiet := fs.Bool("q", false, "do not print the status line on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 1 && rest[0] == "json" {
		doc, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		return render(stdout, doc, *field, *tmpl)
	}
	if len(rest) == 1 && rest[0] == "secret" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		_, err := fmt.Fprintln(stdout, "mspb_"+base64.RawURLEncoding.EncodeToString(b))
		return err
	}
	if len(rest) < 2 || len(rest) > 3 {
		fs.Usage()
		return errors.New("want METHOD URL [BODY], json or secret")
	}
	method, target := strings.ToUpper(rest[0]), rest[1]
	var body []byte
	if len(rest) == 3 {
		body = []byte(rest[2])
		if !json.Valid(body) {
			return fmt.Errorf("the body is not valid JSON: %s", body)
		}
	}

	status, answer, err := call(method, target, *token, body, *wait)
	if err != nil {
		return err
	}
	path := target
	if u, err := url.Parse(target); err == nil {
		path = u.RequestURI()
	}
	if !*quiet {
		fmt.Fprintf(stderr, "    %s %s -> %d %s\n", method, path, status, http.StatusText(status))
	}
	ok := status >= 200 && status < 300
	if *expect != 0 {
		ok = status == *expect
	}
	if !ok {
		want := "a 2xx status"
		if *expect != 0 {
			want = strconv.Itoa(*expect)
		}
		return fmt.Errorf("%s %s answered %d, want %s: %s", method, path, status, want, bytes.TrimSpace(answer))
	}
	if err := render(stdout, answer, *field, *tmpl); err != nil {
		return fmt.Errorf("%s %s: %v", method, path, err)
	}
	return nil
}

// render prints doc whole, one field of it, or doc through a template.
func render(w io.Writer, doc []byte, field, tmpl string) error {
	switch {
	case tmpl != "":
		t, err := template.New("tmpl").Parse(tmpl)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			return fmt.Errorf("the answer is not JSON: %v", err)
		}
		return t.Execute(w, v)
	case field != "":
		v, err := lookup(doc, field)
		if err != nil {
			return fmt.Errorf("%v in %s", err, bytes.TrimSpace(doc))
		}
		_, err = fmt.Fprintln(w, v)
		return err
	default:
		_, err := fmt.Fprintln(w, string(bytes.TrimSpace(doc)))
		return err
	}
}

// call sends one request, retrying connection errors until wait has passed.
func call(method, target, token string, body []byte, wait time.Duration) (int, []byte, error) {
	hc := &http.Client{Timeout: 30 * time.Second}
	deadline := time.Now().Add(wait)
	for {
		req, err := http.NewRequest(method, target, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Accept", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := hc.Do(req)
		if err != nil {
			if time.Now().Before(deadline) {
				time.Sleep(200 * time.Millisecond)
				continue
			}
			return 0, nil, err
		}
		answer, err := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
		resp.Body.Close()
		if err != nil {
			return 0, nil, err
		}
		return resp.StatusCode, answer, nil
	}
}

// lookup walks a dotted path through a JSON document and renders the value:
// strings bare, everything else as JSON.
func lookup(doc []byte, path string) (string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("the answer is not JSON: %v", err)
	}
	for _, key := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			next, ok := node[key]
			if !ok {
				return "", fmt.Errorf("no field %q", key)
			}
			v = next
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil {
				return "", fmt.Errorf("%q is not an index of a list", key)
			}
			if i < 0 {
				i += len(node)
			}
			if i < 0 || i >= len(node) {
				return "", fmt.Errorf("index %s out of range (list of %d)", key, len(node))
			}
			v = node[i]
		default:
			return "", fmt.Errorf("cannot take %q of a %T", key, v)
		}
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	out, err := json.Marshal(v)
	return string(out), err
}
