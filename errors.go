package dealerkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
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
	// ErrRefused: the request is well formed and allowed, but a business rule refuses it in the
	// record's present state (wrong state, no consent, insufficient stock …). Retrying the same
	// request does not help until the record changes.
	ErrRefused = errors.New("dealerkit: refused by a rule")
)

// Classes lists the kernel's error classes. Every error a service returns matches exactly one of
// them with errors.Is, so a host maps a class to a status (invalid 400 or 422, not found 404,
// forbidden 403, conflict 409 and retry, refused 409 or 422) without reading the text.
func Classes() []error {
	return []error{ErrInvalid, ErrNotFound, ErrForbidden, ErrConflict, ErrRefused}
}

// Code is an error's stable machine code, "package.snake_case" (parts.insufficient_stock). A host
// maps codes to labels (Catalogue.Error) and to its own statuses; codes never change meaning.
type Code string

// The codes of the kernel classes themselves: CodeOf returns one of these for an error that
// carries no code of its own.
const (
	CodeInvalid   Code = "dealerkit.invalid_input"
	CodeNotFound  Code = "dealerkit.not_found"
	CodeForbidden Code = "dealerkit.forbidden"
	CodeConflict  Code = "dealerkit.conflict"
	CodeRefused   Code = "dealerkit.refused"
)

// ClassOf returns the kernel class err matches (one of Classes), or nil for nil and for an error
// of no class (a driver failure, a cancelled context: the host's 500 or retry).
func ClassOf(err error) error {
	if err == nil {
		return nil
	}
	for _, c := range Classes() {
		if errors.Is(err, c) {
			return c
		}
	}
	return nil
}

// CodeOf returns err's machine code: the first code found in its chain, else the code of its
// class, else "" (nil, or an error of no class).
func CodeOf(err error) Code {
	if err == nil { // the common case (services map every store result): no search, no allocation
		return ""
	}
	var c interface{ ErrorCode() Code }
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	switch ClassOf(err) {
	case ErrInvalid:
		return CodeInvalid
	case ErrNotFound:
		return CodeNotFound
	case ErrForbidden:
		return CodeForbidden
	case ErrConflict:
		return CodeConflict
	case ErrRefused:
		return CodeRefused
	}
	return ""
}

// RuleError is a package's sentinel error: a message, a stable code and the kernel class it
// belongs to. Declare them with NewError and match them with errors.Is; typed errors carrying
// details unwrap to them.
type RuleError struct {
	class error
	code  Code
	msg   string
}

// NewError declares a sentinel error of class (one of Classes) with code and message. It is
// meant for package-level declarations:
//
//	var ErrInsufficientStock = dealerkit.NewError(dealerkit.ErrRefused, "parts.insufficient_stock", "parts: insufficient stock")
func NewError(class error, code Code, msg string) *RuleError {
	return &RuleError{class: class, code: code, msg: msg}
}

func (e *RuleError) Error() string { return e.msg }

// Unwrap returns the error's kernel class.
func (e *RuleError) Unwrap() error { return e.class }

// ErrorCode returns the error's machine code.
func (e *RuleError) ErrorCode() Code { return e.code }

// FieldError is one bad field of a request: which field, the value given, why it is refused as a
// stable code (labelled in every language by Catalogue.Reason) and as an English sentence.
type FieldError struct {
	Field  string `json:"field"`
	Value  string `json:"value,omitempty"`
	Code   Reason `json:"code"`
	Reason string `json:"reason"`
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

// ErrorCode returns CodeInvalid: the fields carry the detailed reasons.
func (e *ValidationError) ErrorCode() Code { return CodeInvalid }

// MarshalJSON gives the error's stable form: {"code", "message", "fields"}.
func (e *ValidationError) MarshalJSON() ([]byte, error) {
	fields := e.Fields
	if fields == nil {
		fields = []FieldError{}
	}
	return json.Marshal(struct {
		Code    Code         `json:"code"`
		Message string       `json:"message"`
		Fields  []FieldError `json:"fields"`
	}{CodeInvalid, e.Error(), fields})
}

// Add records a bad field with the generic code ReasonInvalid; prefer AddCode, whose code a host
// can label.
func (e *ValidationError) Add(field, value, reason string) {
	e.AddCode(field, value, ReasonInvalid, reason)
}

// AddCode records a bad field with its reason code and an English sentence saying why.
func (e *ValidationError) AddCode(field, value string, code Reason, reason string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Value: value, Code: code, Reason: reason})
}

// Required records a required field left empty.
func (e *ValidationError) Required(field string) {
	e.AddCode(field, "", ReasonRequired, "required")
}

// AddErr records a bad field whose reason is err; errors.Is on the ValidationError then matches
// err too. The field's code is err's (CodeOf) when err carries one as a Reason, else
// ReasonInvalid.
func (e *ValidationError) AddErr(field, value string, err error) {
	code := ReasonInvalid
	var r interface{ FieldReason() Reason }
	if errors.As(err, &r) {
		code = r.FieldReason()
	}
	e.AddCode(field, value, code, err.Error())
	e.causes = append(e.causes, err)
}

// Err returns a copy of e if any field was added and nil otherwise, so a validator can end with
// `return v.Err()`. A copy, so that a validator's ValidationError need not live on the heap: the
// common case, valid input, then allocates nothing for it (issue 12).
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	c := *e
	return &c
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

// ErrorCode returns CodeForbidden.
func (e *ForbiddenError) ErrorCode() Code { return CodeForbidden }

// MarshalJSON gives the error's stable form: {"code", "message", "action"}.
func (e *ForbiddenError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code    Code   `json:"code"`
		Message string `json:"message"`
		Action  Action `json:"action"`
	}{CodeForbidden, e.Error(), e.Action})
}

// CheckText records, under field, every string reachable from value (a string, or a struct,
// slice or map of them) that breaks the text rule (text.go: valid UTF-8, no control character but
// line breaks and tabs in free text, a length limit per kind, the kind chosen by field name).
// Such text is garbage from a bad paste or a broken client, and one store may keep it while
// another refuses or alters it (PostgreSQL's jsonb cannot hold NUL), so it is refused as input.
func (e *ValidationError) CheckText(field string, value any) {
	var buf [96]byte
	e.checkText(append(buf[:0], field...), lastName(field), strings.HasSuffix(field, "{key}"), reflect.ValueOf(value))
}

// checkText walks v at the path in path, whose innermost field is name (key: the path ends in a
// map key); the two choose the text kind (kindOfName). The path's bytes grow and are cut back as
// the walk goes, and become a string only for a text that breaks the rule, so a valid command
// builds none. It returns path, grown perhaps, for the caller to go on with.
func (e *ValidationError) checkText(path []byte, name string, key bool, v reflect.Value) []byte {
	n := len(path)
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if code, reason := TextFault(s, kindOfName(name, key)); code != "" {
			e.AddCode(strings.TrimSuffix(string(path), "{key}"), quoteForError(s), code, reason)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				field := snakeName(f.Name)
				if n > 0 {
					path = append(path, '.')
				}
				path = e.checkText(append(path, field...), field, false, v.Field(i))[:n]
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // ids and raw bytes are not text
			return path
		}
		for i := range v.Len() {
			path = append(strconv.AppendInt(append(path, '['), int64(i), 10), ']')
			path = e.checkText(path, name, key, v.Index(i))[:n]
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			path = e.checkText(append(path, "{key}"...), name, true, iter.Key())[:n]
			path = e.checkText(fmt.Appendf(path, "[%v]", iter.Key()), name, key, iter.Value())[:n]
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			path = e.checkText(path, name, key, v.Elem())
		}
	}
	return path
}
