package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Health probes for load balancers and orchestrators. They need no token
// and are not rate limited: a balancer's checks must not be refused because
// the clients behind it are busy.
//
//   - GET /healthz: the process answers (liveness).
//   - GET /readyz: this replica should get requests (readiness): it is not
//     draining (Drain), its database answers and every migration this build
//     knows is applied.

// readyTimeout bounds the database check of /readyz, so that a database
// that hangs makes the probe fail rather than wait for the balancer's
// own timeout.
const readyTimeout = 2 * time.Second

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) error {
	return probeAnswer(w)
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if s.draining.Load() {
		return &apiError{status: http.StatusServiceUnavailable, retryAfter: 1, detail: "draining: this server is stopping"}
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.st.Ready(ctx); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "not ready", slog.String("error", err.Error()))
		return &apiError{status: http.StatusServiceUnavailable, retryAfter: 1, detail: "the database is not ready"}
	}
	return probeAnswer(w)
}

func probeAnswer(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// Drain makes /readyz answer 503 from now on, so that load balancers stop
// sending this server requests before it stops (mspbackup-server calls it
// on SIGTERM, then waits --drain-delay before it stops listening). Other
// requests are served as before.
func (s *Server) Drain() { s.draining.Store(true) }
