package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// SafetyStore is what the safety suite needs of an adapter: the repository, the event log and
// transactions.
type SafetyStore interface {
	Safety() safety.Repository
	dealerkit.EventReader
	dealerkit.Transactor
}

// RunSafety runs the safety.Repository contract against the stores newStore returns, through
// safety.Service where a behaviour is a use case's (refusals that must change nothing, the
// out-of-service instant). Every sub-test calls newStore once and expects an empty store.
func RunSafety(t *testing.T, newStore func(t *testing.T) SafetyStore) {
	for _, tc := range safetyTests() {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newSafetyFixture(t, newStore(t)))
		})
	}
}

type safetyTest struct {
	name string
	run  func(t *testing.T, f *safetyFixture)
}

func safetyTests() []safetyTest {
	return []safetyTest{
		{"§2 Get, EquipmentByCode and Update of unknown records are ErrNotFound and do not call fn", testSafetyUnknown},
		{"Create then Get returns every kind of record whole, at version 1", testSafetyRoundTrip},
		{"§8.2 Create with a taken id or equipment code is ErrConflict and changes nothing", testSafetyConflicts},
		{"each Update adds one to the version; an Update whose fn fails stores nothing", testSafetyVersions},
		{"concurrent Updates of one record each succeed or conflict and none is lost", testSafetyConcurrentUpdates},
		{"§2 another dealer cannot Get, find, Update or List a record", testSafetyTenants},
		{"List selects what each filter's Matches selects, ordered by id, and pages by After and Limit", testSafetyLists},
		{"every change writes its events with Seq 1, 2, 3… and every field intact", testSafetyEvents},
		{"InTx commits equipment and its inspection together, or neither", testSafetyTxAtomic},
		{"§8.2 equipment is usable a nanosecond before its inspection falls due and refused at the instant", testSafetyDueInstant},
		{"§8.1 §8.2 §8.3 §8.4 bad input is refused with a classed, coded error and changes nothing", testSafetyRefusals},
	}
}

var safetyT0 = time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)

type safetyFixture struct {
	ctx      context.Context
	store    SafetyStore
	repo     safety.Repository
	svc      *safety.Service
	mu       sync.Mutex
	now      time.Time
	dealer   dealerkit.DealerID
	manager  dealerkit.Actor
	tech     dealerkit.Actor
	qc       dealerkit.Actor
	other    dealerkit.Actor // a manager of another dealer
	otherSvc *safety.Service
}

func newSafetyFixture(t *testing.T, s SafetyStore) *safetyFixture {
	f := &safetyFixture{ctx: t.Context(), store: s, repo: s.Safety(), now: safetyT0, dealer: dealerkit.DealerID{0x5a, 1}}
	clock := func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	var err error
	f.svc, err = safety.NewService(s.Safety(), s, &safety.Options{Now: clock, NewID: uuidV7Source(safetyT0)})
	require.NoError(t, err)
	actor := func(d dealerkit.DealerID, n byte, r dealerkit.Role) dealerkit.Actor {
		a, err := dealerkit.NewStaffActor(d, dealerkit.StaffID{0x5b, n}, r)
		require.NoError(t, err)
		return a
	}
	f.manager, f.tech, f.qc = actor(f.dealer, 1, dealerkit.RoleManager), actor(f.dealer, 2, dealerkit.RoleTechnician), actor(f.dealer, 3, dealerkit.RoleQualityInspector)
	f.other = actor(dealerkit.DealerID{0x5a, 2}, 1, dealerkit.RoleManager)
	f.otherSvc = f.svc
	return f
}

// uuidV7Source makes time-ordered ids from a counter, so that lists ordered by id follow creation.
func uuidV7Source(t0 time.Time) func() uuid.UUID {
	var mu sync.Mutex
	n := uint64(0)
	return func() uuid.UUID {
		mu.Lock()
		defer mu.Unlock()
		n++
		var id uuid.UUID
		ms := uint64(t0.UnixMilli())
		for i := 0; i < 6; i++ {
			id[5-i] = byte(ms >> (8 * i))
		}
		id[6] = 0x70
		id[8] = 0x80
		for i := 0; i < 7; i++ {
			id[15-i] = byte(n >> (8 * i))
		}
		return id
	}
}

func (f *safetyFixture) set(t time.Time) { f.mu.Lock(); f.now = t; f.mu.Unlock() }

func (f *safetyFixture) items(list []string, failed ...string) []safety.ItemResult {
	out := make([]safety.ItemResult, len(list))
	for i, it := range list {
		out[i] = safety.ItemResult{Item: it, Pass: !slices.Contains(failed, it)}
	}
	return out
}

func (f *safetyFixture) register(t *testing.T, code string, typ safety.EquipmentType) *safety.Equipment {
	t.Helper()
	e, err := f.svc.RegisterEquipment(f.ctx, f.manager, safety.EquipmentInput{Code: code, Type: typ, Location: "bay", Commissioned: safetyT0})
	require.NoError(t, err)
	return e
}

