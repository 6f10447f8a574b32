package aftersales

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// testRepo is the smallest Repository for the domain's tests: it stores JSON snapshots, so tests
// see exactly what a store would give back, and holds one lock through each Update, so updates
// never conflict. The adapters' own behaviour (versions, conflicts, ordering) is proven in
// adapters/storetest.
type testRepo struct {
	mu     sync.Mutex
	orders map[uuid.UUID][]byte
	events []dealerkit.Event
}

func newTestRepo() *testRepo { return &testRepo{orders: map[uuid.UUID][]byte{}} }

func (r *testRepo) Create(_ context.Context, o *RepairOrder) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.orders[o.ID()]; ok {
		return dealerkit.ErrConflict
	}
	return r.save(o, 1)
}

func (r *testRepo) save(o *RepairOrder, version int64) error {
	s := o.Snapshot()
	s.Version = version
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	r.orders[o.ID()] = b
	r.events = append(r.events, o.PendingEvents()...)
	o.SetVersion(version)
	return nil
}

func (r *testRepo) load(dealer dealerkit.DealerID, id uuid.UUID) (*RepairOrder, error) {
	b, ok := r.orders[id]
	if !ok {
		return nil, dealerkit.ErrNotFound
	}
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	if s.Dealer != dealer {
		return nil, dealerkit.ErrNotFound
	}
	return RestoreRepairOrder(s)
}

func (r *testRepo) Get(_ context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*RepairOrder, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.load(dealer, id)
}

func (r *testRepo) Update(_ context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*RepairOrder) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, err := r.load(dealer, id)
	if err != nil {
		return err
	}
	if err := fn(o); err != nil {
		return err
	}
	return r.save(o, o.Version()+1)
}

func (r *testRepo) List(_ context.Context, dealer dealerkit.DealerID, f Filter) ([]*RepairOrder, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*RepairOrder
	for id := range r.orders {
		o, err := r.load(dealer, id)
		if err != nil {
			continue
		}
		if f.Matches(o) {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return compareUUID(out[i].ID(), out[j].ID()) < 0 }) // by id, as the contract says
	return out, nil
}

// raw returns the stored bytes, to prove a refused call changed nothing.
func (r *testRepo) raw(id uuid.UUID) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return string(r.orders[id])
}

// fakeQualifications qualifies everyone except the listed technicians; a skill listed in skills
// is held only by the technicians listed for it.
type fakeQualifications struct {
	refused map[dealerkit.StaffID]bool
	skills  map[string][]dealerkit.StaffID
}

func (f *fakeQualifications) Qualify(_ context.Context, _ dealerkit.DealerID, t dealerkit.StaffID, skill string, _ time.Time) error {
	if f.refused[t] {
		return ErrNotQualified
	}
	holders, restricted := f.skills[skill]
	if !restricted {
		return nil
	}
	for _, h := range holders {
		if h == t {
			return nil
		}
	}
	return ErrNotQualified
}

// fakeEquipment has every piece in service except those listed; broken fails every check.
type fakeEquipment struct {
	outOfService map[string]bool
	broken       error
}

func (f *fakeEquipment) CheckUsable(_ context.Context, _ dealerkit.DealerID, eq string, _ time.Time) error {
	if f.broken != nil {
		return f.broken
	}
	if f.outOfService[eq] {
		return &EquipmentError{Equipment: eq}
	}
	return nil
}

// clock is a manual clock: each reading advances it by a minute, so every step has its own time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var (
	t0      = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	dealerA = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d00a"))
	dealerB = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d00b"))
)

func staff(n byte) dealerkit.StaffID {
	return dealerkit.StaffID(uuid.UUID{15: n, 0: 0x5a})
}

func mustActor(t testing.TB, dealer dealerkit.DealerID, s dealerkit.StaffID, roles ...dealerkit.Role) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(dealer, s, roles...)
	require.NoError(t, err)
	return a
}

// env is a service over a test repository with the dealership's staff.
type env struct {
	t                                        testing.TB
	ctx                                      context.Context
	repo                                     *testRepo
	svc                                      *Service
	clock                                    *clock
	qual                                     *fakeQualifications
	equip                                    *fakeEquipment
	manager, advisor, tech, tech2, inspector dealerkit.Actor
	customer, clerk                          dealerkit.Actor
}

