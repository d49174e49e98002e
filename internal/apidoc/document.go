package apidoc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// obj is a JSON object of the document. encoding/json writes map keys
// sorted, so the document is the same bytes for the same source.
type obj = map[string]any

// Headers of the API, as the document names them.
const (
	HeaderETag           = "ETag"
	HeaderLocation       = "Location"
	HeaderRetryAfter     = "Retry-After"
	HeaderIfMatch        = "If-Match"
	HeaderIdempotencyKey = "Idempotency-Key"
	// HeaderIdempotentReplayed marks the replay of an earlier answer.
	HeaderIdempotentReplayed = "Idempotent-Replayed"
	// HeaderRateLimit and HeaderRateLimitPolicy are the IETF rate-limit
	// headers (draft-ietf-httpapi-ratelimit-headers-10), on every answer of
	// a server that limits requests.
	HeaderRateLimit       = "RateLimit"
	HeaderRateLimitPolicy = "RateLimit-Policy"
)

// withRateLimitHeaders adds the rate-limit headers to an answer's headers.
func withRateLimitHeaders(headers obj) obj {
	for _, h := range []string{HeaderRateLimit, HeaderRateLimitPolicy} {
		headers[h] = obj{"$ref": "#/components/headers/" + h}
	}
	return headers
}

// Document returns the OpenAPI 3.1 document, indented, with a final newline.
func Document() ([]byte, error) {
	g := &generator{schemas: obj{}}
	paths := obj{}
	for _, op := range Operations() {
		item, _ := paths[op.Path].(obj)
		if item == nil {
			item = obj{}
			if op.root {
				item["servers"] = []any{obj{"url": "/"}} // the server's root, not /api/v1
			}
			paths[op.Path] = item
		}
		item[strings.ToLower(op.Method)] = g.operation(op)
	}
	g.schemas["Problem"] = g.schemaOf(reflect.TypeFor[client.Problem](), false)
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "mspbackup management API",
			"version": "1",
			"description": "The management API of the mspbackup console: customer accounts, companies, storage, users, " +
				"security groups, memberships, licences, API tokens, the outbox and the audit log. Errors are " +
				"application/problem+json (RFC 9457); a 422 lists every invalid field in errors[].",
		},
		"servers":  []any{obj{"url": Base}},
		"paths":    paths,
		"security": []any{obj{"bearerAuth": []any{}}},
		"components": obj{
			"schemas": g.schemas,
			"securitySchemes": obj{"bearerAuth": obj{
				"type": "http", "scheme": "bearer",
				"description": "The bootstrap token, an API token (POST /tokens) or a session token (POST /auth/login).",
			}},
			"headers":   sharedHeaders(),
			"responses": g.errorResponses(),
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode the OpenAPI document: %w", err)
	}
	return append(b, '\n'), nil
}

func sharedHeaders() obj {
	return obj{
		HeaderETag: obj{"description": "The entity's version, quoted; send it back in If-Match.",
			"schema": obj{"type": "string"}},
		HeaderLocation: obj{"description": "The path of the created entity.", "schema": obj{"type": "string"}},
		HeaderIdempotentReplayed: obj{"description": "true when this is the first answer to the same Idempotency-Key, replayed.",
			"schema": obj{"type": "string", "enum": []any{"true"}}},
		HeaderRetryAfter: obj{"description": "Seconds to wait before trying again.",
			"schema": obj{"type": "integer", "minimum": 0}},
		HeaderRateLimitPolicy: obj{"description": "The rate limit that applies to the caller (its user, or its client address before " +
			"authentication): its quota (q) per window of w seconds (draft-ietf-httpapi-ratelimit-headers-10).",
			"schema": obj{"type": "string"}, "example": `"default";q=100;w=2`},
		HeaderRateLimit: obj{"description": "What is left of the caller's quota (r) and the seconds until it is full again (t).",
			"schema": obj{"type": "string"}, "example": `"default";r=42;t=1`},
	}
}