func (f *safetyFixture) inspect(t *testing.T, code string, at time.Time, failed ...string) *safety.Inspection {
	t.Helper()
	list := safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].Periodic.Checklist
	ins, err := f.svc.RecordInspection(f.ctx, f.tech, safety.InspectionInput{Equipment: code, Kind: safety.InspectionPeriodic,
		PerformedAt: at, Inspector: f.tech.Staff(), Items: f.items(list, failed...), Evidence: []string{"photo:" + code}})
	require.NoError(t, err)
	return ins
}

// populate builds a varied set of records through the Service: lifts in and out of service,
// inspections, area checks open and closed, incidents in several areas and states, drills of
// each kind.
func (f *safetyFixture) populate(t *testing.T) {
	t.Helper()
	f.set(safetyT0.Add(20 * 24 * time.Hour))
	for i := range 4 {
		f.register(t, fmt.Sprintf("LIFT-%d", i), safety.TypeTwoPostLift)
	}
	f.register(t, "EXT-1", safety.TypeFireExtinguisher)
	f.register(t, "BAL-1", safety.TypeWheelBalancer)
	f.inspect(t, "LIFT-0", safetyT0.Add(24*time.Hour))
	f.inspect(t, "LIFT-1", safetyT0.Add(2*24*time.Hour), "safety_catches_work")
	f.inspect(t, "LIFT-2", safetyT0.Add(3*24*time.Hour))
	floor := safety.DefaultPolicy().Areas[safety.AreaWorkshopFloor]
	for i, area := range []safety.Area{safety.AreaWorkshopFloor, safety.AreaBatteryStore, safety.AreaWorkshopFloor} {
		list := safety.DefaultPolicy().Areas[area]
		in := safety.AreaCheckInput{Area: area, CheckedAt: safetyT0.Add(time.Duration(i+1) * 24 * time.Hour), Checker: f.manager.Staff(), Items: f.items(list)}
		if i != 1 {
			in.Items = f.items(floor, "ppe_worn")
			in.Findings = []safety.FindingInput{{Item: "ppe_worn", Severity: safety.SeverityMedium, Description: "no goggles", Action: "issue goggles",
				Owner: f.tech.Staff(), Due: safetyT0.Add(25 * 24 * time.Hour)}}
		}
		c, err := f.svc.RecordAreaCheck(f.ctx, f.manager, in)
		require.NoError(t, err)
		if i == 2 {
			require.NoError(t, f.svc.CorrectFinding(f.ctx, f.tech, c.ID(), c.Findings()[0].ID, "issued"))
			require.NoError(t, f.svc.VerifyFinding(f.ctx, f.qc, c.ID(), c.Findings()[0].ID, safety.VerifyInput{Closed: true}))
		}
	}
	for i, in := range []safety.IncidentInput{
		{Area: safety.AreaWorkshopFloor, Description: "arm slipped", Equipment: []string{"LIFT-1"}, Class: safety.ClassFirstAid, Injured: 1, Injuries: "cut"},
		{Area: safety.AreaPartsStore, Description: "box fell", Class: safety.ClassNearMiss},
		{Area: safety.AreaWorkshopFloor, Description: "lift swung", Equipment: []string{"LIFT-1", "LIFT-2"}, Class: safety.ClassNearMiss},
	} {
		in.OccurredAt = safetyT0.Add(time.Duration(i+4) * 24 * time.Hour)
		inc, err := f.svc.ReportIncident(f.ctx, f.tech, in)
		require.NoError(t, err)
		if i == 0 {
			require.NoError(t, f.svc.InvestigateIncident(f.ctx, f.manager, inc.ID(), safety.InvestigationInput{RootCause: "worn lock", Class: safety.ClassFirstAid}))
		}
	}
	for i, k := range []safety.DrillKind{safety.DrillOnSite, safety.DrillSpecial, safety.DrillOnSite} {
		_, err := f.svc.HoldDrill(f.ctx, f.manager, safety.DrillInput{Kind: k, Scenario: "fire", HeldAt: safetyT0.Add(time.Duration(i+1) * 24 * time.Hour),
			Leader: f.manager.Staff(), Participants: []dealerkit.StaffID{f.tech.Staff()}})
		require.NoError(t, err)
	}
}

// state is everything the dealer has, and its event log, as JSON: a refusal must leave it equal.
func (f *safetyFixture) state(t *testing.T, dealer dealerkit.DealerID) string {
	t.Helper()
	eq, err := f.repo.ListEquipment(f.ctx, dealer, safety.EquipmentFilter{})
	require.NoError(t, err)
	ins, err := f.repo.ListInspections(f.ctx, dealer, safety.InspectionFilter{})
	require.NoError(t, err)
	ac, err := f.repo.ListAreaChecks(f.ctx, dealer, safety.AreaCheckFilter{})
	require.NoError(t, err)
	inc, err := f.repo.ListIncidents(f.ctx, dealer, safety.IncidentFilter{})
	require.NoError(t, err)
	dr, err := f.repo.ListDrills(f.ctx, dealer, safety.DrillFilter{})
	require.NoError(t, err)
	evs, err := f.store.Events(f.ctx, dealer, 0, 100000)
	require.NoError(t, err)
	b, err := json.Marshal([]any{eq, ins, ac, inc, dr, evs})
	require.NoError(t, err)
	// An empty list is empty whether a store returns nil or no rows.
	return strings.ReplaceAll(string(b), "[]", "null")
}

