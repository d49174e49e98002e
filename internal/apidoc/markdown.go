package apidoc

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Guide returns the docs page of the management API (a tfplugindocs guide
// template), generated from the same source as the OpenAPI document: every
// operation with the permission it needs, and the fields of every request
// body.
func Guide() []byte {
	var b bytes.Buffer
	b.WriteString(`---
page_title: "The management API - MSP Backup"
subcategory: "Guides"
description: |-
  Every endpoint of the console's management API: paths, permissions, request fields, errors and headers. Generated from its OpenAPI document.
---

# The management API

The provider talks to the console through its management API at ` + "`/api/v1`" + `. Scripts and
tools (PowerShell, Python, RMM tools) can use the same API; its OpenAPI 3.1 document is served at
` + "`GET /api/v1/openapi.json`" + ` without a token, and kept in the repository as
` + "`api/openapi.json`" + `. This page is generated from the same source (` + "`make openapi`" + `).

- **Authentication:** ` + "`Authorization: Bearer <token>`" + `: the bootstrap token, an API token
  (` + "`mspbackup_api_token`" + `) or a session token from ` + "`POST /auth/login`" + `.
- **Errors** are ` + "`application/problem+json`" + ` (RFC 9457) with ` + "`status`, `title`, `detail`" + `
  and, for a 422, ` + "`errors: [{field, message}]`" + ` listing every invalid field at once.
- **Headers:** reads answer an ` + "`ETag`" + `; ` + "`PATCH`" + ` and ` + "`DELETE`" + ` honour ` + "`If-Match`" + ` (412 when
  stale); ` + "`POST`" + ` creates honour ` + "`Idempotency-Key`" + ` (a repeat answers the first answer, marked
  ` + "`Idempotent-Replayed: true`" + `); 429 and 503 carry ` + "`Retry-After`" + `; every answer of a server
  that limits requests carries ` + "`RateLimit-Policy`" + ` and ` + "`RateLimit`" + `.
- **Lists** answer ` + "`{\"items\": [...], \"next_page_token\": \"...\"}`" + `; pass ` + "`page_token`" + ` (and
  ` + "`page_size`" + `, at most 1000) for the next page.

## Endpoints

| method | path | needs | what it does |
|---|---|---|---|
`)
	for _, op := range Operations() {
		needs := "any token"
		switch {
		case op.public:
			needs = "no token"
		case op.Permission != "":
			needs = "`" + op.Permission + "`"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", op.Method, op.Path, needs, strings.ReplaceAll(op.Summary, "|", "\\|"))
	}
	b.WriteString("\nList filters: ")
	var filters []string
	for _, op := range Operations() {
		if f := slices.DeleteFunc(slices.Clone(op.Filters), func(f string) bool { return f == "include" }); len(f) > 0 {
			filters = append(filters, fmt.Sprintf("`%s` by %s", op.Path, "`"+strings.Join(f, "`, `")+"`"))
		}
	}
	b.WriteString(strings.Join(filters, "; ") + ".\n\n")
	b.WriteString("`GET /users?include=group_memberships,license_assignments` answers, besides a page of users, the memberships " +
		"(with `groups:read`) and licence assignments (with `licenses:read`) of exactly those users, under `included`, read in the " +
		"same transaction: one request for what the page's users, their memberships and their assignments would take three. " +
		"Without the permission an include needs, the list is refused with 403 naming it.\n\n## Request bodies\n\n")
	b.WriteString("Required fields are marked; a `PATCH` body is a JSON merge patch in which every field is optional.\n")
	seen := map[reflect.Type]bool{}
	for _, op := range Operations() {
		if op.Request == nil {
			continue
		}
		t := reflect.TypeOf(op.Request)
		if seen[t] {
			continue
		}
		seen[t] = true
		fmt.Fprintf(&b, "\n### %s `%s`\n\n| field | type | required |\n|---|---|---|\n", op.Method, op.Path)
		schema := (&generator{schemas: obj{}}).structSchema(t, true)
		required, _ := schema["required"].([]string)
		props := schema["properties"].(obj)
		names := make([]string, 0, len(props))
		for name := range props {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			req := ""
			if slices.Contains(required, name) {
				req = "yes"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", name, typeName(props[name]), req)
		}
	}
	return b.Bytes()
}

// typeName says a schema's type in a few words: "string", "array of string",
// "string or null", "one of a, b".
func typeName(v any) string {
	s, _ := v.(obj)
	if ref, ok := s["$ref"].(string); ok {
		return strings.TrimPrefix(ref, "#/components/schemas/")
	}
	var t string
	switch typ := s["type"].(type) {
	case string:
		t = typ
	case []any:
		parts := make([]string, len(typ))
		for i, p := range typ {
			parts[i] = fmt.Sprint(p)
		}
		t = strings.Join(parts, " or ")
	}
	if items, ok := s["items"]; ok {
		t = "array of " + typeName(items)
	}
	if enum, ok := s["enum"].([]any); ok {
		vals := make([]string, len(enum))
		for i, e := range enum {
			vals[i] = fmt.Sprintf("`%v`", e)
		}
		t += ": one of " + strings.Join(vals, ", ")
	}
	return t
}
