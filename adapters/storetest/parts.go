package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// PartsStore is what the parts suite needs of an adapter: the parts repository, the repair orders
// parts are issued against (in the same transactions), the event log and transactions. It is
// separate from Store so that an adapter can be proven one repository at a time.
type PartsStore interface {
	Parts() parts.Repository
	RepairOrders() aftersales.Repository
	dealerkit.EventReader
	dealerkit.Transactor
}

// PostFaultInjector is an optional interface of a PartsStore built for tests: it makes Post fail
// between the stock change and the movement insert, so the suite can check that nothing of the
// posting persists. InjectPostFault(fail) applies to every later Post: where fail returns an
// error, Post has changed the stock rows and not yet stored the posting's movements, and it
// returns that error. A nil fail removes the fault. Without it RunParts skips that test.
type PostFaultInjector interface {
	InjectPostFault(fail func(*parts.Posting) error)
}

// RunParts runs the parts.Repository contract against the stores newStore returns, and the
// reliability tests of the parts ledger: concurrent issues of the last unit, random concurrent
// postings over two dealers, concurrent retries under one idempotency key, pick lists locking in
// opposite orders, and a failure injected halfway through a posting (PostFaultInjector). The
// reliability tests run parts.Service over the adapter, as a host does. Every sub-test calls
// newStore once and expects an empty store; newStore registers its own clean-up with t.Cleanup.
// Run it with the race detector.
func RunParts(t *testing.T, newStore func(t *testing.T) PartsStore) {
	for _, tc := range append(partsContractTests(), partsReliabilityTests()...) {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newPartsFixture(t, newStore(t), nil))
		})
	}
}

type partsTest struct {
	name string
	run  func(t *testing.T, f *partsFixture)
}

// partsFixture is a parts Service and a repair-order Service over one store, with a clock that
// moves a minute per reading and sequential ids, and the staff of two dealers.
type partsFixture struct {
	ctx    context.Context
	store  PartsStore
	repo   parts.Repository
	orders aftersales.Repository
	svc    *parts.Service
	ro     *aftersales.Service
	clock  *partsClock
	newID  func() uuid.UUID
	keys   atomic.Int64

	clerk, manager, manager2, advisor, customer dealerkit.Actor // dealer A
	clerkB, managerB                            dealerkit.Actor // dealer B

	mu        sync.Mutex
	suppliers map[dealerkit.DealerID]*parts.Supplier
}

type partsClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *partsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

