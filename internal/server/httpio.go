package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// limitBody reads the whole request body (at most MaxBodyBytes, less for
// /auth/*: 413 beyond) before routing, and refuses a body that is not JSON (415).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bodyLimit(r)))
		if err != nil {
			var mbe *http.MaxBytesError
			if !errors.As(err, &mbe) {
				err = badRequest("cannot read request body")
			}
			s.writeError(w, r, err)
			return
		}
		if len(body) > 0 {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if mt != "application/json" && !(r.Method == http.MethodPatch && mt == "application/merge-patch+json") {
				s.writeError(w, r, errStatus(http.StatusUnsupportedMediaType,
					"request body must be application/json (or application/merge-patch+json for PATCH), not %q", mt))
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyBody, body)))
	})
}

func requestBody(r *http.Request) []byte {
	b, _ := r.Context().Value(keyBody).([]byte)
	return b
}

// decode reads the JSON body into a T, refusing unknown fields, duplicate
// keys and keys that match a field only when letter case is ignored.
func decode[T any](r *http.Request) (*T, error) {
	body := requestBody(r)
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("request body is empty: a JSON object is expected")
	}
	if err := checkJSONKeys(body, reflect.TypeFor[T]()); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	v := new(T)
	if err := dec.Decode(v); err != nil {
		return nil, badRequest("%s", jsonProblem(err))
	}
	if dec.More() {
		return nil, badRequest("request body holds more than one JSON value")
	}
	return v, nil
}

func jsonProblem(err error) string {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("malformed JSON at offset %d: %v", se.Offset, se)
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("field %q must be %s, not %s", te.Field, jsonKind(te.Type.String()), te.Value)
		}
		return fmt.Sprintf("the body must be a JSON object, not %s", te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: unexpected end of input"
	default:
		return "malformed JSON: " + err.Error()
	}
}

func jsonKind(goType string) string {
	switch {
	case strings.Contains(goType, "string"):
		return "a string"
	case strings.Contains(goType, "int"):
		return "an integer"
	case strings.Contains(goType, "bool"):
		return "a boolean"
	case strings.Contains(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "Time"):
		return "an RFC 3339 time"
	default:
		return "of another type"
	}
}

func writeJSONType(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"title":"Internal Server Error","status":500,"detail":"internal error"}`)
		contentType = "application/problem+json"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, status, "application/json", v)
}

// reply is a successful answer, rendered once so that an idempotent retry
// replays exactly the same bytes.
type reply struct {
	Status   int    `json:"status"`
	ETag     string `json:"etag,omitempty"`
	Location string `json:"location,omitempty"`
	Body     []byte `json:"body,omitempty"`
}

func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// entityReply renders an entity answer; version > 0 sets the ETag.
func entityReply(status int, v any, version int64) (*reply, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	rep := &reply{Status: status, Body: append(b, '\n')}
	if version > 0 {
		rep.ETag = etag(version)
	}
	return rep, nil
}

func (rep *reply) write(w http.ResponseWriter) {
	h := w.Header()
	if rep.ETag != "" {
		h.Set("ETag", rep.ETag)
	}
	if rep.Location != "" {
		h.Set("Location", rep.Location)
	}
	if len(rep.Body) > 0 {
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(rep.Body)))
	}
	w.WriteHeader(rep.Status)
	if len(rep.Body) > 0 {
		_, _ = w.Write(rep.Body)
	}
}

// sendEntity answers a read: 200 (or status) with the ETag of version.
func sendEntity(w http.ResponseWriter, status int, v any, version int64) error {
	rep, err := entityReply(status, v, version)
	if err != nil {
		return err
	}
	rep.write(w)
	return nil
}

// checkIfMatch enforces If-Match (RFC 9110 section 13.1.1): "*" or a list
// of entity tags, one of which must be the current ETag. The comparison is
// strong: a weak tag (W/"2") never matches, because it promises only an
// equivalent representation, not the version a change was made from.
func checkIfMatch(r *http.Request, version int64) error {
	h := strings.Join(r.Header.Values("If-Match"), ", ")
	if strings.TrimSpace(h) == "" {
		return nil
	}
	weak := false
	for tag := range strings.SplitSeq(h, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || tag == etag(version) {
			return nil
		}
		weak = weak || strings.HasPrefix(tag, "W/")
	}
	if weak {
		return errStatus(http.StatusPreconditionFailed, "If-Match %s does not match the current version %d: "+
			"a weak entity tag (W/) never matches; send the ETag as read", h, version)
	}
	return errStatus(http.StatusPreconditionFailed, "If-Match %s does not match the current version %d", h, version)
}
