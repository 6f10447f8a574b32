package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The policy lab's optional reads of a store (policylab.EventHeadReader, EventSpanReader and
// RevisitLister), declared again here so that the suite does not import the policy lab. A store
// that offers one is held to what the lab relies on: the replay gives the same report through
// them as through Events and List. A store that offers none skips these tests.

type eventHeadReader interface {
	EventHeads(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int, withData ...string) ([]dealerkit.Event, error)
}

type eventSpanReader interface {
	EventSpan(ctx context.Context, dealer dealerkit.DealerID) (first, last int64, err error)
}

type revisitLister interface {
	ListRevisits(ctx context.Context, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error)
}

// replayLog records logs of different lengths at dealers A and B, interleaved: A's two orders
// (one taken through its whole life, so its log holds every kind of event, with and without
// data) and B's one, notified once. It returns each dealer's log as Events gives it.
func replayLog(t *testing.T, f *fixture) (a, b []dealerkit.Event) {
	t.Helper()
	f.create(t, closedOrder(t, orderSpec{dealer: dealerA(), n: 1}))
	f.create(t, newOrder(t, orderSpec{dealer: dealerB(), n: 2}))
	f.create(t, newOrder(t, orderSpec{dealer: dealerA(), n: 3, vin: vin2(t)}))
	f.update(t, dealerB(), orderID(2), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(time.Hour), "B") })
	f.update(t, dealerA(), orderID(3), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(time.Hour), "A") })
	a, b = f.events(t, dealerA()), f.events(t, dealerB())
	require.Greater(t, len(a), 10)
	require.Len(t, b, 2)
	return a, b
}

// heads is what EventHeads must give for evs: each event without its clause and to-state, and
// with its data only if its type is listed in withData.
func heads(evs []dealerkit.Event, withData ...string) []dealerkit.Event {
	out := make([]dealerkit.Event, len(evs))
	for i, e := range evs {
		e.Clause, e.To = "", ""
		if !slices.Contains(withData, e.Type) {
			e.Data = nil
		}
		out[i] = e
	}
	return out
}

// requireHeads checks that EventHeads gave want, field by field; none is none, nil or empty.
func requireHeads(t *testing.T, what string, want, got []dealerkit.Event) {
	t.Helper()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	require.Equal(t, want, got, what)
}

