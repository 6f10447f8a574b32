package dealerkit_test

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/dealerkit/dealerkit"
)

// The one text rule: whatever a text is, TextFault either refuses it with a kernel reason or
// accepts a valid UTF-8 text without NUL, within its kind's limit, that JSON (every store's
// document form) gives back byte for byte.
func FuzzTextRule(f *testing.F) {
	for _, s := range []string{"", "刹车异响", "line\nbreak\ttab", "nul\x00", "bell\a", "\xff", "\xe5\x88", "\u0085", "\u2028", "\U0001F697"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, k uint8) {
		kind := dealerkit.TextKind(k % 3)
		code, reason := dealerkit.TextFault(s, kind)
		if code != "" {
			switch code {
			case dealerkit.ReasonInvalidUTF8, dealerkit.ReasonControlCharacter, dealerkit.ReasonTooLong:
			default:
				t.Fatalf("TextFault(%q) = %q", s, code)
			}
			if reason == "" {
				t.Fatalf("TextFault(%q): no sentence", s)
			}
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > kind.Limit() {
			t.Fatalf("TextFault accepted %q", s)
		}
		body, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back string
		if err := json.Unmarshal(body, &back); err != nil || back != s {
			t.Fatalf("%q does not come back from JSON: %q, %v", s, back, err)
		}
		for _, r := range s {
			if r == 0 {
				t.Fatalf("TextFault accepted a NUL in %q", s)
			}
		}
	})
}
