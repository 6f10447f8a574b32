package dealerkit_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dealerkit/dealerkit"
)

// One text rule for every package and store: valid UTF-8, no control character but line breaks
// and tabs in free text, and a length limit per kind.
func TestTextFault_OneRuleForEveryKind(t *testing.T) {
	for _, tc := range []struct {
		s    string
		kind dealerkit.TextKind
		want dealerkit.Reason
	}{
		{"刹车异响 squeal", dealerkit.TextNote, ""},
		{"line one\nline two\r\n\ttabbed", dealerkit.TextNote, ""},
		{"line one\nline two", dealerkit.TextName, dealerkit.ReasonControlCharacter},
		{"tab\tkey", dealerkit.TextKey, dealerkit.ReasonControlCharacter},
		{"nul\x00", dealerkit.TextNote, dealerkit.ReasonControlCharacter},
		{"bell\a", dealerkit.TextNote, dealerkit.ReasonControlCharacter},
		{"esc\x1b[0m", dealerkit.TextNote, dealerkit.ReasonControlCharacter},
		{"del\x7f", dealerkit.TextName, dealerkit.ReasonControlCharacter},
		{"c1\u0085", dealerkit.TextNote, dealerkit.ReasonControlCharacter},
		{"bad \xff byte", dealerkit.TextNote, dealerkit.ReasonInvalidUTF8},
		{"half \xe5\x88", dealerkit.TextKey, dealerkit.ReasonInvalidUTF8},
		{"surrogate \xed\xa0\x80", dealerkit.TextNote, dealerkit.ReasonInvalidUTF8},
		{strings.Repeat("字", dealerkit.MaxNoteRunes), dealerkit.TextNote, ""},
		{strings.Repeat("字", dealerkit.MaxNoteRunes+1), dealerkit.TextNote, dealerkit.ReasonTooLong},
		{strings.Repeat("k", dealerkit.MaxKeyRunes), dealerkit.TextKey, ""},
		{strings.Repeat("k", dealerkit.MaxKeyRunes+1), dealerkit.TextKey, dealerkit.ReasonTooLong},
		{strings.Repeat("名", dealerkit.MaxNameRunes+1), dealerkit.TextName, dealerkit.ReasonTooLong},
	} {
		got, _ := dealerkit.TextFault(tc.s, tc.kind)
		if got != tc.want {
			t.Errorf("TextFault(%.20q, %d) = %q, want %q", tc.s, tc.kind, got, tc.want)
		}
	}
}

// CheckText applies the rule by field name: keys and names are one line, notes may break lines;
// invalid UTF-8 is refused anywhere, and the value in the error is short and ASCII.
func TestCheckText_KindByFieldNameAndInvalidUTF8(t *testing.T) {
	type line struct {
		PartNumber string
		Note       string
	}
	type input struct {
		Key     string
		Name    string
		Remarks string
		Lines   []line
	}
	var v dealerkit.ValidationError
	v.CheckText("", input{Key: "k\n1", Name: "ok", Remarks: "a\nb", Lines: []line{{PartNumber: "5Q0", Note: "x\xffy"}, {Note: strings.Repeat("n", 5000)}}})
	for _, f := range []string{"key", "lines[0].note", "lines[1].note"} {
		if !v.Has(f) {
			t.Errorf("want %s in %v", f, v.Fields)
		}
	}
	if len(v.Fields) != 3 {
		t.Errorf("a note may break lines, a valid name is fine: %v", v.Fields)
	}
	for _, f := range v.Fields {
		if len(f.Value) > 80 || !utf8.ValidString(f.Value) {
			t.Errorf("value in the error should be short, valid ASCII: %q", f.Value)
		}
	}
	if err := dealerkit.ValidText("note", "fine\n"); err != nil {
		t.Errorf("ValidText: %v", err)
	}
	if err := dealerkit.ValidText("note", "\x00"); dealerkit.CodeOf(err) != dealerkit.CodeInvalid {
		t.Errorf("ValidText with NUL: %v", err)
	}
}

// CheckText chooses a kind by the field's name or its last word: "part_number" is a key and
// "display_name" a name, but "renumber" and "nickname" are notes (no underscore before the word),
// so only the keys and names are refused a line break.
func TestCheckText_KindByTheFieldNamesLastWord(t *testing.T) {
	type input struct {
		PartNumber, Renumber, Robin, DisplayName, Nickname, Zh, LineItem, Text string
		Bins                                                                   []string
	}
	const broken = "a\nb"
	var v dealerkit.ValidationError
	v.CheckText("", input{PartNumber: broken, Renumber: broken, Robin: broken, DisplayName: broken, Nickname: broken,
		Zh: broken, LineItem: broken, Text: broken, Bins: []string{broken}})
	var got []string
	for _, f := range v.Fields {
		got = append(got, f.Field)
	}
	want := []string{"part_number", "display_name", "zh", "line_item", "bins[0]"}
	if !slices.Equal(got, want) {
		t.Errorf("refused %q, want %q", got, want)
	}
}
