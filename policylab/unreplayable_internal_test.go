package policylab

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// A group is known by what the outcomes share: a deadline's step and round without the instant
// its clock started, an appraisal's role and period without the appraisal's id. A reason that
// names a record keeps its own group. Merging adds counts and fills samples up to the cap, in
// the order the parts are merged.
func TestUnreplayableGroupsByGeneralReference(t *testing.T) {
	at := time.Date(2025, 4, 2, 14, 0, 0, 0, time.UTC)
	nr := func(k Kind, ref, reason string, rec byte) Outcome {
		return Outcome{Kind: k, Ref: ref, Reason: reason, Record: uuid.UUID{15: rec}, RecordKind: "x", At: at, Status: NotReplayable}
	}
	first, second := newUnreplayable(2), newUnreplayable(2)
	for i, o := range []Outcome{
		nr(KindDeadline, "acknowledge, round 0, clock from 2025-04-02 14:00 UTC", "A: no intake", 1),
		nr(KindDeadline, "acknowledge, round 0, clock from 2025-04-04 16:00 UTC", "A: no intake", 2),
		nr(KindDeadline, "report, round 0, clock from 2025-04-04 16:00 UTC", "A: no intake", 2),
		nr(KindAppraisal, "technician 2025-04-01..2025-04-30 (appraisal 0195…)", "no scheme", 3),
		nr(KindStockValue, "stock value at the end", "reversal r1 of movement m1, which is not in the ledger", 4),
		nr(KindStockValue, "stock value at the end", "reversal r2 of movement m2, which is not in the ledger", 5),
	} {
		first.add(&o)
		if i < 2 {
			second.add(&o)
		}
	}
	first.merge(second)
	got := first.sorted()
	// A group holds no more samples than asked however many outcomes it counts, before any merge:
	// a range of the log keeps memory for its groups, not its events.
	capped := newUnreplayable(2)
	for i := range 5 {
		o := nr(KindPermission, "reservation.created", "ambiguous", byte(i))
		capped.add(&o)
	}
	if g := capped.groups[0]; g.Count != 5 || len(g.Samples) != 2 || cap(g.Samples) > 2 || g.Samples[1].Record[15] != 1 {
		t.Errorf("capped group: count %d, %d samples (cap %d): %+v", g.Count, len(g.Samples), cap(g.Samples), g.Samples)
	}
	want := []struct {
		kind        Kind
		ref, reason string
		count       int
		records     []byte
	}{
		{KindDeadline, "acknowledge, round 0", "A: no intake", 4, []byte{1, 2}},
		{KindDeadline, "report, round 0", "A: no intake", 1, []byte{2}},
		{KindAppraisal, "technician 2025-04-01..2025-04-30", "no scheme", 1, []byte{3}},
		{KindStockValue, "stock value at the end", "reversal r1 of movement m1, which is not in the ledger", 1, []byte{4}},
		{KindStockValue, "stock value at the end", "reversal r2 of movement m2, which is not in the ledger", 1, []byte{5}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Ref != w.ref || g.Reason != w.reason || g.Count != w.count || len(g.Samples) != len(w.records) {
			t.Fatalf("group %d: %+v, want %+v", i, g, w)
		}
		for j, r := range w.records {
			if g.Samples[j].Record[15] != r || !g.Samples[j].At.Equal(at) {
				t.Errorf("group %d sample %d: %+v, want record %d", i, j, g.Samples[j], r)
			}
		}
	}
}
