package parts

import (
	"time"

	"reflect"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genericPostingFingerprint is how NewPosting fingerprinted a request before postingFingerprint:
// the reflective canonical JSON of this very struct. Stored postings carry its values (§3.4(1)).
func genericPostingFingerprint(kind MovementKind, ref Reference, reason string, lines []PostingLine) string {
	return fingerprint("posting", struct {
		Kind      MovementKind
		Reference Reference
		Reason    string
		Lines     []PostingLine
	}{kind, ref, reason, withoutIDs(lines)})
}

// A retry after an upgrade must still match the key's first request: the hand-written fingerprint
// gives exactly the generic one's value for any request, whatever its text (escaped characters,
// non-ASCII), decimals (any scale, zeros of any scale) and ids, with no lines, an empty list or
// several.
func TestPostingFingerprintIsTheGenericOne(t *testing.T) {
	text := rapid.OneOf(rapid.SampledFrom([]string{"", "A-01", " A-01 ", "RO-2026-0001", `a"b\c`, "<b>&amp;</b>",
		"中文 bin", "\u2028\u2029", "tab\there", "\x01\x7f", "\xff invalid"}), rapid.String())
	id := rapid.Custom(func(t *rapid.T) uuid.UUID {
		if rapid.Bool().Draw(t, "nil") {
			return uuid.Nil
		}
		var u uuid.UUID
		copy(u[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "bytes"))
		return u
	})
	dec := rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(-1e12, 1e12).Draw(t, "coef"), rapid.Int32Range(-8, 3).Draw(t, "exp"))
	})
	line := rapid.Custom(func(t *rapid.T) PostingLine {
		return PostingLine{ID: id.Draw(t, "id"), Part: id.Draw(t, "part"), Bin: text.Draw(t, "bin"), Quantity: dec.Draw(t, "quantity"),
			Value: dec.Draw(t, "value"), UnitCost: dec.Draw(t, "unit_cost"), Unreserve: dec.Draw(t, "unreserve"),
			Reverses: id.Draw(t, "reverses"), Line: id.Draw(t, "line")}
	})
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom(moveEnum.All()).Draw(t, "kind")
		ref := Reference{Kind: text.Draw(t, "ref.kind"), ID: id.Draw(t, "ref.id"), Line: id.Draw(t, "ref.line"), Number: text.Draw(t, "ref.number")}
		reason := text.Draw(t, "reason")
		var lines []PostingLine
		if rapid.Bool().Draw(t, "has lines") {
			lines = rapid.SliceOfN(line, 0, 4).Draw(t, "lines")
		}
		require.Equal(t, genericPostingFingerprint(kind, ref, reason, lines), postingFingerprint(kind, ref, reason, lines))
	})
}

// postingFingerprint names every field of a line and of a reference: a field added to either
// must be added there too (and would change every fingerprint, so it needs a thought first).
func TestPostingFingerprintCoversEveryField(t *testing.T) {
	require.Equal(t, 9, reflect.TypeFor[PostingLine]().NumField(), "PostingLine changed: update postingFingerprint")
	require.Equal(t, 4, reflect.TypeFor[Reference]().NumField(), "Reference changed: update postingFingerprint")
}

// NewPosting's fingerprint is the generic one of the request as given, the reason trimmed, and
// a claim (a receipt with no lines) has one too.
func TestNewPostingFingerprint(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	ref := Reference{Kind: RefRepairOrder, ID: uuid.New(), Line: uuid.New(), Number: "RO-1"}
	lines := []PostingLine{{ID: uuid.New(), Part: uuid.New(), Bin: " B ", Quantity: decimal.RequireFromString("-1.50")},
		{ID: uuid.New(), Part: uuid.New(), Bin: "A", Quantity: decimal.NewFromInt(-2), Line: uuid.New()}}
	in := PostingInput{Key: "k", Kind: MoveIssue, Reference: ref, Reason: " issued ", Method: MovingAverage,
		Rounding: dealerkit.DefaultRounding(), Lines: lines}
	p, err := NewPosting(uuid.New(), clerk, fpAt, in)
	require.NoError(t, err)
	want := genericPostingFingerprint(MoveIssue, ref, "issued", []PostingLine{lines[1], lines[0]}) // sorted by part and bin
	if compareUUID(lines[0].Part, lines[1].Part) < 0 {
		want = genericPostingFingerprint(MoveIssue, ref, "issued", lines)
	}
	lines[0].Quantity = decimal.NewFromInt(-9) // the caller's later change moves nothing
	require.Equal(t, want, p.Fingerprint())
	require.Equal(t, want, p.Snapshot().Fingerprint)

	claim, err := NewPosting(uuid.New(), clerk, fpAt, PostingInput{Key: "c", Kind: MoveReceipt, Reference: Reference{Kind: RefPurchaseOrder},
		Reason: "nothing accepted", Method: MovingAverage, Rounding: dealerkit.DefaultRounding()})
	require.NoError(t, err)
	require.Equal(t, genericPostingFingerprint(MoveReceipt, Reference{Kind: RefPurchaseOrder}, "nothing accepted", nil), claim.Fingerprint())
}

var fpAt = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
