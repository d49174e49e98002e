package client

import (
	"bytes"
	"encoding/json"
)

// Nullable is a field of a JSON merge patch (RFC 7396) that can be left out,
// set to null, or set to a value. Update requests use it for optional
// references (a company's storage limit, a user's company) where "remove the
// value" and "leave it alone" must be told apart.
//
// The zero value is "left out": with the `omitzero` tag it is not sent.
type Nullable[T any] struct {
	// Set is true when the field is present in the patch.
	Set bool
	// Null is true when the field is present and null.
	Null bool
	// Value is the new value when Set is true and Null is false.
	Value T
}

// Value returns a Nullable that sets the field to v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{Set: true, Value: v} }

// Null returns a Nullable that clears the field.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// NullableFromPtr returns a Nullable that sets the field to *p, or clears it
// when p is nil. It suits callers that send a whole desired state.
func NullableFromPtr[T any](p *T) Nullable[T] {
	if p == nil {
		return Null[T]()
	}
	return Value(*p)
}

// IsZero reports whether the field is left out of the patch.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// Ptr returns the new value as a pointer: nil for null (or left out).
func (n Nullable[T]) Ptr() *T {
	if !n.Set || n.Null {
		return nil
	}
	v := n.Value
	return &v
}

// MarshalJSON encodes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON records that the field was present, and whether it was null.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	n.Set = true
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		n.Null = true
		var zero T
		n.Value = zero
		return nil
	}
	n.Null = false
	return json.Unmarshal(data, &n.Value)
}
