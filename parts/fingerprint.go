package parts

import (
	"cmp"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// appendCanonical appends the JSON of canonical(v) to b, byte for byte what
// json.Marshal(canonical(v)) writes, without building the maps and interfaces canonical returns:
// fingerprinting every posting that way was half of what an issue allocated. Kinds it has no
// shortcut for (maps, floats, values with a MarshalJSON of their own) go through that very
// json.Marshal, so they cannot differ.
func appendCanonical(b []byte, v reflect.Value) []byte {
	if !v.IsValid() {
		return append(b, "null"...)
	}
	if v.Kind() == reflect.Interface { // canonical asks the value inside, pointer or not
		if v.IsNil() {
			return append(b, "null"...)
		}
		if _, ok := v.Interface().(encoding.TextMarshaler); ok {
			return appendJSON(b, canonical(v))
		}
		return appendCanonical(b, v.Elem())
	}
	t := v.Type()
	switch {
	case t == decimalType:
		return appendJSONString(b, addr(v).(*decimal.Decimal).String())
	case t == uuidType:
		b = append(b, '"')
		b = appendUUID(b, addr(v).(*uuid.UUID))
		return append(b, '"')
	case v.Kind() != reflect.Pointer && t.Implements(textMarshalerType):
		text, err := addr(v).(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return appendJSON(b, canonical(v))
		}
		return appendJSONString(b, text)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, "null"...)
		}
		return appendCanonical(b, v.Elem())
	case reflect.Struct:
		// canonical makes a map keyed by JSON name, which json.Marshal writes sorted by key; of two
		// fields with one name, the later wins.
		var buf [24]structField
		fields := buf[:0]
		for i := range t.NumField() {
			if name, ok := fingerprintName(t.Field(i)); ok {
				fields = append(fields, structField{name, i})
			}
		}
		slices.SortStableFunc(fields, func(a, b structField) int { return cmp.Compare(a.name, b.name) })
		b = append(b, '{')
		first := true
		for k, f := range fields {
			if k+1 < len(fields) && fields[k+1].name == f.name {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, f.name)
			b = append(b, ':')
			b = appendCanonical(b, v.Field(f.index))
		}
		return append(b, '}')
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCanonical(b, v.Index(i))
		}
		return append(b, ']')
	}
	if t.Implements(jsonMarshalerType) {
		return appendJSON(b, v.Interface())
	}
	switch v.Kind() {
	case reflect.String:
		return appendJSONString(b, v.String())
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	}
	return appendJSON(b, canonical(v))
}

// addr returns a pointer to v's value as an interface: v's own address if it has one (fingerprint
// makes the request addressable), else a copy's. Boxing a pointer costs nothing; boxing the
// value, as v.Interface would, allocates.
func addr(v reflect.Value) any {
	if v.CanAddr() {
		return v.Addr().Interface()
	}
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return p.Interface()
}

type structField struct {
	name  string
	index int
}

var (
	uuidType          = reflect.TypeFor[uuid.UUID]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
)

// appendJSON appends json.Marshal(x); canonical's data always marshals.
func appendJSON(b []byte, x any) []byte {
	j, _ := json.Marshal(x)
	return append(b, j...)
}