func testSafetyUnknown(t *testing.T, f *safetyFixture) {
	id := uuid.New()
	notFound := func(err error) { t.Helper(); require.ErrorIs(t, err, dealerkit.ErrNotFound) }
	_, err := f.repo.GetEquipment(f.ctx, f.dealer, id)
	notFound(err)
	_, err = f.repo.EquipmentByCode(f.ctx, f.dealer, "NOPE")
	notFound(err)
	_, err = f.repo.GetInspection(f.ctx, f.dealer, id)
	notFound(err)
	_, err = f.repo.GetAreaCheck(f.ctx, f.dealer, id)
	notFound(err)
	_, err = f.repo.GetIncident(f.ctx, f.dealer, id)
	notFound(err)
	_, err = f.repo.GetDrill(f.ctx, f.dealer, id)
	notFound(err)
	called := false
	notFound(f.repo.UpdateEquipment(f.ctx, f.dealer, id, func(*safety.Equipment) error { called = true; return nil }))
	notFound(f.repo.UpdateAreaCheck(f.ctx, f.dealer, id, func(*safety.AreaCheck) error { called = true; return nil }))
	notFound(f.repo.UpdateIncident(f.ctx, f.dealer, id, func(*safety.Incident) error { called = true; return nil }))
	notFound(f.repo.UpdateDrill(f.ctx, f.dealer, id, func(*safety.Drill) error { called = true; return nil }))
	require.False(t, called)
}

func sameSafetyJSON(t *testing.T, want, got any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(w), string(g))
}

func testSafetyRoundTrip(t *testing.T, f *safetyFixture) {
	f.set(safetyT0.Add(time.Hour))
	e := f.register(t, "LIFT-1", safety.TypeTwoPostLift)
	require.Equal(t, int64(1), e.Version())
	got, err := f.repo.GetEquipment(f.ctx, f.dealer, e.ID())
	require.NoError(t, err)
	sameSafetyJSON(t, e, got)
	byCode, err := f.repo.EquipmentByCode(f.ctx, f.dealer, "LIFT-1")
	require.NoError(t, err)
	sameSafetyJSON(t, e, byCode)
	ins := f.inspect(t, "LIFT-1", safetyT0.Add(time.Hour-time.Nanosecond*1500), "arm_locks_engage")
	gotIns, err := f.repo.GetInspection(f.ctx, f.dealer, ins.ID())
	require.NoError(t, err)
	sameSafetyJSON(t, ins, gotIns)
	require.Equal(t, int64(1), gotIns.Version())
	got, err = f.repo.GetEquipment(f.ctx, f.dealer, e.ID())
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version())
	fail, ok := got.Failure()
	require.True(t, ok)
	require.Equal(t, []string{"arm_locks_engage"}, fail.Items)

	list := safety.DefaultPolicy().Areas[safety.AreaBatteryStore]
	c, err := f.svc.RecordAreaCheck(f.ctx, f.manager, safety.AreaCheckInput{Area: safety.AreaBatteryStore, CheckedAt: safetyT0, Checker: f.manager.Staff(),
		Items: f.items(list, "spill_kit_present"), Findings: []safety.FindingInput{{Item: "spill_kit_present", Severity: safety.SeverityHigh,
			Description: "电解液泄漏应急包缺失", Action: "补充应急包", Owner: f.tech.Staff(), Due: safetyT0.Add(48 * time.Hour)}}})
	require.NoError(t, err)
	gotC, err := f.repo.GetAreaCheck(f.ctx, f.dealer, c.ID())
	require.NoError(t, err)
	sameSafetyJSON(t, c, gotC)
	inc, err := f.svc.ReportIncident(f.ctx, f.tech, safety.IncidentInput{OccurredAt: safetyT0, Area: safety.AreaWorkshopFloor, Description: "slip",
		Injuries: "sprain", Injured: 1, Equipment: []string{"LIFT-1"}, Class: safety.ClassLostTime, Statutory: safety.StatutoryGeneral,
		People: []dealerkit.StaffID{f.tech.Staff()}})
	require.NoError(t, err)
	gotInc, err := f.repo.GetIncident(f.ctx, f.dealer, inc.ID())
	require.NoError(t, err)
	sameSafetyJSON(t, inc, gotInc)
	d, err := f.svc.HoldDrill(f.ctx, f.manager, safety.DrillInput{Kind: safety.DrillComprehensive, Scenario: "全员疏散", HeldAt: safetyT0,
		Leader: f.manager.Staff(), Participants: []dealerkit.StaffID{f.tech.Staff(), f.qc.Staff()},
		Findings: []safety.DrillFindingInput{{Description: "alarm not heard in the store", Action: "add a sounder", Owner: f.manager.Staff(), Due: safetyT0.Add(24 * time.Hour)}}})
	require.NoError(t, err)
	gotD, err := f.repo.GetDrill(f.ctx, f.dealer, d.ID())
	require.NoError(t, err)
	sameSafetyJSON(t, d, gotD)

	eid, iid, cid, incID, did := e.ID(), ins.ID(), c.ID(), inc.ID(), d.ID()
	requireIsolated(t, "equipment", e, func() (*safety.Equipment, error) { return f.repo.GetEquipment(f.ctx, f.dealer, eid) })
	requireIsolated(t, "inspection", ins, func() (*safety.Inspection, error) { return f.repo.GetInspection(f.ctx, f.dealer, iid) })
	requireIsolated(t, "area check", c, func() (*safety.AreaCheck, error) { return f.repo.GetAreaCheck(f.ctx, f.dealer, cid) })
	requireIsolated(t, "incident", inc, func() (*safety.Incident, error) { return f.repo.GetIncident(f.ctx, f.dealer, incID) })
	requireIsolated(t, "drill", d, func() (*safety.Drill, error) { return f.repo.GetDrill(f.ctx, f.dealer, did) })
}

