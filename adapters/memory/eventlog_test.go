package memory

import (
	"context"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// The paged log reads back every event in order across page boundaries, through Events'
// windows too.
func TestEventLogAcrossPages(t *testing.T) {
	s := New()
	dealer := dealerkit.DealerID(uuid.UUID{15: 1})
	const n = 2*eventPage + 3
	evs := make([]dealerkit.Event, n)
	for i := range evs {
		evs[i] = dealerkit.Event{Dealer: dealer, Aggregate: "repair_order", Type: "x", AggregateID: uuid.UUID{0: byte(i), 1: byte(i >> 8)}}
	}
	view{s.dataOf(dealer), nil}.logEvents(evs)
	log := s.dataOf(dealer).events[dealer]
	if log.len() != n || len(log.pages) != 3 {
		t.Fatalf("len %d in %d pages, want %d in 3", log.len(), len(log.pages), n)
	}
	for _, w := range []struct{ after, limit int }{{0, n}, {eventPage - 2, 5}, {2*eventPage - 1, 10}, {n - 1, 3}, {n, 3}} {
		got, err := s.Events(context.Background(), dealer, int64(w.after), w.limit)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(w.limit, n-w.after); len(got) != want {
			t.Fatalf("after %d limit %d: %d events, want %d", w.after, w.limit, len(got), want)
		}
		for k, e := range got {
			i := w.after + k
			if e.Seq != int64(i+1) || e.AggregateID != evs[i].AggregateID {
				t.Fatalf("after %d: event %d has seq %d and aggregate %s, want %d and %s", w.after, k, e.Seq, e.AggregateID, i+1, evs[i].AggregateID)
			}
		}
	}
}
