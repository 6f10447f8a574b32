package complaints

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// store is the smallest repository that behaves like a real one: it keeps JSON snapshots (so
// tests see exactly what a store would give back), numbers events per dealer, enforces unique
// keys and checks versions optimistically: Update loads, runs fn without the lock, and saves only
// if the version has not moved, so two concurrent updates really conflict. The adapters' own
// behaviour is proven in adapters/storetest.
type store[A any, S any] struct {
	mu        sync.Mutex
	rows      map[uuid.UUID]*row
	events    []dealerkit.Event
	seq       map[dealerkit.DealerID]int64
	conflicts atomic.Int64
	// beforeSave, when set, runs after fn succeeded and before the version check.
	beforeSave func()

	snap    func(A) S
	restore func(S) (A, error)
	meta    func(A) meta
	setVer  func(A, int64)
	pending func(A) []dealerkit.Event
}

type meta struct {
	dealer  dealerkit.DealerID
	id      uuid.UUID
	version int64
	next    time.Time
	hasNext bool
	unique  []string // the row's keys in unique indexes: its source event, its intake key
}

type row struct {
	meta
	data []byte
}

func newComplaintStore() *store[*Complaint, Snapshot] {
	return &store[*Complaint, Snapshot]{rows: map[uuid.UUID]*row{}, seq: map[dealerkit.DealerID]int64{},
		snap: (*Complaint).Snapshot, restore: RestoreComplaint,
		meta: func(c *Complaint) meta {
			m := meta{dealer: c.Dealer(), id: c.ID(), version: c.Version()}
			m.next, m.hasNext = c.NextDeadline()
			if src := c.Source(); src != nil {
				m.unique = append(m.unique, c.Dealer().String()+"/source/"+itoa(src.Seq))
			}
			if k := c.IntakeKey(); k != "" {
				m.unique = append(m.unique, c.Dealer().String()+"/intake/"+k)
			}
			return m
		},
		setVer: (*Complaint).SetVersion, pending: (*Complaint).PendingEvents}
}

func newActionStore() *store[*CorrectiveAction, CorrectiveSnapshot] {
	return &store[*CorrectiveAction, CorrectiveSnapshot]{rows: map[uuid.UUID]*row{}, seq: map[dealerkit.DealerID]int64{},
		snap: (*CorrectiveAction).Snapshot, restore: RestoreCorrectiveAction,
		meta: func(a *CorrectiveAction) meta {
			m := meta{dealer: a.Dealer(), id: a.ID(), version: a.Version()}
			m.next, m.hasNext = a.NextDeadline()
			return m
		},
		setVer: (*CorrectiveAction).SetVersion, pending: (*CorrectiveAction).PendingEvents}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func (s *store[A, S]) save(a A, version int64) error {
	events := s.pending(a)
	s.setVer(a, version) // the stored snapshot carries the stored version
	m := s.meta(a)
	b, err := json.Marshal(s.snap(a))
	if err != nil {
		return err
	}
	s.rows[m.id] = &row{meta: m, data: b}
	for _, ev := range events {
		s.seq[ev.Dealer]++
		ev.Seq = s.seq[ev.Dealer]
		s.events = append(s.events, ev)
	}
	return nil
}

func (s *store[A, S]) Create(_ context.Context, a A) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meta(a)
	if _, ok := s.rows[m.id]; ok {
		return dealerkit.ErrConflict
	}
	for _, u := range m.unique {
		for _, r := range s.rows {
			if slices.Contains(r.unique, u) {
				return dealerkit.ErrConflict
			}
		}
	}
	return s.save(a, 1)
}

func (s *store[A, S]) load(dealer dealerkit.DealerID, id uuid.UUID) (A, int64, error) {
	var zero A
	r, ok := s.rows[id]
	if !ok || r.dealer != dealer {
		return zero, 0, dealerkit.ErrNotFound
	}
	var snap S
	if err := json.Unmarshal(r.data, &snap); err != nil {
		return zero, 0, err
	}
	a, err := s.restore(snap)
	return a, r.version, err
}

func (s *store[A, S]) Get(_ context.Context, dealer dealerkit.DealerID, id uuid.UUID) (A, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, _, err := s.load(dealer, id)
	return a, err
}

func (s *store[A, S]) Update(_ context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(A) error) error {
	s.mu.Lock()
	a, version, err := s.load(dealer, id)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return err
	}
	if s.beforeSave != nil {
		s.beforeSave()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rows[id].version != version {
		s.conflicts.Add(1)
		return dealerkit.ErrConflict
	}
	return s.save(a, version+1)
}

