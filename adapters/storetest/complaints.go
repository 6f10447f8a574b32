package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// ComplaintStore is what the complaints suite needs of an adapter: the complaint and
// corrective-action repositories, the event log and transactions. It is separate from Store so
// that an adapter can be proven one repository at a time.
type ComplaintStore interface {
	Complaints() complaints.Repository
	CorrectiveActions() complaints.CorrectiveRepository
	dealerkit.EventReader
	dealerkit.Transactor
}

// RunComplaints runs the complaints.Repository and complaints.CorrectiveRepository contracts
// against the stores newStore returns, including the escalation scan of complaints.Service
// under concurrency. Every sub-test calls newStore once and expects an empty store; newStore
// registers its own clean-up with t.Cleanup.
func RunComplaints(t *testing.T, newStore func(t *testing.T) ComplaintStore) {
	for _, tc := range complaintTests() {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			tc.run(t, &complaintFixture{ctx: t.Context(), store: s, repo: s.Complaints(), actions: s.CorrectiveActions()})
		})
	}
}

type complaintFixture struct {
	ctx     context.Context
	store   ComplaintStore
	repo    complaints.Repository
	actions complaints.CorrectiveRepository
}

type complaintTest struct {
	name string
	run  func(t *testing.T, f *complaintFixture)
}

func complaintTests() []complaintTest {
	return []complaintTest{
		{"Get, GetBySource and Update of unknown complaints are ErrNotFound and do not call fn", testComplaintUnknown},
		{"Create then Get returns the whole complaint at version 1: pauses, misses, rounds, history", testComplaintRoundTrip},
		{"a closed complaint round-trips and has no next deadline", testComplaintRoundTripClosed},
		{"each Update adds one to the version and fn sees the stored version", testComplaintVersions},
		{"Create with an id taken at the dealer is ErrConflict and changes nothing", testComplaintDuplicateID},
		{"§5.1 Create from a source event that already opened a complaint is ErrConflict; GetBySource finds the first", testComplaintDuplicateSource},
		{"§5.1 Create under an intake key taken at the dealer is ErrConflict; GetByIntakeKey finds the first; another dealer may use it", testComplaintDuplicateIntakeKey},
		{"§5.1 concurrent retries of one Record under an intake key record one complaint, once, and all get it", testComplaintIntakeKeyRace},
		{"changing a complaint after Create or Get does not change the stored one", testComplaintCopies},
		{"concurrent Updates of one complaint each succeed or conflict and no update is lost", testComplaintConcurrentUpdates},
		{"an Update whose fn fails returns its error and stores nothing", testComplaintUpdateFnError},
		{"§2 another dealer cannot Get, GetBySource, GetByIntakeKey, Update, List or Due a complaint", testComplaintTenants},
		{"List selects exactly the complaints Filter.Matches selects, ordered by id", testComplaintListFilters},
		{"List pages by id with After and Limit", testComplaintListPaging},
		{"Service.List pages by cursor, alike on every store, and never skips or repeats", testComplaintServicePaging},
		{"§2 a customer actor reaches only their own complaints through the Service; another customer's is ErrNotFound for every use case", testComplaintCustomerReach},
		{"§5 Due selects what DueQuery.Matches selects: at or before now, by (deadline, id), after the cursor", testComplaintDue},
		{"§5 Due follows Update: met, paused, resumed and closed complaints move in and out", testComplaintDueFollowsUpdate},
		{"Create and Update write the complaint's events with Seq 1, 2, 3… and every field intact", testComplaintEvents},
		{"InTx commits a complaint and a corrective action together, or neither with their events", testComplaintTxAtomic},
		{"inside InTx, Get, GetBySource, List and Due see the transaction's own writes", testComplaintTxReadsOwnWrites},
		{"§5.1 a refused Create inside InTx leaves the transaction usable", testComplaintTxRefusedCreate},
		{"§5 two concurrent Escalate scanners record each breach exactly once, round after round", testEscalateConcurrentScanners},
		{"§5.2 acknowledgement: done 1 ns before the deadline never escalates, 1 ns after exactly once", stepBoundary(complaints.StepAcknowledge)},
		{"§5.2 report: done 1 ns before the deadline never escalates, 1 ns after exactly once", stepBoundary(complaints.StepReport)},
		{"§5.3 solution: done 1 ns before the deadline never escalates, 1 ns after exactly once", stepBoundary(complaints.StepSolution)},
		{"§5.4 closure: done 1 ns before the deadline never escalates, 1 ns after exactly once", stepBoundary(complaints.StepClosure)},
		{"§5.1 two intake projectors racing over one feed open each complaint once", testIntakeRace},
		{"corrective actions: ErrNotFound, round trip, versions and a taken id", testActionBasics},
		{"§2 dealerkit.Feed: the manager reads the dealer's events filtered by aggregate and type, paged by Seq without skipping", testFeed},
		{"corrective actions: List selects what CorrectiveFilter.Matches selects; §2 per dealer", testActionList},
		{"§5.5 corrective actions: Due follows the due date, the escalation and the effectiveness check", testActionDue},
	}
}

// Helpers on the fixture.

func (f *complaintFixture) create(t *testing.T, c *complaints.Complaint) {
	t.Helper()
	require.NoError(t, f.repo.Create(f.ctx, c), "Create complaint %s", c.ID())
}

func (f *complaintFixture) get(t *testing.T, d dealerkit.DealerID, id uuid.UUID) *complaints.Complaint {
	t.Helper()
	c, err := f.repo.Get(f.ctx, d, id)
	require.NoError(t, err, "Get complaint %s", id)
	require.NotNil(t, c)
	return c
}

func (f *complaintFixture) requireAbsent(t *testing.T, ctx context.Context, d dealerkit.DealerID, id uuid.UUID) {
	t.Helper()
	c, err := f.repo.Get(ctx, d, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "Get complaint %s", id)
	requireNeutral(t, err)
	require.Nil(t, c)
}

// requireNeutral checks that a classed error, which a service hands to the host as it is, does not
// name the adapter: the host sees "complaint …: dealerkit: not found", whatever the store.
func requireNeutral(t *testing.T, err error) {
	t.Helper()
	for _, name := range []string{"sqlstore", "memory:", "sqlite", "postgres"} {
		require.NotContains(t, strings.ToLower(err.Error()), name, "a classed error names the adapter")
	}
}

// update applies fn and returns the complaint fn saw and the events it recorded.
func (f *complaintFixture) update(t *testing.T, d dealerkit.DealerID, id uuid.UUID, fn func(c *complaints.Complaint)) (*complaints.Complaint, []dealerkit.Event) {
	t.Helper()
	var seen *complaints.Complaint
	var evs []dealerkit.Event
	require.NoError(t, f.repo.Update(f.ctx, d, id, func(c *complaints.Complaint) error {
		fn(c)
		seen, evs = c, c.PendingEvents()
		return nil
	}))
	return seen, evs
}

func (f *complaintFixture) events(t *testing.T, d dealerkit.DealerID) []dealerkit.Event {
	t.Helper()
	evs, err := f.store.Events(f.ctx, d, 0, 10_000)
	require.NoError(t, err)
	return evs
}

func (f *complaintFixture) list(t *testing.T, d dealerkit.DealerID, flt complaints.Filter) []uuid.UUID {
	t.Helper()
	cs, err := f.repo.List(f.ctx, d, flt)
	require.NoError(t, err)
	ids := make([]uuid.UUID, len(cs))
	for i, c := range cs {
		require.Equal(t, d, c.Dealer(), "List returned another dealer's complaint")
		ids[i] = c.ID()
	}
	return ids
}

func (f *complaintFixture) due(t *testing.T, ctx context.Context, d dealerkit.DealerID, q complaints.DueQuery) []complaints.DueRef {
	t.Helper()
	refs, err := f.repo.Due(ctx, d, q)
	require.NoError(t, err)
	return refs
}

// requireSame fails t unless got holds the same data as want (see comparer: times as the same
// instant in UTC, nil and empty slices alike).
func requireSame(t *testing.T, what string, want, got any) {
	t.Helper()
	var diffs []string
	comparer{out: &diffs}.diff(what, reflect.ValueOf(want), reflect.ValueOf(got))
	if len(diffs) > 0 {
		t.Fatalf("stored %s differs from what was saved:\n\t%s", what, strings.Join(diffs, "\n\t"))
	}
}

// countEvents counts the events of type typ per aggregate.
func countEvents(evs []dealerkit.Event, typ string) map[uuid.UUID]int {
	out := map[uuid.UUID]int{}
	for _, e := range evs {
		if e.Type == typ {
			out[e.AggregateID]++
		}
	}
	return out
}

func testComplaintUnknown(t *testing.T, f *complaintFixture) {
	called := false
	fn := func(*complaints.Complaint) error { called = true; return nil }
	f.requireAbsent(t, f.ctx, dealerA(), complaintID(1))
	require.ErrorIs(t, f.repo.Update(f.ctx, dealerA(), complaintID(1), fn), dealerkit.ErrNotFound)
	_, err := f.repo.GetBySource(f.ctx, dealerA(), 1)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)

	f.create(t, newComplaint(t, complaintSpec{n: 1}))
	f.requireAbsent(t, f.ctx, dealerA(), complaintID(2))
	require.ErrorIs(t, f.repo.Update(f.ctx, dealerA(), complaintID(2), fn), dealerkit.ErrNotFound)
	c, err := f.repo.GetBySource(f.ctx, dealerA(), 1)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a complaint taken by staff has no source")
	require.Nil(t, c)
	require.False(t, called, "fn was called for a complaint that does not exist")
	require.Len(t, f.events(t, dealerA()), 1, "only the received event of complaint 1")
}

