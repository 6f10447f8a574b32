package parts

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// A stock event's data is PostingPayload's JSON (§3.4(1): the ledger's audit trail, read back by
// the feed and the policy lab): the hand-written form is byte for byte what json.Marshal gives,
// whatever the strings (escaped, HTML, non-ASCII, invalid UTF-8), ids (zero ones left out of the
// reference) and decimal scales.
func TestAppendPostingPayloadIsItsJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	texts := []string{"", "A-01", "RO-2026-0001", `say "hi"\`, "<b>&amp;</b>", "tab\there\n", "零件", "\xff\xfe bad",
		"line\u2028sep", "\x00\x1f", "issued to repair order RO-2026-0001"}
	decs := []string{"0", "-1", "1.50", "-2499999997.50", "0.0001", "1000000000", "-0.00", "12.3400"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	id := func() uuid.UUID {
		if rng.IntN(3) == 0 {
			return uuid.Nil
		}
		var u uuid.UUID
		for i := range u {
			u[i] = byte(rng.Uint32())
		}
		return u
	}
	dec := func() decimal.Decimal { return decimal.RequireFromString(decs[rng.IntN(len(decs))]) }
	for range 2000 {
		ref := Reference{Kind: text(), ID: id(), Line: id(), Number: text()}
		var ms []Movement
		if n := rng.IntN(4); n > 0 {
			ms = make([]Movement, n)
			for i := range ms {
				ms[i] = Movement{ID: id(), Part: id(), Bin: text(), Quantity: dec(), Value: dec()}
			}
		}
		key, reason := text(), text()
		want := PostingPayload{Key: key, Reference: ref, Reason: reason}
		for _, m := range ms {
			want.Movements = append(want.Movements, MovementPayload{m.ID, m.Part, m.Bin, dealerkit.ExactDecimal(m.Quantity), dealerkit.ExactDecimal(m.Value)})
		}
		j, err := json.Marshal(want)
		require.NoError(t, err)
		require.Equal(t, string(j), string(appendPostingPayload(nil, key, ref, reason, ms)))
	}
}

// An issue's event (§3.4.3) carries the type, clause and data it did when it was built with
// json.Marshal.
func TestPendingEventsOfAnIssue(t *testing.T) {
	dealer := dealerkit.DealerID(uuid.UUID{0: 1})
	clerk, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.UUID{0: 2}), dealerkit.RolePartsClerk)
	require.NoError(t, err)
	part, order, line := uuid.UUID{0: 3}, uuid.UUID{0: 4}, uuid.UUID{0: 5}
	p, err := NewPosting(uuid.UUID{0: 6}, clerk, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), PostingInput{Key: "pick-1",
		Kind: MoveIssue, Reference: Reference{Kind: RefRepairOrder, ID: order, Number: "RO-1"}, Reason: "issued <to> RO-1",
		Method: MovingAverage, Rounding: dealerkit.DefaultRounding(),
		Lines: []PostingLine{{ID: uuid.UUID{0: 7}, Part: part, Bin: "A-01", Quantity: decimal.NewFromInt(-3), Line: line}}})
	require.NoError(t, err)
	row, err := RestoreStock(StockSnapshot{Dealer: dealer, Part: part, Bin: "A-01", OnHand: decimal.NewFromInt(7),
		Reserved: decimal.Zero, Value: decimal.RequireFromString("17.50"), Method: MovingAverage})
	require.NoError(t, err)
	_, err = p.Apply(0, row)
	require.NoError(t, err)
	evs := p.PendingEvents()
	require.Len(t, evs, 1)
	e := evs[0]
	require.Equal(t, EventStockIssued, e.Type)
	require.Equal(t, "§3.4.3", e.Clause)
	require.Equal(t, AggregateStock, e.Aggregate)
	require.Equal(t, "posted", e.To)
	require.Equal(t, `{"key":"pick-1","reference":{"kind":"repair_order","id":"04000000-0000-0000-0000-000000000000","number":"RO-1"},`+
		`"reason":"issued \u003cto\u003e RO-1","movements":[{"id":"07000000-0000-0000-0000-000000000000",`+
		`"part":"03000000-0000-0000-0000-000000000000","bin":"A-01","quantity":"-3","value":"-7.50"}]}`, string(e.Data))
}
