package server

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// encoding/json alone keeps the last of two duplicate keys and matches a
// key to a field ignoring letter case ("PASSWORD", "Password" and even
// "paſſword", with U+017F, fill Password). A proxy or a WAF that reads the
// first key, or matches keys exactly, would then see another request than
// this server. checkJSONKeys closes that gap before the body is decoded: it
// walks the body's token stream and checks every object's keys against the
// json tags of the type that object decodes into.

const (
	// maxJSONDepth bounds the nesting of a request body; the API's request
	// types nest two levels at most.
	maxJSONDepth = 32
	// maxKeyProblems bounds the keys one answer names: a body of a million
	// duplicate keys gets a short answer, not a long one.
	maxKeyProblems = 20
)

// checkJSONKeys refuses (400, naming each key with its JSON path) a
// duplicate key in any object of body, and a key of an object decoded into a
// struct that is not exactly one of the struct's field names: a key that
// differs from a field name only by letter case, or an unknown key. Syntax
// errors are left to the decoder, which words them better.
func checkJSONKeys(body []byte, t reflect.Type) error {
	w := keyWalker{dec: json.NewDecoder(bytes.NewReader(body))}
	w.dec.UseNumber() // numbers are skipped, never parsed: no range errors here
	if err := w.value(t, "", 0); err != nil {
		if ae := (*apiError)(nil); errors.As(err, &ae) {
			return ae
		}
		return nil // malformed JSON: the decoder reports it
	}
	if w.refused == 0 {
		return nil
	}
	detail := strings.Join(w.details, "; ")
	if more := w.refused - len(w.problems); more > 0 {
		detail += fmt.Sprintf("; and %d more", more)
	}
	return &apiError{status: http.StatusBadRequest, detail: detail, fields: w.problems}
}

type keyWalker struct {
	dec      *json.Decoder
	refused  int         // keys refused
	problems fieldErrors // the first maxKeyProblems of them, named by JSON path
	details  []string    // the same, as sentences for the problem's detail
}

// refuse records a refused key: detail is a format with one %s, for the
// quoted path, that leads the message in the problem's detail.
func (w *keyWalker) refuse(path, detail, message string, args ...any) {
	if w.refused++; w.refused > maxKeyProblems {
		return
	}
	w.problems.add(path, message, args...)
	w.details = append(w.details, fmt.Sprintf(detail, strconv.Quote(path))+" "+w.problems[len(w.problems)-1].Message)
}

var anyType = reflect.TypeFor[any]()

// value walks one JSON value that decodes into t.
func (w *keyWalker) value(t reflect.Type, path string, depth int) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar: the decoder checks its type
	}
	if depth >= maxJSONDepth {
		return badRequest("the request body nests deeper than %d levels", maxJSONDepth)
	}
	t = decodedType(t)
	if delim == '[' {
		elem := anyType
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			elem = t.Elem()
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(elem, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
				return err
			}
		}
	} else {
		if err := w.object(t, path, depth); err != nil {
			return err
		}
	}
	_, err = w.dec.Token() // the closing delimiter
	return err
}

// object walks the members of an object that decodes into t, up to its
// closing brace.
func (w *keyWalker) object(t reflect.Type, path string, depth int) error {
	var fields map[string]reflect.Type
	if t.Kind() == reflect.Struct {
		fields = structFields(t)
	}
	seen := make(map[string]bool)
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		at := key
		if path != "" {
			at = path + "." + key
		}
		ft, isField := fields[key]
		next := anyType
		switch {
		case isField:
			next = ft
		case t.Kind() == reflect.Map:
			next = t.Elem()
		}
		switch {
		case seen[key]:
			w.refuse(at, "duplicate key %s:", "a key may appear only once in an object")
		case fields == nil || isField:
		default:
			if name := caseVariantOf(fields, key); name != "" {
				w.refuse(at, "key %s", "differs from the field %q only by letter case: field names are exact", name)
			} else {
				w.refuse(at, "unknown field %s:", "this request has no such field")
			}
		}
		seen[key] = true
		if err := w.value(next, at, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// caseVariantOf is the field name that key matches ignoring case ("" for
// none), with the Unicode folding that encoding/json itself applies.
func caseVariantOf(fields map[string]reflect.Type, key string) string {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return name
		}
	}
	return ""
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	nullablePkg     = reflect.TypeFor[client.Nullable[string]]().PkgPath()
)

// decodedType is the type whose shape a JSON value must have to decode into
// t: pointers are followed, a client.Nullable[T] (merge-patch field) is its
// T, and other types that decode themselves (time.Time) take any shape.
func decodedType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == nullablePkg && strings.HasPrefix(t.Name(), "Nullable[") {
		if f, ok := t.FieldByName("Value"); ok {
			return decodedType(f.Type)
		}
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return anyType
	}
	return t
}

var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// structFields maps the JSON names of a struct's fields to their types, the
// way encoding/json names them: the json tag's name, else the Go name;
// "-" skipped; untagged embedded structs flattened.
func structFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := make(map[string]reflect.Type)
	addStructFields(m, t)
	fieldCache.Store(t, m)
	return m
}

func addStructFields(m map[string]reflect.Type, t reflect.Type) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case f.Anonymous && name == "" && ft.Kind() == reflect.Struct:
			embedded = append(embedded, ft)
		case !f.IsExported():
		case name == "":
			m[f.Name] = f.Type
		default:
			m[name] = f.Type
		}
	}
	// Fields of embedded structs come after: the shallower field wins, as
	// in encoding/json.
	for _, et := range embedded {
		sub := make(map[string]reflect.Type)
		addStructFields(sub, et)
		for name, ft := range sub {
			if _, taken := m[name]; !taken {
				m[name] = ft
			}
		}
	}
}