func testComplaintRoundTrip(t *testing.T, f *complaintFixture) {
	c := handled(t, complaintSpec{n: 1, repairOrder: orderID(7)})
	want := c.Snapshot()
	want.Version = 1
	pending := c.PendingEvents()
	require.NotEmpty(t, want.Pauses)
	require.NotEmpty(t, want.Staff)
	require.Equal(t, 1, want.Reopens)

	f.create(t, c)
	require.EqualValues(t, 1, c.Version(), "Create sets the stored version")
	require.Empty(t, c.PendingEvents(), "Create clears the events it wrote")

	got := f.get(t, dealerA(), complaintID(1))
	requireSame(t, "complaint", want, got.Snapshot())
	require.EqualValues(t, 1, got.Version())
	require.Empty(t, got.PendingEvents(), "a loaded complaint has no pending events")
	require.Equal(t, c.CustomerKey(), got.CustomerKey())
	require.Equal(t, c.Missed(), got.Missed())
	wantNext, _ := c.NextDeadline()
	next, ok := got.NextDeadline()
	require.True(t, ok)
	require.True(t, next.Equal(wantNext))
	require.Equal(t, 123456000, got.ReceivedAt().Nanosecond(), "microseconds kept")
	requireEvents(t, pending, f.events(t, dealerA()), 1)
	requireIsolated(t, "complaint", c, func() (*complaints.Complaint, error) { return f.repo.Get(f.ctx, dealerA(), complaintID(1)) })
}

func testComplaintRoundTripClosed(t *testing.T, f *complaintFixture) {
	c := handled(t, complaintSpec{n: 1})
	closeHandled(t, c)
	want := c.Snapshot()
	want.Version = 1
	f.create(t, c)
	got := f.get(t, dealerA(), complaintID(1))
	requireSame(t, "complaint", want, got.Snapshot())
	require.Equal(t, complaints.StateClosed, got.State())
	_, ok := got.NextDeadline()
	require.False(t, ok)
	require.Empty(t, f.due(t, f.ctx, dealerA(), complaints.DueQuery{Now: t0().Add(10_000 * time.Hour)}), "a closed complaint is never due")
	// A closed complaint fills its slices and pointers, so the check reaches each of them.
	requireIsolated(t, "closed complaint", c, func() (*complaints.Complaint, error) { return f.repo.Get(f.ctx, dealerA(), complaintID(1)) })
}

func testComplaintVersions(t *testing.T, f *complaintFixture) {
	f.create(t, newComplaint(t, complaintSpec{n: 1}))
	r := complaints.DefaultRules()
	for i := int64(1); i <= 3; i++ {
		var seenVersion int64
		seen, _ := f.update(t, dealerA(), complaintID(1), func(c *complaints.Complaint) {
			seenVersion = c.Version()
			must(t, c.Contact(r, advisor(t, dealerA()), t0().Add(time.Duration(i)*time.Minute+time.Minute),
				complaints.ContactInput{Channel: complaints.ChannelPhone, Note: fmt.Sprintf("call %d", i)}))
		})
		require.Equal(t, i, seenVersion, "fn sees the stored version")
		require.Equal(t, i+1, seen.Version(), "Update sets the new version on the complaint")
		require.Empty(t, seen.PendingEvents(), "Update clears the events it wrote")
		got := f.get(t, dealerA(), complaintID(1))
		require.Equal(t, i+1, got.Version())
		require.Len(t, got.History(), int(i)+1)
	}
}

func testComplaintDuplicateID(t *testing.T, f *complaintFixture) {
	f.create(t, newComplaint(t, complaintSpec{n: 1, vin: vin1(t)}))
	dup := newComplaint(t, complaintSpec{n: 1, vin: vin2(t), category: complaints.CategoryPrice})
	require.ErrorIs(t, f.repo.Create(f.ctx, dup), dealerkit.ErrConflict)
	require.Zero(t, dup.Version(), "a refused Create leaves the complaint unsaved")
	require.Len(t, dup.PendingEvents(), 1, "a refused Create keeps the events pending")
	got := f.get(t, dealerA(), complaintID(1))
	require.Equal(t, vin1(t), got.VIN())
	require.EqualValues(t, 1, got.Version())
	require.Len(t, f.events(t, dealerA()), 1, "the refused Create wrote no event")
	require.Empty(t, f.list(t, dealerA(), complaints.Filter{VIN: vin2(t)}))
	// §2 the same id at another dealer is another record.
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: 1, vin: vin2(t)}))
	require.Equal(t, vin1(t), f.get(t, dealerA(), complaintID(1)).VIN())
	require.Equal(t, vin2(t), f.get(t, dealerB(), complaintID(1)).VIN())
}

func testComplaintDuplicateSource(t *testing.T, f *complaintFixture) {
	first := restoredWithSource(t, complaintSpec{n: 1}, 7)
	f.create(t, first)
	dup := restoredWithSource(t, complaintSpec{n: 2, vin: vin2(t)}, 7)
	require.ErrorIs(t, f.repo.Create(f.ctx, dup), dealerkit.ErrConflict)
	f.requireAbsent(t, f.ctx, dealerA(), complaintID(2))
	got, err := f.repo.GetBySource(f.ctx, dealerA(), 7)
	require.NoError(t, err)
	require.Equal(t, complaintID(1), got.ID())
	require.Equal(t, &complaints.Source{Seq: 7, Type: complaints.EventFollowedUp}, got.Source())

	// Another event of the dealer, and the same seq at another dealer (§2), are free.
	f.create(t, restoredWithSource(t, complaintSpec{n: 3}, 8))
	f.create(t, restoredWithSource(t, complaintSpec{dealer: dealerB(), n: 4}, 7))
	got, err = f.repo.GetBySource(f.ctx, dealerB(), 7)
	require.NoError(t, err)
	require.Equal(t, complaintID(4), got.ID())
	// Complaints taken by staff have no source and never collide.
	f.create(t, newComplaint(t, complaintSpec{n: 5}))
	f.create(t, newComplaint(t, complaintSpec{n: 6}))
	require.Equal(t, complaintIDs(1, 3, 5, 6), f.list(t, dealerA(), complaints.Filter{}))
}

func testComplaintDuplicateIntakeKey(t *testing.T, f *complaintFixture) {
	_, err := f.repo.GetByIntakeKey(f.ctx, dealerA(), "req-1")
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	first := newComplaint(t, complaintSpec{n: 1, intakeKey: "req-1"})
	want := first.Snapshot()
	want.Version = 1
	require.NotEmpty(t, want.IntakeFingerprint)
	f.create(t, first)

	dup := newComplaint(t, complaintSpec{n: 2, vin: vin2(t), intakeKey: "req-1"})
	err = f.repo.Create(f.ctx, dup)
	require.ErrorIs(t, err, dealerkit.ErrConflict)
	require.Contains(t, err.Error(), "intake key", "the conflict names what is taken")
	require.Zero(t, dup.Version(), "a refused Create leaves the complaint unsaved")
	f.requireAbsent(t, f.ctx, dealerA(), complaintID(2))
	require.Len(t, f.events(t, dealerA()), 1, "the refused Create wrote no event")

	got, err := f.repo.GetByIntakeKey(f.ctx, dealerA(), "req-1")
	require.NoError(t, err)
	requireSame(t, "complaint by intake key", want, got.Snapshot())
	require.Equal(t, "req-1", got.IntakeKey())
	require.Equal(t, "req-1", f.get(t, dealerA(), complaintID(1)).IntakeKey())
	for _, key := range []string{"req-2", "REQ-1", ""} {
		_, err = f.repo.GetByIntakeKey(f.ctx, dealerA(), key)
		require.ErrorIs(t, err, dealerkit.ErrNotFound, "key %q", key)
	}

	// Complaints without a key never collide; another key of the dealer is free.
	f.create(t, newComplaint(t, complaintSpec{n: 3}))
	f.create(t, newComplaint(t, complaintSpec{n: 4}))
	f.create(t, newComplaint(t, complaintSpec{n: 5, intakeKey: "req-2"}))
	require.Empty(t, f.get(t, dealerA(), complaintID(3)).IntakeKey())

	// §2 another dealer neither sees the key nor is bound by it.
	_, err = f.repo.GetByIntakeKey(f.ctx, dealerB(), "req-1")
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: 6, intakeKey: "req-1"}))
	got, err = f.repo.GetByIntakeKey(f.ctx, dealerB(), "req-1")
	require.NoError(t, err)
	require.Equal(t, complaintID(6), got.ID())
	got, err = f.repo.GetByIntakeKey(f.ctx, dealerA(), "req-1")
	require.NoError(t, err)
	require.Equal(t, complaintID(1), got.ID())
	require.Equal(t, complaintIDs(1, 3, 4, 5), f.list(t, dealerA(), complaints.Filter{}))

	// Inside a transaction the refusal leaves it usable, and it reads its own key.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.ErrorIs(t, f.repo.Create(ctx, newComplaint(t, complaintSpec{n: 7, intakeKey: "req-2"})), dealerkit.ErrConflict)
		if err := f.repo.Create(ctx, newComplaint(t, complaintSpec{n: 8, intakeKey: "req-3"})); err != nil {
			return err
		}
		got, err := f.repo.GetByIntakeKey(ctx, dealerA(), "req-3")
		if err != nil {
			return err
		}
		require.Equal(t, complaintID(8), got.ID())
		return nil
	}))
	require.Equal(t, complaintIDs(1, 3, 4, 5, 8), f.list(t, dealerA(), complaints.Filter{}))
}

