package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAnswerCounter checks that the requests of a phase are counted once
// each across two replicas' logs, and that a line still being written is
// counted when it is whole, not before.
func TestAnswerCounter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.log"), filepath.Join(dir, "b.log")
	write := func(path, text string) {
		t.Helper()
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	req := `{"level":"INFO","msg":"request","status":200}` + "\n"
	write(a, req+`{"msg":"listening"}`+"\n")
	write(b, req+req)
	c := &answerCounter{offsets: map[string]int64{}}
	steps := []struct {
		name   string
		before func()
		want   int
	}{
		{"what both logs hold", func() {}, 3},
		{"nothing new", func() {}, 0},
		{"half a line", func() { write(a, req[:10]) }, 0},
		{"the rest of it and one more", func() { write(a, req[10:]); write(b, req) }, 2},
	}
	for _, s := range steps {
		s.before()
		n, err := c.since(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if n != s.want {
			t.Errorf("%s: counted %d requests, want %d", s.name, n, s.want)
		}
	}
}