// errorStatuses are the error answers an operation can give.
func errorStatuses(op Operation) []int {
	if op.class == classProbe {
		return []int{http.StatusInternalServerError, http.StatusServiceUnavailable}
	}
	// 401 and 403: a bad token, or for sign-in a bad login or a disabled user.
	out := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests, http.StatusInternalServerError}
	if op.Request != nil {
		out = append(out, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType,
			http.StatusUnprocessableEntity)
	}
	if strings.Contains(op.Path, "{") || op.class == classCreate || op.Method == http.MethodPost {
		out = append(out, http.StatusNotFound)
	}
	switch op.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		out = append(out, http.StatusConflict, http.StatusServiceUnavailable)
	}
	if op.class == classUpdate || op.class == classDelete {
		out = append(out, http.StatusPreconditionFailed)
	}
	if op.ID == "deleteUser" { // an unknown backup_data
		out = append(out, http.StatusUnprocessableEntity)
	}
	if op.class == classList { // a malformed page token, page size or filter
		out = append(out, http.StatusBadRequest, http.StatusUnprocessableEntity)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (g *generator) errorResponses() obj {
	out := obj{}
	for _, status := range []int{400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 500, 503} {
		r := obj{
			"description": http.StatusText(status),
			"content":     obj{client.ProblemContentType: obj{"schema": ref("Problem")}},
		}
		headers := withRateLimitHeaders(obj{})
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusConflict {
			headers[HeaderRetryAfter] = obj{"$ref": "#/components/headers/" + HeaderRetryAfter}
		}
		r["headers"] = headers
		out[fmt.Sprint(status)] = r
	}
	return out
}

func (g *generator) operation(op Operation) obj {
	o := obj{"operationId": op.ID, "summary": op.Summary}
	if op.Permission != "" {
		o["description"] = "Needs the `" + op.Permission + "` permission."
	}
	if op.public {
		o["security"] = []any{}
	}
	var params []any
	for _, name := range pathParams(op.Path) {
		params = append(params, obj{"name": name, "in": "path", "required": true, "schema": obj{"type": "string"}})
	}
	if op.class == classList {
		params = append(params,
			obj{"name": "page_size", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": 1000},
				"description": "Items per page."},
			obj{"name": "page_token", "in": "query", "schema": obj{"type": "string"},
				"description": "The next_page_token of the previous page."})
		for _, f := range op.Filters {
			s := obj{"type": "string"}
			if f == "enabled" {
				s = obj{"type": "string", "enum": []any{"true", "false"}}
			}
			desc := "Only items whose " + f + " is this."
			if d, ok := filterDescriptions[f]; ok {
				desc = d[1]
				if d[0] != "" {
					s["format"] = d[0]
				}
			} else if field, ok := strings.CutSuffix(f, "_prefix"); ok {
				desc = "Only items whose " + field + " starts with this, ignoring letter case."
			}
			params = append(params, obj{"name": f, "in": "query", "schema": s, "description": desc})
		}
	}
	if op.ID == "deleteUser" {
		params = append(params, obj{"name": "backup_data", "in": "query", "schema": obj{"type": "string", "enum": []any{"keep", "delete"}},
			"description": "keep (the default): the user's computers' backed-up data stays as retained backups of its customer account " +
				"(GET /retained-backups); delete: it is deleted with the user. Either way their licences are freed."})
	}
	switch op.class {
	case classCreate, classVerb:
		params = append(params, obj{"name": HeaderIdempotencyKey, "in": "header", "schema": obj{"type": "string", "maxLength": 255},
			"description": "A repeat with the same key and body answers the first answer and creates nothing."})
	case classUpdate, classDelete:
		params = append(params, obj{"name": HeaderIfMatch, "in": "header", "schema": obj{"type": "string"},
			"description": "The ETag last read: the change is refused with 412 if the entity changed since. " +
				"Compared strongly (RFC 9110): a weak tag (W/) never matches."})
	}
	if params != nil {
		o["parameters"] = params
	}
	if op.Request != nil {
		mediaTypes := obj{"application/json": obj{"schema": g.ref(reflect.TypeOf(op.Request), true)}}
		if op.Method == http.MethodPatch {
			mediaTypes["application/merge-patch+json"] = mediaTypes["application/json"]
		}
		o["requestBody"] = obj{"required": true, "content": mediaTypes}
	}
	responses := obj{}
	success := obj{"description": http.StatusText(op.Status)}
	switch {
	case op.class == classProbe:
		success["content"] = obj{"text/plain": obj{"schema": obj{"type": "string", "const": "ok\n"}}}
	case op.Path == "/openapi.json":
		success["content"] = obj{"application/json": obj{"schema": obj{"type": "object"}}}
	case op.Path == "/metrics":
		success["description"] = "The Prometheus text exposition format, version 0.0.4 (a scraper may ask for another with Accept)."
		success["content"] = obj{"text/plain": obj{"schema": obj{"type": "string"}}}
	case op.Response != nil:
		success["content"] = obj{"application/json": obj{"schema": g.ref(reflect.TypeOf(op.Response), false)}}
	}
	headers := obj{}
	if op.class != classProbe {
		headers = withRateLimitHeaders(headers)
	}
	if op.Response != nil && (op.class == classRead || op.class == classCreate || op.class == classUpdate || op.class == classVerb) {
		if _, versioned := reflect.TypeOf(op.Response).FieldByName("Meta"); versioned {
			headers[HeaderETag] = obj{"$ref": "#/components/headers/" + HeaderETag}
		}
	}
	if op.class == classCreate {
		headers[HeaderLocation] = obj{"$ref": "#/components/headers/" + HeaderLocation}
	}
	if op.class == classCreate || op.class == classVerb {
		headers[HeaderIdempotentReplayed] = obj{"$ref": "#/components/headers/" + HeaderIdempotentReplayed}
	}
	success["headers"] = headers
	responses[fmt.Sprint(op.Status)] = success
	switch op.ID {
	case "addGroupMember": // 200 when the user already was a member
		responses["200"] = obj{"description": "Already a member.", "content": success["content"], "headers": withRateLimitHeaders(obj{})}
	case "registerComputer": // 200 when the user already registered a computer of that name
		responses["200"] = obj{"description": "Already registered: that computer, and no second licence.",
			"content": success["content"], "headers": headers}
	}
	for _, status := range errorStatuses(op) {
		responses[fmt.Sprint(status)] = obj{"$ref": fmt.Sprintf("#/components/responses/%d", status)}
	}
	o["responses"] = responses
	return o
}

func pathParams(path string) []string {
	var out []string
	for part := range strings.SplitSeq(path, "/") {
		if strings.HasPrefix(part, "{") {
			out = append(out, strings.Trim(part, "{}"))
		}
	}
	return out
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

// generator turns wire types into JSON Schema 2020-12, one component per
// named struct type (requests and answers of the same type differ only in
// which fields are required, so a type is always used one way).
type generator struct{ schemas obj }

var timeType = reflect.TypeFor[time.Time]()

// componentName is the schema name of a struct type: Page[client.User]
// becomes UserPage.
func componentName(t reflect.Type) string {
	name := t.Name()
	if i := strings.Index(name, "["); i >= 0 {
		inner := name[i+1 : len(name)-1]
		inner = inner[strings.LastIndex(inner, ".")+1:]
		return inner + name[:i]
	}
	return name
}

func (g *generator) ref(t reflect.Type, request bool) obj {
	name := componentName(t)
	if _, done := g.schemas[name]; !done {
		g.schemas[name] = obj{} // placeholder against recursion
		g.schemas[name] = g.schemaOf(t, request)
	}
	return ref(name)
}

// schemaOf is the schema of a value of type t. In a request, a field is
// required unless it is omitted when empty; pointers mean "may be absent".
// In an answer every field without omitempty is always present, and a
// pointer may be null.
func (g *generator) schemaOf(t reflect.Type, request bool) obj {
	nullable := false
	if t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), !request
	}
	var s obj
	switch {
	case t == timeType:
		s = obj{"type": "string", "format": "date-time"}
	case strings.HasPrefix(t.Name(), "Nullable["):
		inner, _ := t.FieldByName("Value")
		s = g.schemaOf(inner.Type, request)
		nullable = true
	case t.Kind() == reflect.String:
		s = obj{"type": "string"}
	case t.Kind() == reflect.Bool:
		s = obj{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		s = obj{"type": "integer"}
	case t.Kind() == reflect.Slice:
		s = obj{"type": "array", "items": g.schemaOf(t.Elem(), request)}
	case t.Kind() == reflect.Struct:
		s = g.structSchema(t, request)
	default:
		panic(fmt.Sprintf("apidoc: no schema for %s", t))
	}
	if nullable {
		s["type"] = []any{s["type"], "null"}
	}
	return s
}

func (g *generator) structSchema(t reflect.Type, request bool) obj {
	props := obj{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for f := range t.Fields() {
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fs := g.schemaOf(f.Type, request)
			if f.Type.Kind() == reflect.Struct && f.Type != timeType && !strings.HasPrefix(f.Type.Name(), "Nullable[") {
				fs = g.ref(f.Type, request)
			}
			if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct && f.Type.Elem() != timeType {
				fs = obj{"type": "array", "items": g.ref(f.Type.Elem(), request)}
			}
			constrain(t.Name(), name, fs)
			props[name] = fs
			optional := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
			if request && f.Type.Kind() == reflect.Pointer {
				optional = true
			}
			if !optional {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// filterDescriptions are the format and description of the list filters
// that are not a plain "field equals value".
var filterDescriptions = map[string][2]string{
	"entity_id": {"", "Only events of these objects: one id, or up to 100 ids separated by commas."},
	"include": {"", "Not a filter: what the page carries besides its users, in `included`, separated by commas: " +
		"`group_memberships` (needs `groups:read`) and `license_assignments` (needs `licenses:read`), the memberships of every group " +
		"and the licence assignments of exactly the users of the page, read in the same transaction as the page and shown as " +
		"GET /group-members and GET /license-assignments show them; not paged. Without the permission an include needs, the list is refused (403) naming it."},
	"since":  {"date-time", "Only events at or after this time (RFC 3339)."},
	"status": {"", "Only accounts of this status (active, suspended or pending_deletion); without it, every account but those pending deletion."},
}