func testComplaintIntakeKeyRace(t *testing.T, f *complaintFixture) {
	svc := f.service(t, nil)
	in := complaints.IntakeInput{Channel: complaints.ChannelPhone, Category: complaints.CategoryRepairQuality,
		Description: "the brakes squeal again", VIN: string(vin1(t)),
		Complainant: complaints.Complainant{Name: "王芳", Phone: "+86 138 0013 8000"}, Key: "call-0042"}
	const n = 6
	var views [n]complaints.View
	var errs [n]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			views[i], errs[i] = svc.Record(f.ctx, advisor(t, dealerA()), in)
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i], "call %d", i)
		require.Equal(t, views[0].ID, views[i].ID, "call %d got another complaint", i)
		require.Equal(t, "call-0042", views[i].IntakeKey)
		require.Empty(t, views[i].IntakeFingerprint, "a view never shows the fingerprint")
		require.Zero(t, views[i].RepeatOf, "a retry is not a repeat")
		require.Equal(t, complaints.LevelManager, views[i].Level)
	}
	require.Len(t, f.list(t, dealerA(), complaints.Filter{}), 1)
	require.Len(t, f.events(t, dealerA()), 1, "one received event")

	// The key with another request is refused and records nothing.
	in.Description = "the engine light is on"
	var ke *complaints.KeyError
	_, err := svc.Record(f.ctx, advisor(t, dealerA()), in)
	require.ErrorAs(t, err, &ke)
	require.ErrorIs(t, err, dealerkit.ErrConflict)
	require.Equal(t, views[0].ID, ke.Complaint)
	require.Len(t, f.list(t, dealerA(), complaints.Filter{}), 1)
}

func testComplaintCopies(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	c := newComplaint(t, complaintSpec{n: 1})
	f.create(t, c)
	must(t, c.Acknowledge(r, advisor(t, dealerA()), t0().Add(5*time.Minute), "not saved"))
	got := f.get(t, dealerA(), complaintID(1))
	require.Equal(t, complaints.StateReceived, got.State())
	must(t, got.Acknowledge(r, advisor(t, dealerA()), t0().Add(5*time.Minute), "not saved either"))
	again := f.get(t, dealerA(), complaintID(1))
	require.Equal(t, complaints.StateReceived, again.State())
	require.Len(t, again.History(), 1)
	require.Len(t, f.events(t, dealerA()), 1)
}

func testComplaintConcurrentUpdates(t *testing.T, f *complaintFixture) {
	const workers = 16
	f.create(t, newComplaint(t, complaintSpec{n: 1}))
	r := complaints.DefaultRules()
	adv := advisor(t, dealerA())
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, workers)
	for i := range workers {
		wg.Go(func() {
			<-start
			errs[i] = f.repo.Update(f.ctx, dealerA(), complaintID(1), func(c *complaints.Complaint) error {
				runtime.Gosched() // let other workers load the same version
				return c.Contact(r, adv, t0().Add(time.Duration(i+2)*time.Minute),
					complaints.ContactInput{Channel: complaints.ChannelPhone, Note: fmt.Sprintf("worker %d", i)})
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
	require.NotEmpty(t, won)
	got := f.get(t, dealerA(), complaintID(1))
	require.EqualValues(t, 1+len(won), got.Version(), "one version per successful update")
	var notes []string
	for _, e := range got.History()[1:] {
		notes = append(notes, e.Note)
	}
	slices.Sort(notes)
	slices.Sort(won)
	require.Equal(t, won, notes, "exactly the successful updates are stored, none lost")
	require.Len(t, f.events(t, dealerA()), 1+len(won), "one event per successful update")
}

func testComplaintUpdateFnError(t *testing.T, f *complaintFixture) {
	f.create(t, newComplaint(t, complaintSpec{n: 1}))
	r := complaints.DefaultRules()
	err := f.repo.Update(f.ctx, dealerA(), complaintID(1), func(c *complaints.Complaint) error {
		must(t, c.Acknowledge(r, advisor(t, dealerA()), t0().Add(5*time.Minute), "changed, then failed"))
		return errBoom
	})
	require.ErrorIs(t, err, errBoom)
	// A refusal of the domain is returned as it is, too.
	err = f.repo.Update(f.ctx, dealerA(), complaintID(1), func(c *complaints.Complaint) error {
		return c.Close(r, advisor(t, dealerA()), t0().Add(5*time.Minute), "")
	})
	require.ErrorIs(t, err, complaints.ErrWrongState)
	got := f.get(t, dealerA(), complaintID(1))
	require.EqualValues(t, 1, got.Version())
	require.Equal(t, complaints.StateReceived, got.State())
	require.Len(t, f.events(t, dealerA()), 1)
}

func testComplaintTenants(t *testing.T, f *complaintFixture) {
	f.create(t, newComplaint(t, complaintSpec{n: 1}))
	f.create(t, restoredWithSource(t, complaintSpec{n: 2}, 3))
	b := dealerB()
	f.requireAbsent(t, f.ctx, b, complaintID(1))
	_, err := f.repo.GetBySource(f.ctx, b, 3)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	f.create(t, newComplaint(t, complaintSpec{n: 3, intakeKey: "req-1"}))
	_, err = f.repo.GetByIntakeKey(f.ctx, b, "req-1")
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	called := false
	err = f.repo.Update(f.ctx, b, complaintID(1), func(*complaints.Complaint) error { called = true; return nil })
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.False(t, called)
	require.Empty(t, f.list(t, b, complaints.Filter{}))
	require.Empty(t, f.due(t, f.ctx, b, complaints.DueQuery{Now: t0().Add(10_000 * time.Hour)}))
	require.Empty(t, f.events(t, b))
	require.EqualValues(t, 1, f.get(t, dealerA(), complaintID(1)).Version(), "untouched")
	require.Len(t, f.due(t, f.ctx, dealerA(), complaints.DueQuery{Now: t0().Add(10_000 * time.Hour)}), 3)
}

// complaintListFixture stores complaints of dealer A that differ in every field a Filter reads, and one
// of dealer B that would match every filter.
func complaintListFixture(t *testing.T, f *complaintFixture) {
	h := func(n int) time.Time { return t0().Add(time.Duration(n) * time.Hour) }
	tel := complaints.Complainant{Name: "王芳", Phone: "138 0013 8000", Customer: customerID(1)}
	mail := complaints.Complainant{Name: "Li", Email: " Li.Wei@Example.CN "}
	ref := complaints.Complainant{CustomerRef: "C-9", Customer: customerID(2)}
	advisorOnly := []complaints.Involved{{Staff: staffID(1), Role: dealerkit.RoleServiceAdvisor}}
	techOnly := []complaints.Involved{{Staff: staffID(2), Role: dealerkit.RoleTechnician}}

	f.create(t, newComplaint(t, complaintSpec{n: 1, received: h(0), contact: tel, repairOrder: orderID(1)}))
	f.create(t, newComplaint(t, complaintSpec{n: 2, received: h(1), channel: complaints.ChannelEmail,
		category: complaints.CategoryPrice, noVIN: true, contact: mail, noStaff: true}))
	c3 := newComplaint(t, complaintSpec{n: 3, received: h(2), channel: complaints.ChannelWalkIn,
		category: complaints.CategoryVehicleDamage, vin: vin2(t), contact: ref, staff: techOnly})
	must(t, c3.Acknowledge(complaints.DefaultRules(), advisor(t, dealerA()), h(2).Add(5*time.Minute), "sorry"))
	f.create(t, c3)
	c4 := handled(t, complaintSpec{n: 4, received: h(3), channel: complaints.ChannelOnline,
		category: complaints.CategoryServiceAttitude, severity: complaints.SeverityCritical, contact: ref, staff: advisorOnly})
	closeHandled(t, c4)
	f.create(t, c4)
	f.create(t, newComplaint(t, complaintSpec{n: 5, received: h(0).Add(-time.Hour), category: complaints.CategoryOther,
		contact: complaints.Complainant{Phone: "+86 (138) 0013-8000"}, repairOrder: orderID(2), staff: advisorOnly}))
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: 6, received: h(1), contact: tel, repairOrder: orderID(1)}))
}

func testComplaintListFilters(t *testing.T, f *complaintFixture) {
	complaintListFixture(t, f)
	h := func(n int) time.Time { return t0().Add(time.Duration(n) * time.Hour) }
	var stored []*complaints.Complaint
	for n := 1; n <= 5; n++ {
		stored = append(stored, f.get(t, dealerA(), complaintID(n)))
	}
	all := complaintIDs(1, 2, 3, 4, 5)
	cases := []struct {
		name string
		f    complaints.Filter
		want []uuid.UUID // what the fixture was built to give; Filter.Matches must agree
	}{
		{"no filter", complaints.Filter{}, all},
		{"one state", complaints.Filter{States: []complaints.State{complaints.StateReceived}}, complaintIDs(1, 2, 5)},
		{"two states", complaints.Filter{States: []complaints.State{complaints.StateAcknowledged, complaints.StateClosed}}, complaintIDs(3, 4)},
		{"a state no complaint is in", complaints.Filter{States: []complaints.State{complaints.StateVerified}}, nil},
		{"open only", complaints.Filter{OpenOnly: true}, complaintIDs(1, 2, 3, 5)},
		{"§5.1 channel", complaints.Filter{Channel: complaints.ChannelEmail}, complaintIDs(2)},
		{"category", complaints.Filter{Category: complaints.CategoryRepairQuality}, complaintIDs(1)},
		{"severity from the policy", complaints.Filter{Severity: complaints.SeverityHigh}, complaintIDs(3)},
		{"severity given at intake", complaints.Filter{Severity: complaints.SeverityCritical}, complaintIDs(4)},
		{"an unknown channel selects nothing", complaints.Filter{Channel: complaints.Channel(99)}, nil},
		{"VIN", complaints.Filter{VIN: vin1(t)}, complaintIDs(1, 4, 5)},
		{"customer by phone, however written", complaints.Filter{CustomerKey: "tel:13800138000"}, complaintIDs(1, 5)},
		{"customer by email, lower-cased", complaints.Filter{CustomerKey: "mail:li.wei@example.cn"}, complaintIDs(2)},
		{"customer by DMS id", complaints.Filter{CustomerKey: "ref:C-9"}, complaintIDs(3, 4)},
		{"repair order", complaints.Filter{RepairOrder: orderID(1)}, complaintIDs(1)},
		{"§2 customer id", complaints.Filter{Customer: customerID(1)}, complaintIDs(1)},
		{"§2 customer id of two complaints", complaints.Filter{Customer: customerID(2)}, complaintIDs(3, 4)},
		{"§2 customer id with a state", complaints.Filter{Customer: customerID(2), OpenOnly: true}, complaintIDs(3)},
		{"§2 a customer with no complaint", complaints.Filter{Customer: customerID(9)}, nil},
		{"staff named as advisor", complaints.Filter{Staff: staffID(1)}, complaintIDs(1, 4, 5)},
		{"staff named as technician", complaints.Filter{Staff: staffID(2)}, complaintIDs(1, 3)},
		{"staff no complaint names", complaints.Filter{Staff: staffID(9)}, nil},
		{"received from is inclusive", complaints.Filter{ReceivedFrom: h(1)}, complaintIDs(2, 3, 4)},
		{"received from a microsecond later", complaints.Filter{ReceivedFrom: h(1).Add(time.Microsecond)}, complaintIDs(3, 4)},
		{"received from a nanosecond later", complaints.Filter{ReceivedFrom: h(1).Add(time.Nanosecond)}, complaintIDs(3, 4)},
		{"received before is exclusive", complaints.Filter{ReceivedBefore: h(0)}, complaintIDs(5)},
		{"received before a nanosecond later", complaints.Filter{ReceivedBefore: h(0).Add(time.Nanosecond)}, complaintIDs(1, 5)},
		{"received between, bounds in UTC", complaints.Filter{ReceivedFrom: h(0).UTC(), ReceivedBefore: h(2).UTC()}, complaintIDs(1, 2)},
		{"§5 repeat lookup: same vehicle within a window", complaints.Filter{VIN: vin1(t), ReceivedFrom: h(-1), ReceivedBefore: h(3)}, complaintIDs(1, 5)},
		{"channel and open only", complaints.Filter{Channel: complaints.ChannelOnline, OpenOnly: true}, nil},
		{"limit", complaints.Filter{Limit: 2}, complaintIDs(1, 2)},
		{"after", complaints.Filter{After: complaintID(2), Limit: 2}, complaintIDs(3, 4)},
		{"after the last", complaints.Filter{After: complaintID(5)}, nil},
		{"after with a filter and a limit", complaints.Filter{After: complaintID(1), VIN: vin1(t), Limit: 1}, complaintIDs(4)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var matches []uuid.UUID
			for _, s := range stored {
				if c.f.Matches(s) && (c.f.Limit == 0 || len(matches) < c.f.Limit) {
					matches = append(matches, s.ID())
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
	// List gives whole complaints at their stored version.
	cs, err := f.repo.List(f.ctx, dealerA(), complaints.Filter{States: []complaints.State{complaints.StateClosed}})
	require.NoError(t, err)
	require.Len(t, cs, 1)
	requireSame(t, "complaint", stored[3].Snapshot(), cs[0].Snapshot())
	require.Empty(t, cs[0].PendingEvents())
}

func testComplaintListPaging(t *testing.T, f *complaintFixture) {
	complaintListFixture(t, f)
	var all []uuid.UUID
	var after uuid.UUID
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		page := f.list(t, dealerA(), complaints.Filter{After: after, Limit: 2})
		all = append(all, page...)
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1]
	}
	require.Equal(t, complaintIDs(1, 2, 3, 4, 5), all)
}

// dueFixture stores complaints whose next deadlines tie and differ: 1 to 4 received together
// (one deadline, ordered by id), 5 and 6 later, 7 waiting for the customer, 8 closed.
func dueFixture(t *testing.T, f *complaintFixture) []*complaints.Complaint {
	r := complaints.DefaultRules()
	for _, n := range []int{3, 1, 4, 2} { // created out of order: Due orders by id, not by insertion
		f.create(t, newComplaint(t, complaintSpec{n: n}))
	}
	f.create(t, newComplaint(t, complaintSpec{n: 5, received: t0().Add(time.Hour)}))
	f.create(t, newComplaint(t, complaintSpec{n: 6, received: t0().Add(time.Hour + time.Microsecond)}))
	c7 := newComplaint(t, complaintSpec{n: 7})
	must(t, c7.AwaitCustomer(r, advisor(t, dealerA()), t0().Add(2*time.Minute), "on holiday"))
	f.create(t, c7)
	c8 := handled(t, complaintSpec{n: 8})
	closeHandled(t, c8)
	f.create(t, c8)
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: 9}))
	var out []*complaints.Complaint
	for n := 1; n <= 8; n++ {
		out = append(out, f.get(t, dealerA(), complaintID(n)))
	}
	return out
}