// customerA is the customer of the fixture's orders.
var customerA = dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001"))

// decide is Service.Decide, and for a decision on part lines what parts.Service.Approve does to
// the order (this package's tests cannot import parts): the same permission and customer checks,
// then RepairOrder.Decide in the store's update, without the stock.
func (e *env) decide(actor dealerkit.Actor, id uuid.UUID, in DecisionInput) error {
	err := e.svc.Decide(e.ctx, actor, id, in)
	if !errors.Is(err, ErrDecidePartLines) {
		return err
	}
	return e.partsDoor(actor, dealerkit.ActionApproveWork, id, func(o *RepairOrder, now time.Time) error { return o.Decide(actor, now, in) })
}

// cancel is Service.Cancel, and for an order with approved part lines what
// parts.Service.CancelOrder does to the order, without the stock.
func (e *env) cancel(actor dealerkit.Actor, id uuid.UUID, reason string) error {
	err := e.svc.Cancel(e.ctx, actor, id, reason)
	if !errors.Is(err, ErrCancelPartLines) {
		return err
	}
	return e.partsDoor(actor, dealerkit.ActionCancelRepairOrder, id, func(o *RepairOrder, now time.Time) error { return o.Cancel(actor, now, reason) })
}

func (e *env) partsDoor(actor dealerkit.Actor, action dealerkit.Action, id uuid.UUID, fn func(*RepairOrder, time.Time) error) error {
	now := e.clock.Now()
	if err := dealerkit.Authorize(nil, actor, action, now); err != nil {
		return err
	}
	return e.repo.Update(e.ctx, actor.Dealer(), id, func(o *RepairOrder) error {
		if err := reach(actor, o); err != nil {
			return err
		}
		return fn(o, now)
	})
}

func newEnv(t testing.TB, opts *Options) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), repo: newTestRepo(), clock: &clock{t: t0},
		qual: &fakeQualifications{}, equip: &fakeEquipment{}}
	if opts == nil {
		opts = &Options{}
	}
	opts.Now, opts.NewID = e.clock.Now, dealerkit.SequentialIDs()
	svc, err := NewService(e.repo, e.qual, e.equip, opts)
	require.NoError(t, err)
	e.svc = svc
	e.manager = mustActor(t, dealerA, staff(1), dealerkit.RoleManager)
	e.advisor = mustActor(t, dealerA, staff(2), dealerkit.RoleServiceAdvisor)
	e.tech = mustActor(t, dealerA, staff(3), dealerkit.RoleTechnician)
	e.tech2 = mustActor(t, dealerA, staff(4), dealerkit.RoleTechnician)
	e.inspector = mustActor(t, dealerA, staff(5), dealerkit.RoleQualityInspector)
	e.clerk = mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	c, err := dealerkit.NewCustomerActor(dealerA, customerA)
	require.NoError(t, err)
	e.customer = c
	return e
}

// vinWith returns a valid VIN made of prefix (8 characters) and suffix (8), with the right check
// digit in between.
func vinWith(prefix, suffix string) string {
	s := prefix + "0" + suffix
	sum := 0
	for i := 0; i < 17; i++ {
		sum += vinValues[s[i]] * vinWeights[i]
	}
	check := byte('0' + sum%11)
	if sum%11 == 10 {
		check = 'X'
	}
	return prefix + string(check) + suffix
}

var testVIN = vinWith("LSVAU218", "N2183294")

