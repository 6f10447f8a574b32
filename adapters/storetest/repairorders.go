package storetest

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

type testCase struct {
	name string
	run  func(t *testing.T, f *fixture)
}

func repairOrderTests() []testCase {
	return []testCase{
		{"Get of an unknown id is ErrNotFound", testGetUnknown},
		{"Update of an unknown id is ErrNotFound and does not call fn", testUpdateUnknown},
		{"Create then Get returns the whole order at version 1", testRoundTrip},
		{"a closed order round-trips: statement, payments, inspection, delivery, survey", testRoundTripClosed},
		{"each Update adds one to the version and fn sees the stored version", testVersions},
		{"Create with an id taken at the dealer is ErrConflict and changes nothing", testDuplicateID},
		{"Create with an order number taken at the dealer is ErrConflict and changes nothing", testDuplicateNumber},
		{"§2 the same order number at another dealer is no conflict", testNumberOtherDealer},
		{"decimals keep their value and their scale", testDecimals},
		{"times stamped in another zone come back as the same instant in UTC", testTimes},
		{"changing an order Get returned does not change the stored order", testGetReturnsCopy},
		{"changing an order after Create does not change the stored order", testCreateKeepsNoReference},
		{"concurrent Updates each succeed or conflict and no update is lost", testConcurrentUpdates},
		{"an Update whose fn fails returns its error and stores nothing", testUpdateFnError},
		{"a Get under LockingReads inside InTx holds the order to the commit: one of N check-then-update transactions applies", testLockingReads},
		{"§2 another dealer cannot Get an order", testTenantGet},
		{"§2 another dealer cannot Update an order", testTenantUpdate},
		{"§2 another dealer's List and Events leave out the order and its events", testTenantListEvents},
		{"List of a dealer without orders is empty", testListEmpty},
		{"List selects exactly the orders Filter.Matches selects, ordered by id", testListFilters},
		{"List pages by id with After and Limit", testListPaging},
		{"List returns whole orders at their stored version", testListWholeOrders},
		{"§6.2 ListOrderFacts lists the facts of exactly what List lists", testListOrderFacts},
		{"§3 §9.2 EventHeads gives what Events gives for every after and limit, without clause and to-state, data only of the types asked for", testEventHeads},
		{"§3 §9.2 EventSpan is the first and last Seq Events gives, 0 and 0 for an empty log", testEventSpan},
		{"§4.5 ListRevisits lists whole, in id order, the orders of the vehicles with more than one order at the dealer, one delivered", testListRevisits},
		{"InTx rolls back the first Create when the second takes the same number", testTxUniqueViolation},
		{"InTx rolls back every write when fn returns an error", testTxFnError},
		{"InTx commits both Creates and their events", testTxCommit},
		{"InTx leaves an order it did not commit unsaved: version 0, events pending", testTxRollbackKeepsOrderUnsaved},
		{"a nested InTx joins the outer transaction", testTxNested},
		{"inside InTx, reads see the transaction's own writes", testTxReadsOwnWrites},
		{"a refused Create inside InTx leaves the transaction usable", testTxRefusedCreateKeepsTx},
		{"Create and Update write the order's events with Seq 1, 2, 3… and every field intact", testEventsRecorded},
		{"Events pages with after and limit", testEventsPaging},
		{"§2 each dealer's events are numbered from 1 and hold only its own", testEventsPerDealer},
		{"Events refuses a limit below 1 as invalid", testEventsLimit},
		{"concurrent transactions number events without gaps, in commit order", testEventsCommitOrder},
		{"one transaction's many events, of two dealers, are numbered 1, 2, 3… per dealer and kept whole", testEventsManyInTx},
	}
}

// Helpers on the fixture. They fail the test at once: a broken precondition says nothing about
// the behaviour under test.

func (f *fixture) create(t *testing.T, o *aftersales.RepairOrder) {
	t.Helper()
	require.NoError(t, f.repo.Create(f.ctx, o), "Create %s", o.Number())
}

func (f *fixture) get(t *testing.T, d dealerkit.DealerID, id uuid.UUID) *aftersales.RepairOrder {
	t.Helper()
	o, err := f.repo.Get(f.ctx, d, id)
	require.NoError(t, err, "Get %s", id)
	require.NotNil(t, o)
	return o
}

func (f *fixture) requireAbsent(t *testing.T, ctx context.Context, d dealerkit.DealerID, id uuid.UUID) {
	t.Helper()
	o, err := f.repo.Get(ctx, d, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "Get %s", id)
	require.Nil(t, o)
}

// update applies fn and returns the order fn saw, so the caller can check what the save did to it.
func (f *fixture) update(t *testing.T, d dealerkit.DealerID, id uuid.UUID, fn func(o *aftersales.RepairOrder)) (*aftersales.RepairOrder, []dealerkit.Event) {
	t.Helper()
	var seen *aftersales.RepairOrder
	var evs []dealerkit.Event
	require.NoError(t, f.repo.Update(f.ctx, d, id, func(o *aftersales.RepairOrder) error {
		fn(o)
		seen, evs = o, o.PendingEvents()
		return nil
	}))
	return seen, evs
}

// events returns the dealer's whole log.
func (f *fixture) events(t *testing.T, d dealerkit.DealerID) []dealerkit.Event {
	t.Helper()
	evs, err := f.store.Events(f.ctx, d, 0, 10_000)
	require.NoError(t, err)
	return evs
}

func (f *fixture) list(t *testing.T, d dealerkit.DealerID, flt aftersales.Filter) []uuid.UUID {
	t.Helper()
	os, err := f.repo.List(f.ctx, d, flt)
	require.NoError(t, err)
	ids := make([]uuid.UUID, len(os))
	for i, o := range os {
		require.Equal(t, d, o.Dealer(), "List returned another dealer's order")
		ids[i] = o.ID()
	}
	return ids
}

func ids(ns ...int) []uuid.UUID {
	out := make([]uuid.UUID, len(ns))
	for i, n := range ns {
		out[i] = orderID(n)
	}
	return out
}

// failure is an error a test's fn returns on purpose; a constant, so the suite keeps no globals.
type failure string

func (e failure) Error() string { return string(e) }

