package dealerkit

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors shared by every package and adapter. Match them with errors.Is; the concrete
// errors returned carry details and unwrap to one of these.
var (
	// ErrNotFound: no record with that id exists for that dealer. A record of another dealer is
	// reported as not found too, so one dealer cannot learn what another has.
	ErrNotFound = errors.New("dealerkit: not found")
	// ErrConflict: the record changed since it was read (optimistic concurrency) or a unique key
	// is already taken. Nothing was written; reload and try again.
	ErrConflict = errors.New("dealerkit: conflict")
	// ErrForbidden: the actor may not take this action (§3 permission table).
	ErrForbidden = errors.New("dealerkit: forbidden")
	// ErrInvalid: the request is malformed; a *ValidationError says which fields.
	ErrInvalid = errors.New("dealerkit: invalid input")
)

// FieldError is one bad field of a request: which field, the value given and why it is refused.
type FieldError struct {
	Field  string
	Value  string
	Reason string
}

func (e FieldError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// ValidationError lists every bad field of a request, not only the first. It unwraps to
// ErrInvalid and, where a field's check had a typed cause (a bad VIN, say), to that cause too.
type ValidationError struct {
	Fields []FieldError
	causes []error
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return "dealerkit: invalid input: " + strings.Join(parts, "; ")
}

// Unwrap returns ErrInvalid and the typed causes of the individual fields.
func (e *ValidationError) Unwrap() []error { return append([]error{ErrInvalid}, e.causes...) }

// Add records a bad field.
func (e *ValidationError) Add(field, value, reason string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Value: value, Reason: reason})
}

// AddErr records a bad field whose reason is err; errors.Is on the ValidationError then matches
// err too.
func (e *ValidationError) AddErr(field, value string, err error) {
	e.Add(field, value, err.Error())
	e.causes = append(e.causes, err)
}

// Err returns e if any field was added and nil otherwise, so a validator can end with
// `return v.Err()`.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Has reports whether field was recorded as bad.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// ForbiddenError says which actor was refused which action. It unwraps to ErrForbidden.
type ForbiddenError struct {
	Action Action
	Actor  Actor
}

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("dealerkit: forbidden: %s may not %s", e.Actor, e.Action)
}

// Unwrap returns ErrForbidden.
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

// CheckText records, under field, every string reachable from value (a string, or a struct,
// slice or map of them) that holds a control character other than tab, line feed or carriage
// return. Such text is garbage from a bad paste or a broken client, and one store may keep it
// while another refuses it (PostgreSQL's jsonb cannot hold NUL), so it is refused as input.
func (e *ValidationError) CheckText(field string, value any) {
	e.checkText(field, reflect.ValueOf(value))
}

func (e *ValidationError) checkText(field string, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		for _, r := range v.String() {
			if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
				e.Add(field, strconv.QuoteToASCII(v.String()), "contains a control character")
				return
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				e.checkText(field+"."+f.Name, v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // ids and raw bytes are not text
			return
		}
		for i := range v.Len() {
			e.checkText(fmt.Sprintf("%s[%d]", field, i), v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			e.checkText(field, iter.Key())
			e.checkText(fmt.Sprintf("%s[%v]", field, iter.Key()), iter.Value())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			e.checkText(field, v.Elem())
		}
	}
}
