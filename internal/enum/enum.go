// Package enum is the closed-enumeration helper the domain packages share: the names of values
// 1..n, a parser that refuses any other name, and the text form used in JSON and storage. The zero
// value of an enumerated type is never valid, so a field left unset is caught.
package enum

import (
	"fmt"

	"github.com/dealerkit/dealerkit"
)

// Names are the names of an enumeration's values, from 1 up.
type Names[T ~uint8] struct {
	pkg, field string
	names      []string // index = value; names[0] unused
}

// New declares an enumeration of package pkg whose values 1, 2, … are called names, in order.
// field names it in validation errors.
func New[T ~uint8](pkg, field string, names ...string) Names[T] {
	return Names[T]{pkg: pkg, field: field, names: append([]string{""}, names...)}
}

// Valid reports whether v is one of the declared values.
func (e Names[T]) Valid(v T) bool { return v > 0 && int(v) < len(e.names) }

// String returns v's name, or field(n) for an undeclared value.
func (e Names[T]) String(v T) string {
	if !e.Valid(v) {
		return fmt.Sprintf("%s(%d)", e.field, uint8(v))
	}
	return e.names[v]
}

// Parse returns the value called s, or a *dealerkit.ValidationError naming the field.
func (e Names[T]) Parse(s string) (T, error) {
	for i := 1; i < len(e.names); i++ {
		if e.names[i] == s {
			return T(i), nil
		}
	}
	return 0, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: e.field, Value: s, Reason: "unknown value"}}}
}

// Marshal returns v's name, refusing an undeclared value rather than storing a name no parser
// would read back.
func (e Names[T]) Marshal(v T) ([]byte, error) {
	if !e.Valid(v) {
		return nil, fmt.Errorf("%s: cannot marshal %s", e.pkg, e.String(v))
	}
	return []byte(e.names[v]), nil
}

// All returns every declared value in order.
func (e Names[T]) All() []T {
	out := make([]T, 0, len(e.names)-1)
	for i := 1; i < len(e.names); i++ {
		out = append(out, T(i))
	}
	return out
}