const errBoom = failure("storetest: fn failed on purpose")

func testGetUnknown(t *testing.T, f *fixture) {
	f.requireAbsent(t, f.ctx, dealerA(), orderID(1))
	f.create(t, newOrder(t, orderSpec{n: 1}))
	f.requireAbsent(t, f.ctx, dealerA(), orderID(2))
}

func testUpdateUnknown(t *testing.T, f *fixture) {
	called := false
	fn := func(*aftersales.RepairOrder) error { called = true; return nil }
	require.ErrorIs(t, f.repo.Update(f.ctx, dealerA(), orderID(1), fn), dealerkit.ErrNotFound)
	f.create(t, newOrder(t, orderSpec{n: 1}))
	require.ErrorIs(t, f.repo.Update(f.ctx, dealerA(), orderID(2), fn), dealerkit.ErrNotFound)
	require.False(t, called, "fn was called for an order that does not exist")
	require.Len(t, f.events(t, dealerA()), 1, "only the opened event of order 1")
}

// fullOrder builds an order in progress with as much data as the domain allows at that stage:
// approved and declined lines, dispatched and completed jobs, clock entries, a notification.
func fullOrder(t *testing.T, s orderSpec) *aftersales.RepairOrder {
	o := newOrder(t, s)
	at := o.OpenedAt().In(shanghai()).Add(10 * time.Minute)
	addLabour(t, o, lineID(s.n, 1), at)
	addLabour(t, o, lineID(s.n, 2), at.Add(2*time.Minute))
	addPart(t, o, lineID(s.n, 3), at.Add(4*time.Minute), "180.00", "2")
	addPart(t, o, lineID(s.n, 4), at.Add(5*time.Minute), "55.50", "1")
	must(t, o.Decide(advisor(t, o.Dealer()), at.Add(6*time.Minute), aftersales.DecisionInput{
		Lines: []uuid.UUID{lineID(s.n, 4)}, Approved: false, Channel: aftersales.ChannelPhone, Note: "next time",
	}))
	dispatch(t, o, lineID(s.n, 1), at.Add(10*time.Minute), at.Add(3*time.Hour))
	dispatch(t, o, lineID(s.n, 2), at.Add(11*time.Minute), at.Add(2*time.Hour))
	complete(t, o, lineID(s.n, 2), at.Add(20*time.Minute))
	notify(t, o, at.Add(55*time.Minute), "brake pads are being replaced")
	return o
}

func testRoundTrip(t *testing.T, f *fixture) {
	o := fullOrder(t, orderSpec{n: 1})
	want := o.Snapshot()
	want.Version = 1
	pending := o.PendingEvents()
	require.NotEmpty(t, pending)

	f.create(t, o)
	require.EqualValues(t, 1, o.Version(), "Create sets the stored version on the order")
	require.Empty(t, o.PendingEvents(), "Create clears the events it wrote")

	got := f.get(t, dealerA(), orderID(1))
	requireSameSnapshot(t, want, got.Snapshot())
	require.EqualValues(t, 1, got.Version())
	require.Empty(t, got.PendingEvents(), "a loaded order has no pending events")
	require.Equal(t, aftersales.StateInProgress, got.State())
	next, ok := got.NextPromise()
	require.True(t, ok)
	require.True(t, next.Equal(o.OpenedAt().Add(10*time.Minute+3*time.Hour)), "next promise %s", next)
	requireEvents(t, pending, f.events(t, dealerA()), 1)

	load := func() (*aftersales.RepairOrder, error) { return f.repo.Get(f.ctx, dealerA(), orderID(1)) }
	requireOrderIsolated(t, "repair order", o, load)
	changed, _ := f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) {
		notify(t, o, t0().Add(2*time.Hour), "the car is on the lift")
		// A clock left running: requireOrderIsolated's clock off then changes a stored entry.
		must(t, o.ClockOn(technician(t, o.Dealer()), t0().Add(2*time.Hour), lineID(1, 1)))
	})
	requireOrderIsolated(t, "updated repair order", changed, load)
	listed := func() ([]*aftersales.RepairOrder, error) { return f.repo.List(f.ctx, dealerA(), aftersales.Filter{}) }
	list, err := listed()
	require.NoError(t, err)
	require.Len(t, list, 1)
	requireOrderIsolated(t, "listed repair order", list[0], func() (*aftersales.RepairOrder, error) {
		list, err := listed()
		if err != nil {
			return nil, err
		}
		return list[0], nil
	})
}

func testRoundTripClosed(t *testing.T, f *fixture) {
	o := closedOrder(t, orderSpec{n: 1})
	require.Equal(t, aftersales.StateClosed, o.State())
	want := o.Snapshot()
	want.Version = 1
	require.NotNil(t, want.Statement)
	require.NotEmpty(t, want.Payments)
	require.NotNil(t, want.Survey)
	f.create(t, o)
	got := f.get(t, dealerA(), orderID(1))
	requireSameSnapshot(t, want, got.Snapshot())
	require.True(t, got.DeliveredAt().Equal(o.DeliveredAt()))
	require.True(t, got.Balance().IsZero())
	_, open := got.NextPromise()
	require.False(t, open)
	// A closed order fills every slice and pointer, so the check reaches each of them.
	requireOrderIsolated(t, "closed repair order", o, func() (*aftersales.RepairOrder, error) { return f.repo.Get(f.ctx, dealerA(), orderID(1)) })
}

func testVersions(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{n: 1}))
	for i := int64(1); i <= 3; i++ {
		var seenVersion int64
		seen, _ := f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) {
			seenVersion = o.Version()
			notify(t, o, t0().Add(time.Duration(i)*time.Hour), fmt.Sprintf("update %d", i))
		})
		require.Equal(t, i, seenVersion, "fn sees the stored version")
		require.Equal(t, i+1, seen.Version(), "Update sets the new version on the order")
		require.Empty(t, seen.PendingEvents(), "Update clears the events it wrote")
		got := f.get(t, dealerA(), orderID(1))
		require.Equal(t, i+1, got.Version())
		require.Len(t, got.Notifications(), int(i))
	}
}

