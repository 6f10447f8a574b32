package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// AppraisalStore is what the appraisal suite needs of an adapter: the appraisal repository, the
// repositories the facts are read from, the event log and transactions.
type AppraisalStore interface {
	Appraisals() appraisal.Repository
	RepairOrders() aftersales.Repository
	Complaints() complaints.Repository
	Parts() parts.Repository
	dealerkit.EventReader
	dealerkit.Transactor
}

// RunAppraisal runs the appraisal.Repository contract, and appraisal.Service's refusals, against
// the stores newStore returns. Every sub-test calls newStore once and expects an empty store.
func RunAppraisal(t *testing.T, newStore func(t *testing.T) AppraisalStore) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, f *appraisalFixture)
	}{
		{"Create, Get and the snapshot round trip; unknown and other dealers' are ErrNotFound", testAppraisalRoundTrip},
		{"Create refuses a taken id or staff-and-period and stores nothing", testAppraisalCreateConflict},
		{"Update is optimistic: concurrent updates are each stored or ErrConflict, never lost", testAppraisalUpdateRace},
		{"Update whose fn fails, and a rolled-back transaction, store nothing", testAppraisalRollback},
		{"List filters by staff, state and period, pages by id and never crosses dealers", testAppraisalList},
		{"Service: bad input is refused, classed and coded, and changes nothing", testAppraisalServiceRefusals},
		{"Service: a signed-off appraisal does not move when the records behind it change (§6, §9.1)", testAppraisalFrozen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			tc.run(t, &appraisalFixture{ctx: t.Context(), store: s, repo: s.Appraisals()})
		})
	}
}

type appraisalFixture struct {
	ctx   context.Context
	store AppraisalStore
	repo  appraisal.Repository
}

func march() (time.Time, time.Time) {
	return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
}

func appraiser(t *testing.T, d dealerkit.DealerID, n byte) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(d, staffID(n), dealerkit.RoleManager)
	require.NoError(t, err)
	return a
}

// service builds an appraisal.Service over the store, with a clock on the 2nd of April.
func (f *appraisalFixture) service(t *testing.T) *appraisal.Service {
	t.Helper()
	now := time.Date(2025, 4, 2, 9, 0, 0, 0, time.UTC)
	svc, err := appraisal.NewService(f.repo, appraisal.RepositoryFacts{Orders: f.store.RepairOrders(),
		Complaints: f.store.Complaints(), Parts: f.store.Parts()},
		&appraisal.Options{Now: func() time.Time { return now }, Tx: f.store})
	require.NoError(t, err)
	return svc
}

// orders stores n closed orders of March: each a job of the suite's technician (staff 2),
// inspected by staff 3, opened by the advisor (staff 1), surveyed.
func (f *appraisalFixture) orders(t *testing.T, d dealerkit.DealerID, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		o := closedOrder(t, orderSpec{dealer: d, n: i, arrived: t0().Add(time.Duration(i) * time.Hour)})
		require.NoError(t, f.store.RepairOrders().Create(f.ctx, o))
	}
}

// drafts stores the March drafts of the technician and the advisor of dealer d.
func (f *appraisalFixture) drafts(t *testing.T, d dealerkit.DealerID) []*appraisal.Appraisal {
	t.Helper()
	from, to := march()
	out, err := f.service(t).Draft(f.ctx, appraiser(t, d, 9), appraisal.DraftInput{From: from, To: to, Members: []appraisal.Member{
		{Staff: staffID(2), Role: "technician", Bases: map[string]decimal.Decimal{"labour_commission": dec(t, "1234.56")}},
		{Staff: staffID(1), Role: "service_advisor"},
	}})
	require.NoError(t, err)
	return out
}