func (s *store[A, S]) list(dealer dealerkit.DealerID, keep func(A) bool, limit int) ([]A, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []uuid.UUID
	for id, r := range s.rows {
		if r.dealer == dealer {
			ids = append(ids, id)
		}
	}
	sortIDs(ids)
	var out []A
	for _, id := range ids {
		a, _, err := s.load(dealer, id)
		if err != nil {
			return nil, err
		}
		if keep(a) {
			out = append(out, a)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

func (s *store[A, S]) Due(_ context.Context, dealer dealerkit.DealerID, q DueQuery) ([]DueRef, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []DueRef
	for _, r := range s.rows {
		if r.dealer == dealer && q.Matches(r.id, r.next, r.hasNext) {
			out = append(out, DueRef{ID: r.id, Deadline: r.next})
		}
	}
	SortDue(out)
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// raw returns the stored bytes, to prove a refused call changed nothing.
func (s *store[A, S]) raw(id uuid.UUID) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.rows[id]; ok {
		return string(r.data)
	}
	return ""
}

func (s *store[A, S]) eventsOf(id uuid.UUID, typ string) []dealerkit.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []dealerkit.Event
	for _, ev := range s.events {
		if ev.AggregateID == id && (typ == "" || ev.Type == typ) {
			out = append(out, ev)
		}
	}
	return out
}

func (s *store[A, S]) eventCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.events)
}

func (s *store[A, S]) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows)
}

func sortIDs(ids []uuid.UUID) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && string(ids[j][:]) < string(ids[j-1][:]); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

// complaintRepo adapts the store to Repository.
type complaintRepo struct {
	*store[*Complaint, Snapshot]
}

func (r complaintRepo) List(_ context.Context, dealer dealerkit.DealerID, f Filter) ([]*Complaint, error) {
	return r.list(dealer, f.Matches, f.Limit)
}

func (r complaintRepo) GetBySource(_ context.Context, dealer dealerkit.DealerID, seq int64) (*Complaint, error) {
	found, err := r.list(dealer, func(c *Complaint) bool { return c.Source() != nil && c.Source().Seq == seq }, 1)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, dealerkit.ErrNotFound
	}
	return found[0], nil
}

func (r complaintRepo) GetByIntakeKey(_ context.Context, dealer dealerkit.DealerID, key string) (*Complaint, error) {
	found, err := r.list(dealer, func(c *Complaint) bool { return key != "" && c.IntakeKey() == key }, 1)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, dealerkit.ErrNotFound
	}
	return found[0], nil
}

// actionRepo adapts the store to CorrectiveRepository.
type actionRepo struct {
	*store[*CorrectiveAction, CorrectiveSnapshot]
}

func (r actionRepo) List(_ context.Context, dealer dealerkit.DealerID, f CorrectiveFilter) ([]*CorrectiveAction, error) {
	return r.list(dealer, f.Matches, f.Limit)
}

// fakeOrders holds repair orders as snapshots.
type fakeOrders struct {
	mu     sync.Mutex
	orders map[uuid.UUID]aftersales.Snapshot
}

func (f *fakeOrders) put(o *aftersales.RepairOrder) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := o.Snapshot()
	if s.Version == 0 {
		s.Version = 1
	}
	f.orders[o.ID()] = s
}

func (f *fakeOrders) Get(_ context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.orders[id]
	if !ok || s.Dealer != dealer {
		return nil, dealerkit.ErrNotFound
	}
	return aftersales.RestoreRepairOrder(s)
}

// clock is a manual clock: it reads what it was set to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var (
	shanghaiLoc = func() *time.Location {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			panic(err)
		}
		return loc
	}()
	// t0 is Monday 2 March 2026, 09:00 in Shanghai: a working morning on the default calendar.
	t0      = time.Date(2026, 3, 2, 9, 0, 0, 0, shanghaiLoc).UTC()
	dealerA = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d00a"))
	dealerB = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d00b"))
)

func staff(n byte) dealerkit.StaffID { return dealerkit.StaffID(uuid.UUID{15: n, 0: 0x5a}) }

func mustActor(t testing.TB, dealer dealerkit.DealerID, s dealerkit.StaffID, roles ...dealerkit.Role) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(dealer, s, roles...)
	require.NoError(t, err)
	return a
}