func testDuplicateID(t *testing.T, f *fixture) {
	first := newOrder(t, orderSpec{n: 1, number: "RO-1"})
	f.create(t, first)
	dup := newOrder(t, orderSpec{n: 1, number: "RO-2", vin: vin2(t)})
	require.ErrorIs(t, f.repo.Create(f.ctx, dup), dealerkit.ErrConflict)
	require.Zero(t, dup.Version(), "a refused Create leaves the order unsaved")
	require.Len(t, dup.PendingEvents(), 1, "a refused Create keeps the events pending")

	got := f.get(t, dealerA(), orderID(1))
	require.Equal(t, "RO-1", got.Number())
	require.Equal(t, vin1(t), got.VIN())
	require.EqualValues(t, 1, got.Version())
	require.Len(t, f.events(t, dealerA()), 1, "the refused Create wrote no event")
	require.Empty(t, f.list(t, dealerA(), aftersales.Filter{VIN: vin2(t)}))
}

func testDuplicateNumber(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{n: 1, number: "RO-7"}))
	dup := newOrder(t, orderSpec{n: 2, number: "RO-7"})
	require.ErrorIs(t, f.repo.Create(f.ctx, dup), dealerkit.ErrConflict)
	f.requireAbsent(t, f.ctx, dealerA(), orderID(2))
	require.Len(t, f.events(t, dealerA()), 1, "the refused Create wrote no event")
	require.Equal(t, ids(1), f.list(t, dealerA(), aftersales.Filter{}))
}

func testNumberOtherDealer(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{dealer: dealerA(), n: 1, number: "RO-7"}))
	f.create(t, newOrder(t, orderSpec{dealer: dealerB(), n: 2, number: "RO-7"}))
	require.Equal(t, "RO-7", f.get(t, dealerA(), orderID(1)).Number())
	require.Equal(t, "RO-7", f.get(t, dealerB(), orderID(2)).Number())
}

func testDecimals(t *testing.T, f *fixture) {
	o := newOrder(t, orderSpec{n: 1})
	line := lineID(1, 1)
	// 18 significant digits: more than a float64 holds, so any float on the way would show.
	addPart(t, o, line, t0().Add(time.Minute), "12345678901234.5678", "12.3400")
	f.create(t, o)

	check := func(t *testing.T, o *aftersales.RepairOrder, when string) {
		t.Helper()
		l, ok := o.Line(line)
		require.True(t, ok, when)
		require.True(t, l.UnitPrice.Equal(dec(t, "12345678901234.5678")), "%s: unit price %s", when, l.UnitPrice)
		require.EqualValues(t, -4, l.UnitPrice.Exponent(), "%s: unit price scale", when)
		require.Equal(t, "12345678901234.5678", dealerkit.FormatExact(l.UnitPrice), when)
		require.True(t, l.Quantity.Equal(dec(t, "12.34")), "%s: quantity %s", when, l.Quantity)
		require.EqualValues(t, -4, l.Quantity.Exponent(), "%s: quantity keeps its trailing zeros", when)
		require.Equal(t, "12.3400", dealerkit.FormatExact(l.Quantity), when)
		require.EqualValues(t, -4, l.Discount.Exponent(), "%s: discount scale", when)
		require.True(t, l.Discount.IsZero(), when)
	}
	check(t, f.get(t, dealerA(), orderID(1)), "after Create")
	f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) {
		check(t, o, "inside Update")
		notify(t, o, t0().Add(time.Hour), "parts ordered")
	})
	check(t, f.get(t, dealerA(), orderID(1)), "after Update")
	os, err := f.repo.List(f.ctx, dealerA(), aftersales.Filter{})
	require.NoError(t, err)
	require.Len(t, os, 1)
	check(t, os[0], "from List")
}

func testTimes(t *testing.T, f *fixture) {
	at := t0() // Shanghai, microseconds
	o := newOrder(t, orderSpec{n: 1, arrived: at})
	addLabour(t, o, lineID(1, 1), at.Add(5*time.Minute))
	notify(t, o, at.Add(7*time.Minute+time.Microsecond), "estimate approved")
	want := o.Snapshot()
	want.Version = 1
	pending := o.PendingEvents()
	f.create(t, o)

	got := f.get(t, dealerA(), orderID(1))
	// requireSameSnapshot checks every time of the order: same instant, zone UTC.
	requireSameSnapshot(t, want, got.Snapshot())
	require.Equal(t, 123456000, got.OpenedAt().Nanosecond(), "microseconds kept")
	require.Equal(t, time.UTC, got.OpenedAt().Location())
	require.True(t, got.Notifications()[0].At.Equal(at.Add(7*time.Minute+time.Microsecond)))
	requireEvents(t, pending, f.events(t, dealerA()), 1)
}

func testGetReturnsCopy(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{n: 1}))
	o := f.get(t, dealerA(), orderID(1))
	notify(t, o, t0().Add(time.Hour), "not saved")
	addLabour(t, o, lineID(1, 1), t0().Add(time.Hour))
	got := f.get(t, dealerA(), orderID(1))
	require.Empty(t, got.Notifications())
	require.Empty(t, got.Lines())
	require.Equal(t, aftersales.StateReceived, got.State())
}

func testCreateKeepsNoReference(t *testing.T, f *fixture) {
	o := newOrder(t, orderSpec{n: 1})
	f.create(t, o)
	notify(t, o, t0().Add(time.Hour), "not saved")
	got := f.get(t, dealerA(), orderID(1))
	require.Empty(t, got.Notifications())
	require.Len(t, f.events(t, dealerA()), 1)
}