func snapshotJSON(t *testing.T, a *appraisal.Appraisal) string {
	t.Helper()
	s := a.Snapshot()
	s.Version = 0 // compared apart
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

// stored is everything the store holds for dealer d: the appraisals and the event log.
func (f *appraisalFixture) stored(t *testing.T, d dealerkit.DealerID) string {
	t.Helper()
	list, err := f.repo.List(f.ctx, d, appraisal.Filter{})
	require.NoError(t, err)
	evs, err := f.store.Events(f.ctx, d, 0, 10000)
	require.NoError(t, err)
	var out []any
	for _, a := range list {
		out = append(out, a.Snapshot())
	}
	for _, e := range evs {
		out = append(out, e.Seq, e.Type, e.AggregateID)
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return string(b)
}

func testAppraisalRoundTrip(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	made := f.drafts(t, dealerA())
	for _, a := range made {
		got, err := f.repo.Get(f.ctx, dealerA(), a.ID())
		require.NoError(t, err)
		require.Equal(t, int64(1), got.Version())
		require.Equal(t, snapshotJSON(t, a), snapshotJSON(t, got), "the stored appraisal differs from the one created")
	}
	tech := made[0].Result()
	require.True(t, tech.Complete, "the technician's March is complete: %+v", tech)
	for _, d := range tech.Dimensions {
		if d.Status == appraisal.StatusScored && d.Metric != appraisal.MetricComplaints {
			require.NotEmpty(t, d.Value.Records, "%s carries the records behind it", d.Key)
		}
	}
	_, err := f.repo.Get(f.ctx, dealerB(), made[0].ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "another dealer's appraisal")
	_, err = f.repo.Get(f.ctx, dealerA(), uuid.New())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	called := false
	err = f.repo.Update(f.ctx, dealerB(), made[0].ID(), func(*appraisal.Appraisal) error { called = true; return nil })
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.False(t, called, "Update called fn for a record it did not find")
	evs, err := f.store.Events(f.ctx, dealerA(), 0, 1000)
	require.NoError(t, err)
	n := 0
	for _, e := range evs {
		if e.Type == appraisal.EventDrafted {
			n++
		}
	}
	require.Equal(t, 2, n, "one drafted event per appraisal, stored with it")
	id := made[0].ID()
	requireIsolated(t, "appraisal", made[0], func() (*appraisal.Appraisal, error) { return f.repo.Get(f.ctx, dealerA(), id) })
}

func testAppraisalCreateConflict(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	made := f.drafts(t, dealerA())
	before := f.stored(t, dealerA())
	// The same id again.
	b, err := json.Marshal(made[0])
	require.NoError(t, err)
	var s appraisal.Snapshot
	require.NoError(t, json.Unmarshal(b, &s))
	dup, err := appraisal.RestoreAppraisal(s)
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.Create(f.ctx, dup), dealerkit.ErrConflict)
	// Another id, the same staff member and period start.
	s.ID = uuid.New()
	dup, err = appraisal.RestoreAppraisal(s)
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.Create(f.ctx, dup), dealerkit.ErrConflict)
	require.Equal(t, before, f.stored(t, dealerA()), "a refused Create changed the store")
	// Through the service: ErrTaken, a conflict with its code, and nothing stored.
	from, to := march()
	_, err = f.service(t).Draft(f.ctx, appraiser(t, dealerA(), 9), appraisal.DraftInput{From: from, To: to,
		Members: []appraisal.Member{{Staff: staffID(3), Role: "quality_inspector"}, {Staff: staffID(2), Role: "technician"}}})
	require.ErrorIs(t, err, appraisal.ErrTaken)
	require.Equal(t, dealerkit.ErrConflict, dealerkit.ClassOf(err))
	require.Equal(t, before, f.stored(t, dealerA()))
	// Another dealer may appraise its own staff member of the same id for the same period.
	s.ID, s.Dealer = uuid.New(), dealerB()
	other, err := appraisal.RestoreAppraisal(s)
	require.NoError(t, err)
	require.NoError(t, f.repo.Create(f.ctx, other))
}