// env is a service over test repositories with the dealership's staff.
type env struct {
	t                                  testing.TB
	ctx                                context.Context
	repo                               complaintRepo
	actions                            actionRepo
	orders                             *fakeOrders
	svc                                *Service
	clock                              *clock
	rules                              *Rules
	manager, advisor, tech, tech2, gm  dealerkit.Actor
	inspector, clerk, customer, otherB dealerkit.Actor
}

func newEnv(t testing.TB, opts *Options) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), repo: complaintRepo{newComplaintStore()},
		actions: actionRepo{newActionStore()}, orders: &fakeOrders{orders: map[uuid.UUID]aftersales.Snapshot{}},
		clock: &clock{t: t0}, rules: DefaultRules()}
	if opts == nil {
		opts = &Options{}
	}
	var idMu sync.Mutex
	ids := dealerkit.SequentialIDs() // not safe for concurrent use on its own
	opts.Now, opts.NewID = e.clock.Now, func() uuid.UUID {
		idMu.Lock()
		defer idMu.Unlock()
		return ids()
	}
	svc, err := NewService(e.repo, e.actions, e.orders, opts)
	require.NoError(t, err)
	e.svc = svc
	e.manager = mustActor(t, dealerA, staff(1), dealerkit.RoleManager)
	e.advisor = mustActor(t, dealerA, staff(2), dealerkit.RoleServiceAdvisor)
	e.tech = mustActor(t, dealerA, staff(3), dealerkit.RoleTechnician)
	e.tech2 = mustActor(t, dealerA, staff(4), dealerkit.RoleTechnician)
	e.inspector = mustActor(t, dealerA, staff(5), dealerkit.RoleQualityInspector)
	e.clerk = mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	e.gm = mustActor(t, dealerA, staff(7), dealerkit.RoleManager)
	e.otherB = mustActor(t, dealerB, staff(1), dealerkit.RoleManager)
	c, err := dealerkit.NewCustomerActor(dealerA, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	require.NoError(t, err)
	e.customer = c
	return e
}

// vinWith returns a valid VIN: prefix (8 characters), the check digit, suffix (8).
func vinWith(prefix, suffix string) string {
	values := map[byte]int{'0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9,
		'A': 1, 'B': 2, 'C': 3, 'D': 4, 'E': 5, 'F': 6, 'G': 7, 'H': 8, 'J': 1, 'K': 2, 'L': 3, 'M': 4,
		'N': 5, 'P': 7, 'R': 9, 'S': 2, 'T': 3, 'U': 4, 'V': 5, 'W': 6, 'X': 7, 'Y': 8, 'Z': 9}
	weights := []int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	s := prefix + "0" + suffix
	sum := 0
	for i := 0; i < 17; i++ {
		sum += values[s[i]] * weights[i]
	}
	check := byte('0' + sum%11)
	if sum%11 == 10 {
		check = 'X'
	}
	return prefix + string(check) + suffix
}

var (
	testVIN  = vinWith("LSVAU218", "N2183294")
	otherVIN = vinWith("LFV2A21K", "A3000001")
)

func phoneIntake(desc string) IntakeInput {
	return IntakeInput{Channel: ChannelPhone, Category: CategoryRepairQuality, Description: desc,
		Complainant: Complainant{Name: "Li Wei", Phone: "138 0000 0000"}, VIN: testVIN, Model: "Lavida",
		Staff: []Involved{{Staff: staff(2), Role: dealerkit.RoleServiceAdvisor}, {Staff: staff(3), Role: dealerkit.RoleTechnician}}}
}

// record takes a complaint through the service, failing the test on error.
func (e *env) record(in IntakeInput) uuid.UUID {
	e.t.Helper()
	v, err := e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(e.t, err)
	return v.ID
}

func (e *env) get(id uuid.UUID) *Complaint {
	e.t.Helper()
	c, err := e.repo.Get(e.ctx, dealerA, id)
	require.NoError(e.t, err)
	return c
}