// testEventHeads: EventHeads is Events without the clause and to-state, and with the data only of
// the types asked for, for every after and limit: the policy lab replays who did what over the
// whole log with it (§3 role tables, §9.2 revisions).
func testEventHeads(t *testing.T, f *fixture) {
	hr, ok := f.store.(eventHeadReader)
	if !ok {
		t.Skipf("%T reads no event heads", f.store)
	}
	logA, logB := replayLog(t, f)

	// Three types listed, one without data; other types carry data too, left out.
	withData := []string{aftersales.EventOpened, aftersales.EventLineAdded, aftersales.EventCustomerNotified}
	var listed, unlisted int
	for _, e := range logA {
		switch {
		case len(e.Data) == 0:
		case slices.Contains(withData, e.Type):
			listed++
		default:
			unlisted++
		}
	}
	require.Positive(t, listed, "a listed type's event with data")
	require.Positive(t, unlisted, "an unlisted type's event with data")

	n := int64(len(logA))
	for after := int64(-1); after <= n+1; after++ {
		for _, limit := range []int{1, 3, int(n) + 5} {
			want, err := f.store.Events(f.ctx, dealerA(), after, limit)
			require.NoError(t, err)
			got, err := hr.EventHeads(f.ctx, dealerA(), after, limit, withData...)
			require.NoError(t, err)
			requireHeads(t, fmt.Sprintf("EventHeads after %d, limit %d", after, limit), heads(want, withData...), got)
		}
	}
	// Paged as the lab pages: every event once, in Seq order.
	var paged []dealerkit.Event
	for after, pages := int64(0), 0; ; pages++ {
		require.Less(t, pages, len(logA), "paging does not end")
		page, err := hr.EventHeads(f.ctx, dealerA(), after, 4, withData...)
		require.NoError(t, err)
		paged = append(paged, page...)
		if len(page) < 4 {
			break
		}
		after = page[len(page)-1].Seq
	}
	requireEvents(t, heads(logA, withData...), paged, 1)

	none, err := hr.EventHeads(f.ctx, dealerA(), 0, 1000)
	require.NoError(t, err)
	requireHeads(t, "EventHeads without a type listed", heads(logA), none)
	other, err := hr.EventHeads(f.ctx, dealerA(), 0, 1000, "repair_order.no_such_type")
	require.NoError(t, err)
	requireHeads(t, "EventHeads listing a type the log does not hold", heads(logA), other)

	// §2: each dealer reads its own log only.
	gotB, err := hr.EventHeads(f.ctx, dealerB(), 0, 1000, withData...)
	require.NoError(t, err)
	requireHeads(t, "§2 dealer B's event heads", heads(logB, withData...), gotB)
	empty, err := hr.EventHeads(f.ctx, dealerID(0xc), 0, 1000, withData...)
	require.NoError(t, err)
	require.Empty(t, empty, "§2 a dealer without a log")

	for _, limit := range []int{0, -1} {
		evs, err := hr.EventHeads(f.ctx, dealerA(), 0, limit)
		require.ErrorIs(t, err, dealerkit.ErrInvalid, "limit %d", limit)
		require.Equal(t, dealerkit.CodeInvalid, dealerkit.CodeOf(err), "limit %d", limit)
		require.Empty(t, evs)
	}

	// What the caller gets is its own: every event its own roles, the store's log untouched.
	page, err := hr.EventHeads(f.ctx, dealerA(), 0, 1000, withData...)
	require.NoError(t, err)
	page[0].Actor.Roles[0] = dealerkit.RoleManager
	for i := 1; i < len(page); i++ {
		require.Equal(t, logA[i].Actor, page[i].Actor, "event %d shares its actor's roles with event 1", page[i].Seq)
	}
	requireIsolated(t, "event heads", page, func() ([]dealerkit.Event, error) {
		return hr.EventHeads(f.ctx, dealerA(), 0, 1000, withData...)
	})

	// Inside InTx, EventHeads reads what Events reads there, after a write of the transaction's own.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.NoError(t, f.repo.Update(ctx, dealerA(), orderID(3), func(o *aftersales.RepairOrder) error {
			return o.Notify(advisor(t, dealerA()), t0().Add(2*time.Hour), aftersales.ChannelPhone, "in a transaction")
		}))
		want, err := f.store.Events(ctx, dealerA(), 0, 1000)
		require.NoError(t, err)
		got, err := hr.EventHeads(ctx, dealerA(), 0, 1000, withData...)
		require.NoError(t, err)
		requireHeads(t, "EventHeads inside InTx", heads(want, withData...), got)
		return nil
	}))
	all := f.events(t, dealerA())
	require.Len(t, all, len(logA)+1, "the transaction's event is logged")
	got, err := hr.EventHeads(f.ctx, dealerA(), 0, 1000, withData...)
	require.NoError(t, err)
	requireHeads(t, "EventHeads after the commit", heads(all, withData...), got)
}

// testEventSpan: EventSpan is the first and last Seq Events gives for the dealer, both 0 for an
// empty log: the policy lab splits the log into ranges with it (§3, §9.2).
func testEventSpan(t *testing.T, f *fixture) {
	sr, ok := f.store.(eventSpanReader)
	if !ok {
		t.Skipf("%T tells no event span", f.store)
	}
	span := func(ctx context.Context, d dealerkit.DealerID) [2]int64 {
		t.Helper()
		first, last, err := sr.EventSpan(ctx, d)
		require.NoError(t, err)
		return [2]int64{first, last}
	}
	ends := func(evs []dealerkit.Event) [2]int64 {
		if len(evs) == 0 {
			return [2]int64{}
		}
		return [2]int64{evs[0].Seq, evs[len(evs)-1].Seq}
	}
	require.Equal(t, [2]int64{}, span(f.ctx, dealerA()), "an empty log")
	logA, logB := replayLog(t, f)
	require.Equal(t, ends(logA), span(f.ctx, dealerA()))
	require.Equal(t, ends(logB), span(f.ctx, dealerB()), "§2 dealer B's log")
	require.Equal(t, [2]int64{}, span(f.ctx, dealerID(0xc)), "§2 a dealer without a log")

	// Inside InTx, EventSpan tells the span Events reads there, after a write of the transaction's own.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.Equal(t, [2]int64{}, span(ctx, dealerID(0xc)), "an empty log inside InTx")
		require.NoError(t, f.repo.Update(ctx, dealerB(), orderID(2), func(o *aftersales.RepairOrder) error {
			return o.Notify(advisor(t, dealerB()), t0().Add(2*time.Hour), aftersales.ChannelPhone, "in a transaction")
		}))
		evs, err := f.store.Events(ctx, dealerB(), 0, 1000)
		require.NoError(t, err)
		require.Equal(t, ends(evs), span(ctx, dealerB()), "inside InTx")
		require.Equal(t, ends(logA), span(ctx, dealerA()), "dealer A's log inside InTx")
		return nil
	}))
	require.Equal(t, [2]int64{1, 3}, span(f.ctx, dealerB()), "after the commit")
	require.Equal(t, ends(logA), span(f.ctx, dealerA()))
}