// appendJSONString appends s as json.Marshal writes it. Printable ASCII that JSON and its HTML
// escaping leave alone is copied; anything else goes through json.Marshal.
func appendJSONString[S ~string | ~[]byte](b []byte, s S) []byte {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return appendJSON(b, string(s))
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendUUID appends u as uuid.UUID.MarshalText writes it.
func appendUUID(b []byte, u *uuid.UUID) []byte {
	// Into an array first, a group at a time: appending byte by byte was a fifth of a
	// fingerprint's cost (issue 12).
	var text [36]byte
	hex.Encode(text[0:8], u[0:4])
	text[8] = '-'
	hex.Encode(text[9:13], u[4:6])
	text[13] = '-'
	hex.Encode(text[14:18], u[6:8])
	text[18] = '-'
	hex.Encode(text[19:23], u[8:10])
	text[23] = '-'
	hex.Encode(text[24:36], u[10:16])
	return append(b, text[:]...)
}

// postingFingerprint is fingerprint("posting", …) of a posting request without a fingerprint of
// its own: its kind, reference, reason and lines, the lines' ids left out (NewPosting). It writes
// the canonical JSON by hand, keys sorted as canonical's map has them, because the reflective
// walk was a fifth of what an issue cost the memory store (issue 12); the bytes, and so every
// stored fingerprint, are the same (TestPostingFingerprintIsTheGenericOne). kind must be valid.
func postingFingerprint(kind MovementKind, ref Reference, reason string, lines []PostingLine) string {
	// A request of a line or two fits the buffer on the stack; more lines grow it on the heap.
	var buf [1024]byte
	b := append(buf[:0], "posting\n{\"Kind\":"...)
	b = appendJSONString(b, kind.String())
	b = append(b, `,"Lines":`...)
	if lines == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range lines {
			if i > 0 {
				b = append(b, ',')
			}
			l := &lines[i]
			b = append(b, `{"bin":`...)
			b = appendJSONString(b, l.Bin)
			b = append(b, `,"id":"00000000-0000-0000-0000-000000000000","line":"`...)
			b = appendUUID(b, &l.Line)
			b = append(b, `","part":"`...)
			b = appendUUID(b, &l.Part)
			b = append(b, `","quantity":`...)
			b = appendDecimalJSON(b, l.Quantity)
			b = append(b, `,"reverses":"`...)
			b = appendUUID(b, &l.Reverses)
			b = append(b, `","unit_cost":`...)
			b = appendDecimalJSON(b, l.UnitCost)
			b = append(b, `,"unreserve":`...)
			b = appendDecimalJSON(b, l.Unreserve)
			b = append(b, `,"value":`...)
			b = appendDecimalJSON(b, l.Value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"Reason":`...)
	b = appendJSONString(b, reason)
	b = append(b, `,"Reference":{"id":"`...)
	b = appendUUID(b, &ref.ID)
	b = append(b, `","kind":`...)
	b = appendJSONString(b, ref.Kind)
	b = append(b, `,"line":"`...)
	b = appendUUID(b, &ref.Line)
	b = append(b, `","number":`...)
	b = appendJSONString(b, ref.Number)
	b = append(b, "}}"...)
	h := sha256.Sum256(b)
	var text [2 * sha256.Size]byte
	hex.Encode(text[:], h[:])
	return string(text[:]) // one allocation, where hex.EncodeToString makes two
}

// appendDecimalJSON appends d as canonical writes it: its shortest text, quoted. Zero, the value
// of most of a line's decimals, is written without formatting it.
func appendDecimalJSON(b []byte, d decimal.Decimal) []byte {
	if d.IsZero() {
		return append(b, `"0"`...)
	}
	return appendJSONString(b, d.String())
}

// linesRecoverable reports whether a posting's request lines (sorted, as NewPosting keeps them)
// can be read back from its movements once applied, so that its fingerprint can be computed from
// a stored snapshot (SnapshotFingerprint): each movement carries its line's part, quantity, unit
// cost, unreserve and reversed movement as given, but its bin trimmed, the reference's line for a
// line that names none, and, once applied, a value of its own except where the request gave it
// (requestValue). A line those change is not recoverable.
func linesRecoverable(kind MovementKind, ref Reference, lines []PostingLine) bool {
	if len(lines) == 0 {
		return lines == nil // a claim's movements are nil, whether its request gave nil or none
	}
	for i := range lines {
		l := &lines[i]
		if l.Bin != strings.TrimSpace(l.Bin) || l.Line == uuid.Nil && ref.Line != uuid.Nil ||
			kind == MoveReversal && l.Quantity.IsNegative() { // its value is the given one, not the movement's
			return false
		}
	}
	return true
}

// requestValue reports whether an applied movement's value is the one its request line gave: a
// receipt's, a return's and a reversal's (Apply keeps what was given for stock coming in, and an
// outbound reversal is not recoverable). Every other line gives none: zero, as NewPosting
// refuses a value on them.
func requestValue(kind MovementKind) bool {
	return kind == MoveReceipt || kind == MoveReturn || kind == MoveReversal
}

// SnapshotFingerprint is the fingerprint of the request behind a snapshot that Posting.SnapshotLazy
// took without one (later true), read back from its movements as applied: the value the
// posting's Fingerprint gives (§3.4(1)).
func SnapshotFingerprint(s PostingSnapshot) string {
	var buf [4]PostingLine
	lines := buf[:0]
	if s.Movements == nil {
		lines = nil // a claim's, as NewPosting keeps them
	}
	for i := range s.Movements {
		m := &s.Movements[i]
		l := PostingLine{Part: m.Part, Bin: m.Bin, Quantity: m.Quantity, UnitCost: m.UnitCost, Unreserve: m.Unreserve,
			Reverses: m.Reverses, Line: m.Reference.Line}
		if requestValue(s.Kind) {
			l.Value = m.Value
		}
		lines = append(lines, l)
	}
	return postingFingerprint(s.Kind, s.Reference, s.Reason, lines)
}
