package memory

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The due index against the contract it serves: after any mix of inserts and removes, large
// enough to split and empty chunks, due returns what DueQuery.Matches selects, in SortDue order.
func TestDueIndexAgreesWithMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	var x dueIndex
	live := map[uuid.UUID]time.Time{}
	key := func(n int) uuid.UUID { return uuid.UUID{14: byte(n >> 8), 15: byte(n)} }
	check := func(q complaints.DueQuery) {
		t.Helper()
		var want []complaints.DueRef
		for id, at := range live {
			if q.Matches(id, at, true) {
				want = append(want, complaints.DueRef{ID: id, Deadline: at})
			}
		}
		complaints.SortDue(want)
		if q.Limit > 0 && len(want) > q.Limit {
			want = want[:q.Limit]
		}
		got := x.due(q)
		require.Equal(t, len(want), len(got), "query %+v", q)
		for i := range want {
			require.Equal(t, want[i].ID, got[i].ID, "entry %d of query %+v", i, q)
			require.True(t, want[i].Deadline.Equal(got[i].Deadline))
		}
	}
	for step := range 6000 {
		n := rng.IntN(3000)
		id := key(n)
		// Few distinct deadlines, so many keys tie and order by id.
		at := base.Add(time.Duration(rng.IntN(200)) * time.Minute)
		if old, ok := live[id]; ok && rng.IntN(3) > 0 {
			x.remove(dueKey{at: old, id: id})
			delete(live, id)
		} else {
			if ok {
				x.remove(dueKey{at: old, id: id})
			}
			x.insert(dueKey{at: at, id: id})
			live[id] = at
		}
		if step%250 == 0 {
			now := base.Add(time.Duration(rng.IntN(220)) * time.Minute)
			check(complaints.DueQuery{Now: now})
			check(complaints.DueQuery{Now: now, Limit: 7})
			after := complaints.DueRef{ID: key(rng.IntN(3000)), Deadline: base.Add(time.Duration(rng.IntN(200)) * time.Minute)}
			check(complaints.DueQuery{Now: now, After: after, Limit: 50})
			check(complaints.DueQuery{Now: now, After: complaints.DueRef{Deadline: after.Deadline.Add(time.Nanosecond)}})
		}
	}
	for i, c := range x.chunks {
		require.NotEmpty(t, c, "chunk %d", i)
		require.LessOrEqual(t, len(c), 2*dueChunk, "chunk %d", i)
	}
	require.Greater(t, len(x.chunks), 2, "the test must have split chunks")
	// Removing a key that is not there changes nothing.
	before := len(x.due(complaints.DueQuery{Now: base.Add(time.Hour * 10)}))
	x.remove(dueKey{at: base.Add(-time.Hour), id: key(1)})
	require.Equal(t, before, len(x.due(complaints.DueQuery{Now: base.Add(time.Hour * 10)})))
}
