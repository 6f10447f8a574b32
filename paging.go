package dealerkit

import (
	"encoding/base64"
	"strings"

	"github.com/google/uuid"
)

// Page sizes of every list in every package: a list asked for no size gets DefaultPageSize, and
// none gets more than MaxPageSize, so one request cannot make a service read a dealer's whole
// history.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageSize returns the size a list serves for a requested limit: DefaultPageSize for 0 or less,
// at most MaxPageSize.
func PageSize(limit int) int {
	switch {
	case limit <= 0:
		return DefaultPageSize
	case limit > MaxPageSize:
		return MaxPageSize
	}
	return limit
}

// Cursor is an opaque keyset position in a list: the page after it starts with the first record
// ordered after the one it names. Hosts pass it back unchanged; its form may change between
// releases (the version prefix says which form).
type Cursor string

const cursorPrefix = "v1."

// CursorAfter is the cursor of the page that follows the record with id (lists are ordered by
// id, which with UUIDv7 is creation order).
func CursorAfter(id uuid.UUID) Cursor {
	return Cursor(cursorPrefix + base64.RawURLEncoding.EncodeToString(id[:]))
}

// After returns the id the cursor names, zero for the empty cursor (the first page), and a
// *ValidationError naming field "cursor" for one this package did not make.
func (c Cursor) After() (uuid.UUID, error) {
	if c == "" {
		return uuid.UUID{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(string(c), cursorPrefix))
	if err != nil || !strings.HasPrefix(string(c), cursorPrefix) || len(b) != 16 {
		var v ValidationError
		v.AddCode("cursor", string(c), ReasonBadFormat, "not a cursor this library issued")
		return uuid.UUID{}, &v
	}
	return uuid.UUID(b), nil
}

// Page is one page of a list: its items in order, and Next, the cursor of the page after it,
// empty on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  Cursor `json:"next,omitempty"`
}

// NewPage builds a page from up to size+1 items read in order: when there are more than size,
// the extra one only proves that another page exists. id gives an item's id for the cursor.
func NewPage[T any](items []T, size int, id func(T) uuid.UUID) Page[T] {
	if items == nil {
		items = []T{}
	}
	if len(items) <= size {
		return Page[T]{Items: items}
	}
	items = items[:size]
	return Page[T]{Items: items, Next: CursorAfter(id(items[size-1]))}
}
