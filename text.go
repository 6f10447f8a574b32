package dealerkit

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// TextKind is the kind of a text field, which sets the one text rule's limits for it. Every
// package applies the rule to every text input and key before anything is stored, so whether a
// text is accepted never depends on the store: PostgreSQL cannot hold NUL or invalid UTF-8, and
// JSON would silently replace invalid bytes, so such text is refused everywhere.
type TextKind uint8

const (
	// TextNote is free text in a person's words (a concern, a note, a reason): line feeds,
	// carriage returns and tabs are allowed, up to MaxNoteRunes characters.
	TextNote TextKind = iota
	// TextName is one line naming something (a name, a plate, a model, a survey item): no
	// control character at all, up to MaxNameRunes characters.
	TextName
	// TextKey is one line identifying something (an idempotency key, a code, a number, a bin):
	// no control character at all, up to MaxKeyRunes characters.
	TextKey
)

// The length limits of the text kinds, in characters (runes). Packages may set a tighter limit
// of their own for a field (a part number, an intake key) and check it after the kernel's.
const (
	MaxNoteRunes = 4000
	MaxNameRunes = 255
	MaxKeyRunes  = 255
)

// Limit is the kind's length limit in characters.
func (k TextKind) Limit() int {
	switch k {
	case TextName:
		return MaxNameRunes
	case TextKey:
		return MaxKeyRunes
	default:
		return MaxNoteRunes
	}
}

// TextFault says why s breaks the text rule for kind: ReasonInvalidUTF8, ReasonControlCharacter
// or ReasonTooLong with an English sentence; an empty Reason when s keeps the rule. The rule:
// valid UTF-8; no control character (C0, DEL, C1), except line feed, carriage return and tab in a
// TextNote; at most kind.Limit() characters.
func TextFault(s string, kind TextKind) (Reason, string) {
	if !utf8.ValidString(s) {
		return ReasonInvalidUTF8, "is not valid UTF-8"
	}
	n := 0
	for _, r := range s {
		n++
		if unicode.IsControl(r) && (kind != TextNote || (r != '\t' && r != '\n' && r != '\r')) {
			return ReasonControlCharacter, "contains a control character"
		}
	}
	if n > kind.Limit() {
		return ReasonTooLong, fmt.Sprintf("is longer than %d characters", kind.Limit())
	}
	return "", ""
}

// Text records field as bad if value breaks the text rule for kind (see TextFault).
func (e *ValidationError) Text(field, value string, kind TextKind) {
	if code, reason := TextFault(value, kind); code != "" {
		e.AddCode(field, quoteForError(value), code, reason)
	}
}

// ValidText checks every string reachable from value as CheckText does and returns the
// *ValidationError naming each bad one, or nil. A Service calls it on its text arguments before
// it reads or writes anything.
func ValidText(field string, value any) error {
	var v ValidationError
	v.CheckText(field, value)
	return v.Err()
}

// quoteForError quotes a refused value in ASCII for an error message, cut to a readable length.
func quoteForError(s string) string {
	const max = 64
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.QuoteToASCII(s[:cut]) + "…"
	}
	return strconv.QuoteToASCII(s)
}

// joinField is the path of a struct field under prefix, in the snake_case of field errors
// ("reception.concerns", or "key" with no prefix).
func joinField(prefix, goName string) string {
	name := snakeName(goName)
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// snakeNames caches snakeName: field names are few and fixed, and validation walks them on every
// command.
var snakeNames sync.Map // string → string

// snakeName is a Go field name in snake_case ("DueAt" → "due_at", "VIN" → "vin").
func snakeName(goName string) string {
	if s, ok := snakeNames.Load(goName); ok {
		return s.(string)
	}
	var b strings.Builder
	rs := []rune(goName)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			// A new word starts at an upper-case letter after a lower-case one, or before a
			// lower-case one in a run of capitals ("VIN" is one word, "DueAt" two).
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	snakeNames.Store(goName, b.String())
	return b.String()
}

// lastName is the innermost field name of a path: "reception.concerns[0]" → "concerns".
func lastName(path string) string {
	name := path
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return name
}

// kindOfName is the kind CheckText applies to a string by the name of its innermost field (for
// "reception.concerns[0].text", "text"): names that identify (key, code, number, reference, bin,
// skill, operation, method, cause, time_zone, equipment, and names ending in _key, _code, _number
// …; map keys) are TextKey; names that name (name, zh, en, plate, model, item, category, and names
// ending in _name …) are TextName; every other string is TextNote.
func kindOfName(name string, mapKey bool) TextKind {
	if mapKey {
		return TextKey
	}
	is := func(words ...string) bool {
		for _, w := range words {
			// name is w, or ends in "_"+w (without building that string: this runs for every
			// string of every command, issue 12).
			if n := len(name) - len(w); strings.HasSuffix(name, w) && (n == 0 || n > 0 && name[n-1] == '_') {
				return true
			}
		}
		return false
	}
	switch {
	case is("key", "code", "number", "reference", "bin", "bins", "skill", "operation", "method", "cause",
		"time_zone", "equipment"):
		return TextKey
	case is("name", "zh", "en", "plate", "model", "item", "category"):
		return TextName
	}
	return TextNote
}
