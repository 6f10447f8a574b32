package memory

import (
	"context"
	"slices"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/aftersales"
)

// The policy lab's reads (policylab.EventHeadReader, EventSpanReader and RevisitLister), with the
// semantics of sqlstore's: storetest holds every store to them.

// EventHeads reads the dealer's log as Events does, in Seq order after after, at most limit (a
// limit below 1 is refused), but only what a reader of the whole log for who did what needs (the
// policy lab): each event's Seq, aggregate, type, actor, time and from-state, without its clause
// or to-state, and its data only for the types listed in withData. Like Events, it hands out
// copies (the data and the actor's roles are the caller's own), and inside InTx the
// transaction's own events are not visible yet.
func (s *Store) EventHeads(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int, withData ...string) ([]dealerkit.Event, error) {
	return s.readLog(ctx, dealer, after, limit, func(e dealerkit.Event) dealerkit.Event {
		head := dealerkit.Event{Dealer: dealer, Seq: e.Seq, Aggregate: e.Aggregate, AggregateID: e.AggregateID,
			Type: e.Type, Actor: e.Actor.Clone(), At: e.At.UTC(), From: e.From}
		if slices.Contains(withData, e.Type) {
			head.Data = codec.CloneJSON(e.Data)
		}
		return head
	})
}

// EventSpan is the first and last Seq of the dealer's log, both 0 when it has none: what a reader
// of the whole log (the policy lab) needs to split it into ranges read side by side. Inside InTx
// the transaction's own events are not counted yet.
func (s *Store) EventSpan(ctx context.Context, dealer dealerkit.DealerID) (first, last int64, err error) {
	v, release, err := s.enter(ctx, dealer)
	if err != nil {
		return 0, 0, err
	}
	defer release()
	log := v.events[dealer]
	if log == nil || log.len() == 0 {
		return 0, 0, nil
	}
	return 1, int64(log.len()), nil // Seq i+1 at index i
}

// ListRevisits lists, as List does (in id order, each order decoded afresh), the dealer's repair
// orders of the vehicles that have more than one order, at least one of them delivered: the only
// orders a comeback rule (§4.5) can reach, since a comeback returns to an earlier delivered order
// of the same vehicle. The headers choose them, so no other order is decoded.
func (r repairOrders) ListRevisits(ctx context.Context, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	type count struct{ orders, delivered int }
	byVIN := map[aftersales.VIN]count{}
	for _, rec := range v.orders[dealer] {
		c := byVIN[rec.head.VIN]
		c.orders++
		if !rec.head.DeliveredAt.IsZero() {
			c.delivered++
		}
		byVIN[rec.head.VIN] = c
	}
	var recs []stored
	for _, rec := range v.orders[dealer] {
		if c := byVIN[rec.head.VIN]; c.orders > 1 && c.delivered > 0 {
			recs = append(recs, rec)
		}
	}
	release() // sorting and decoding need no lock: records are never changed in place
	return decodeInIDOrder(recs, 0)
}