// expectDue is what Due must return for q: DueQuery.Matches over every stored complaint, sorted
// with SortDue, cut at the limit.
func expectDue(stored []*complaints.Complaint, q complaints.DueQuery) []complaints.DueRef {
	var out []complaints.DueRef
	for _, c := range stored {
		at, ok := c.NextDeadline()
		if q.Matches(c.ID(), at, ok) {
			out = append(out, complaints.DueRef{ID: c.ID(), Deadline: at})
		}
	}
	complaints.SortDue(out)
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func requireRefs(t *testing.T, want, got []complaints.DueRef) {
	t.Helper()
	require.Len(t, got, len(want), "got %v, want %v", got, want)
	for i := range want {
		require.Equal(t, want[i].ID, got[i].ID, "entry %d", i)
		require.True(t, want[i].Deadline.Equal(got[i].Deadline), "entry %d: deadline %s, want %s", i, got[i].Deadline, want[i].Deadline)
		require.Equal(t, time.UTC, got[i].Deadline.Location(), "entry %d", i)
	}
}

func testComplaintDue(t *testing.T, f *complaintFixture) {
	stored := dueFixture(t, f)
	first, _ := stored[0].NextDeadline()  // complaints 1 to 4
	later, _ := stored[4].NextDeadline()  // complaint 5
	latest, _ := stored[5].NextDeadline() // complaint 6, a microsecond after 5
	require.True(t, later.After(first))
	require.Equal(t, time.Microsecond, latest.Sub(later))
	require.Equal(t, 123456000, first.Nanosecond()%1e9, "the fixture's deadlines keep t0's microseconds")

	tie := complaints.DueRef{ID: complaintID(2), Deadline: first}
	cases := []struct {
		name string
		q    complaints.DueQuery
		want []uuid.UUID
	}{
		{"a deadline exactly at now is due", complaints.DueQuery{Now: first}, complaintIDs(1, 2, 3, 4)},
		{"now a nanosecond before it is not", complaints.DueQuery{Now: first.Add(-time.Nanosecond)}, nil},
		{"now a nanosecond after it", complaints.DueQuery{Now: first.Add(time.Nanosecond)}, complaintIDs(1, 2, 3, 4)},
		{"now in another zone", complaints.DueQuery{Now: first.In(shanghai())}, complaintIDs(1, 2, 3, 4)},
		{"ordered by deadline, then id", complaints.DueQuery{Now: latest}, complaintIDs(1, 2, 3, 4, 5, 6)},
		{"a microsecond apart", complaints.DueQuery{Now: latest.Add(-time.Nanosecond)}, complaintIDs(1, 2, 3, 4, 5)},
		{"waiting and closed complaints are never due", complaints.DueQuery{Now: first.Add(10_000 * time.Hour)}, complaintIDs(1, 2, 3, 4, 5, 6)},
		{"limit", complaints.DueQuery{Now: latest, Limit: 3}, complaintIDs(1, 2, 3)},
		{"cursor inside a tie", complaints.DueQuery{Now: latest, After: tie}, complaintIDs(3, 4, 5, 6)},
		{"cursor inside a tie, with a limit", complaints.DueQuery{Now: latest, After: tie, Limit: 1}, complaintIDs(3)},
		{"cursor at the last of a tie", complaints.DueQuery{Now: latest, After: complaints.DueRef{ID: complaintID(4), Deadline: first}}, complaintIDs(5, 6)},
		{"cursor at a deadline with a zero id", complaints.DueQuery{Now: latest, After: complaints.DueRef{Deadline: later}}, complaintIDs(5, 6)},
		{"cursor a nanosecond after a deadline", complaints.DueQuery{Now: latest, After: complaints.DueRef{ID: complaintID(1), Deadline: first.Add(time.Nanosecond)}}, complaintIDs(5, 6)},
		{"cursor a nanosecond before a deadline", complaints.DueQuery{Now: latest, After: complaints.DueRef{ID: complaintID(9), Deadline: first.Add(-time.Nanosecond)}}, complaintIDs(1, 2, 3, 4, 5, 6)},
		{"cursor past now", complaints.DueQuery{Now: first, After: complaints.DueRef{ID: complaintID(5), Deadline: later}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := expectDue(stored, c.q)
			var wantIDs []uuid.UUID
			for _, r := range want {
				wantIDs = append(wantIDs, r.ID)
			}
			require.Equal(t, c.want, wantIDs, "the fixture no longer gives what DueQuery.Matches selects")
			requireRefs(t, want, f.due(t, f.ctx, dealerA(), c.q))
		})
	}

	// Paging by cursor, as the scan does, visits each due complaint once, in order.
	var got []complaints.DueRef
	q := complaints.DueQuery{Now: latest, Limit: 2}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		page := f.due(t, f.ctx, dealerA(), q)
		got = append(got, page...)
		if len(page) < q.Limit {
			break
		}
		q.After = page[len(page)-1]
	}
	requireRefs(t, expectDue(stored, complaints.DueQuery{Now: latest}), got)
}

