package memory

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
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