func testConcurrentUpdates(t *testing.T, f *fixture) {
	const workers = 20
	f.create(t, newOrder(t, orderSpec{n: 1}))
	adv := advisor(t, dealerA())
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, workers)
	for i := range workers {
		wg.Go(func() {
			<-start
			errs[i] = f.repo.Update(f.ctx, dealerA(), orderID(1), func(o *aftersales.RepairOrder) error {
				runtime.Gosched() // let other workers load the same version
				return o.Notify(adv, t0().Add(time.Duration(i+1)*time.Minute), aftersales.ChannelMessage, fmt.Sprintf("worker %d", i))
			})
		})
	}
	close(start)
	wg.Wait()

	var won []string
	for i, err := range errs {
		if err == nil {
			won = append(won, fmt.Sprintf("worker %d", i))
			continue
		}
		require.ErrorIs(t, err, dealerkit.ErrConflict, "worker %d: an Update either succeeds or conflicts", i)
	}
	t.Logf("%d of %d concurrent updates succeeded, %d conflicted", len(won), workers, workers-len(won))
	require.NotEmpty(t, won, "at least one update succeeds")

	got := f.get(t, dealerA(), orderID(1))
	require.EqualValues(t, 1+len(won), got.Version(), "one version per successful update")
	var msgs []string
	for _, n := range got.Notifications() {
		msgs = append(msgs, n.Message)
	}
	slices.Sort(msgs)
	slices.Sort(won)
	require.Equal(t, won, msgs, "exactly the successful updates are stored, none lost")
	evs := f.events(t, dealerA())
	require.Len(t, evs, 1+len(won), "one event per successful update, none for a conflict")
	for i, e := range evs {
		require.EqualValues(t, i+1, e.Seq)
	}
}

// LockingReader is what a store offers so that a check-then-change is strict on a database whose
// transactions run concurrently (sqlstore.Store.LockingReads; memory.Store's transactions
// serialise and return the context as it is). The suites run its case on stores that offer it.
type LockingReader interface {
	LockingReads(ctx context.Context) context.Context
}

// errStale is what a worker of testLockingReads returns when its check sees a newer version.
const errStale = failure("the order is no longer at the version checked")

// testLockingReads: workers released together each check, in one transaction, that the order
// is still at version 1 (a Get under LockingReads), then change it. The locking read holds the
// order until the first worker commits, so every other worker's check waits and then reads
// version 2: exactly one change applies and every other worker is refused by its own check, not
// by the Update's optimistic version (which would mean two checks passed on one version, as they
// do at READ COMMITTED without the lock).
func testLockingReads(t *testing.T, f *fixture) {
	l, ok := f.store.(LockingReader)
	if !ok {
		t.Skip("the store offers no LockingReads")
	}
	const workers = 8
	f.create(t, newOrder(t, orderSpec{n: 1}))
	adv := advisor(t, dealerA())
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, workers)
	var checked atomic.Int32
	allChecked := make(chan struct{})
	for i := range workers {
		wg.Go(func() {
			<-start
			errs[i] = f.store.InTx(f.ctx, func(ctx context.Context) error {
				o, err := f.repo.Get(l.LockingReads(ctx), dealerA(), orderID(1))
				if err != nil {
					return err
				}
				if o.Version() != 1 {
					return errStale
				}
				// Widen the window: wait until every worker has passed its check, which happens
				// only without the lock, or a second (the lock holds the others in their check;
				// the second covers a loaded database opening a connection per worker).
				if checked.Add(1) == workers {
					close(allChecked)
				}
				select {
				case <-allChecked:
				case <-time.After(time.Second):
				}
				return f.repo.Update(ctx, dealerA(), orderID(1), func(o *aftersales.RepairOrder) error {
					return o.Notify(adv, t0().Add(time.Duration(i+1)*time.Minute), aftersales.ChannelMessage, fmt.Sprintf("worker %d", i))
				})
			})
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			continue
		}
		require.ErrorIs(t, err, errStale, "worker %d: its check must see the committed change, not pass and then conflict", i)
	}
	require.Equal(t, 1, won, "exactly one check-then-update applies")
	require.EqualValues(t, 2, f.get(t, dealerA(), orderID(1)).Version())
	require.Len(t, f.events(t, dealerA()), 2, "the order's creation and the one change")
}

func testUpdateFnError(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{n: 1}))
	err := f.repo.Update(f.ctx, dealerA(), orderID(1), func(o *aftersales.RepairOrder) error {
		notify(t, o, t0().Add(time.Hour), "lost")
		addLabour(t, o, lineID(1, 1), t0().Add(time.Hour))
		return fmt.Errorf("wrapped: %w", errBoom)
	})
	require.ErrorIs(t, err, errBoom)

	// A rule refusing inside fn (here: a cancellation without a reason) is the same case.
	err = f.repo.Update(f.ctx, dealerA(), orderID(1), func(o *aftersales.RepairOrder) error {
		notify(t, o, t0().Add(time.Hour), "lost too")
		return o.Cancel(advisor(t, dealerA()), t0().Add(time.Hour), "")
	})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)

	got := f.get(t, dealerA(), orderID(1))
	require.EqualValues(t, 1, got.Version())
	require.Empty(t, got.Notifications())
	require.Empty(t, got.Lines())
	require.Equal(t, aftersales.StateReceived, got.State())
	require.Len(t, f.events(t, dealerA()), 1, "no event of a failed update")
}

func testTenantGet(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{dealer: dealerA(), n: 1}))
	f.requireAbsent(t, f.ctx, dealerB(), orderID(1))
	require.EqualValues(t, 1, f.get(t, dealerA(), orderID(1)).Version())
}

func testTenantUpdate(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{dealer: dealerA(), n: 1}))
	before := f.get(t, dealerA(), orderID(1)).Snapshot()
	called := false
	err := f.repo.Update(f.ctx, dealerB(), orderID(1), func(o *aftersales.RepairOrder) error {
		called = true
		return o.Cancel(advisor(t, dealerB()), t0(), "taken over")
	})
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.False(t, called, "fn was handed another dealer's order")
	requireSameSnapshot(t, before, f.get(t, dealerA(), orderID(1)).Snapshot())
	require.Len(t, f.events(t, dealerA()), 1)
	require.Empty(t, f.events(t, dealerB()))
}