func testComplaintDueFollowsUpdate(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	adv := advisor(t, dealerA())
	f.create(t, newComplaint(t, complaintSpec{n: 1}))
	f.create(t, newComplaint(t, complaintSpec{n: 2}))
	ack := deadlineOf(t, f.get(t, dealerA(), complaintID(1)), complaints.StepAcknowledge).Due
	report := deadlineOf(t, f.get(t, dealerA(), complaintID(1)), complaints.StepReport).Due
	dueIDs := func(now time.Time) []uuid.UUID {
		var ids []uuid.UUID
		for _, ref := range f.due(t, f.ctx, dealerA(), complaints.DueQuery{Now: now}) {
			ids = append(ids, ref.ID)
		}
		return ids
	}
	require.Equal(t, complaintIDs(1, 2), dueIDs(ack))

	// Acknowledged: the next deadline is the report's.
	f.update(t, dealerA(), complaintID(1), func(c *complaints.Complaint) { must(t, c.Acknowledge(r, adv, t0().Add(5*time.Minute), "ok")) })
	require.Equal(t, complaintIDs(2), dueIDs(ack))
	refs := f.due(t, f.ctx, dealerA(), complaints.DueQuery{Now: report})
	require.Len(t, refs, 2)
	require.Equal(t, complaintID(2), refs[0].ID, "complaint 2 is still due at its acknowledgement deadline")
	require.Equal(t, complaintID(1), refs[1].ID)
	require.True(t, refs[1].Deadline.Equal(report))

	// Waiting for the customer stops the clock: out of the index until the customer responds.
	f.update(t, dealerA(), complaintID(2), func(c *complaints.Complaint) { must(t, c.AwaitCustomer(r, adv, t0().Add(6*time.Minute), "abroad")) })
	require.Empty(t, dueIDs(ack))
	require.Equal(t, complaintIDs(1), dueIDs(report))
	f.update(t, dealerA(), complaintID(2), func(c *complaints.Complaint) {
		must(t, c.CustomerResponded(r, adv, t0().Add(24*time.Hour), "back"))
	})
	c2 := f.get(t, dealerA(), complaintID(2))
	moved, ok := c2.NextDeadline()
	require.True(t, ok)
	require.True(t, moved.After(ack), "the pause moved the deadline")
	require.Equal(t, complaintIDs(1), dueIDs(moved.Add(-time.Nanosecond)))
	require.Equal(t, complaintIDs(1, 2), dueIDs(moved))

	// Escalated: the missed deadline leaves the index, the next one is there.
	f.update(t, dealerA(), complaintID(2), func(c *complaints.Complaint) { require.NotEmpty(t, c.Escalate(moved.Add(time.Nanosecond))) })
	next, ok := f.get(t, dealerA(), complaintID(2)).NextDeadline()
	require.True(t, ok)
	require.True(t, next.After(moved))
	require.Equal(t, complaintIDs(1), dueIDs(moved))
}

func testComplaintEvents(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	c := newComplaint(t, complaintSpec{n: 1})
	want := c.PendingEvents()
	f.create(t, c)
	_, evs := f.update(t, dealerA(), complaintID(1), func(c *complaints.Complaint) {
		must(t, c.AwaitCustomer(r, advisor(t, dealerA()), t0().Add(3*time.Minute), "abroad"))
	})
	want = append(want, evs...)
	_, evs = f.update(t, dealerA(), complaintID(1), func(c *complaints.Complaint) {
		must(t, c.CustomerResponded(r, advisor(t, dealerA()), t0().Add(4*24*time.Hour), "back"))
	})
	want = append(want, evs...)
	_, evs = f.update(t, dealerA(), complaintID(1), func(c *complaints.Complaint) {
		require.Len(t, c.Escalate(t0().Add(60*24*time.Hour)), 4, "every deadline missed")
	})
	require.Len(t, evs, 4)
	for _, e := range evs {
		require.Equal(t, dealerkit.ActorRef{}, e.Actor, "the scan is the system")
	}
	want = append(want, evs...)
	got := f.events(t, dealerA())
	requireEvents(t, want, got, 1)
	require.Equal(t, "complaint", got[0].Aggregate)
	require.Equal(t, "complaint.received", got[0].Type)
	require.Equal(t, "§5.1", got[0].Clause)
	require.Equal(t, "received", got[0].To)
	require.Empty(t, got[0].From)
	var data map[string]any
	require.NoError(t, json.Unmarshal(got[0].Data, &data))
	require.Equal(t, "phone", data["channel"])
}

func testComplaintTxAtomic(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	f.create(t, newComplaint(t, complaintSpec{n: 9}))
	run := func(fail bool) error {
		return f.store.InTx(f.ctx, func(ctx context.Context) error {
			if err := f.repo.Create(ctx, newComplaint(t, complaintSpec{n: 1})); err != nil {
				return err
			}
			if err := f.actions.Create(ctx, newAction(t, dealerA(), 1, staffID(4), complaints.CategoryRepairQuality, 48*time.Hour)); err != nil {
				return err
			}
			if err := f.repo.Update(ctx, dealerA(), complaintID(9), func(c *complaints.Complaint) error {
				return c.Acknowledge(r, advisor(t, dealerA()), t0().Add(5*time.Minute), "in the transaction")
			}); err != nil {
				return err
			}
			if fail {
				return errBoom
			}
			return nil
		})
	}
	require.ErrorIs(t, run(true), errBoom)
	f.requireAbsent(t, f.ctx, dealerA(), complaintID(1))
	_, err := f.actions.Get(f.ctx, dealerA(), actionID(1))
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.Equal(t, complaints.StateReceived, f.get(t, dealerA(), complaintID(9)).State())
	require.EqualValues(t, 1, f.get(t, dealerA(), complaintID(9)).Version())
	require.Len(t, f.events(t, dealerA()), 1, "only complaint 9's received event")
	require.Equal(t, complaintIDs(9), f.list(t, dealerA(), complaints.Filter{}))
	require.Len(t, f.due(t, f.ctx, dealerA(), complaints.DueQuery{Now: t0().Add(10_000 * time.Hour)}), 1, "the rolled-back complaint left no index entry")
	acts, err := f.actions.Due(f.ctx, dealerA(), complaints.DueQuery{Now: t0().Add(10_000 * time.Hour)})
	require.NoError(t, err)
	require.Empty(t, acts)

	require.NoError(t, run(false))
	require.EqualValues(t, 1, f.get(t, dealerA(), complaintID(1)).Version())
	a, err := f.actions.Get(f.ctx, dealerA(), actionID(1))
	require.NoError(t, err)
	require.EqualValues(t, 1, a.Version())
	require.Equal(t, complaints.StateAcknowledged, f.get(t, dealerA(), complaintID(9)).State())
	evs := f.events(t, dealerA())
	require.Len(t, evs, 4)
	for i, e := range evs {
		require.EqualValues(t, i+1, e.Seq, "no gap left by the rolled-back transaction")
	}
	require.Equal(t, []string{"complaint.received", "complaint.received", "corrective_action.opened", "complaint.acknowledged"},
		[]string{evs[0].Type, evs[1].Type, evs[2].Type, evs[3].Type})
}

func testComplaintTxReadsOwnWrites(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	far := complaints.DueQuery{Now: t0().Add(10_000 * time.Hour)}
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, restoredWithSource(t, complaintSpec{n: 1}, 5)); err != nil {
			return err
		}
		c, err := f.repo.Get(ctx, dealerA(), complaintID(1))
		require.NoError(t, err)
		require.EqualValues(t, 1, c.Version())
		c, err = f.repo.GetBySource(ctx, dealerA(), 5)
		require.NoError(t, err)
		require.Equal(t, complaintID(1), c.ID())
		require.Len(t, f.due(t, ctx, dealerA(), far), 1)
		if err := f.repo.Update(ctx, dealerA(), complaintID(1), func(c *complaints.Complaint) error {
			require.EqualValues(t, 1, c.Version())
			return c.AwaitCustomer(r, advisor(t, dealerA()), t0().Add(5*time.Minute), "abroad")
		}); err != nil {
			return err
		}
		require.Empty(t, f.due(t, ctx, dealerA(), far), "waiting: out of the index, inside the transaction too")
		cs, err := f.repo.List(ctx, dealerA(), complaints.Filter{})
		require.NoError(t, err)
		require.Len(t, cs, 1)
		require.EqualValues(t, 2, cs[0].Version())
		require.True(t, cs[0].Waiting())
		return nil
	}))
	require.EqualValues(t, 2, f.get(t, dealerA(), complaintID(1)).Version())
	require.Len(t, f.events(t, dealerA()), 1, "the restored complaint had no events; the pause recorded one")
}

func testComplaintTxRefusedCreate(t *testing.T, f *complaintFixture) {
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.repo.Create(ctx, restoredWithSource(t, complaintSpec{n: 1}, 5)); err != nil {
			return err
		}
		// A second projector's complaint for the same event is refused; the caller goes on.
		require.ErrorIs(t, f.repo.Create(ctx, restoredWithSource(t, complaintSpec{n: 2}, 5)), dealerkit.ErrConflict)
		require.ErrorIs(t, f.repo.Create(ctx, newComplaint(t, complaintSpec{n: 1})), dealerkit.ErrConflict)
		return f.repo.Create(ctx, newComplaint(t, complaintSpec{n: 3}))
	}))
	require.Equal(t, complaintIDs(1, 3), f.list(t, dealerA(), complaints.Filter{}))
	evs := f.events(t, dealerA())
	require.Len(t, evs, 1)
	require.EqualValues(t, 1, evs[0].Seq)
}

