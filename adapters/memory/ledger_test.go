package memory

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The ledger keeps ListMovements' order, by id (§3.4(1)): after any mix of appends, inserts out
// of order (enough to split chunks), repeated ids and removals (a rollback's undo), each walks
// the movements a sorted slice would hold, and remove takes out the very movement added.
func TestMovementLogKeepsIDOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var l movementLog
	var live []*parts.Movement
	id := func(n int) uuid.UUID { return uuid.UUID{13: byte(n >> 16), 14: byte(n >> 8), 15: byte(n)} }
	next := 1 << 12 // appends in order above the inserts
	check := func() {
		t.Helper()
		want := slices.Clone(live)
		slices.SortStableFunc(want, func(a, b *parts.Movement) int { return bytes.Compare(a.ID[:], b.ID[:]) })
		var got []*parts.Movement
		l.each(func(m *parts.Movement) bool { got = append(got, m); return true })
		require.Len(t, got, len(want))
		for i := range want {
			require.Equal(t, want[i].ID, got[i].ID, "entry %d", i)
		}
		for _, c := range l.chunks {
			require.NotEmpty(t, c)
			require.LessOrEqual(t, len(c), 2*ledgerChunk)
		}
	}
	for step := range 8000 {
		switch r := rng.IntN(10); {
		case r < 5:
			next++
			m := &parts.Movement{ID: id(next)}
			l.add(m)
			live = append(live, m)
		case r < 8:
			m := &parts.Movement{ID: id(rng.IntN(1 << 12))} // out of order, sometimes an id again
			l.add(m)
			live = append(live, m)
		default:
			if len(live) == 0 {
				continue
			}
			k := rng.IntN(len(live))
			l.remove(live[k])
			live = slices.Delete(live, k, k+1)
		}
		if step%500 == 0 {
			check()
		}
	}
	check()
	for len(live) > 0 { // an undo in reverse, down to nothing
		l.remove(live[len(live)-1])
		live = live[:len(live)-1]
	}
	check()
	require.Empty(t, l.chunks)
}

// The event log numbers events with no gaps and pages them by Seq across its chunks (§3.4(1):
// the ledger's audit trail is read back in order, as a feed).
func TestEventLogPagesAcrossChunks(t *testing.T) {
	s := New()
	d := dealerkit.DealerID(uuid.UUID{0: 9})
	evs := make([]dealerkit.Event, 2*pageSize+5)
	for i := range evs {
		evs[i] = dealerkit.Event{Dealer: d, Type: "stock.issued", Data: []byte(`{}`)}
	}
	view{s.dataOf(d), nil}.logEvents(evs)
	for _, c := range []struct {
		after       int64
		limit, want int
	}{{0, 3, 3}, {pageSize - 2, 5, 5}, {2*pageSize + 3, 10, 2}, {2*pageSize + 5, 10, 0}, {-1, 1, 1}} {
		got, err := s.Events(context.Background(), d, c.after, c.limit)
		require.NoError(t, err)
		require.Len(t, got, c.want, "after %d", c.after)
		for i, e := range got {
			require.Equal(t, max(c.after, 0)+int64(i)+1, e.Seq)
		}
	}
	ds, err := s.Dealers(context.Background())
	require.NoError(t, err)
	require.Equal(t, []dealerkit.DealerID{d}, ds)
}

// Post keeps the rows Apply returns as they are when the posting's time is in UTC, and copies
// them to UTC otherwise: either way the row stored has its time in UTC, equal to the posting's,
// and its balances (§3.4(4)), whatever the zone the posting was made in.
func TestPostKeepsRowsInUTC(t *testing.T) {
	ctx := context.Background()
	dealer := dealerkit.DealerID(uuid.UUID{0xd0, 15: 1})
	clerk, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.UUID{0x5a, 15: 1}), dealerkit.RolePartsClerk)
	require.NoError(t, err)
	for _, zone := range []*time.Location{time.UTC, time.FixedZone("CST", 8*3600)} {
		s := New()
		part := uuid.UUID{0x9a, 15: 1}
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, zone)
		p, err := parts.NewPosting(uuid.UUID{0x70, 15: 1}, clerk, at, parts.PostingInput{Key: "k", Kind: parts.MoveReceipt,
			Reference: parts.Reference{Kind: parts.RefPurchaseOrder}, Reason: "r", Method: parts.MovingAverage,
			Rounding: dealerkit.DefaultRounding(), Lines: []parts.PostingLine{{ID: uuid.UUID{0x71, 15: 1}, Part: part, Bin: "A",
				Quantity: decimal.NewFromInt(4), Value: decimal.RequireFromString("10.00"), UnitCost: decimal.RequireFromString("2.5000")}}})
		require.NoError(t, err)
		require.NoError(t, s.Parts().Post(ctx, p))
		row, err := s.Parts().GetStock(ctx, dealer, part, "A")
		require.NoError(t, err)
		require.Equal(t, time.UTC, row.LastMovementAt().Location(), zone.String())
		require.True(t, row.LastMovementAt().Equal(at))
		require.True(t, decimal.NewFromInt(4).Equal(row.OnHand()))
		require.True(t, decimal.RequireFromString("10").Equal(row.Value()))
	}
}