func newPartsFixture(t *testing.T, s PartsStore, opts *parts.Options) *partsFixture {
	t.Helper()
	f := &partsFixture{ctx: t.Context(), store: s, repo: s.Parts(), orders: s.RepairOrders(),
		clock: &partsClock{t: t0()}, newID: dealerkit.SequentialIDs(), suppliers: map[dealerkit.DealerID]*parts.Supplier{}}
	if opts == nil {
		opts = &parts.Options{}
	}
	opts.Now, opts.NewID = f.clock.Now, f.newID
	svc, err := parts.NewService(f.repo, f.orders, s, opts)
	require.NoError(t, err)
	f.svc = svc
	ro, err := aftersales.NewService(f.orders, partsAnyoneQualified{}, partsAllUsable{},
		&aftersales.Options{Now: f.clock.Now, NewID: f.newID})
	require.NoError(t, err)
	f.ro = ro
	staff := func(d dealerkit.DealerID, n byte, r dealerkit.Role) dealerkit.Actor {
		a, err := dealerkit.NewStaffActor(d, staffID(n), r)
		require.NoError(t, err)
		return a
	}
	f.clerk = staff(dealerA(), 6, dealerkit.RolePartsClerk)
	f.manager = staff(dealerA(), 7, dealerkit.RoleManager)
	f.manager2 = staff(dealerA(), 8, dealerkit.RoleManager)
	f.advisor = staff(dealerA(), 1, dealerkit.RoleServiceAdvisor)
	f.clerkB = staff(dealerB(), 6, dealerkit.RolePartsClerk)
	f.managerB = staff(dealerB(), 7, dealerkit.RoleManager)
	f.customer, err = dealerkit.NewCustomerActor(dealerA(), dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	require.NoError(t, err)
	return f
}

type partsAnyoneQualified struct{}

func (partsAnyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type partsAllUsable struct{}

func (partsAllUsable) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

// key returns a fresh idempotency key.
func (f *partsFixture) key() string { return fmt.Sprintf("k-%d", f.keys.Add(1)) }

func (f *partsFixture) clerkOf(d dealerkit.DealerID) dealerkit.Actor {
	if d == dealerB() {
		return f.clerkB
	}
	return f.clerk
}

// supplier returns the dealer's supplier, adding it on first use.
func (f *partsFixture) supplier(t *testing.T, d dealerkit.DealerID) *parts.Supplier {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.suppliers[d]; s != nil {
		return s
	}
	s, err := f.svc.AddSupplier(f.ctx, f.clerkOf(d), parts.SupplierInput{Code: "SVW", Name: "SAIC Volkswagen parts centre"})
	require.NoError(t, err)
	f.suppliers[d] = s
	return s
}

// addPart adds a catalogue part of dealer d through the Service.
func (f *partsFixture) addPart(t *testing.T, d dealerkit.DealerID, number string, unit parts.Unit, bin string) *parts.Part {
	t.Helper()
	sup := f.supplier(t, d)
	p, err := f.svc.AddPart(f.ctx, f.clerkOf(d), parts.PartInput{Number: number, Name: parts.Name{Zh: "配件 " + number, En: "part " + number},
		Unit: unit, Category: "brakes", Bin: bin, ListPrice: decimal.RequireFromString("100.00"),
		Sources: []parts.Source{{Supplier: sup.ID(), LeadTimeDays: 5, Preferred: true}}})
	require.NoError(t, err)
	return p
}

// buy orders qty of p at cost and receives all of it into p's default bin, through the Service.
func (f *partsFixture) buy(t *testing.T, p *parts.Part, qty, cost string) parts.Receipt {
	t.Helper()
	d := p.Dealer()
	o, err := f.svc.CreatePurchaseOrder(f.ctx, f.clerkOf(d), parts.POInput{Supplier: f.supplier(t, d).ID(),
		Lines: []parts.POLineInput{{Part: p.ID(), Quantity: dec(t, qty), UnitCost: dec(t, cost)}}})
	require.NoError(t, err)
	require.NoError(t, f.svc.PlaceOrder(f.ctx, f.clerkOf(d), o.ID(), time.Time{}))
	rc, err := f.svc.Receive(f.ctx, f.clerkOf(d), o.ID(), parts.ReceiptInput{Key: f.key(),
		Lines: []parts.ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec(t, qty), UnitCost: dec(t, cost)}}})
	require.NoError(t, err)
	return rc
}

// newPosting builds a posting of dealer d's clerk with the default rounding; Method zero means the
// moving average, Key empty a fresh key, Reason empty "storetest".
func (f *partsFixture) newPosting(t *testing.T, d dealerkit.DealerID, in parts.PostingInput) *parts.Posting {
	t.Helper()
	if in.Key == "" {
		in.Key = f.key()
	}
	if in.Method == 0 {
		in.Method = parts.MovingAverage
	}
	if in.Rounding == (dealerkit.Rounding{}) {
		in.Rounding = dealerkit.DefaultRounding()
	}
	if in.Reference.Kind == "" {
		in.Reference = parts.Reference{Kind: parts.RefManual}
	}
	if in.Reason == "" {
		in.Reason = "storetest"
	}
	for i := range in.Lines {
		if in.Lines[i].ID == uuid.Nil {
			in.Lines[i].ID = f.newID()
		}
	}
	p, err := parts.NewPosting(f.newID(), f.clerkOf(d), f.clock.Now(), in)
	require.NoError(t, err)
	return p
}

// receipt posts a receipt of qty at cost (4 places) into a row, valued round(qty × cost).
func (f *partsFixture) receipt(t *testing.T, d dealerkit.DealerID, part uuid.UUID, bin, qty, cost string) *parts.Posting {
	t.Helper()
	p := f.newPosting(t, d, receiptInput(t, part, bin, qty, cost))
	require.NoError(t, f.repo.Post(f.ctx, p))
	return p
}