func testTenantListEvents(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{dealer: dealerA(), n: 1, vin: vin1(t)}))
	f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(time.Hour), "A") })
	require.Empty(t, f.list(t, dealerB(), aftersales.Filter{}))
	require.Empty(t, f.events(t, dealerB()))

	f.create(t, newOrder(t, orderSpec{dealer: dealerB(), n: 2, vin: vin1(t)}))
	require.Equal(t, ids(2), f.list(t, dealerB(), aftersales.Filter{}))
	require.Equal(t, ids(2), f.list(t, dealerB(), aftersales.Filter{VIN: vin1(t)}), "the same vehicle at two dealers")
	require.Equal(t, ids(1), f.list(t, dealerA(), aftersales.Filter{VIN: vin1(t)}))
	evB := f.events(t, dealerB())
	require.Len(t, evB, 1)
	require.Equal(t, orderID(2), evB[0].AggregateID)
	require.Equal(t, dealerB(), evB[0].Dealer)
	require.Len(t, f.events(t, dealerA()), 2)
}

func testListEmpty(t *testing.T, f *fixture) {
	os, err := f.repo.List(f.ctx, dealerA(), aftersales.Filter{})
	require.NoError(t, err)
	require.Empty(t, os)
	f.create(t, newOrder(t, orderSpec{dealer: dealerB(), n: 1}))
	require.Empty(t, f.list(t, dealerA(), aftersales.Filter{}))
}

// listFixture stores orders in several states, opened an hour apart, created out of id order:
//
//	n  VIN   opened  state        jobs (promised)                   plate, customer
//	5  vin1  t0      received
//	2  vin2  t0+1h   approved     one approved line, not dispatched  沪B·88888, customer 1
//	4  vin1  t0+2h   in_progress  open (t0+5h)                       沪B·88888, customer 1
//	1  vin2  t0+3h   in_progress  completed (t0+4h), open (t0+8h)    customer 2
//	3  vin1  t0+4h   cancelled
//	6  vin1  t0+5h   in_progress  completed (t0+6h)
//	7  vin1  t0+1h   in_progress  open (t0+4h), at dealer B
func listFixture(t *testing.T, f *fixture) {
	h := func(n int) time.Time { return t0().Add(time.Duration(n) * time.Hour) }
	open := func(d dealerkit.DealerID, n int, v aftersales.VIN, opened int) *aftersales.RepairOrder {
		s := orderSpec{dealer: d, n: n, vin: v, arrived: h(opened)}
		switch n {
		case 2, 4:
			s.plate, s.customer = "沪B·88888", customerID(1)
		case 1:
			s.customer = customerID(2)
		}
		return newOrder(t, s)
	}
	f.create(t, open(dealerA(), 5, vin1(t), 0))

	o2 := open(dealerA(), 2, vin2(t), 1)
	addLabour(t, o2, lineID(2, 1), h(1).Add(10*time.Minute))
	f.create(t, o2)

	o4 := open(dealerA(), 4, vin1(t), 2)
	addLabour(t, o4, lineID(4, 1), h(2).Add(10*time.Minute))
	dispatch(t, o4, lineID(4, 1), h(2).Add(30*time.Minute), h(5))
	f.create(t, o4)

	o1 := open(dealerA(), 1, vin2(t), 3)
	addLabour(t, o1, lineID(1, 1), h(3).Add(10*time.Minute))
	addLabour(t, o1, lineID(1, 2), h(3).Add(12*time.Minute))
	dispatch(t, o1, lineID(1, 1), h(3).Add(30*time.Minute), h(4))
	dispatch(t, o1, lineID(1, 2), h(3).Add(31*time.Minute), h(8))
	f.create(t, o1)
	// Finish the first job in an Update, so the promise columns are maintained on update too.
	f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) { complete(t, o, lineID(1, 1), h(3).Add(40*time.Minute)) })

	o3 := open(dealerA(), 3, vin1(t), 4)
	must(t, o3.Cancel(advisor(t, dealerA()), h(4).Add(5*time.Minute), "customer left"))
	f.create(t, o3)

	o6 := open(dealerA(), 6, vin1(t), 5)
	addLabour(t, o6, lineID(6, 1), h(5).Add(10*time.Minute))
	dispatch(t, o6, lineID(6, 1), h(5).Add(30*time.Minute), h(6))
	f.create(t, o6)
	f.update(t, dealerA(), orderID(6), func(o *aftersales.RepairOrder) { complete(t, o, lineID(6, 1), h(5).Add(40*time.Minute)) })

	o7 := open(dealerB(), 7, vin1(t), 1)
	addLabour(t, o7, lineID(7, 1), h(1).Add(10*time.Minute))
	dispatch(t, o7, lineID(7, 1), h(1).Add(30*time.Minute), h(4))
	f.create(t, o7)
}

