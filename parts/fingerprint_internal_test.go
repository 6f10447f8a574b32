package parts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// A retried request is the same request whatever scale its decimals are written with, though the
// input's JSON keeps the scale (§3.4(1): a key serves one request).
func TestFingerprint_ScaleDoesNotMatterJSONDoes(t *testing.T) {
	a := IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.5")}
	b := IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.50")}
	require.Equal(t, fingerprint("issue", a), fingerprint("issue", b))
	c := IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.51")}
	require.NotEqual(t, fingerprint("issue", a), fingerprint("issue", c))
	j, err := b.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(j), `"quantity":"1.50"`)
}

type canonRune string

func (r canonRune) MarshalJSON() ([]byte, error) { return []byte(`"custom"`), nil }

type CanonInner struct {
	At   time.Time       `json:"at"`
	Amt  decimal.Decimal `json:"amount"`
	Note string
}

type canonSample struct {
	CanonInner                        // embedded: a field named CanonInner
	ID         uuid.UUID              `json:"id"`
	Dealer     dealerkit.DealerID     `json:"dealer"`
	Text       string                 `json:"text,omitempty"`
	Dup        string                 `json:"dup"`
	Dup2       string                 `json:"CanonInner"` // named as the embedded field: the later wins, as in canonical's map
	Skip       string                 `json:"-"`
	Ptr        *CanonInner            `json:"ptr"`
	NilPtr     *CanonInner            `json:"nil_ptr"`
	Any        any                    `json:"any"`
	AnyText    any                    `json:"any_text"`
	AnyPtr     any                    `json:"any_ptr"`
	Lines      []CanonInner           `json:"lines"`
	Empty      []string               `json:"empty"`
	None       []string               `json:"none"`
	Raw        json.RawMessage        `json:"raw"`
	Grid       [2]int8                `json:"grid"`
	Map        map[string]CanonInner  `json:"map"`
	Float      float64                `json:"float"`
	Flag       bool                   `json:"flag"`
	Neg        int64                  `json:"neg"`
	Big        uint64                 `json:"big"`
	Kind       MovementKind           `json:"kind"`
	Custom     canonRune              `json:"custom"`
	Dur        time.Duration          `json:"dur"`
	Decs       []decimal.Decimal      `json:"decs"`
	Keys       map[uuid.UUID][]string `json:"keys"`
	unexported string
}

// appendCanonical must write exactly json.Marshal(canonical(v)): fingerprints are stored with
// postings (§3.4(1)), and a retry after an upgrade must still match its first request.
func TestAppendCanonicalIsTheJSONOfCanonical(t *testing.T) {
	at := time.Date(2025, 4, 1, 9, 30, 0, 123456000, time.FixedZone("CST", 8*3600))
	in := CanonInner{At: at, Amt: decimal.RequireFromString("12.3400"), Note: "<b>&\"quoted\"\\ 中文 \u2028 \x01"}
	id := uuid.MustParse("0195a3c0-0000-7000-8000-00000000a001")
	samples := []any{
		canonSample{},
		canonSample{CanonInner: in, ID: id, Dealer: dealerkit.DealerID(id), Text: "a<b>&c", Dup: "a", Dup2: "b", Skip: "x",
			Ptr: &in, Any: []int{1, 2}, AnyText: id, AnyPtr: &id, Lines: []CanonInner{in, {}}, Empty: []string{},
			Raw: json.RawMessage(`{"a":1}`), Grid: [2]int8{-1, 2}, Map: map[string]CanonInner{"z": in, "a": {}}, Float: 1.5e-7,
			Flag: true, Neg: -42, Big: 1 << 63, Kind: MoveIssue, Custom: "x", Dur: time.Minute,
			Decs: []decimal.Decimal{decimal.RequireFromString("1.50"), decimal.Zero}, Keys: map[uuid.UUID][]string{id: {"k"}}, unexported: "u"},
		&in,
		IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.5")},
		PostingInput{Key: "pick-1", Kind: MoveIssue, Reference: Reference{Kind: RefRepairOrder, ID: id, Line: id, Number: "RO-2026-0001"},
			Reason: "issued to repair order RO-2026-0001", Method: MovingAverage, Rounding: dealerkit.DefaultRounding(),
			Lines: []PostingLine{{ID: id, Part: id, Bin: "A-01", Quantity: decimal.NewFromInt(-1), Line: id}}},
		"a string", 42, nil,
	}
	for i, x := range samples {
		want, err := json.Marshal(canonical(reflect.ValueOf(x)))
		require.NoError(t, err)
		got := appendCanonical(nil, reflect.ValueOf(x))
		require.Equal(t, string(want), string(got), "sample %d", i)
		h := sha256.Sum256(append([]byte("op\n"), want...)) // fingerprint as it was first written
		require.Equal(t, hex.EncodeToString(h[:]), fingerprint("op", x), "sample %d", i)
	}
}
