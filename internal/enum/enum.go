// Package enum is the closed-enumeration helper the domain packages share: the names of values
// 1..n, a parser that refuses any other name, the text form used in JSON and storage, and the
// label key a catalogue labels each value under. The zero value of an enumerated type is never
// valid, so a field left unset is caught by validation; it marshals as "" (a view of a record
// that has no value there must still encode) and "" unmarshals back to it.
package enum

import (
	"fmt"
	"strings"

	"github.com/dealerkit/dealerkit"
)

// Names are the names of an enumeration's values, from 1 up.
type Names[T ~uint8] struct {
	key, field string
	names      []string // index = value; names[0] unused
}

// New declares an enumeration whose values 1, 2, … are called names, in order. key is
// "package.type" (aftersales.state), the prefix of each value's label key; field names it in
// validation errors.
func New[T ~uint8](key, field string, names ...string) Names[T] {
	return Names[T]{key: key, field: field, names: append([]string{""}, names...)}
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

// LabelKey returns v's label key, "package.type.name" ("package.type." for the zero value).
func (e Names[T]) LabelKey(v T) string {
	if !e.Valid(v) {
		return e.key + "."
	}
	return e.key + "." + e.names[v]
}

// Parse returns the value called s, or a *dealerkit.ValidationError naming the field.
func (e Names[T]) Parse(s string) (T, error) {
	for i := 1; i < len(e.names); i++ {
		if e.names[i] == s {
			return T(i), nil
		}
	}
	var v dealerkit.ValidationError
	v.AddCode(e.field, s, dealerkit.ReasonUnknownValue, "unknown value")
	return 0, &v
}

// Marshal returns v's name, and "" for the zero value (unset). An undeclared non-zero value is
// refused rather than stored under a name no parser would read back.
func (e Names[T]) Marshal(v T) ([]byte, error) {
	if v == 0 {
		return []byte{}, nil
	}
	if !e.Valid(v) {
		return nil, fmt.Errorf("%s: cannot marshal %s", e.pkg(), e.String(v))
	}
	return []byte(e.names[v]), nil
}

// Unmarshal parses b as Parse does, except that "" is the zero value (unset): validation, not
// decoding, decides whether a field may be unset.
func (e Names[T]) Unmarshal(b []byte) (T, error) {
	if len(b) == 0 {
		return 0, nil
	}
	return e.Parse(string(b))
}

// All returns every declared value in order.
func (e Names[T]) All() []T {
	out := make([]T, 0, len(e.names)-1)
	for i := 1; i < len(e.names); i++ {
		out = append(out, T(i))
	}
	return out
}

func (e Names[T]) pkg() string {
	pkg, _, _ := strings.Cut(e.key, ".")
	return pkg
}