func testListFilters(t *testing.T, f *fixture) {
	listFixture(t, f)
	h := func(n int) time.Time { return t0().Add(time.Duration(n) * time.Hour) }
	var stored []*aftersales.RepairOrder
	for n := 1; n <= 6; n++ {
		stored = append(stored, f.get(t, dealerA(), orderID(n)))
	}
	inProgress := []aftersales.State{aftersales.StateInProgress}
	cases := []struct {
		name string
		f    aftersales.Filter
		want []uuid.UUID // what the fixture was built to give; Filter.Matches must agree
	}{
		{"no filter", aftersales.Filter{}, ids(1, 2, 3, 4, 5, 6)},
		{"VIN", aftersales.Filter{VIN: vin1(t)}, ids(3, 4, 5, 6)},
		{"number", aftersales.Filter{Number: "RO-0004"}, ids(4)},
		{"number no order has", aftersales.Filter{Number: "RO-9999"}, nil},
		{"plate", aftersales.Filter{Plate: "沪B·88888"}, ids(2, 4)},
		{"customer", aftersales.Filter{Customer: customerID(1)}, ids(2, 4)},
		{"another customer", aftersales.Filter{Customer: customerID(2)}, ids(1)},
		{"customer and state", aftersales.Filter{Customer: customerID(1), States: []aftersales.State{aftersales.StateApproved}}, ids(2)},
		{"one state", aftersales.Filter{States: inProgress}, ids(1, 4, 6)},
		{"two states", aftersales.Filter{States: []aftersales.State{aftersales.StateReceived, aftersales.StateCancelled}}, ids(3, 5)},
		{"state no order is in", aftersales.Filter{States: []aftersales.State{aftersales.StateClosed}}, nil},
		{"opened from", aftersales.Filter{OpenedFrom: h(1)}, ids(1, 2, 3, 4, 6)},
		{"opened from is inclusive", aftersales.Filter{OpenedFrom: h(0)}, ids(1, 2, 3, 4, 5, 6)},
		{"opened from a microsecond later", aftersales.Filter{OpenedFrom: h(0).Add(time.Microsecond)}, ids(1, 2, 3, 4, 6)},
		{"opened before", aftersales.Filter{OpenedBefore: h(2)}, ids(2, 5)},
		{"opened before is exclusive", aftersales.Filter{OpenedBefore: h(0)}, nil},
		{"opened before a microsecond later", aftersales.Filter{OpenedBefore: h(0).Add(time.Microsecond)}, ids(5)},
		{"opened between, bounds given in UTC", aftersales.Filter{OpenedFrom: h(1).UTC(), OpenedBefore: h(3).UTC()}, ids(2, 4)},
		{"§4.2.3 promised before: only the open job counts", aftersales.Filter{PromisedBefore: h(6)}, ids(4)},
		{"§4.2.3 promised before is exclusive", aftersales.Filter{PromisedBefore: h(5)}, nil},
		{"§4.2.3 promised before a completed job's promise", aftersales.Filter{PromisedBefore: h(4).Add(time.Minute)}, nil},
		{"§4.2.3 promised before, later", aftersales.Filter{PromisedBefore: h(9)}, ids(1, 4)},
		{"VIN and state", aftersales.Filter{VIN: vin2(t), States: inProgress}, ids(1)},
		{"limit", aftersales.Filter{Limit: 2}, ids(1, 2)},
		{"after", aftersales.Filter{After: orderID(2), Limit: 2}, ids(3, 4)},
		{"after the last", aftersales.Filter{After: orderID(6)}, nil},
		{"after with a filter", aftersales.Filter{After: orderID(1), States: inProgress, PromisedBefore: h(9), Limit: 5}, ids(4)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var matches []uuid.UUID
			for _, o := range stored {
				if c.f.Matches(o) && (c.f.Limit == 0 || len(matches) < c.f.Limit) {
					matches = append(matches, o.ID())
				}
			}
			require.Equal(t, c.want, matches, "the fixture no longer gives what Filter.Matches selects")
			got := f.list(t, dealerA(), c.f)
			if len(c.want) == 0 {
				require.Empty(t, got)
				return
			}
			require.Equal(t, c.want, got)
		})
	}
}

func testListPaging(t *testing.T, f *fixture) {
	listFixture(t, f)
	var all []uuid.UUID
	var after uuid.UUID
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		page := f.list(t, dealerA(), aftersales.Filter{After: after, Limit: 4})
		all = append(all, page...)
		if len(page) < 4 {
			break
		}
		after = page[len(page)-1]
	}
	require.Equal(t, ids(1, 2, 3, 4, 5, 6), all)
}

func testListWholeOrders(t *testing.T, f *fixture) {
	f.create(t, fullOrder(t, orderSpec{n: 1}))
	saved, _ := f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(5*time.Hour), "nearly done") })
	want := saved.Snapshot() // what fn left, at the version Update stored
	require.EqualValues(t, 2, want.Version)
	os, err := f.repo.List(f.ctx, dealerA(), aftersales.Filter{})
	require.NoError(t, err)
	require.Len(t, os, 1)
	require.EqualValues(t, 2, os[0].Version())
	require.Empty(t, os[0].PendingEvents())
	requireSameSnapshot(t, want, os[0].Snapshot())
}

func testTxUniqueViolation(t *testing.T, f *fixture) {
	o1 := newOrder(t, orderSpec{n: 1, number: "RO-9"})
	o2 := newOrder(t, orderSpec{n: 2, number: "RO-9"})
	err := f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, o1); err != nil {
			return err
		}
		return f.repo.Create(ctx, o2)
	})
	require.ErrorIs(t, err, dealerkit.ErrConflict)
	f.requireAbsent(t, f.ctx, dealerA(), orderID(1))
	f.requireAbsent(t, f.ctx, dealerA(), orderID(2))
	require.Empty(t, f.events(t, dealerA()))
	require.Empty(t, f.list(t, dealerA(), aftersales.Filter{}))
	// Nothing is left behind that blocks a retry: the number is free again.
	f.create(t, newOrder(t, orderSpec{n: 3, number: "RO-9"}))
	require.EqualValues(t, 1, f.events(t, dealerA())[0].Seq, "a rolled-back transaction leaves no gap in Seq")
}

func testTxFnError(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{n: 9}))
	err := f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, newOrder(t, orderSpec{n: 1})); err != nil {
			return err
		}
		if err := f.repo.Create(ctx, newOrder(t, orderSpec{n: 2})); err != nil {
			return err
		}
		if err := f.repo.Update(ctx, dealerA(), orderID(9), func(o *aftersales.RepairOrder) error {
			notify(t, o, t0().Add(time.Hour), "rolled back")
			return nil
		}); err != nil {
			return err
		}
		return errBoom
	})
	require.ErrorIs(t, err, errBoom)
	f.requireAbsent(t, f.ctx, dealerA(), orderID(1))
	f.requireAbsent(t, f.ctx, dealerA(), orderID(2))
	got := f.get(t, dealerA(), orderID(9))
	require.EqualValues(t, 1, got.Version())
	require.Empty(t, got.Notifications())
	require.Len(t, f.events(t, dealerA()), 1, "only order 9's opened event")
}

func testTxCommit(t *testing.T, f *fixture) {
	o1, o2 := newOrder(t, orderSpec{n: 1}), newOrder(t, orderSpec{n: 2})
	want := append(o1.PendingEvents(), o2.PendingEvents()...)
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, o1); err != nil {
			return err
		}
		return f.repo.Create(ctx, o2)
	}))
	for _, o := range []*aftersales.RepairOrder{o1, o2} {
		require.EqualValues(t, 1, o.Version())
		require.Empty(t, o.PendingEvents())
		require.EqualValues(t, 1, f.get(t, dealerA(), o.ID()).Version())
	}
	requireEvents(t, want, f.events(t, dealerA()), 1)
}