func testSafetyConflicts(t *testing.T, f *safetyFixture) {
	e := f.register(t, "LIFT-1", safety.TypeTwoPostLift)
	before := f.state(t, f.dealer)
	// The same code under another id, straight to the repository.
	again, err := safety.RestoreEquipment(func() safety.EquipmentSnapshot { s := e.Snapshot(); s.ID = uuid.New(); return s }())
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.CreateEquipment(f.ctx, again), dealerkit.ErrConflict)
	// The same id.
	same, err := safety.RestoreEquipment(e.Snapshot())
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.CreateEquipment(f.ctx, same), dealerkit.ErrConflict)
	// Through the Service: a classed, coded refusal.
	_, err = f.svc.RegisterEquipment(f.ctx, f.manager, safety.EquipmentInput{Code: "LIFT-1", Type: safety.TypeFourPostLift, Location: "x", Commissioned: safetyT0})
	require.ErrorIs(t, err, safety.ErrCodeTaken)
	require.Equal(t, f.state(t, f.dealer), before)
	// A refused Create inside InTx leaves the transaction usable.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.ErrorIs(t, f.repo.CreateEquipment(ctx, again), dealerkit.ErrConflict)
		_, err := f.repo.GetEquipment(ctx, f.dealer, e.ID())
		return err
	}))
	// Another dealer may use the code.
	_, err = f.svc.RegisterEquipment(f.ctx, f.other, safety.EquipmentInput{Code: "LIFT-1", Type: safety.TypeFourPostLift, Location: "x", Commissioned: safetyT0})
	require.NoError(t, err)
}

func testSafetyVersions(t *testing.T, f *safetyFixture) {
	f.set(safetyT0.Add(24 * time.Hour))
	e := f.register(t, "LIFT-1", safety.TypeTwoPostLift)
	for want := int64(1); want <= 3; want++ {
		require.NoError(t, f.repo.UpdateEquipment(f.ctx, f.dealer, e.ID(), func(x *safety.Equipment) error {
			require.Equal(t, want, x.Version())
			return nil
		}))
	}
	before := f.state(t, f.dealer)
	boom := errors.New("boom")
	require.ErrorIs(t, f.repo.UpdateEquipment(f.ctx, f.dealer, e.ID(), func(x *safety.Equipment) error {
		_ = x.Usable(safetyT0)
		return boom
	}), boom)
	require.Equal(t, before, f.state(t, f.dealer))
	got, err := f.repo.GetEquipment(f.ctx, f.dealer, e.ID())
	require.NoError(t, err)
	require.Equal(t, int64(4), got.Version())
}

func testSafetyConcurrentUpdates(t *testing.T, f *safetyFixture) {
	d, err := f.svc.HoldDrill(f.ctx, f.manager, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "fire", HeldAt: safetyT0,
		Leader: f.manager.Staff(), Participants: []dealerkit.StaffID{f.tech.Staff()},
		Findings: []safety.DrillFindingInput{{Description: "a", Action: "b", Owner: f.tech.Staff(), Due: safetyT0.Add(time.Hour)}}})
	require.NoError(t, err)
	const workers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := f.repo.UpdateDrill(f.ctx, f.dealer, d.ID(), func(*safety.Drill) error { return nil })
			if err != nil && !errors.Is(err, dealerkit.ErrConflict) {
				t.Errorf("update: %v", err)
			}
			if err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	got, err := f.repo.GetDrill(f.ctx, f.dealer, d.ID())
	require.NoError(t, err)
	require.GreaterOrEqual(t, wins, 1)
	require.Equal(t, int64(1+wins), got.Version(), "every successful update moved the version once")
}

