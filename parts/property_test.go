package parts

import (
	"math/rand/v2"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// §3.4(4): whatever the sequence of receipts, issues, returns, adjustments and reservations, under
// either valuation method (and switching between them), every row keeps its invariants: on-hand
// and value are the sums of its movements, 0 ≤ reserved ≤ on-hand, value ≥ 0, zero quantity means
// zero value, FIFO layers add up. A seeded generator makes a failure reproducible.
func TestLedger_Clause3_4_4_InvariantsHoldForAnySequence(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 7))
		part := uuid.New()
		var row *Stock
		sumQ, sumV := decimal.Zero, decimal.Zero
		var issued []Movement // for returns at the cost they left with
		for step := range 60 {
			method := MovingAverage
			if rng.IntN(3) == 0 {
				method = FIFO
			}
			q := decimal.New(int64(rng.IntN(4000)+1), -3) // 0.001 .. 4.000
			line := PostingLine{ID: uuid.New(), Part: part, Bin: "A"}
			kind := MovementKind(rng.IntN(4) + 1)
			switch kind {
			case MoveReceipt:
				line.Quantity, line.UnitCost = q, decimal.New(int64(rng.IntN(2_000_000)), -4)
				line.Value = dealerkit.DefaultRounding().Round(q.Mul(line.UnitCost))
			case MoveIssue:
				line.Quantity = q.Neg()
			case MoveReturn:
				if len(issued) == 0 {
					continue
				}
				m := issued[len(issued)-1]
				issued = issued[:len(issued)-1]
				line.Quantity, line.Value = m.Quantity.Neg(), m.Value.Neg()
			case MoveAdjustment:
				line.Quantity = q
				if rng.IntN(2) == 0 {
					line.Quantity = q.Neg()
				}
			}
			if row != nil && rng.IntN(5) == 0 {
				if r, err := row.Reserve(decimal.Min(row.Available(), q)); err == nil {
					row = r
				}
			}
			if line.Quantity.IsNegative() && row != nil && rng.IntN(2) == 0 {
				line.Unreserve = decimal.Min(row.Reserved(), line.Quantity.Neg())
			}
			p, err := NewPosting(uuid.New(), clerk, t0, PostingInput{Key: uuid.NewString(), Kind: kind, Reference: Reference{Kind: RefManual},
				Reason: "property", Method: method, Rounding: dealerkit.DefaultRounding(), Lines: []PostingLine{line}})
			require.NoError(t, err, "seed %d step %d", seed, step)
			after, err := p.Apply(0, row)
			if err != nil {
				require.ErrorIs(t, err, ErrInsufficientStock, "seed %d step %d", seed, step)
				continue
			}
			m := p.Movements()[0]
			sumQ, sumV = sumQ.Add(m.Quantity), sumV.Add(m.Value)
			if kind == MoveIssue {
				issued = append(issued, m)
			}
			_, err = RestoreStock(after.Snapshot()) // every invariant of a stored row
			require.NoError(t, err, "seed %d step %d", seed, step)
			require.True(t, after.OnHand().Equal(sumQ), "seed %d step %d: on-hand = sum of movements", seed, step)
			require.True(t, after.Value().Equal(sumV), "seed %d step %d: value = sum of movement values", seed, step)
			require.True(t, m.OnHandAfter.Equal(after.OnHand()) && m.ValueAfter.Equal(after.Value()))
			row = after
		}
	}
}