func testTxRollbackKeepsOrderUnsaved(t *testing.T, f *fixture) {
	o := newOrder(t, orderSpec{n: 1})
	err := f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, o); err != nil {
			return err
		}
		return errBoom
	})
	require.ErrorIs(t, err, errBoom)
	require.Zero(t, o.Version())
	require.Len(t, o.PendingEvents(), 1)
	// So the same order can be saved again.
	f.create(t, o)
	require.EqualValues(t, 1, o.Version())
	require.Len(t, f.events(t, dealerA()), 1)
}

func testTxNested(t *testing.T, f *fixture) {
	createIn := func(ctx context.Context, n int) error { return f.repo.Create(ctx, newOrder(t, orderSpec{n: n})) }
	// The inner transaction succeeds, the outer fails: the inner's writes go with the outer's.
	err := f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := createIn(ctx, 1); err != nil {
			return err
		}
		if err := f.store.InTx(ctx, func(ctx context.Context) error { return createIn(ctx, 2) }); err != nil {
			return err
		}
		return errBoom
	})
	require.ErrorIs(t, err, errBoom)
	f.requireAbsent(t, f.ctx, dealerA(), orderID(1))
	f.requireAbsent(t, f.ctx, dealerA(), orderID(2))
	require.Empty(t, f.events(t, dealerA()))

	// Both succeed: everything commits once, when the outer returns.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := createIn(ctx, 3); err != nil {
			return err
		}
		return f.store.InTx(ctx, func(ctx context.Context) error {
			if err := createIn(ctx, 4); err != nil {
				return err
			}
			return f.store.InTx(ctx, func(ctx context.Context) error { return createIn(ctx, 5) })
		})
	}))
	require.Equal(t, ids(3, 4, 5), f.list(t, dealerA(), aftersales.Filter{}))
	evs := f.events(t, dealerA())
	require.Len(t, evs, 3)
	for i, e := range evs {
		require.EqualValues(t, i+1, e.Seq)
		require.Equal(t, orderID(3+i), e.AggregateID)
	}
}

func testTxReadsOwnWrites(t *testing.T, f *fixture) {
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, newOrder(t, orderSpec{n: 1})); err != nil {
			return err
		}
		o, err := f.repo.Get(ctx, dealerA(), orderID(1))
		if err != nil {
			return err
		}
		require.EqualValues(t, 1, o.Version())
		if err := f.repo.Update(ctx, dealerA(), orderID(1), func(o *aftersales.RepairOrder) error {
			require.EqualValues(t, 1, o.Version())
			return o.Notify(advisor(t, dealerA()), t0().Add(time.Hour), aftersales.ChannelPhone, "in tx")
		}); err != nil {
			return err
		}
		os, err := f.repo.List(ctx, dealerA(), aftersales.Filter{})
		if err != nil {
			return err
		}
		require.Len(t, os, 1)
		require.EqualValues(t, 2, os[0].Version())
		require.Len(t, os[0].Notifications(), 1)
		return nil
	}))
	got := f.get(t, dealerA(), orderID(1))
	require.EqualValues(t, 2, got.Version())
	require.Len(t, f.events(t, dealerA()), 2)
}

func testTxRefusedCreateKeepsTx(t *testing.T, f *fixture) {
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, newOrder(t, orderSpec{n: 1, number: "RO-1"})); err != nil {
			return err
		}
		// The caller handles the conflict and carries on with another number.
		err := f.repo.Create(ctx, newOrder(t, orderSpec{n: 2, number: "RO-1"}))
		require.ErrorIs(t, err, dealerkit.ErrConflict)
		return f.repo.Create(ctx, newOrder(t, orderSpec{n: 2, number: "RO-2"}))
	}))
	require.Equal(t, "RO-1", f.get(t, dealerA(), orderID(1)).Number())
	require.Equal(t, "RO-2", f.get(t, dealerA(), orderID(2)).Number())
	evs := f.events(t, dealerA())
	require.Len(t, evs, 2)
	require.Equal(t, []int64{1, 2}, []int64{evs[0].Seq, evs[1].Seq})
}

func testEventsRecorded(t *testing.T, f *fixture) {
	o := newOrder(t, orderSpec{n: 1})
	want := o.PendingEvents()
	f.create(t, o)
	_, evs := f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) {
		addLabour(t, o, lineID(1, 1), t0().Add(10*time.Minute))
	})
	require.Len(t, evs, 2)
	want = append(want, evs...)
	_, evs = f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) {
		notify(t, o, t0().Add(20*time.Minute), "approved, starting")
	})
	want = append(want, evs...)
	got := f.events(t, dealerA())
	requireEvents(t, want, got, 1)
	require.Equal(t, "repair_order", got[0].Aggregate)
	require.NotEmpty(t, got[0].Data, "the opened event carries data")
	require.Equal(t, "received", got[0].To)
	require.Equal(t, "approved", got[2].To, "the approval moves the order")

	// What the caller reads is its own: its roles and data, shared with no other event or read.
	got[0].Actor.Roles[0] = dealerkit.RoleTechnician
	for i := 1; i < len(got); i++ {
		require.Equal(t, want[i].Actor, got[i].Actor, "event %d shares its actor's roles with event 1", got[i].Seq)
	}
	requireIsolated(t, "events", got, func() ([]dealerkit.Event, error) { return f.store.Events(f.ctx, dealerA(), 0, 100) })
}

func testEventsPaging(t *testing.T, f *fixture) {
	o := newOrder(t, orderSpec{n: 1})
	want := o.PendingEvents()
	f.create(t, o)
	for i := range 4 {
		_, evs := f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) {
			notify(t, o, t0().Add(time.Duration(i+1)*time.Hour), fmt.Sprintf("call %d", i))
		})
		want = append(want, evs...)
	}
	var got []dealerkit.Event
	var after int64
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		page, err := f.store.Events(f.ctx, dealerA(), after, 2)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), 2)
		got = append(got, page...)
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1].Seq
	}
	requireEvents(t, want, got, 1)

	rest, err := f.store.Events(f.ctx, dealerA(), 3, 100)
	require.NoError(t, err)
	requireEvents(t, want[3:], rest, 4)
	rest, err = f.store.Events(f.ctx, dealerA(), 5, 100)
	require.NoError(t, err)
	require.Empty(t, rest, "caught up")
}