func testSafetyTenants(t *testing.T, f *safetyFixture) {
	f.populate(t)
	other := f.other.Dealer()
	before := f.state(t, f.dealer)
	eq, err := f.repo.ListEquipment(f.ctx, f.dealer, safety.EquipmentFilter{})
	require.NoError(t, err)
	require.NotEmpty(t, eq)
	_, err = f.repo.GetEquipment(f.ctx, other, eq[0].ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.EquipmentByCode(f.ctx, other, eq[0].Code())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateEquipment(f.ctx, other, eq[0].ID(), func(*safety.Equipment) error { return nil }), dealerkit.ErrNotFound)
	// Through the Service: another dealer's code is unknown, so it is not usable and cannot be inspected.
	require.ErrorIs(t, f.svc.CheckUsable(f.ctx, other, eq[0].Code(), safetyT0), safety.ErrOutOfService)
	_, err = f.svc.Equipment(f.ctx, f.other, eq[0].ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	inc, err := f.repo.ListIncidents(f.ctx, f.dealer, safety.IncidentFilter{})
	require.NoError(t, err)
	require.ErrorIs(t, f.svc.InvestigateIncident(f.ctx, f.other, inc[0].ID(), safety.InvestigationInput{RootCause: "x", Class: safety.ClassNearMiss}), dealerkit.ErrNotFound)
	require.Equal(t, `[null,null,null,null,null,null]`, f.state(t, other))
	require.Equal(t, before, f.state(t, f.dealer))
}

func safetyIDs[T interface{ ID() uuid.UUID }](xs []T) []uuid.UUID {
	out := make([]uuid.UUID, len(xs))
	for i, x := range xs {
		out[i] = x.ID()
	}
	return out
}

// checkList compares List(filter) with the filter's Matches over every record, and pages.
func checkList[T interface{ ID() uuid.UUID }, F any](t *testing.T, name string, all []T, filters []F, list func(F) ([]T, error),
	match func(F, T) bool, page func(F, uuid.UUID, int) F) {
	t.Helper()
	for i, flt := range filters {
		got, err := list(flt)
		require.NoError(t, err)
		var want []uuid.UUID
		for _, x := range all {
			if match(flt, x) {
				want = append(want, x.ID())
			}
		}
		require.Equal(t, fmt.Sprint(want), fmt.Sprint(safetyIDs(got)), "%s filter %d %+v", name, i, flt)
		// Page through it two at a time.
		var paged []uuid.UUID
		after := uuid.Nil
		for {
			p, err := list(page(flt, after, 2))
			require.NoError(t, err)
			paged = append(paged, safetyIDs(p)...)
			if len(p) < 2 {
				break
			}
			after = p[len(p)-1].ID()
		}
		require.Equal(t, fmt.Sprint(want), fmt.Sprint(paged), "%s filter %d paged", name, i)
	}
}

func testSafetyLists(t *testing.T, f *safetyFixture) {
	f.populate(t)
	at := safetyT0.Add(2 * 24 * time.Hour)
	allEq, err := f.repo.ListEquipment(f.ctx, f.dealer, safety.EquipmentFilter{})
	require.NoError(t, err)
	require.Len(t, allEq, 6)
	require.True(t, slices.IsSortedFunc(safetyIDs(allEq), func(a, b uuid.UUID) int { return compareIDs(a, b) }))
	lift1, err := f.repo.EquipmentByCode(f.ctx, f.dealer, "LIFT-1")
	require.NoError(t, err)
	checkList(t, "equipment", allEq, []safety.EquipmentFilter{{}, {Type: safety.TypeTwoPostLift}, {States: []safety.EquipmentState{safety.StateOutOfService}},
		{DueBefore: safetyT0.Add(31 * 24 * time.Hour)}, {DueBefore: safetyT0.Add(30 * 24 * time.Hour).Add(time.Nanosecond)}, {Type: safety.TypeWheelBalancer, States: []safety.EquipmentState{safety.StateInService}}},
		func(x safety.EquipmentFilter) ([]*safety.Equipment, error) {
			return f.repo.ListEquipment(f.ctx, f.dealer, x)
		},
		func(x safety.EquipmentFilter, e *safety.Equipment) bool { return x.Matches(e) },
		func(x safety.EquipmentFilter, after uuid.UUID, n int) safety.EquipmentFilter {
			x.After, x.Limit = after, n
			return x
		})
	allIns, err := f.repo.ListInspections(f.ctx, f.dealer, safety.InspectionFilter{})
	require.NoError(t, err)
	require.Len(t, allIns, 3)
	checkList(t, "inspections", allIns, []safety.InspectionFilter{{}, {Equipment: lift1.ID()}, {From: at}, {Before: at}, {From: at.Add(time.Nanosecond)}},
		func(x safety.InspectionFilter) ([]*safety.Inspection, error) {
			return f.repo.ListInspections(f.ctx, f.dealer, x)
		},
		func(x safety.InspectionFilter, i *safety.Inspection) bool { return x.Matches(i) },
		func(x safety.InspectionFilter, after uuid.UUID, n int) safety.InspectionFilter {
			x.After, x.Limit = after, n
			return x
		})
	allAC, err := f.repo.ListAreaChecks(f.ctx, f.dealer, safety.AreaCheckFilter{})
	require.NoError(t, err)
	require.Len(t, allAC, 3)
	checkList(t, "area checks", allAC, []safety.AreaCheckFilter{{}, {Area: safety.AreaWorkshopFloor}, {OpenOnly: true}, {From: at, Before: at.Add(24 * time.Hour)}},
		func(x safety.AreaCheckFilter) ([]*safety.AreaCheck, error) {
			return f.repo.ListAreaChecks(f.ctx, f.dealer, x)
		},
		func(x safety.AreaCheckFilter, c *safety.AreaCheck) bool { return x.Matches(c) },
		func(x safety.AreaCheckFilter, after uuid.UUID, n int) safety.AreaCheckFilter {
			x.After, x.Limit = after, n
			return x
		})
	allInc, err := f.repo.ListIncidents(f.ctx, f.dealer, safety.IncidentFilter{})
	require.NoError(t, err)
	require.Len(t, allInc, 3)
	checkList(t, "incidents", allInc, []safety.IncidentFilter{{}, {Area: safety.AreaWorkshopFloor}, {Equipment: lift1.ID()},
		{States: []safety.IncidentState{safety.IncidentStateInvestigated}}, {From: safetyT0.Add(5 * 24 * time.Hour)}, {Before: safetyT0.Add(5 * 24 * time.Hour)}},
		func(x safety.IncidentFilter) ([]*safety.Incident, error) {
			return f.repo.ListIncidents(f.ctx, f.dealer, x)
		},
		func(x safety.IncidentFilter, i *safety.Incident) bool { return x.Matches(i) },
		func(x safety.IncidentFilter, after uuid.UUID, n int) safety.IncidentFilter {
			x.After, x.Limit = after, n
			return x
		})
	allDr, err := f.repo.ListDrills(f.ctx, f.dealer, safety.DrillFilter{})
	require.NoError(t, err)
	require.Len(t, allDr, 3)
	checkList(t, "drills", allDr, []safety.DrillFilter{{}, {Kinds: []safety.DrillKind{safety.DrillOnSite}}, {From: at}, {Kinds: []safety.DrillKind{safety.DrillSpecial, safety.DrillComprehensive}, Before: at.Add(time.Hour)}},
		func(x safety.DrillFilter) ([]*safety.Drill, error) { return f.repo.ListDrills(f.ctx, f.dealer, x) },
		func(x safety.DrillFilter, d *safety.Drill) bool { return x.Matches(d) },
		func(x safety.DrillFilter, after uuid.UUID, n int) safety.DrillFilter {
			x.After, x.Limit = after, n
			return x
		})
}

func compareIDs(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return 0
}

func testSafetyEvents(t *testing.T, f *safetyFixture) {
	f.set(safetyT0.Add(time.Hour))
	e := f.register(t, "LIFT-1", safety.TypeTwoPostLift)
	ins := f.inspect(t, "LIFT-1", safetyT0, "arm_locks_engage")
	require.NoError(t, f.svc.RecordRepair(f.ctx, f.tech, e.ID(), safety.RepairInput{RepairedAt: safetyT0.Add(time.Hour), Note: "fixed"}))
	evs, err := f.store.Events(f.ctx, f.dealer, 0, 100)
	require.NoError(t, err)
	var types []string
	for i, ev := range evs {
		require.Equal(t, int64(i+1), ev.Seq)
		require.Equal(t, f.dealer, ev.Dealer)
		require.Equal(t, time.UTC, ev.At.Location())
		require.Equal(t, f.manager.Ref().Staff == ev.Actor.Staff || f.tech.Ref().Staff == ev.Actor.Staff, true)
		types = append(types, ev.Type)
	}
	require.Equal(t, []string{safety.EventEquipmentRegistered, safety.EventEquipmentOutOfService, safety.EventInspectionRecorded, safety.EventEquipmentRepaired}, types)
	require.Equal(t, ins.ID(), evs[2].AggregateID)
	require.Equal(t, "§8.2", evs[1].Clause)
	require.Equal(t, "in_service", evs[1].From)
	require.Equal(t, "out_of_service", evs[1].To)
	var data safety.EquipmentInspected
	require.NoError(t, json.Unmarshal(evs[1].Data, &data))
	require.Equal(t, []string{"arm_locks_engage"}, data.Failed)
}

func testSafetyTxAtomic(t *testing.T, f *safetyFixture) {
	e := f.register(t, "LIFT-1", safety.TypeTwoPostLift)
	before := f.state(t, f.dealer)
	boom := errors.New("boom")
	err := f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.NoError(t, f.repo.UpdateEquipment(ctx, f.dealer, e.ID(), func(x *safety.Equipment) error { return nil }))
		d, err := f.svc.HoldDrill(ctx, f.manager, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "x", HeldAt: safetyT0, Leader: f.manager.Staff(),
			Participants: []dealerkit.StaffID{f.tech.Staff()}})
		require.NoError(t, err)
		_, err = f.repo.GetDrill(ctx, f.dealer, d.ID()) // the transaction sees its own writes
		require.NoError(t, err)
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Equal(t, before, f.state(t, f.dealer))
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		_, err := f.svc.RecordInspection(ctx, f.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic, PerformedAt: safetyT0,
			Inspector: f.tech.Staff(), Items: f.items(safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].Periodic.Checklist)})
		return err
	}))
	got, err := f.repo.GetEquipment(f.ctx, f.dealer, e.ID())
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version())
	insList, err := f.repo.ListInspections(f.ctx, f.dealer, safety.InspectionFilter{Equipment: e.ID()})
	require.NoError(t, err)
	require.Len(t, insList, 1)
}

