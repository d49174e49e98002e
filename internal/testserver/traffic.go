package testserver

import (
	"net/http"
	"sync"
	"time"
)

// Traffic records what the server saw: when each request arrived and the
// status it was answered with. Use its Wrap as Options.Wrap.
type Traffic struct {
	mu       sync.Mutex
	arrivals []time.Time
	statuses map[int]int
}

// Wrap counts the requests that reach next.
func (tr *Traffic) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		sw := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		tr.mu.Lock()
		defer tr.mu.Unlock()
		if tr.statuses == nil {
			tr.statuses = map[int]int{}
		}
		tr.arrivals = append(tr.arrivals, now)
		tr.statuses[sw.status]++
	})
}

// Requests is the number of requests answered so far.
func (tr *Traffic) Requests() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return len(tr.arrivals)
}

// Answers is the number of answers with status code.
func (tr *Traffic) Answers(code int) int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.statuses[code]
}

// Rate is the rate the server saw, in requests per second: the gaps
// between the first and the last arrival, over the time between them
// (0 for fewer than two requests).
func (tr *Traffic) Rate() float64 {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	n := len(tr.arrivals)
	if n < 2 {
		return 0
	}
	first, last := tr.arrivals[0], tr.arrivals[0]
	for _, t := range tr.arrivals {
		first, last = minTime(first, t), maxTime(last, t)
	}
	return float64(n-1) / last.Sub(first).Seconds()
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