func receiptInput(t *testing.T, part uuid.UUID, bin, qty, cost string) parts.PostingInput {
	q, c := dec(t, qty), dec(t, cost)
	return parts.PostingInput{Kind: parts.MoveReceipt, Reference: parts.Reference{Kind: parts.RefPurchaseOrder},
		Lines: []parts.PostingLine{{Part: part, Bin: bin, Quantity: q, UnitCost: c, Value: dealerkit.DefaultRounding().Round(q.Mul(c))}}}
}

// issueInput is an issue of qty from a row (a negative quantity), releasing unreserve of its hold.
func issueInput(part uuid.UUID, bin string, qty, unreserve decimal.Decimal) parts.PostingInput {
	return parts.PostingInput{Kind: parts.MoveIssue, Reference: parts.Reference{Kind: parts.RefRepairOrder},
		Lines: []parts.PostingLine{{Part: part, Bin: bin, Quantity: qty.Neg(), Unreserve: unreserve}}}
}

// row returns a stock row, failing t if there is none.
func (f *partsFixture) row(t *testing.T, d dealerkit.DealerID, part uuid.UUID, bin string) *parts.Stock {
	t.Helper()
	r, err := f.repo.GetStock(f.ctx, d, part, bin)
	require.NoError(t, err, "GetStock %s %q", part, bin)
	return r
}

// requireDecimal fails t unless got is want, value and scale.
func requireDecimal(t *testing.T, want string, got decimal.Decimal, what string) {
	t.Helper()
	w := dec(t, want)
	require.True(t, w.Equal(got) && w.Exponent() == got.Exponent(), "%s: got %s, want %s", what, dealerkit.FormatExact(got), want)
}

// requireBooks checks the ledger of dealer d, as the issue's reliability tests state it: every
// row's on-hand and value are the sums of its movements' quantities and values, on-hand is never
// negative, 0 ≤ reserved ≤ on-hand, zero quantity means zero value; every movement's balance after
// it is non-negative. It returns the rows.
func (f *partsFixture) requireBooks(t *testing.T, d dealerkit.DealerID) []*parts.Stock {
	t.Helper()
	rows, err := f.repo.ListStock(f.ctx, d, parts.StockFilter{})
	require.NoError(t, err)
	moves, err := f.repo.ListMovements(f.ctx, d, parts.MovementFilter{})
	require.NoError(t, err)
	type sums struct{ q, v decimal.Decimal }
	byRow := map[stockRowKey]sums{}
	for _, m := range moves {
		require.Equal(t, d, m.Dealer, "ListMovements returned another dealer's movement")
		require.False(t, m.OnHandAfter.IsNegative(), "movement %s leaves %s on hand", m.ID, m.OnHandAfter)
		k := stockRowKey{m.Part, m.Bin}
		s := byRow[k]
		byRow[k] = sums{s.q.Add(m.Quantity), s.v.Add(m.Value)}
	}
	for _, r := range rows {
		require.Equal(t, d, r.Dealer(), "ListStock returned another dealer's row")
		s := byRow[stockRowKey{r.Part(), r.Bin()}]
		where := fmt.Sprintf("part %s bin %q", r.Part(), r.Bin())
		require.True(t, s.q.Equal(r.OnHand()), "%s: on-hand %s, movements add up to %s", where, r.OnHand(), s.q)
		require.True(t, s.v.Equal(r.Value()), "%s: value %s, movements add up to %s", where, r.Value(), s.v)
		require.False(t, r.OnHand().IsNegative(), "%s: on-hand %s", where, r.OnHand())
		require.False(t, r.Reserved().IsNegative() || r.Reserved().GreaterThan(r.OnHand()), "%s: reserved %s of %s", where, r.Reserved(), r.OnHand())
		if r.OnHand().IsZero() {
			require.True(t, r.Value().IsZero(), "%s: nothing on hand is worth %s", where, r.Value())
		}
		delete(byRow, stockRowKey{r.Part(), r.Bin()})
	}
	require.Empty(t, byRow, "movements of rows that do not exist")
	return rows
}