func testSafetyDueInstant(t *testing.T, f *safetyFixture) {
	f.register(t, "LIFT-1", safety.TypeTwoPostLift)
	// An inspection at a time with microseconds: the due date keeps them on every store.
	performed := safetyT0.Add(3*time.Hour + 123456*time.Microsecond)
	f.set(performed.Add(time.Hour))
	f.inspect(t, "LIFT-1", performed)
	due := performed.Add(30 * 24 * time.Hour)
	require.NoError(t, f.svc.CheckUsable(f.ctx, f.dealer, "LIFT-1", due.Add(-time.Nanosecond)))
	err := f.svc.CheckUsable(f.ctx, f.dealer, "LIFT-1", due)
	var oos *safety.OutOfServiceError
	require.ErrorAs(t, err, &oos)
	require.Equal(t, safety.ReasonOverdue, oos.Reason)
	require.True(t, oos.Since.Equal(due), "since %s, want %s", oos.Since, due)
	require.NoError(t, f.svc.CheckUsable(f.ctx, f.dealer, "type:two_post_lift", due.Add(-time.Nanosecond)))
	require.ErrorIs(t, f.svc.CheckUsable(f.ctx, f.dealer, "type:two_post_lift", due), safety.ErrOutOfService)
	// DueBefore selects it from the instant after it falls due, as Matches does.
	l, err := f.repo.ListEquipment(f.ctx, f.dealer, safety.EquipmentFilter{DueBefore: due})
	require.NoError(t, err)
	require.Empty(t, l)
	l, err = f.repo.ListEquipment(f.ctx, f.dealer, safety.EquipmentFilter{DueBefore: due.Add(time.Nanosecond)})
	require.NoError(t, err)
	require.Len(t, l, 1)
}