// advance drives a complaint through the service until it reaches state s.
func (e *env) advance(id uuid.UUID, s State) {
	e.t.Helper()
	ctx, req := e.ctx, require.New(e.t)
	for e.get(id).State() != s {
		switch cur := e.get(id).State(); cur {
		case StateReceived:
			req.NoError(e.svc.Acknowledge(ctx, e.advisor, id, "customer calmed, brakes still squeal"))
		case StateAcknowledged:
			req.NoError(e.svc.Report(ctx, e.advisor, id, ReportInput{Manager: e.manager.Staff()}))
		case StateReported:
			req.NoError(e.svc.Investigate(ctx, e.manager, id, "pads fitted without shims"))
		case StateInvestigating:
			req.NoError(e.svc.ProposeSolution(ctx, e.manager, id, SolutionInput{RootCause: "process_not_followed", Solution: "refit with shims free of charge"}))
		case StateSolutionProposed:
			req.NoError(e.svc.RecordFeedback(ctx, e.manager, id, FeedbackInput{Accepted: true}))
		case StateAccepted:
			req.NoError(e.svc.Resolve(ctx, e.manager, id, "shims fitted, road tested"))
		case StateResolved:
			req.NoError(e.svc.Verify(ctx, e.advisor, id, VerificationInput{Confirmed: true, Note: "no noise since"}))
		case StateVerified:
			req.NoError(e.svc.Close(ctx, e.advisor, id, ""))
		default:
			e.t.Fatalf("cannot advance from %s to %s", cur, s)
		}
	}
}

// refused asserts that err matches target and that the stored complaint did not change.
func (e *env) refused(id uuid.UUID, target error, call func() error) {
	e.t.Helper()
	before := e.repo.raw(id)
	events := e.repo.eventCount()
	err := call()
	require.ErrorIs(e.t, err, target)
	require.Equal(e.t, before, e.repo.raw(id), "a refused call must leave the stored complaint unchanged")
	require.Equal(e.t, events, e.repo.eventCount(), "a refused call must record no event")
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// repairOrder builds a real repair order of dealerA through the aftersales aggregate, settled
// and answered: accepted and followed up with scores when objection is empty, objected to
// otherwise. It returns the order and the events it recorded, numbered from seq.
func (e *env) repairOrder(vin string, scores map[string]int, objection string, seq int64) (*aftersales.RepairOrder, []dealerkit.Event) {
	e.t.Helper()
	req := require.New(e.t)
	at := t0.Add(-48 * time.Hour)
	tick := func() time.Time { at = at.Add(10 * time.Minute); return at }
	o, err := aftersales.NewRepairOrder(uuid.New(), e.advisor, tick(), aftersales.ReceptionInput{
		ArrivedAt: at, GreetedAt: at.Add(time.Minute), VIN: vin, Plate: "沪A·12345", Model: "Lavida",
		MileageKm: 42000, FuelPercent: 60, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "brakes squeal"}},
		Customer: aftersales.Customer{Name: "Li Wei", Phone: "13800000000"},
	})
	req.NoError(err)
	job := uuid.New()
	req.NoError(o.AddLine(job, e.advisor, tick(), aftersales.LineInput{Kind: aftersales.LineLabour, Description: "replace pads",
		Operation: "BR-01", Quantity: dec("1"), UnitPrice: dec("300"), PayType: aftersales.PayCustomer}))
	req.NoError(o.Decide(e.advisor, tick(), aftersales.DecisionInput{Lines: []uuid.UUID{job}, Approved: true, Channel: aftersales.ChannelInPerson}))
	req.NoError(o.Dispatch(e.advisor, tick(), aftersales.DispatchInput{Line: job, Technician: e.tech.Staff(), PromisedAt: at.Add(3 * time.Hour)}))
	req.NoError(o.ClockOn(e.tech, tick(), job))
	req.NoError(o.ClockOff(e.tech, tick(), job))
	req.NoError(o.CompleteJob(e.tech, tick(), job))
	req.NoError(o.FinishWork(e.advisor, tick()))
	req.NoError(o.RecordCleaning(e.advisor, tick()))
	req.NoError(o.Inspect(e.inspector, tick(), aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "brake test", OK: true}}}))
	req.NoError(o.NotifyReady(e.advisor, tick(), aftersales.ChannelPhone, "ready"))
	req.NoError(o.Settle(e.advisor, tick(), dealerkit.DefaultTax(), dealerkit.DefaultRounding()))
	if objection != "" {
		req.NoError(o.Respond(e.customer, tick(), false, objection))
	} else {
		req.NoError(o.Respond(e.customer, tick(), true, ""))
		req.NoError(o.RecordPayment(e.advisor, tick(), aftersales.PaymentInput{Amount: o.Balance(), Method: "card"}))
		req.NoError(o.Deliver(e.advisor, tick()))
		req.NoError(o.FollowUp(e.advisor, tick(), aftersales.SurveyInput{Channel: aftersales.ChannelPhone, Scores: scores, Comment: "the squeal came back"}))
	}
	events := o.PendingEvents()
	for i := range events {
		events[i].Seq = seq + int64(i)
	}
	o.SetVersion(1)
	e.orders.put(o)
	return o, events
}