// scanPair runs two escalation scans at now at once and returns their reports.
func scanPair(t *testing.T, svc *complaints.Service, ctx context.Context, now time.Time) [2]complaints.EscalationReport {
	t.Helper()
	var reps [2]complaints.EscalationReport
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 2 {
		wg.Go(func() {
			<-start
			reps[i], errs[i] = svc.Escalate(ctx, dealerA(), now)
		})
	}
	close(start)
	wg.Wait()
	require.NoError(t, errors.Join(errs[0], errs[1]))
	return reps
}

// conflictCounter counts the optimistic conflicts Update reports, to show the scanners raced.
type conflictCounter struct {
	complaints.Repository
	n *atomic.Int64
}

func (r conflictCounter) Update(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*complaints.Complaint) error) error {
	err := r.Repository.Update(ctx, d, id, fn)
	if errors.Is(err, dealerkit.ErrConflict) {
		r.n.Add(1)
	}
	return err
}

func testEscalateConcurrentScanners(t *testing.T, f *complaintFixture) {
	const n = 10
	var conflicts atomic.Int64
	f.repo = conflictCounter{f.repo, &conflicts}
	svc := f.service(t, nil)
	var first, last []complaints.Deadline // of the complaints received first and last
	for i := 1; i <= n; i++ {
		// Received up to two microseconds apart: the scan's cursor pages through ties and
		// neighbours.
		c := newComplaint(t, complaintSpec{n: i, received: t0().Add(time.Duration(i%3) * time.Microsecond)})
		switch i % 3 {
		case 0:
			first = c.Deadlines()
		case 2:
			last = c.Deadlines()
		}
		f.create(t, c)
	}
	// Two corrective actions fall overdue in the first round; the scan escalates them too.
	for i := 1; i <= 2; i++ {
		require.NoError(t, f.actions.Create(f.ctx, newAction(t, dealerA(), i, staffID(4), complaints.CategoryRepairQuality, time.Minute)))
	}
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: n + 1})) // another dealer's: never scanned
	require.Len(t, last, 4)

	missed, overdue := 0, 0
	for round, d := range last {
		if round == 0 {
			reps := scanPair(t, svc, f.ctx, first[0].Due)
			require.Empty(t, append(reps[0].Breaches, reps[1].Breaches...), "exactly at the first deadline nothing is missed")
			overdue += len(reps[0].Overdue) + len(reps[1].Overdue)
		}
		// A nanosecond after the last of them, every complaint's breach of the step is.
		reps := scanPair(t, svc, f.ctx, d.Due.Add(time.Nanosecond))
		missed++
		breaches := append(reps[0].Breaches, reps[1].Breaches...)
		t.Logf("round %d (%s): the scanners recorded %d and %d breaches", round+1, d.Step, len(reps[0].Breaches), len(reps[1].Breaches))
		require.Len(t, breaches, n, "round %d: one breach per complaint between the two scanners", round+1)
		seen := map[uuid.UUID]bool{}
		for _, b := range breaches {
			require.False(t, seen[b.Complaint], "round %d: complaint %s escalated twice", round+1, b.Complaint)
			seen[b.Complaint] = true
			require.Equal(t, d.Step, b.Step)
		}
		overdue += len(reps[0].Overdue) + len(reps[1].Overdue)
		require.Equal(t, 2, overdue, "round %d: each overdue action escalated once", round+1)
		// A third scan at the same time has nothing left to do.
		rep, err := svc.Escalate(f.ctx, dealerA(), d.Due.Add(time.Microsecond))
		require.NoError(t, err)
		require.Empty(t, rep.Breaches)
		require.Empty(t, rep.Overdue)

		evs := f.events(t, dealerA())
		for i, e := range evs {
			require.EqualValues(t, i+1, e.Seq, "the log has no gaps under concurrent scanners")
		}
		counts := countEvents(evs, "complaint.escalated")
		for i := 1; i <= n; i++ {
			require.Equal(t, missed, counts[complaintID(i)], "round %d: escalations of complaint %d", round+1, i)
			c := f.get(t, dealerA(), complaintID(i))
			require.Equal(t, missed, c.Missed())
			require.Equal(t, min(complaints.LevelManager+complaints.Level(missed), complaints.LevelBrand), c.Level())
		}
		for id, k := range countEvents(evs, "corrective_action.escalated") {
			require.Equal(t, 1, k, "action %s", id)
		}
	}
	// A store that serialises writers (SQLite) never conflicts; the others should, now and then.
	t.Logf("the scanners' updates conflicted %d times and were retried", conflicts.Load())
	require.Equal(t, 1, countEvents(f.events(t, dealerB()), "complaint.received")[complaintID(n+1)])
	require.Empty(t, countEvents(f.events(t, dealerB()), "complaint.escalated"), "§2 the other dealer's complaint was not scanned")
}

// stepBoundary: three complaints reach step together. One does it a nanosecond before its
// deadline, one a nanosecond after, one not at all; then two scanners run at the deadline and a
// nanosecond after it, at once.
func stepBoundary(step complaints.Step) func(t *testing.T, f *complaintFixture) {
	return func(t *testing.T, f *complaintFixture) {
		const early, late, idle = 1, 2, 3
		svc := f.service(t, nil)
		var due time.Time
		for _, n := range []int{early, late, idle} {
			c := upTo(t, complaintSpec{n: n}, step)
			due = deadlineOf(t, c, step).Due
			f.create(t, c)
		}
		f.update(t, dealerA(), complaintID(early), func(c *complaints.Complaint) { must(t, doStep(t, c, step, due.Add(-time.Nanosecond))) })
		f.update(t, dealerA(), complaintID(late), func(c *complaints.Complaint) { must(t, doStep(t, c, step, due.Add(time.Nanosecond))) })

		reps := scanPair(t, svc, f.ctx, due)
		require.Empty(t, append(reps[0].Breaches, reps[1].Breaches...), "at the deadline nothing is missed")
		reps = scanPair(t, svc, f.ctx, due.Add(time.Nanosecond))
		breaches := append(reps[0].Breaches, reps[1].Breaches...)
		require.Len(t, breaches, 1, "only the idle complaint escalates, once: %v", breaches)
		require.Equal(t, complaintID(idle), breaches[0].Complaint)
		require.Equal(t, step, breaches[0].Step)
		require.True(t, breaches[0].Due.Equal(due))
		for _, now := range []time.Time{due.Add(time.Nanosecond), due.Add(time.Microsecond), due.Add(time.Hour)} {
			rep, err := svc.Escalate(f.ctx, dealerA(), now)
			require.NoError(t, err)
			for _, b := range rep.Breaches {
				require.NotEqual(t, step, b.Step, "a breach of %s recorded again at %s", step, now)
			}
		}

		counts := map[uuid.UUID]int{}
		for _, e := range f.events(t, dealerA()) {
			if e.Type == "complaint.escalated" {
				var b complaints.Breach
				require.NoError(t, json.Unmarshal(e.Data, &b))
				if b.Step == step {
					counts[e.AggregateID]++
				}
			}
		}
		require.Zero(t, counts[complaintID(early)], "done a nanosecond early: never escalated")
		require.Equal(t, 1, counts[complaintID(late)], "done a nanosecond late: escalated once, by the step itself")
		require.Equal(t, 1, counts[complaintID(idle)], "not done: escalated once, by one of the scanners")
		dl := deadlineOf(t, f.get(t, dealerA(), complaintID(early)), step)
		require.True(t, dl.OnTime())
		require.True(t, dl.MetAt.Equal(due.Add(-time.Nanosecond)), "the body keeps nanoseconds")
		require.True(t, deadlineOf(t, f.get(t, dealerA(), complaintID(late)), step).Missed, "stays recorded as missed")
		require.True(t, deadlineOf(t, f.get(t, dealerA(), complaintID(idle)), step).Missed)
	}
}

func testIntakeRace(t *testing.T, f *complaintFixture) {
	const events = 4
	ro := &complaintOrders{}
	o := closedOrder(t, orderSpec{n: 1})
	ro.put(t, o)
	svc := f.service(t, ro)
	var feed []dealerkit.Event
	for i := 1; i <= events; i++ {
		typ, data := complaints.EventFollowedUp, `{"scores":{"quality":3,"overall":8}}`
		if i%2 == 0 {
			typ, data = complaints.EventObjected, `{"remarks":"the car is dirty"}`
		}
		feed = append(feed, dealerkit.Event{Dealer: dealerA(), Seq: int64(i * 10), Aggregate: "repair_order", AggregateID: o.ID(),
			Type: typ, Actor: advisor(t, dealerA()).Ref(), At: t0().Add(time.Duration(i) * time.Hour), Data: json.RawMessage(data)})
	}
	feed = append(feed, dealerkit.Event{Dealer: dealerA(), Seq: 99, Aggregate: "repair_order", AggregateID: o.ID(),
		Type: "repair_order.delivered", At: t0()})

	var wg sync.WaitGroup
	var reps [2]complaints.IntakeReport
	var errs [2]error
	start := make(chan struct{})
	for i := range 2 {
		wg.Go(func() {
			<-start
			reps[i], errs[i] = svc.IntakeFromEvents(f.ctx, feed)
		})
	}
	close(start)
	wg.Wait()
	require.NoError(t, errors.Join(errs[0], errs[1]))
	require.Len(t, append(reps[0].Opened, reps[1].Opened...), events, "each event opened one complaint between the two projectors")
	require.Equal(t, events, reps[0].Duplicates+reps[1].Duplicates, "and the other projector saw it as a duplicate")
	require.Equal(t, 1, reps[0].Ignored)

	cs, err := f.repo.List(f.ctx, dealerA(), complaints.Filter{RepairOrder: o.ID()})
	require.NoError(t, err)
	require.Len(t, cs, events)
	for i := 1; i <= events; i++ {
		c, err := f.repo.GetBySource(f.ctx, dealerA(), int64(i*10))
		require.NoError(t, err, "event %d", i*10)
		require.Equal(t, o.VIN(), c.VIN())
		require.True(t, c.ReceivedAt().Equal(t0().Add(time.Duration(i)*time.Hour)))
	}
	// A replay opens nothing.
	rep, err := svc.IntakeFromEvents(f.ctx, feed)
	require.NoError(t, err)
	require.Empty(t, rep.Opened)
	require.Equal(t, events, rep.Duplicates)
	require.Len(t, countEvents(f.events(t, dealerA()), "complaint.received"), events)
}