func testEventsPerDealer(t *testing.T, f *fixture) {
	a := newOrder(t, orderSpec{dealer: dealerA(), n: 1})
	b := newOrder(t, orderSpec{dealer: dealerB(), n: 2})
	wantA, wantB := a.PendingEvents(), b.PendingEvents()
	f.create(t, a)
	f.create(t, b)
	_, evs := f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(time.Hour), "A") })
	wantA = append(wantA, evs...)
	_, evs = f.update(t, dealerB(), orderID(2), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(time.Hour), "B") })
	wantB = append(wantB, evs...)
	_, evs = f.update(t, dealerA(), orderID(1), func(o *aftersales.RepairOrder) { notify(t, o, t0().Add(2*time.Hour), "A") })
	wantA = append(wantA, evs...)
	requireEvents(t, wantA, f.events(t, dealerA()), 1)
	requireEvents(t, wantB, f.events(t, dealerB()), 1)
}

// testEventsManyInTx writes more events in one transaction than an adapter may put in one
// statement (the SQL stores insert them in chunks), for two dealers at once.
func testEventsManyInTx(t *testing.T, f *fixture) {
	a := newOrder(t, orderSpec{dealer: dealerA(), n: 1})
	b := newOrder(t, orderSpec{dealer: dealerB(), n: 2})
	wantA, wantB := a.PendingEvents(), b.PendingEvents()
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, a); err != nil {
			return err
		}
		if err := f.repo.Create(ctx, b); err != nil {
			return err
		}
		for i := range 60 {
			d, id, want := dealerA(), orderID(1), &wantA
			if i%3 == 2 {
				d, id, want = dealerB(), orderID(2), &wantB
			}
			if err := f.repo.Update(ctx, d, id, func(o *aftersales.RepairOrder) error {
				notify(t, o, t0().Add(time.Duration(i+1)*time.Minute), fmt.Sprintf("call %d", i))
				*want = append(*want, o.PendingEvents()...)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.Greater(t, len(wantA), 30, "more events than one insert carries")
	requireEvents(t, wantA, f.events(t, dealerA()), 1)
	requireEvents(t, wantB, f.events(t, dealerB()), 1)
}

func testEventsLimit(t *testing.T, f *fixture) {
	f.create(t, newOrder(t, orderSpec{n: 1}))
	for _, limit := range []int{0, -1} {
		evs, err := f.store.Events(f.ctx, dealerA(), 0, limit)
		require.ErrorIs(t, err, dealerkit.ErrInvalid, "limit %d", limit)
		require.Empty(t, evs)
	}
}

func testEventsCommitOrder(t *testing.T, f *fixture) {
	const writers, perTx = 8, 2
	ctx, cancel := context.WithTimeout(f.ctx, 60*time.Second)
	defer cancel()

	// A reader pages as a DMS feed would, while the writers commit. If a Seq became visible
	// before a smaller one, the reader would page past the smaller one and never see it.
	seen := make(chan []dealerkit.Event, 1)
	go func() {
		var got []dealerkit.Event
		var after int64
		for len(got) < writers*perTx && ctx.Err() == nil {
			page, err := f.store.Events(ctx, dealerA(), after, 3)
			if err != nil {
				break
			}
			got = append(got, page...)
			if len(page) > 0 {
				after = page[len(page)-1].Seq
			} else {
				time.Sleep(time.Millisecond)
			}
		}
		seen <- got
	}()

	orders := make([]*aftersales.RepairOrder, writers*perTx)
	for i := range orders {
		orders[i] = newOrder(t, orderSpec{n: i + 1})
	}
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Go(func() {
			errs[w] = f.store.InTx(ctx, func(ctx context.Context) error {
				for k := range perTx {
					if err := f.repo.Create(ctx, orders[w*perTx+k]); err != nil {
						return err
					}
					runtime.Gosched()
				}
				return nil
			})
		})
	}
	wg.Wait()
	for w, err := range errs {
		require.NoError(t, err, "writer %d", w)
	}
	got := <-seen
	require.Len(t, got, writers*perTx, "the reader saw every event exactly once")
	for i, e := range got {
		require.EqualValues(t, i+1, e.Seq)
	}
	// A transaction's events are numbered together: its two orders' events are adjacent.
	for i := 0; i < len(got); i += perTx {
		first := int(got[i].AggregateID[15]-1) / perTx
		for k := 1; k < perTx; k++ {
			require.Equal(t, first, int(got[i+k].AggregateID[15]-1)/perTx, "events of one transaction are interleaved with another's")
		}
	}
}

// testListOrderFacts: a store that lists orders' facts for the appraisal (appraisal.OrderFactSource)
// gives, for every filter, appraisal.FactsOf of each order List gives, in the same order.
func testListOrderFacts(t *testing.T, f *fixture) {
	src, ok := f.repo.(appraisal.OrderFactSource)
	if !ok {
		t.Skipf("%T lists no order facts", f.repo)
	}
	f.create(t, closedOrder(t, orderSpec{n: 1}))
	f.create(t, fullOrder(t, orderSpec{n: 2}))
	f.create(t, newOrder(t, orderSpec{n: 3}))
	for _, flt := range []aftersales.Filter{{}, {States: []aftersales.State{aftersales.StateClosed}},
		{OpenedFrom: t0().Add(time.Minute)}, {OpenedBefore: t0().Add(time.Minute)}, {Limit: 2}} {
		orders, err := f.repo.List(f.ctx, dealerA(), flt)
		require.NoError(t, err)
		var want []appraisal.OrderFacts
		for _, o := range orders {
			want = append(want, appraisal.FactsOf(o))
		}
		got, err := src.ListOrderFacts(f.ctx, dealerA(), flt)
		require.NoError(t, err)
		if len(want) == 0 {
			require.Empty(t, got)
			continue
		}
		requireSameRecord(t, fmt.Sprintf("facts of %+v", flt), want, got)
	}
	got, err := src.ListOrderFacts(f.ctx, dealerB(), aftersales.Filter{})
	require.NoError(t, err)
	require.Empty(t, got, "§2 another dealer's facts")
}
