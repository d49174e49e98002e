package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// apiError is an error answer the server chose: a status, a detail and,
// for 422s, every invalid field.
type apiError struct {
	status     int
	detail     string
	fields     []client.FieldError
	retryAfter int // seconds, for 429s
}

func (e *apiError) Error() string { return e.detail }

func errStatus(status int, format string, args ...any) error {
	return &apiError{status: status, detail: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return errStatus(http.StatusBadRequest, format, args...)
}
func forbidden(format string, args ...any) error {
	return errStatus(http.StatusForbidden, format, args...)
}
func conflict(format string, args ...any) error {
	return errStatus(http.StatusConflict, format, args...)
}
func notFound(entity, id string) error { return &store.NotFoundError{Entity: entity, ID: id} }

var errUnauthorized = errStatus(http.StatusUnauthorized, "missing, invalid or expired bearer token")

// errMSPOnly answers writes that only MSP staff may make.
var errMSPOnly = forbidden("MSP staff only")

func missingPermission(perm string) error { return forbidden("missing permission %q", perm) }

// statusOf is the one table from errors to answers.
func statusOf(err error) *apiError {
	var (
		ae  *apiError
		nf  *store.NotFoundError
		ce  *store.ConflictError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &nf):
		return &apiError{status: http.StatusNotFound, detail: nf.Error()}
	case errors.As(err, &ce):
		return &apiError{status: http.StatusConflict, detail: ce.Error()}
	case errors.Is(err, store.ErrVersionMismatch):
		return &apiError{status: http.StatusPreconditionFailed, detail: "the entity changed since it was read"}
	case errors.As(err, &mbe):
		return &apiError{status: http.StatusRequestEntityTooLarge, detail: fmt.Sprintf("request body is larger than %d bytes", mbe.Limit)}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &apiError{status: http.StatusServiceUnavailable, detail: "request cancelled"}
	default:
		return nil
	}
}

// writeError answers err as application/problem+json. Errors not in the
// table are 500s whose cause is logged, never shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	ae := statusOf(err)
	if ae == nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		ae = &apiError{status: http.StatusInternalServerError, detail: "internal error"}
	}
	if ae.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	writeJSONType(w, ae.status, client.ProblemContentType, client.Problem{
		Type:   "about:blank",
		Title:  http.StatusText(ae.status),
		Status: ae.status,
		Detail: ae.detail,
		Errors: ae.fields,
	})
}

// fieldErrors collects every invalid field of a request.
type fieldErrors []client.FieldError

func (fe *fieldErrors) add(field, format string, args ...any) {
	*fe = append(*fe, client.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// rule adds a field's problem as a rule of package rules phrased it; ""
// (the value is fine) adds nothing.
func (fe *fieldErrors) rule(field, problem string) {
	if problem != "" {
		fe.add(field, "%s", problem)
	}
}

// err is nil when no field is invalid, else a 422 listing them all.
func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	names := make([]string, 0, len(fe))
	for _, f := range fe {
		names = append(names, f.Field+": "+f.Message)
	}
	return &apiError{status: http.StatusUnprocessableEntity, detail: "invalid request: " + strings.Join(names, "; "), fields: fe}
}