func reception(arrived time.Time) ReceptionInput {
	return ReceptionInput{
		ArrivedAt: arrived, GreetedAt: arrived.Add(90 * time.Second), VIN: testVIN, Plate: "沪A·12345",
		Model: "Lavida", MileageKm: 42000, FuelPercent: 60, WalkAroundDone: true,
		Findings:   []Finding{{Area: "rear bumper", Description: "scratch 5 cm"}},
		Belongings: []string{"umbrella"},
		Concerns:   []Concern{{Text: "Brakes squeal when stopping", Code: "brakes.noise"}},
		Visit:      VisitWaiting, Customer: Customer{ID: customerA, Name: "Li Wei", Phone: "13800000000"},
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func labour(desc, hours, rate string) LineInput {
	return LineInput{Kind: LineLabour, Description: desc, Operation: "OP-" + desc, Category: CategoryMinor,
		Quantity: dec(hours), UnitPrice: dec(rate), PayType: PayCustomer}
}

func part(desc, number, qty, price string) LineInput {
	return LineInput{Kind: LinePart, Description: desc, PartNumber: number, Quantity: dec(qty),
		UnitPrice: dec(price), PayType: PayCustomer}
}

// ro is an order under test with the ids of its lines.
type ro struct {
	id            uuid.UUID
	job, partLine uuid.UUID
}

func (e *env) open() ro {
	e.t.Helper()
	o, err := e.svc.Open(e.ctx, e.advisor, reception(e.clock.Now()))
	require.NoError(e.t, err)
	job, err := e.svc.AddLine(e.ctx, e.advisor, o.ID(), labour("replace brake pads", "1.5", "300"))
	require.NoError(e.t, err)
	p, err := e.svc.AddLine(e.ctx, e.advisor, o.ID(), part("brake pads", "BP-100", "1", "480"))
	require.NoError(e.t, err)
	return ro{id: o.ID(), job: job, partLine: p}
}

func (e *env) get(id uuid.UUID) *RepairOrder {
	e.t.Helper()
	o, err := e.svc.Get(e.ctx, e.manager, id)
	require.NoError(e.t, err)
	return o
}

// advance drives r's order through the flow until it reaches state s.
func (e *env) advance(r ro, s State) {
	e.t.Helper()
	ctx, req := e.ctx, require.New(e.t)
	for e.get(r.id).State() != s {
		switch cur := e.get(r.id).State(); cur {
		case StateReceived:
			req.NoError(e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job, r.partLine}, Approved: true, Channel: ChannelInPerson}))
		case StateApproved:
			req.NoError(e.svc.Dispatch(ctx, e.advisor, r.id, DispatchInput{Line: r.job, Technician: e.tech.Staff(), PromisedAt: e.clock.t.Add(3 * time.Hour)}))
		case StateInProgress:
			req.NoError(e.svc.ClockOn(ctx, e.tech, r.id, r.job))
			e.clock.Advance(80 * time.Minute)
			req.NoError(e.svc.ClockOff(ctx, e.tech, r.id, r.job))
			req.NoError(e.svc.CompleteJob(ctx, e.tech, r.id, r.job))
			req.NoError(e.svc.FinishWork(ctx, e.advisor, r.id))
		case StateWorkDone:
			req.NoError(e.svc.RecordCleaning(ctx, e.advisor, r.id))
		case StateCleaned:
			req.NoError(e.svc.Inspect(ctx, e.inspector, r.id, InspectionInput{Checklist: []CheckItem{{Item: "brake test", OK: true}}}))
		case StateReady:
			req.NoError(e.svc.NotifyReady(ctx, e.advisor, r.id, ChannelPhone, "your car is ready"))
			_, err := e.svc.Settle(ctx, e.advisor, r.id)
			req.NoError(err)
		case StateSettled:
			req.NoError(e.svc.Respond(ctx, e.customer, r.id, true, ""))
		case StateAccepted:
			req.NoError(e.svc.RecordPayment(ctx, e.advisor, r.id, PaymentInput{Amount: e.get(r.id).Balance(), Method: "card"}))
			req.NoError(e.svc.Deliver(ctx, e.advisor, r.id))
		case StateDelivered:
			req.NoError(e.svc.FollowUp(ctx, e.advisor, r.id, SurveyInput{Channel: ChannelPhone, Scores: map[string]int{"overall": 9}}))
		default:
			e.t.Fatalf("cannot advance from %s to %s", cur, s)
		}
	}
}

// refused asserts that err matches target and that the stored order did not change.
func (e *env) refused(id uuid.UUID, target error, call func() error) {
	e.t.Helper()
	before := e.repo.raw(id)
	events := len(e.repo.events)
	err := call()
	require.ErrorIs(e.t, err, target)
	require.Equal(e.t, before, e.repo.raw(id), "a refused call must leave the stored order unchanged")
	require.Len(e.t, e.repo.events, events, "a refused call must record no event")
}