// testListRevisits: ListRevisits lists, as List does (whole, in id order), the dealer's orders of
// the vehicles with more than one order at the dealer, at least one of them delivered: every
// order a comeback (§4.5) can involve, and no other, for the policy lab to replay.
func testListRevisits(t *testing.T, f *fixture) {
	rl, ok := f.repo.(revisitLister)
	if !ok {
		t.Skipf("%T lists no revisits", f.repo)
	}
	vinTwice, vinThrice := vin(t, "1M8GDM9AXKP042788"), vin(t, "WVWZZZ3CZWE689725")
	vinOnce, vinNever := vin1(t), vin2(t)
	// Created out of id order. At dealer A:
	for _, o := range []*aftersales.RepairOrder{
		newOrder(t, orderSpec{n: 8, vin: vinThrice}),    // listed: two siblings delivered
		newOrder(t, orderSpec{n: 4, vin: vinTwice}),     // listed: after its delivered sibling 2
		closedOrder(t, orderSpec{n: 2, vin: vinTwice}),  // listed
		closedOrder(t, orderSpec{n: 3, vin: vinOnce}),   // the vehicle's only order at A
		newOrder(t, orderSpec{n: 5, vin: vinNever}),     // two orders, none delivered at A
		closedOrder(t, orderSpec{n: 7, vin: vinThrice}), // listed
		newOrder(t, orderSpec{n: 6, vin: vinNever}),
		closedOrder(t, orderSpec{n: 1, vin: vinThrice}), // listed
	} {
		f.create(t, o)
	}
	// At dealer B, the same vehicles: its orders are no siblings of A's.
	for _, o := range []*aftersales.RepairOrder{
		closedOrder(t, orderSpec{dealer: dealerB(), n: 9, vin: vinOnce}),   // listed at B
		closedOrder(t, orderSpec{dealer: dealerB(), n: 10, vin: vinNever}), // B's only order of it
		newOrder(t, orderSpec{dealer: dealerB(), n: 11, vin: vinOnce}),     // listed at B
	} {
		f.create(t, o)
	}
	revisits := func(ctx context.Context, d dealerkit.DealerID) []uuid.UUID {
		t.Helper()
		got, err := rl.ListRevisits(ctx, d)
		require.NoError(t, err)
		ids := make([]uuid.UUID, len(got))
		for i, o := range got {
			require.Equal(t, d, o.Dealer(), "§2 ListRevisits returned another dealer's order")
			ids[i] = o.ID()
			// Whole, at its stored version, as Get gives it.
			full, err := f.repo.Get(ctx, d, o.ID())
			require.NoError(t, err)
			requireSameSnapshot(t, full.Snapshot(), o.Snapshot())
		}
		return ids
	}
	require.Equal(t, ids(1, 2, 4, 7, 8), revisits(f.ctx, dealerA()))
	require.Equal(t, ids(9, 11), revisits(f.ctx, dealerB()), "§2 dealer B's")
	require.Empty(t, revisits(f.ctx, dealerID(0xc)), "§2 a dealer without orders")

	// The choice follows Update: delivering order 5 makes its vehicle's two orders revisits.
	f.update(t, dealerA(), orderID(5), func(o *aftersales.RepairOrder) { closeOrder(t, o, 5) })
	require.Equal(t, ids(1, 2, 4, 5, 6, 7, 8), revisits(f.ctx, dealerA()))

	// A change to an order it gave never reaches the store.
	got, err := rl.ListRevisits(f.ctx, dealerA())
	require.NoError(t, err)
	notify(t, got[2], t0().Add(time.Hour), "not saved")
	require.Empty(t, f.get(t, dealerA(), orderID(4)).Notifications())

	// Inside InTx it sees the transaction's own writes: a second order of vehicle once, which
	// order 3 delivered, makes both revisits; rolled back, neither is.
	err = f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.NoError(t, f.repo.Create(ctx, newOrder(t, orderSpec{n: 12, vin: vinOnce})))
		require.Equal(t, ids(1, 2, 3, 4, 5, 6, 7, 8, 12), revisits(ctx, dealerA()), "inside InTx")
		return errBoom
	})
	require.ErrorIs(t, err, errBoom)
	require.Equal(t, ids(1, 2, 4, 5, 6, 7, 8), revisits(f.ctx, dealerA()), "after the rollback")
}