func testAppraisalUpdateRace(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	adv := f.drafts(t, dealerA())[1]
	const workers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored, conflicts := 0, 0
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			err := f.repo.Update(f.ctx, dealerA(), adv.ID(), func(a *appraisal.Appraisal) error {
				return a.Rate(appraiser(t, dealerA(), 9), t0(), appraisal.RateInput{Dimension: "manager_rating",
					Value: decimal.NewFromInt(int64(50 + i)), Reason: "worker"})
			})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				stored++
			case errors.Is(err, dealerkit.ErrConflict):
				conflicts++
			default:
				t.Errorf("worker %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	require.Equal(t, workers, stored+conflicts)
	require.GreaterOrEqual(t, stored, 1)
	got, err := f.repo.Get(f.ctx, dealerA(), adv.ID())
	require.NoError(t, err)
	require.Equal(t, int64(1+stored), got.Version(), "every stored update moved the version once")
	evs, err := f.store.Events(f.ctx, dealerA(), 0, 1000)
	require.NoError(t, err)
	rated := 0
	for _, e := range evs {
		if e.Type == appraisal.EventRated {
			rated++
		}
	}
	require.Equal(t, stored, rated, "one event per stored update, none for a lost one")
}

func testAppraisalRollback(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	a := f.drafts(t, dealerA())[1]
	before := f.stored(t, dealerA())
	boom := errors.New("boom")
	err := f.repo.Update(f.ctx, dealerA(), a.ID(), func(a *appraisal.Appraisal) error {
		require.NoError(t, a.Rate(appraiser(t, dealerA(), 9), t0(), appraisal.RateInput{Dimension: "manager_rating", Value: dec(t, "70"), Reason: "x"}))
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Equal(t, before, f.stored(t, dealerA()))
	err = f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.NoError(t, f.repo.Update(ctx, dealerA(), a.ID(), func(a *appraisal.Appraisal) error {
			return a.Rate(appraiser(t, dealerA(), 9), t0(), appraisal.RateInput{Dimension: "manager_rating", Value: dec(t, "70"), Reason: "x"})
		}))
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Equal(t, before, f.stored(t, dealerA()), "a rolled-back transaction left a change")
}

func testAppraisalList(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	made := f.drafts(t, dealerA())
	from, to := march()
	// April's too, for the technician.
	april, err := f.service(t).Draft(f.ctx, appraiser(t, dealerA(), 9), appraisal.DraftInput{From: to, To: to.AddDate(0, 1, 0),
		Members: []appraisal.Member{{Staff: staffID(2), Role: "technician"}}})
	require.NoError(t, err)
	_, err = f.service(t).SignOff(f.ctx, appraiser(t, dealerA(), 9), april[0].ID(), "")
	require.NoError(t, err)
	ids := func(list []*appraisal.Appraisal) []uuid.UUID {
		var out []uuid.UUID
		for _, a := range list {
			out = append(out, a.ID())
		}
		return out
	}
	list := func(fl appraisal.Filter) []uuid.UUID {
		got, err := f.repo.List(f.ctx, dealerA(), fl)
		require.NoError(t, err)
		return ids(got)
	}
	require.Equal(t, []uuid.UUID{made[0].ID(), made[1].ID(), april[0].ID()}, list(appraisal.Filter{}))
	require.Equal(t, []uuid.UUID{made[0].ID(), april[0].ID()}, list(appraisal.Filter{Staff: staffID(2)}))
	require.Equal(t, []uuid.UUID{april[0].ID()}, list(appraisal.Filter{States: []appraisal.State{appraisal.StateSignedOff}}))
	require.Equal(t, []uuid.UUID{made[0].ID(), made[1].ID()}, list(appraisal.Filter{FromAtLeast: from, FromBefore: to}))
	require.Equal(t, []uuid.UUID{april[0].ID()}, list(appraisal.Filter{FromAtLeast: to.Add(-time.Nanosecond).Add(time.Nanosecond)}))
	require.Equal(t, []uuid.UUID{made[1].ID()}, list(appraisal.Filter{After: made[0].ID(), Limit: 1}))
	got, err := f.repo.List(f.ctx, dealerB(), appraisal.Filter{})
	require.NoError(t, err)
	require.Empty(t, got, "another dealer's list")
}

func testAppraisalServiceRefusals(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	made := f.drafts(t, dealerA())
	svc := f.service(t)
	from, to := march()
	m := appraiser(t, dealerA(), 9)
	before := f.stored(t, dealerA())
	tech := technician(t, dealerA())
	for name, c := range map[string]struct {
		call  func() error
		class error
	}{
		"dates in the wrong order": {func() error {
			_, err := svc.Draft(f.ctx, m, appraisal.DraftInput{From: to, To: from, Members: []appraisal.Member{{Staff: staffID(3), Role: "quality_inspector"}}})
			return err
		}, dealerkit.ErrInvalid},
		"an unknown role": {func() error {
			_, err := svc.Draft(f.ctx, m, appraisal.DraftInput{From: from, To: to, Members: []appraisal.Member{{Staff: staffID(3), Role: "astronaut"}}})
			return err
		}, dealerkit.ErrInvalid},
		"a negative base": {func() error {
			_, err := svc.Draft(f.ctx, m, appraisal.DraftInput{From: from, To: to, Members: []appraisal.Member{{Staff: staffID(3), Role: "quality_inspector",
				Bases: map[string]decimal.Decimal{"labour_commission": dec(t, "-0.01")}}}})
			return err
		}, dealerkit.ErrInvalid},
		"text the kernel refuses": {func() error {
			_, err := svc.Rate(f.ctx, m, made[1].ID(), appraisal.RateInput{Dimension: "manager_rating", Value: dec(t, "80"), Reason: "bad\x07"})
			return err
		}, dealerkit.ErrInvalid},
		"a rating without a reason": {func() error {
			_, err := svc.Rate(f.ctx, m, made[1].ID(), appraisal.RateInput{Dimension: "manager_rating", Value: dec(t, "80")})
			return err
		}, dealerkit.ErrInvalid},
		"another dealer's appraisal": {func() error {
			_, err := svc.SignOff(f.ctx, appraiser(t, dealerB(), 9), made[0].ID(), "")
			return err
		}, dealerkit.ErrNotFound},
		"a technician drafting": {func() error {
			_, err := svc.Draft(f.ctx, tech, appraisal.DraftInput{From: from, To: to, Members: []appraisal.Member{{Staff: staffID(3), Role: "quality_inspector"}}})
			return err
		}, dealerkit.ErrForbidden},
		"a manager signing off their own": {func() error {
			own, err := svc.Draft(f.ctx, m, appraisal.DraftInput{From: to, To: to.AddDate(0, 1, 0), Members: []appraisal.Member{{Staff: m.Staff(), Role: "technician"}}})
			if err != nil {
				return err
			}
			before = f.stored(t, dealerA())
			_, err = svc.SignOff(f.ctx, m, own[0].ID(), "")
			return err
		}, dealerkit.ErrRefused},
		"a staff member acknowledging a draft": {func() error {
			_, err := svc.Acknowledge(f.ctx, tech, made[0].ID())
			return err
		}, dealerkit.ErrRefused},
	} {
		err := c.call()
		require.Error(t, err, name)
		require.Equal(t, c.class, dealerkit.ClassOf(err), "%s: %v", name, err)
		require.NotEmpty(t, dealerkit.CodeOf(err), name)
		require.Equal(t, before, f.stored(t, dealerA()), "%s changed the store", name)
		require.NotContains(t, err.Error(), "sqlstore", name)
	}
}

func testAppraisalFrozen(t *testing.T, f *appraisalFixture) {
	f.orders(t, dealerA(), 5)
	made := f.drafts(t, dealerA())
	svc := f.service(t)
	frozen, err := svc.SignOff(f.ctx, appraiser(t, dealerA(), 8), made[0].ID(), "reviewed")
	require.NoError(t, err)
	before := snapshotJSON(t, frozen)
	// A comeback of order 1 arrives in March: a record behind the comeback rate.
	snap := newOrder(t, orderSpec{dealer: dealerA(), n: 50, arrived: t0().Add(5 * 24 * time.Hour)}).Snapshot()
	snap.ComebackOf, snap.Version = orderID(1), 1
	back, err := aftersales.RestoreRepairOrder(snap)
	require.NoError(t, err)
	require.NoError(t, f.store.RepairOrders().Create(f.ctx, back))
	// The same records make a fresh draft differ: the comeback counts there.
	from, to := march()
	fresh, err := svc.Compare(f.ctx, appraiser(t, dealerA(), 8), appraisal.CompareInput{From: from, To: to, A: "default", B: "default",
		Members: []appraisal.Member{{Staff: staffID(2), Role: "technician"}}})
	require.NoError(t, err)
	require.NotEqual(t, frozen.Result().Total, fresh.Rows[0].A.Total, "the comeback changes a fresh computation")
	got, err := svc.Get(f.ctx, appraiser(t, dealerA(), 8), frozen.ID())
	require.NoError(t, err)
	require.Equal(t, before, snapshotJSON(t, got), "the frozen appraisal moved")
	_, err = svc.Recompute(f.ctx, appraiser(t, dealerA(), 8), frozen.ID())
	require.ErrorIs(t, err, appraisal.ErrWrongState)
}