func testSafetyRefusals(t *testing.T, f *safetyFixture) {
	f.populate(t)
	lift1, err := f.repo.EquipmentByCode(f.ctx, f.dealer, "LIFT-1")
	require.NoError(t, err)
	checks, err := f.repo.ListAreaChecks(f.ctx, f.dealer, safety.AreaCheckFilter{OpenOnly: true})
	require.NoError(t, err)
	incs, err := f.repo.ListIncidents(f.ctx, f.dealer, safety.IncidentFilter{})
	require.NoError(t, err)
	periodic := safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].Periodic.Checklist
	now := safetyT0.Add(20 * 24 * time.Hour)
	otherDealersLift := "OTHER-LIFT"
	_, err = f.svc.RegisterEquipment(f.ctx, f.other, safety.EquipmentInput{Code: otherDealersLift, Type: safety.TypeTwoPostLift, Location: "x", Commissioned: safetyT0})
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		class error
		code  dealerkit.Code
		call  func() error
	}{
		{"§8.2 missing checklist item", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.RecordInspection(f.ctx, f.tech, safety.InspectionInput{Equipment: "LIFT-0", Kind: safety.InspectionPeriodic, PerformedAt: now,
				Inspector: f.tech.Staff(), Items: f.items(periodic[1:])})
			return err
		}},
		{"§8.2 another dealer's equipment", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.RecordInspection(f.ctx, f.tech, safety.InspectionInput{Equipment: otherDealersLift, Kind: safety.InspectionPeriodic, PerformedAt: now,
				Inspector: f.tech.Staff(), Items: f.items(periodic)})
			return err
		}},
		{"§8.2 an inspection dated before the last one", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.RecordInspection(f.ctx, f.tech, safety.InspectionInput{Equipment: "LIFT-0", Kind: safety.InspectionPeriodic, PerformedAt: safetyT0,
				Inspector: f.tech.Staff(), Items: f.items(periodic)})
			return err
		}},
		{"§8.2 re-inspection without a repair", safety.ErrRepairRequired, "safety.repair_required", func() error {
			_, err := f.svc.RecordInspection(f.ctx, f.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic, PerformedAt: now,
				Inspector: f.tech.Staff(), Items: f.items(periodic)})
			return err
		}},
		{"§8.2 a repair dated before the failure", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			return f.svc.RecordRepair(f.ctx, f.tech, lift1.ID(), safety.RepairInput{RepairedAt: safetyT0, Note: "x"})
		}},
		{"§8.2 a negative grade", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.RegisterEquipment(f.ctx, f.manager, safety.EquipmentInput{Code: "AIR-9", Type: safety.TypeAirReceiver, Location: "x", Commissioned: safetyT0, Grade: -1})
			return err
		}},
		{"§8.2 text the kernel refuses", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.RegisterEquipment(f.ctx, f.manager, safety.EquipmentInput{Code: "X-9", Type: safety.TypeTyreChanger, Location: "bay\x00", Commissioned: safetyT0})
			return err
		}},
		{"§8.1 a failed item without a finding", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.RecordAreaCheck(f.ctx, f.manager, safety.AreaCheckInput{Area: safety.AreaPaintBooth, CheckedAt: now, Checker: f.manager.Staff(),
				Items: f.items(safety.DefaultPolicy().Areas[safety.AreaPaintBooth], "no_ignition_sources")})
			return err
		}},
		{"§8.1 verify before correction", safety.ErrWrongState, "safety.wrong_state", func() error {
			return f.svc.VerifyFinding(f.ctx, f.manager, checks[0].ID(), checks[0].Findings()[0].ID, safety.VerifyInput{Closed: true})
		}},
		{"§8.1 an unknown finding", dealerkit.ErrNotFound, "safety.not_found", func() error {
			return f.svc.CorrectFinding(f.ctx, f.tech, checks[0].ID(), uuid.New(), "x")
		}},
		{"§8.1 an unknown area check", dealerkit.ErrNotFound, "safety.not_found", func() error {
			return f.svc.CorrectFinding(f.ctx, f.tech, uuid.New(), uuid.New(), "x")
		}},
		{"§2 another dealer's incident", dealerkit.ErrNotFound, "safety.not_found", func() error {
			return f.svc.CloseIncident(f.ctx, f.other, incs[0].ID())
		}},
		{"§8.2 a code registered meanwhile", safety.ErrCodeTaken, "safety.code_taken", func() error {
			_, err := f.svc.RegisterEquipment(f.ctx, f.manager, safety.EquipmentInput{Code: "LIFT-1", Type: safety.TypeTyreChanger, Location: "x", Commissioned: safetyT0})
			return err
		}},
		{"§8.3 unknown equipment in a report", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.ReportIncident(f.ctx, f.tech, safety.IncidentInput{OccurredAt: now, Area: safety.AreaWorkshopFloor, Description: "x",
				Equipment: []string{otherDealersLift}, Class: safety.ClassNearMiss})
			return err
		}},
		{"§8.3 close with no actions", safety.ErrActionsOpen, "safety.actions_open", func() error {
			return f.svc.CloseIncident(f.ctx, f.manager, incs[0].ID())
		}},
		{"§8.3 an action due in the past", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.AddIncidentAction(f.ctx, f.manager, incs[0].ID(), safety.ActionInput{Kind: safety.ActionCorrective, Description: "x", Owner: f.tech.Staff(), Due: safetyT0})
			return err
		}},
		{"§8.3 investigation by a technician", dealerkit.ErrForbidden, dealerkit.CodeForbidden, func() error {
			return f.svc.InvestigateIncident(f.ctx, f.tech, incs[0].ID(), safety.InvestigationInput{RootCause: "x", Class: safety.ClassFirstAid})
		}},
		{"§8.4 a drill in the future", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.HoldDrill(f.ctx, f.manager, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "x", HeldAt: now.Add(time.Hour), Leader: f.manager.Staff(),
				Participants: []dealerkit.StaffID{f.tech.Staff()}})
			return err
		}},
		{"§8.4 a drill finding due before the drill", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.HoldDrill(f.ctx, f.manager, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "x", HeldAt: now, Leader: f.manager.Staff(),
				Participants: []dealerkit.StaffID{f.tech.Staff()}, Findings: []safety.DrillFindingInput{{Description: "a", Action: "b", Owner: f.tech.Staff(), Due: safetyT0}}})
			return err
		}},
		{"a cursor this library did not make", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.ListIncidents(f.ctx, f.manager, safety.IncidentFilter{}, "garbage")
			return err
		}},
	} {
		before, otherBefore := f.state(t, f.dealer), f.state(t, f.other.Dealer())
		err := tc.call()
		require.ErrorIs(t, err, tc.class, tc.name)
		require.Equal(t, tc.code, dealerkit.CodeOf(err), tc.name)
		classes := 0
		for _, c := range dealerkit.Classes() {
			if errors.Is(err, c) {
				classes++
			}
		}
		require.Equal(t, 1, classes, "%s: %v matches %d classes", tc.name, err, classes)
		for _, adapter := range []string{"sqlstore", "memory:", "sqlite", "postgres", "pq:", "SQLSTATE"} {
			require.NotContains(t, err.Error(), adapter, "%s: the message names the store", tc.name)
		}
		require.Equal(t, before, f.state(t, f.dealer), "%s changed the store", tc.name)
		require.Equal(t, otherBefore, f.state(t, f.other.Dealer()), "%s changed another dealer", tc.name)
	}
}