func testActionBasics(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	_, err := f.actions.Get(f.ctx, dealerA(), actionID(1))
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.actions.Update(f.ctx, dealerA(), actionID(1), func(*complaints.CorrectiveAction) error { return nil }), dealerkit.ErrNotFound)

	a := newAction(t, dealerA(), 1, staffID(4), complaints.CategoryRepairQuality, 48*time.Hour)
	pending := a.PendingEvents()
	require.NoError(t, f.actions.Create(f.ctx, a))
	require.EqualValues(t, 1, a.Version())
	dup := newAction(t, dealerA(), 1, staffID(5), complaints.CategoryPrice, time.Hour)
	require.ErrorIs(t, f.actions.Create(f.ctx, dup), dealerkit.ErrConflict)
	require.Zero(t, dup.Version())
	_, err = f.actions.Get(f.ctx, dealerB(), actionID(1))
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "§2")

	// Overdue, completed late, checked: every field of the snapshot holds data.
	owner, err := dealerkit.NewStaffActor(dealerA(), staffID(4), dealerkit.RoleManager)
	require.NoError(t, err)
	var want complaints.CorrectiveSnapshot
	for i, fn := range []func(a *complaints.CorrectiveAction) error{
		func(a *complaints.CorrectiveAction) error {
			require.True(t, a.Escalate(t0().Add(49*time.Hour)))
			return nil
		},
		func(a *complaints.CorrectiveAction) error {
			return a.Complete(r, owner, t0().Add(50*time.Hour), "trained all six")
		},
		func(a *complaints.CorrectiveAction) error {
			return a.Check(owner.Ref(), a.CheckDueAt().Add(time.Minute), 9, 2)
		},
	} {
		var seen int64
		require.NoError(t, f.actions.Update(f.ctx, dealerA(), actionID(1), func(a *complaints.CorrectiveAction) error {
			seen = a.Version()
			if err := fn(a); err != nil {
				return err
			}
			pending = append(pending, a.PendingEvents()...)
			want = a.Snapshot()
			return nil
		}))
		require.EqualValues(t, i+1, seen, "fn sees the stored version")
	}
	want.Version = 4
	got, err := f.actions.Get(f.ctx, dealerA(), actionID(1))
	require.NoError(t, err)
	requireSame(t, "corrective action", want, got.Snapshot())
	require.Equal(t, complaints.CorrectiveEffective, got.State())
	require.NotNil(t, got.Effectiveness())
	requireEvents(t, pending, f.events(t, dealerA()), 1)
	// fn's error stores nothing.
	require.ErrorIs(t, f.actions.Update(f.ctx, dealerA(), actionID(1), func(*complaints.CorrectiveAction) error { return errBoom }), errBoom)
	got, err = f.actions.Get(f.ctx, dealerA(), actionID(1))
	require.NoError(t, err)
	require.EqualValues(t, 4, got.Version())
	requireIsolated(t, "corrective action", a, func() (*complaints.CorrectiveAction, error) { return f.actions.Get(f.ctx, dealerA(), actionID(1)) })
}

func testActionList(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	owner, err := dealerkit.NewStaffActor(dealerA(), staffID(4), dealerkit.RoleManager)
	require.NoError(t, err)
	for i, spec := range []struct {
		owner    dealerkit.StaffID
		category complaints.Category
	}{
		{staffID(4), complaints.CategoryRepairQuality},
		{staffID(5), complaints.CategoryPrice},
		{staffID(4), complaints.CategoryPrice},
		{staffID(5), complaints.CategoryRepairQuality},
	} {
		require.NoError(t, f.actions.Create(f.ctx, newAction(t, dealerA(), i+1, spec.owner, spec.category, 48*time.Hour)))
	}
	require.NoError(t, f.actions.Create(f.ctx, newAction(t, dealerB(), 9, staffID(4), complaints.CategoryPrice, 48*time.Hour)))
	require.NoError(t, f.actions.Update(f.ctx, dealerA(), actionID(3), func(a *complaints.CorrectiveAction) error {
		return a.Complete(r, owner, t0().Add(time.Hour), "done")
	}))
	var stored []*complaints.CorrectiveAction
	for i := 1; i <= 4; i++ {
		a, err := f.actions.Get(f.ctx, dealerA(), actionID(i))
		require.NoError(t, err)
		stored = append(stored, a)
	}
	ids := func(ns ...int) []uuid.UUID {
		out := make([]uuid.UUID, len(ns))
		for i, n := range ns {
			out[i] = actionID(n)
		}
		return out
	}
	cases := []struct {
		name string
		f    complaints.CorrectiveFilter
		want []uuid.UUID
	}{
		{"no filter", complaints.CorrectiveFilter{}, ids(1, 2, 3, 4)},
		{"state", complaints.CorrectiveFilter{States: []complaints.CorrectiveState{complaints.CorrectiveCompleted}}, ids(3)},
		{"two states", complaints.CorrectiveFilter{States: []complaints.CorrectiveState{complaints.CorrectiveOpen, complaints.CorrectiveEffective}}, ids(1, 2, 4)},
		{"category", complaints.CorrectiveFilter{Category: complaints.CategoryPrice}, ids(2, 3)},
		{"owner", complaints.CorrectiveFilter{Owner: staffID(5)}, ids(2, 4)},
		{"owner and category", complaints.CorrectiveFilter{Owner: staffID(4), Category: complaints.CategoryPrice}, ids(3)},
		{"after and limit", complaints.CorrectiveFilter{After: actionID(1), Limit: 2}, ids(2, 3)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var matches []uuid.UUID
			for _, a := range stored {
				if c.f.Matches(a) && (c.f.Limit == 0 || len(matches) < c.f.Limit) {
					matches = append(matches, a.ID())
				}
			}
			require.Equal(t, c.want, matches, "the fixture no longer gives what CorrectiveFilter.Matches selects")
			got, err := f.actions.List(f.ctx, dealerA(), c.f)
			require.NoError(t, err)
			var gotIDs []uuid.UUID
			for _, a := range got {
				require.Equal(t, dealerA(), a.Dealer())
				gotIDs = append(gotIDs, a.ID())
			}
			require.Equal(t, c.want, gotIDs)
		})
	}
	got, err := f.actions.List(f.ctx, dealerB(), complaints.CorrectiveFilter{})
	require.NoError(t, err)
	require.Len(t, got, 1, "§2 dealer B sees its own action only")
	require.Equal(t, actionID(9), got[0].ID())
}

func testActionDue(t *testing.T, f *complaintFixture) {
	r := complaints.DefaultRules()
	owner, err := dealerkit.NewStaffActor(dealerA(), staffID(4), dealerkit.RoleManager)
	require.NoError(t, err)
	a := newAction(t, dealerA(), 1, staffID(4), complaints.CategoryRepairQuality, 48*time.Hour)
	require.NoError(t, f.actions.Create(f.ctx, a))
	require.NoError(t, f.actions.Create(f.ctx, newAction(t, dealerA(), 2, staffID(4), complaints.CategoryRepairQuality, 48*time.Hour)))
	require.NoError(t, f.actions.Create(f.ctx, newAction(t, dealerB(), 3, staffID(4), complaints.CategoryRepairQuality, time.Hour)))
	dueIDs := func(now time.Time) []uuid.UUID {
		refs, err := f.actions.Due(f.ctx, dealerA(), complaints.DueQuery{Now: now})
		require.NoError(t, err)
		var ids []uuid.UUID
		for _, r := range refs {
			ids = append(ids, r.ID)
			require.Equal(t, time.UTC, r.Deadline.Location())
		}
		return ids
	}
	dueAt := a.DueAt()
	require.Empty(t, dueIDs(dueAt.Add(-time.Nanosecond)))
	require.Equal(t, []uuid.UUID{actionID(1), actionID(2)}, dueIDs(dueAt), "due exactly at the due date")
	refs, err := f.actions.Due(f.ctx, dealerA(), complaints.DueQuery{Now: dueAt, Limit: 1, After: complaints.DueRef{ID: actionID(1), Deadline: dueAt}})
	require.NoError(t, err)
	require.Len(t, refs, 1)
	require.Equal(t, actionID(2), refs[0].ID)

	// Escalated: nothing more to wait for until it is done.
	require.NoError(t, f.actions.Update(f.ctx, dealerA(), actionID(1), func(a *complaints.CorrectiveAction) error {
		require.True(t, a.Escalate(dueAt.Add(time.Nanosecond)))
		return nil
	}))
	require.Equal(t, []uuid.UUID{actionID(2)}, dueIDs(dueAt.Add(1000*time.Hour)))
	// Completed: the effectiveness check falls due.
	var check time.Time
	require.NoError(t, f.actions.Update(f.ctx, dealerA(), actionID(1), func(a *complaints.CorrectiveAction) error {
		if err := a.Complete(r, owner, dueAt.Add(time.Hour), "done late"); err != nil {
			return err
		}
		check = a.CheckDueAt()
		return nil
	}))
	require.Equal(t, []uuid.UUID{actionID(2)}, dueIDs(check.Add(-time.Nanosecond)))
	require.Equal(t, []uuid.UUID{actionID(2), actionID(1)}, dueIDs(check))
	// Checked: out of the index for good.
	require.NoError(t, f.actions.Update(f.ctx, dealerA(), actionID(1), func(a *complaints.CorrectiveAction) error {
		return a.Check(owner.Ref(), check, 3, 1)
	}))
	require.Equal(t, []uuid.UUID{actionID(2)}, dueIDs(check.Add(1000*time.Hour)))
}