type stockRowKey struct {
	part uuid.UUID
	bin  string
}

// repairOrder opens a repair order of dealer A with the given part lines (left proposed) and
// returns its id and the lines' ids.
func (f *partsFixture) repairOrder(t *testing.T, lines ...aftersales.LineInput) (uuid.UUID, []uuid.UUID) {
	t.Helper()
	now := f.clock.Now()
	o, err := f.ro.Open(f.ctx, f.advisor, aftersales.ReceptionInput{ArrivedAt: now, GreetedAt: now, VIN: string(vin1(t)),
		Plate: "沪A·12345", MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "brakes squeal"}}})
	require.NoError(t, err)
	var ids []uuid.UUID
	for _, l := range lines {
		id, err := f.ro.AddLine(f.ctx, f.advisor, o.ID(), l)
		require.NoError(t, err)
		ids = append(ids, id)
	}
	return o.ID(), ids
}

func partLineInput(t *testing.T, number, qty string) aftersales.LineInput {
	return aftersales.LineInput{Kind: aftersales.LinePart, Description: "part " + number, PartNumber: number,
		Quantity: dec(t, qty), UnitPrice: dec(t, "100"), PayType: aftersales.PayCustomer}
}

// approvedOrder opens a repair order with the part lines and approves them through the parts
// Service, which reserves stock for them (§3.4.3).
func (f *partsFixture) approvedOrder(t *testing.T, lines ...aftersales.LineInput) (uuid.UUID, []uuid.UUID) {
	t.Helper()
	id, ls := f.repairOrder(t, lines...)
	_, err := f.svc.Approve(f.ctx, f.advisor, id, aftersales.DecisionInput{Lines: ls, Approved: true, Channel: aftersales.ChannelInPerson})
	require.NoError(t, err)
	return id, ls
}

// decidedOrder opens a repair order with the part lines approved (parts.Service.Approve, the one
// door) and what that held released again (ReleaseOrder): approved lines with no stock held.
func (f *partsFixture) decidedOrder(t *testing.T, lines ...aftersales.LineInput) (uuid.UUID, []uuid.UUID) {
	t.Helper()
	id, ls := f.approvedOrder(t, lines...)
	require.NoError(t, f.svc.ReleaseOrder(f.ctx, f.clerk, id, "held stock given to another order"))
	return id, ls
}

func (f *partsFixture) orderLine(t *testing.T, order, line uuid.UUID) aftersales.Line {
	t.Helper()
	o, err := f.orders.Get(f.ctx, dealerA(), order)
	require.NoError(t, err)
	l, ok := o.Line(line)
	require.True(t, ok)
	return l
}

func (f *partsFixture) partsEvents(t *testing.T, d dealerkit.DealerID) []dealerkit.Event {
	t.Helper()
	evs, err := f.store.Events(f.ctx, d, 0, 100_000)
	require.NoError(t, err)
	return evs
}

// snapshot is everything of dealer d the suite can read back, for "nothing changed" checks.
type partsSnapshot struct {
	Stock     []parts.StockSnapshot
	Movements []parts.Movement
	Events    int
}

func (f *partsFixture) snapshot(t *testing.T, d dealerkit.DealerID) partsSnapshot {
	t.Helper()
	rows, err := f.repo.ListStock(f.ctx, d, parts.StockFilter{})
	require.NoError(t, err)
	moves, err := f.repo.ListMovements(f.ctx, d, parts.MovementFilter{})
	require.NoError(t, err)
	s := partsSnapshot{Movements: moves, Events: len(f.partsEvents(t, d))}
	for _, r := range rows {
		s.Stock = append(s.Stock, r.Snapshot())
	}
	return s
}

func (f *partsFixture) requireUnchanged(t *testing.T, d dealerkit.DealerID, before partsSnapshot) {
	t.Helper()
	requireSame(t, "books", before, f.snapshot(t, d))
}
