package parts

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// PartNumber is a manufacturer's or supplier's part number in its normalised form: upper case,
// single spaces. "5q0 698  151 b" becomes "5Q0 698 151 B". Build one with ParsePartNumber.
type PartNumber string

// Part numbers are 3 to 32 characters of A-Z, 0-9, space, hyphen, dot and slash, beginning and
// ending with a letter or digit and holding at least one digit: wide enough for the numbering of
// every brand a dealer stocks (VW "5Q0 698 151 B", Toyota "04465-02220", BMW "11.42.7.953.129"),
// narrow enough that a typo such as a stray comma is caught at entry (§3.4(3): accurate parts
// information).
const (
	minPartNumber = 3
	maxPartNumber = 32
)

// ParsePartNumber normalises and checks a part number. A refusal is a *PartNumberError
// (errors.Is ErrBadPartNumber) saying what is wrong.
func ParsePartNumber(s string) (PartNumber, error) {
	n := strings.ToUpper(strings.Join(strings.Fields(s), " "))
	bad := func(reason string) (PartNumber, error) { return "", &PartNumberError{Number: s, Reason: reason} }
	if n == "" {
		return bad("required")
	}
	if !utf8.ValidString(n) {
		return bad("not valid UTF-8")
	}
	digits := false
	for _, c := range n {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'A' && c <= 'Z', c == ' ', c == '-', c == '.', c == '/':
		default:
			return bad("only letters A-Z, digits, spaces, '-', '.' and '/' are allowed, not " + strconv.QuoteRune(c))
		}
	}
	switch {
	case len(n) < minPartNumber:
		return bad("too short: at least 3 characters")
	case len(n) > maxPartNumber:
		return bad("too long: at most 32 characters")
	case !alnum(n[0]) || !alnum(n[len(n)-1]):
		return bad("must begin and end with a letter or digit")
	case !digits:
		return bad("must contain a digit")
	}
	return PartNumber(n), nil
}

func alnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }

func (n PartNumber) String() string { return string(n) }