func testComplaintServicePaging(t *testing.T, f *complaintFixture) {
	complaintListFixture(t, f)
	svc := f.service(t, nil)
	var all []uuid.UUID
	var cursor dealerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		page, err := svc.List(f.ctx, manager(t, dealerA()), complaints.Filter{Cursor: cursor, Limit: 2})
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), 2)
		for _, v := range page.Items {
			all = append(all, v.ID)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	require.Equal(t, complaintIDs(1, 2, 3, 4, 5), all)
	_, err := svc.List(f.ctx, manager(t, dealerA()), complaints.Filter{Cursor: "not-a-cursor"})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

func testComplaintCustomerReach(t *testing.T, f *complaintFixture) {
	mine := complaints.Complainant{Name: "王芳", Phone: "138 0013 8000", Customer: customerID(1)}
	theirs := complaints.Complainant{Name: "李伟", Phone: "139 0013 9000", Customer: customerID(2)}
	f.create(t, newComplaint(t, complaintSpec{n: 1, contact: mine}))
	f.create(t, newComplaint(t, complaintSpec{n: 2, contact: theirs}))
	f.create(t, newComplaint(t, complaintSpec{n: 3, contact: complaints.Complainant{Phone: "137 0000 0000"}})) // anonymous to the DMS
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: 4, contact: mine}))                        // same customer id, another dealer

	// A dealer that lets customers take every complaint action, so that reach, not the table,
	// is what refuses.
	perms := dealerkit.DefaultPermissions()
	for _, a := range perms.Actions() {
		if strings.HasPrefix(string(a), "complaints.") {
			g := perms.Grant(a)
			g.Customer = true
			perms = perms.With(a, g)
		}
	}
	svc, err := complaints.NewService(f.repo, f.actions, &complaintOrders{}, &complaints.Options{
		Now:         func() time.Time { return t0().Add(time.Hour) },
		Permissions: &dealerkit.Table[*dealerkit.Permissions]{Default: dealerkit.Single("customers", perms)},
	})
	require.NoError(t, err)
	me, err := dealerkit.NewCustomerActor(dealerA(), customerID(1))
	require.NoError(t, err)

	v, err := svc.View(f.ctx, me, complaintID(1))
	require.NoError(t, err, "a customer sees their own complaint")
	require.Equal(t, customerID(1), v.Complainant.Customer)
	c, err := svc.Get(f.ctx, me, complaintID(1))
	require.NoError(t, err)
	require.Equal(t, customerID(1), c.Customer())
	page, err := svc.List(f.ctx, me, complaints.Filter{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "a customer lists only their own complaints")
	require.Equal(t, complaintID(1), page.Items[0].ID)
	page, err = svc.List(f.ctx, me, complaints.Filter{Customer: customerID(2)})
	require.NoError(t, err)
	require.Empty(t, page.Items, "asking for another customer's complaints gives none")

	before := f.events(t, dealerA())
	for _, id := range []uuid.UUID{complaintID(2), complaintID(3), complaintID(4)} {
		stored := map[bool]*complaints.Complaint{}
		if id != complaintID(4) {
			stored[true] = f.get(t, dealerA(), id)
		}
		_, err := svc.View(f.ctx, me, id)
		require.ErrorIs(t, err, dealerkit.ErrNotFound, "View %s", id)
		_, err = svc.Get(f.ctx, me, id)
		require.ErrorIs(t, err, dealerkit.ErrNotFound, "Get %s", id)
		cmds := map[string]func() error{
			"Acknowledge": func() error { return svc.Acknowledge(f.ctx, me, id, "x") },
			"Report":      func() error { return svc.Report(f.ctx, me, id, complaints.ReportInput{Manager: staffID(4)}) },
			"Investigate": func() error { return svc.Investigate(f.ctx, me, id, "x") },
			"ProposeSolution": func() error {
				return svc.ProposeSolution(f.ctx, me, id, complaints.SolutionInput{RootCause: "process_not_followed", Solution: "x"})
			},
			"RecordFeedback": func() error { return svc.RecordFeedback(f.ctx, me, id, complaints.FeedbackInput{Accepted: true}) },
			"Resolve":        func() error { return svc.Resolve(f.ctx, me, id, "x") },
			"Verify": func() error {
				return svc.Verify(f.ctx, me, id, complaints.VerificationInput{Confirmed: true, Note: "x"})
			},
			"Close": func() error { return svc.Close(f.ctx, me, id, "x") },
			"Contact": func() error {
				return svc.Contact(f.ctx, me, id, complaints.ContactInput{Channel: complaints.ChannelPhone, Note: "x"})
			},
			"AwaitCustomer":     func() error { return svc.AwaitCustomer(f.ctx, me, id, "x") },
			"CustomerResponded": func() error { return svc.CustomerResponded(f.ctx, me, id, "x") },
			"NameStaff": func() error {
				return svc.NameStaff(f.ctx, me, id, complaints.NameStaffInput{Staff: []complaints.Involved{{Staff: staffID(2), Role: dealerkit.RoleTechnician}}, Note: "x"})
			},
			"SetRootCause": func() error { return svc.SetRootCause(f.ctx, me, id, "process_not_followed", "x") },
		}
		for name, cmd := range cmds {
			err := cmd()
			require.ErrorIs(t, err, dealerkit.ErrNotFound, "%s of %s", name, id)
			require.Equal(t, dealerkit.ErrNotFound, dealerkit.ClassOf(err), "%s of %s: one class only", name, id)
		}
		if c := stored[true]; c != nil {
			requireSame(t, "complaint", c.Snapshot(), f.get(t, dealerA(), id).Snapshot())
		}
	}
	require.Equal(t, before, f.events(t, dealerA()), "nothing was recorded")
	// Their own complaint: the same commands reach it (the table allows them here).
	require.NoError(t, svc.Contact(f.ctx, me, complaintID(1), complaints.ContactInput{Channel: complaints.ChannelPhone, Note: "any news?"}))

	// Under the default table a customer may take no complaint action: their own complaint is
	// forbidden, another's still not found, so a refusal never says another's exists.
	def := f.service(t, nil)
	_, err = def.View(f.ctx, me, complaintID(1))
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	_, err = def.View(f.ctx, me, complaintID(2))
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, def.Close(f.ctx, me, complaintID(2), "x"), dealerkit.ErrNotFound)
	_, err = def.View(f.ctx, me, complaintID(9))
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a complaint that does not exist looks the same")
}

func testFeed(t *testing.T, f *complaintFixture) {
	for n := 1; n <= 6; n++ {
		c := newComplaint(t, complaintSpec{n: n})
		if n%2 == 0 {
			must(t, c.Acknowledge(complaints.DefaultRules(), advisor(t, dealerA()), t0().Add(5*time.Minute), "sorry"))
		}
		f.create(t, c)
		if n%3 == 0 {
			require.NoError(t, f.actions.Create(f.ctx, newAction(t, dealerA(), n, staffID(4), complaints.CategoryRepairQuality, 24*time.Hour)))
		}
	}
	f.create(t, newComplaint(t, complaintSpec{dealer: dealerB(), n: 7}))
	all := f.events(t, dealerA())
	require.Len(t, all, 6+3+2)
	for _, e := range all {
		require.Contains(t, complaints.EventTypes(), e.Type, "every recorded event type is a declared constant")
	}

	feed, err := dealerkit.NewFeed(f.store, &dealerkit.FeedOptions{Batch: 2, Now: t0})
	require.NoError(t, err)
	mgr := manager(t, dealerA())
	_, err = feed.Events(f.ctx, advisor(t, dealerA()), dealerkit.EventQuery{})
	require.ErrorIs(t, err, dealerkit.ErrForbidden, "§2: the event log is the manager's by default")
	_, err = feed.Events(f.ctx, mgr, dealerkit.EventQuery{After: -1})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)

	queries := []dealerkit.EventQuery{
		{},
		{Aggregates: []string{complaints.AggregateCorrectiveAction}},
		{Types: []string{complaints.EventAcknowledged}},
		{Aggregates: []string{complaints.AggregateComplaint}, Types: []string{complaints.EventReceived, complaints.EventCorrectiveOpened}},
		{Types: []string{"no.such_type"}},
	}
	for _, q := range queries {
		var want []dealerkit.Event
		for _, e := range all {
			if (len(q.Aggregates) == 0 || slices.Contains(q.Aggregates, e.Aggregate)) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) {
				want = append(want, e)
			}
		}
		for _, limit := range []int{1, 2, 3, 100} {
			q := q
			q.Limit = limit
			var got []dealerkit.Event
			for pages := 0; ; pages++ {
				require.Less(t, pages, 50, "paging does not end")
				page, err := feed.Events(f.ctx, mgr, q)
				require.NoError(t, err)
				require.LessOrEqual(t, len(page.Events), limit, "a page respects the limit")
				require.GreaterOrEqual(t, page.Next, q.After, "the cursor never moves back")
				got = append(got, page.Events...)
				if !page.More {
					break
				}
				q.After = page.Next
			}
			require.Equal(t, len(want), len(got), "query %+v: the pages skip or repeat no event", q)
			for i := range want {
				require.Equal(t, want[i].Seq, got[i].Seq)
				require.Equal(t, want[i].Type, got[i].Type)
				require.Equal(t, dealerA(), got[i].Dealer, "§2: only the actor's dealer's events")
			}
		}
	}
}
