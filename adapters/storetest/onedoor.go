package storetest

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// modelChecks is how many random call sequences the one-door model test runs per store unless
// -rapid.checks says otherwise: enough to walk every door many times, few enough that the
// PostgreSQL run stays within seconds.
const modelChecks = 30

// modelSteps bounds the length of one sequence.
const modelSteps = 14

// testOneDoor is the model-based test of issue 7's one door (§3.4.3, §4.2.1): random sequences of
// public service calls (open, add part and labour lines, approve and decline through
// parts.Service.Approve, the partial aftersales calls that must refuse part lines, issue, return,
// receive stock that fills back-orders, cancel through either service, withdraw consent, work the
// order through to settlement), each sequence at a dealer of its own. After every step, for
// every order and every catalogue part line: the stock still held open for the line is what it
// still needs (approved − issued) while the order is live, and nothing for a cancelled order, a
// declined or undecided line; every stock row's reserved quantity is what the open reservations
// hold in it; on-hand and value are the sums of the movements. Every refusal carries exactly one
// kernel class, and another customer of the same dealer finds the order not found.
func testOneDoor(t *testing.T, f *partsFixture) {
	if fl := flag.Lookup("rapid.checks"); fl != nil && !flagSet("rapid.checks") {
		// A bounded default for CI; -rapid.checks on the command line still wins.
		require.NoError(t, fl.Value.Set(fmt.Sprint(modelChecks)))
		t.Cleanup(func() { _ = fl.Value.Set(fl.DefValue) })
	}
	rapid.Check(t, func(rt *rapid.T) { newDoorModel(rt, f).run(rt) })
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// doorModel is one sequence: a dealer of its own, its staff, two catalogue parts with some
// stock, and what the sequence did that the store cannot say (which lines had parts returned).
type doorModel struct {
	f                                        *partsFixture
	dealer                                   dealerkit.DealerID
	advisor, clerk, manager, tech, inspector dealerkit.Actor
	parts                                    []*parts.Part
	supplier                                 *parts.Supplier
	orders                                   []modelOrder
	returned                                 map[uuid.UUID]bool // part lines that had parts returned
	stranger                                 dealerkit.Actor    // a customer of the dealer who owns no order
}

type modelOrder struct {
	id       uuid.UUID
	customer dealerkit.Actor
}

func newDoorModel(rt *rapid.T, f *partsFixture) *doorModel {
	d := dealerkit.DealerID(f.newID())
	staff := func(n byte, r dealerkit.Role) dealerkit.Actor {
		a, err := dealerkit.NewStaffActor(d, staffID(n), r)
		require.NoError(rt, err)
		return a
	}
	m := &doorModel{f: f, dealer: d, advisor: staff(1, dealerkit.RoleServiceAdvisor), clerk: staff(6, dealerkit.RolePartsClerk),
		manager: staff(7, dealerkit.RoleManager), tech: staff(2, dealerkit.RoleTechnician),
		inspector: staff(5, dealerkit.RoleQualityInspector), returned: map[uuid.UUID]bool{}}
	stranger, err := dealerkit.NewCustomerActor(d, dealerkit.CustomerID(f.newID()))
	require.NoError(rt, err)
	m.stranger = stranger
	m.supplier, err = f.svc.AddSupplier(f.ctx, m.clerk, parts.SupplierInput{Code: "SVW", Name: "SAIC Volkswagen parts centre"})
	require.NoError(rt, err)
	for i, number := range []string{"5Q0 698 151 B", "G 052 195 M4"} {
		p, err := f.svc.AddPart(f.ctx, m.clerk, parts.PartInput{Number: number, Name: parts.Name{Zh: "配件", En: "part"},
			Unit: parts.UnitPiece, Category: "brakes", Bin: fmt.Sprintf("A-0%d", i+1), ListPrice: decimal.RequireFromString("100.00"),
			Sources: []parts.Source{{Supplier: m.supplier.ID(), LeadTimeDays: 5, Preferred: true}}})
		require.NoError(rt, err)
		m.parts = append(m.parts, p)
		if q := rapid.IntRange(0, 4).Draw(rt, "stock "+number); q > 0 {
			m.receive(rt, p, q)
		}
	}
	return m
}

func (m *doorModel) run(rt *rapid.T) {
	actions := map[string]func(*rapid.T){
		"open":               m.open,
		"add part line":      m.addPartLine,
		"approve or decline": m.decide,
		"withdraw consent":   m.withdraw,
		"aftersales decide":  m.aftersalesDecide,
		"aftersales cancel":  m.aftersalesCancel,
		"cancel":             m.cancel,
		"issue":              m.issue,
		"return":             m.giveBack,
		"receive": func(rt *rapid.T) {
			m.receive(rt, rapid.SampledFrom(m.parts).Draw(rt, "part"), rapid.IntRange(1, 3).Draw(rt, "qty"))
		},
		"work and settle": m.settle,
	}
	names := make([]string, 0, len(actions))
	for k := range actions {
		names = append(names, k)
	}
	slices.Sort(names)
	// The calls that move stock come up more often, so sequences reach issue, return and
	// settlement rather than ending at the estimate.
	names = append(names, "approve or decline", "approve or decline", "issue", "issue", "return", "work and settle")
	m.open(rt)
	m.check(rt)
	m.decide(rt) // most orders get an answer before anything else happens to them
	m.check(rt)
	for range rapid.IntRange(modelSteps/2, modelSteps).Draw(rt, "steps") {
		actions[rapid.SampledFrom(names).Draw(rt, "action")](rt)
		m.check(rt)
	}
}

// often is true three times in four; rarely once in four. (rapid leans to the first of a
// sampled list and to small numbers, so the likely outcome comes first.)
func often(rt *rapid.T, label string) bool {
	return rapid.SampledFrom([]bool{true, true, true, false}).Draw(rt, label)
}

func rarely(rt *rapid.T, label string) bool { return !often(rt, label) }

// classed fails unless err is nil or matches exactly one kernel class: a refusal, never a crash.
func classed(rt *rapid.T, err error, what string) {
	rt.Helper()
	if err == nil {
		return
	}
	n := 0
	for _, c := range dealerkit.Classes() {
		if errors.Is(err, c) {
			n++
		}
	}
	require.Equal(rt, 1, n, "%s: %v matches %d kernel classes", what, err, n)
	require.NotEmpty(rt, dealerkit.CodeOf(err), "%s: %v has no code", what, err)
}

func (m *doorModel) order(rt *rapid.T) (modelOrder, *aftersales.RepairOrder) {
	mo := rapid.SampledFrom(m.orders).Draw(rt, "order")
	o, err := m.f.orders.Get(m.f.ctx, m.dealer, mo.id)
	require.NoError(rt, err)
	return mo, o
}

func (m *doorModel) linesOf(o *aftersales.RepairOrder, keep func(aftersales.Line) bool) []uuid.UUID {
	var ids []uuid.UUID
	for _, l := range o.Lines() {
		if keep(l) {
			ids = append(ids, l.ID)
		}
	}
	return ids
}

func (m *doorModel) open(rt *rapid.T) {
	if len(m.orders) >= 3 {
		return
	}
	f := m.f
	cust, err := dealerkit.NewCustomerActor(m.dealer, dealerkit.CustomerID(f.newID()))
	require.NoError(rt, err)
	now := f.clock.Now()
	o, err := f.ro.Open(f.ctx, m.advisor, aftersales.ReceptionInput{ArrivedAt: now, GreetedAt: now, VIN: string(vin1Plain()),
		Plate: "沪A·12345", MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "brakes squeal"}}, Customer: aftersales.Customer{ID: cust.Customer(), Name: "王芳"}})
	require.NoError(rt, err)
	_, err = f.ro.AddLine(f.ctx, m.advisor, o.ID(), aftersales.LineInput{Kind: aftersales.LineLabour, Description: "replace pads",
		Quantity: decimal.RequireFromString("1"), UnitPrice: decimal.RequireFromString("300"), PayType: aftersales.PayCustomer})
	require.NoError(rt, err)
	m.orders = append(m.orders, modelOrder{id: o.ID(), customer: cust})
	m.addPartLineTo(rt, o.ID())
}

func (m *doorModel) addPartLine(rt *rapid.T) {
	mo, _ := m.order(rt)
	m.addPartLineTo(rt, mo.id)
}

func (m *doorModel) addPartLineTo(rt *rapid.T, order uuid.UUID) {
	p := rapid.SampledFrom(m.parts).Draw(rt, "part")
	q := rapid.IntRange(1, 3).Draw(rt, "qty")
	_, err := m.f.ro.AddLine(m.f.ctx, m.advisor, order, aftersales.LineInput{Kind: aftersales.LinePart, Description: "part",
		PartNumber: p.Number().String(), Quantity: decimal.NewFromInt(int64(q)), UnitPrice: decimal.RequireFromString("100"),
		PayType: aftersales.PayCustomer})
	classed(rt, err, "add line") // refused once the order is past the estimate
}

// decide approves or declines some undecided lines through the one door, as the customer or the
// advisor; another customer of the dealer is told the order does not exist.
func (m *doorModel) decide(rt *rapid.T) {
	mo, o := m.order(rt)
	open := m.linesOf(o, func(l aftersales.Line) bool { return l.Status == aftersales.LineProposed })
	if len(open) == 0 {
		return
	}
	lines := open // mostly the whole estimate, as customers answer it
	if rarely(rt, "some lines") {
		lines = rapid.SliceOfNDistinct(rapid.SampledFrom(open), 1, len(open), func(u uuid.UUID) uuid.UUID { return u }).Draw(rt, "lines")
	}
	in := aftersales.DecisionInput{Lines: lines, Approved: often(rt, "approved"), Channel: aftersales.ChannelPhone}
	_, err := m.f.svc.Approve(m.f.ctx, m.stranger, mo.id, in)
	require.ErrorIs(rt, err, dealerkit.ErrNotFound, "another customer's order is not found (§2)")
	actor := m.advisor
	if rapid.Bool().Draw(rt, "by the customer") {
		actor = mo.customer
	}
	_, err = m.f.svc.Approve(m.f.ctx, actor, mo.id, in)
	classed(rt, err, "approve")
}

// withdraw takes back consent to approved lines (§4.2.1) through the one door.
func (m *doorModel) withdraw(rt *rapid.T) {
	mo, o := m.order(rt)
	approved := m.linesOf(o, func(l aftersales.Line) bool { return l.Status == aftersales.LineApproved })
	if len(approved) == 0 {
		return
	}
	line := rapid.SampledFrom(approved).Draw(rt, "line")
	_, err := m.f.svc.Approve(m.f.ctx, mo.customer, mo.id, aftersales.DecisionInput{Lines: []uuid.UUID{line}, Channel: aftersales.ChannelMessage})
	classed(rt, err, "withdraw")
}

// aftersalesDecide tries the partial call: it must refuse any decision naming a part line.
func (m *doorModel) aftersalesDecide(rt *rapid.T) {
	mo, o := m.order(rt)
	all := m.linesOf(o, func(aftersales.Line) bool { return true })
	line := rapid.SampledFrom(all).Draw(rt, "line")
	l, _ := o.Line(line)
	err := m.f.ro.Decide(m.f.ctx, m.advisor, mo.id, aftersales.DecisionInput{Lines: []uuid.UUID{line},
		Approved: rapid.Bool().Draw(rt, "approved"), Channel: aftersales.ChannelPhone})
	if l.Kind == aftersales.LinePart {
		require.ErrorIs(rt, err, aftersales.ErrDecidePartLines)
		require.ErrorIs(rt, err, dealerkit.ErrRefused)
	}
	classed(rt, err, "aftersales decide")
}

// aftersalesCancel tries the partial call: it must refuse an order with approved part lines.
func (m *doorModel) aftersalesCancel(rt *rapid.T) {
	if !rarely(rt, "cancel now") { // cancellations end sequences early: keep them rarer
		return
	}
	mo, o := m.order(rt)
	held := len(m.linesOf(o, func(l aftersales.Line) bool {
		return l.Kind == aftersales.LinePart && l.Status == aftersales.LineApproved
	})) > 0
	err := m.f.ro.Cancel(m.f.ctx, m.advisor, mo.id, "customer left")
	if held && o.State() != aftersales.StateCancelled {
		require.Error(rt, err)
		if !errors.Is(err, aftersales.ErrWrongState) {
			require.ErrorIs(rt, err, aftersales.ErrCancelPartLines)
		}
	}
	classed(rt, err, "aftersales cancel")
}

func (m *doorModel) cancel(rt *rapid.T) {
	if !rarely(rt, "cancel now") {
		return
	}
	mo, _ := m.order(rt)
	classed(rt, m.f.svc.CancelOrder(m.f.ctx, m.advisor, mo.id, "customer withdrew"), "cancel")
}

func (m *doorModel) issue(rt *rapid.T) {
	type target struct{ order, line uuid.UUID }
	// Mostly a line of any order that can take parts, now and then any part line (a refusal).
	var needy []target
	for _, mo := range m.orders {
		o, err := m.f.orders.Get(m.f.ctx, m.dealer, mo.id)
		require.NoError(rt, err)
		for _, l := range o.Lines() {
			if l.Kind == aftersales.LinePart && l.Status == aftersales.LineApproved && l.Issued.LessThan(l.Quantity) {
				needy = append(needy, target{mo.id, l.ID})
			}
		}
	}
	var to target
	if len(needy) > 0 && often(rt, "needy") {
		to = rapid.SampledFrom(needy).Draw(rt, "target")
	} else {
		mo, o := m.order(rt)
		lines := m.linesOf(o, func(l aftersales.Line) bool { return l.Kind == aftersales.LinePart })
		if len(lines) == 0 {
			return
		}
		to = target{mo.id, rapid.SampledFrom(lines).Draw(rt, "line")}
	}
	_, err := m.f.svc.Issue(m.f.ctx, m.clerk, parts.IssueInput{Key: m.f.key(), Order: to.order, Line: to.line,
		Quantity: decimal.NewFromInt(int64(rapid.IntRange(1, 3).Draw(rt, "qty")))})
	classed(rt, err, "issue")
}

func (m *doorModel) giveBack(rt *rapid.T) {
	mo, o := m.order(rt)
	lines := m.linesOf(o, func(l aftersales.Line) bool { return l.Issued.IsPositive() })
	if len(lines) == 0 {
		return
	}
	line := rapid.SampledFrom(lines).Draw(rt, "line")
	_, err := m.f.svc.Return(m.f.ctx, m.clerk, parts.ReturnInput{Key: m.f.key(), Order: mo.id, Line: line,
		Quantity: decimal.NewFromInt(int64(rapid.IntRange(1, 3).Draw(rt, "qty")))})
	classed(rt, err, "return")
	if err == nil {
		m.returned[line] = true
	}
}

// receive buys q of p and receives it: back-orders are filled from it (§3.4.3).
func (m *doorModel) receive(rt *rapid.T, p *parts.Part, q int) {
	f := m.f
	qty := decimal.NewFromInt(int64(q))
	po, err := f.svc.CreatePurchaseOrder(f.ctx, m.clerk, parts.POInput{Supplier: m.supplier.ID(),
		Lines: []parts.POLineInput{{Part: p.ID(), Quantity: qty, UnitCost: decimal.RequireFromString("60.00")}}})
	require.NoError(rt, err)
	require.NoError(rt, f.svc.PlaceOrder(f.ctx, m.clerk, po.ID(), time.Time{}))
	_, err = f.svc.Receive(f.ctx, m.clerk, po.ID(), parts.ReceiptInput{Key: f.key(),
		Lines: []parts.ReceiptLineInput{{Line: po.Lines()[0].ID, Delivered: qty}}})
	require.NoError(rt, err)
}

// settle works the order's approved labour to the end and settles it, stopping at the first
// refusal (work outstanding, an order already settled or cancelled …).
func (m *doorModel) settle(rt *rapid.T) {
	f := m.f
	mo, o := m.order(rt)
	ctx := f.ctx
	step := func(what string, err error) bool {
		classed(rt, err, what)
		return err == nil
	}
	for _, l := range o.Lines() {
		if l.Kind != aftersales.LineLabour || l.Status != aftersales.LineApproved || l.Job != nil {
			continue
		}
		if !step("dispatch", f.ro.Dispatch(ctx, m.advisor, mo.id, aftersales.DispatchInput{Line: l.ID, Technician: m.tech.Staff(),
			PromisedAt: f.clock.Now().Add(48 * time.Hour)})) ||
			!step("clock on", f.ro.ClockOn(ctx, m.tech, mo.id, l.ID)) ||
			!step("clock off", f.ro.ClockOff(ctx, m.tech, mo.id, l.ID)) ||
			!step("complete", f.ro.CompleteJob(ctx, m.tech, mo.id, l.ID)) {
			return
		}
	}
	if !step("finish", f.ro.FinishWork(ctx, m.advisor, mo.id)) ||
		!step("clean", f.ro.RecordCleaning(ctx, m.advisor, mo.id)) ||
		!step("inspect", f.ro.Inspect(ctx, m.inspector, mo.id, aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "road test", OK: true}}})) ||
		!step("ready", f.ro.NotifyReady(ctx, m.advisor, mo.id, aftersales.ChannelPhone, "ready")) {
		return
	}
	_, err := f.ro.Settle(ctx, m.advisor, mo.id)
	classed(rt, err, "settle")
}

// check holds the one-door invariants of the dealer's orders and stock after every step.
func (m *doorModel) check(rt *rapid.T) {
	f := m.f
	open, err := f.repo.ListReservations(f.ctx, m.dealer, parts.ReservationFilter{States: []parts.ReservationState{parts.ReservationOpen}})
	require.NoError(rt, err)
	outstanding := map[uuid.UUID]decimal.Decimal{} // per line: requested − issued of its open reservations
	held := map[stockRowKey]decimal.Decimal{}
	for _, r := range open {
		require.Equal(rt, m.dealer, r.Dealer())
		outstanding[r.Line()] = outstanding[r.Line()].Add(r.Requested().Sub(r.Issued()))
		require.False(rt, r.Held().GreaterThan(r.Requested().Sub(r.Issued())), "reservation %s holds more than it still needs", r.ID())
		for _, a := range r.Allocations() {
			k := stockRowKey{r.Part(), a.Bin}
			held[k] = held[k].Add(a.Quantity)
		}
	}
	catalogued := map[string]bool{}
	for _, p := range m.parts {
		catalogued[p.Number().String()] = true
	}
	for _, mo := range m.orders {
		o, err := f.orders.Get(f.ctx, m.dealer, mo.id)
		require.NoError(rt, err)
		for _, l := range o.Lines() {
			if l.Kind != aftersales.LinePart || !catalogued[l.PartNumber] {
				continue
			}
			got := outstanding[l.ID]
			what := fmt.Sprintf("order %s (%s) line %s (%s, approved %s, issued %s)", o.Number(), o.State(), l.ID, l.Status, l.Quantity, l.Issued)
			switch {
			case o.State() == aftersales.StateCancelled:
				require.True(rt, got.IsZero(), "%s: %s still reserved against a cancelled order", what, got)
				require.True(rt, l.Issued.IsZero(), "%s: parts issued to a cancelled order", what)
			case l.Status != aftersales.LineApproved:
				require.True(rt, got.IsZero(), "%s: %s still reserved for a line not approved", what, got)
				require.True(rt, l.Issued.IsZero(), "%s: parts issued to a line not approved", what)
			case m.returned[l.ID]:
				// A return leaves the fulfilled reservation fulfilled: issuing again takes unreserved
				// stock, so the line may hold less than it needs, never more.
				require.False(rt, got.GreaterThan(l.Quantity.Sub(l.Issued)), "%s: %s reserved", what, got)
			default:
				require.True(rt, got.Equal(l.Quantity.Sub(l.Issued)), "%s: %s reserved, the line still needs %s", what, got, l.Quantity.Sub(l.Issued))
			}
			delete(outstanding, l.ID)
		}
	}
	for line, q := range outstanding {
		require.True(rt, q.IsZero(), "an open reservation of %s for line %s of no order", q, line)
	}

	rows, err := f.repo.ListStock(f.ctx, m.dealer, parts.StockFilter{})
	require.NoError(rt, err)
	moves, err := f.repo.ListMovements(f.ctx, m.dealer, parts.MovementFilter{})
	require.NoError(rt, err)
	onHand := map[stockRowKey]decimal.Decimal{}
	for _, mv := range moves {
		k := stockRowKey{mv.Part, mv.Bin}
		onHand[k] = onHand[k].Add(mv.Quantity)
	}
	for _, r := range rows {
		k := stockRowKey{r.Part(), r.Bin()}
		require.True(rt, onHand[k].Equal(r.OnHand()), "part %s bin %s: on-hand %s, movements %s", r.Part(), r.Bin(), r.OnHand(), onHand[k])
		require.True(rt, held[k].Equal(r.Reserved()), "part %s bin %s: reserved %s, open reservations hold %s", r.Part(), r.Bin(), r.Reserved(), held[k])
		require.False(rt, r.Reserved().GreaterThan(r.OnHand()), "part %s bin %s: reserved %s of %s", r.Part(), r.Bin(), r.Reserved(), r.OnHand())
	}
}

// vin1Plain is a valid VIN without a *testing.T (the model's steps run under *rapid.T).
func vin1Plain() aftersales.VIN {
	for _, c := range "0123456789X" {
		if v, err := aftersales.ParseVIN("LSVAU218" + string(c) + "N2183293"); err == nil {
			return v
		}
	}
	return ""
}

// testCustomerReach: on every store, a customer actor reaches only their own orders through the
// services (§2, issue 7): another customer's order of the same dealer is not found for Get,
// Quote, Decide, Respond and parts.Service.Approve, their list holds only their own orders (the
// store filters by customer id), and nothing changes.
func testCustomerReach(t *testing.T, f *partsFixture) {
	f.addPart(t, dealerA(), "5Q0 698 151 B", parts.UnitSet, "A-01")
	open := func(c dealerkit.Actor) uuid.UUID {
		now := f.clock.Now()
		o, err := f.ro.Open(f.ctx, f.advisor, aftersales.ReceptionInput{ArrivedAt: now, GreetedAt: now, VIN: string(vin1(t)),
			Plate: "沪A·12345", MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
			Concerns: []aftersales.Concern{{Text: "brakes squeal"}}, Customer: aftersales.Customer{ID: c.Customer(), Name: "王芳"}})
		require.NoError(t, err)
		return o.ID()
	}
	other, err := dealerkit.NewCustomerActor(dealerA(), customerID(9))
	require.NoError(t, err)
	mine, theirs := open(f.customer), open(other)
	line, err := f.ro.AddLine(f.ctx, f.advisor, mine, partLineInput(t, "5Q0 698 151 B", "1"))
	require.NoError(t, err)
	before := f.snapshot(t, dealerA())
	orderBefore, err := f.orders.Get(f.ctx, dealerA(), mine)
	require.NoError(t, err)

	_, err = f.ro.Get(f.ctx, other, mine)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "Get")
	require.Equal(t, dealerkit.Code("aftersales.order_not_found"), dealerkit.CodeOf(err))
	_, err = f.ro.Get(f.ctx, f.advisor, f.newID())
	require.ErrorIs(t, err, aftersales.ErrOrderNotFound, "a missing order, as any store reports it")
	require.NotContains(t, err.Error(), "sqlstore", "no adapter's wording reaches a host")
	_, err = f.ro.Quote(f.ctx, other, mine)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "Quote")
	in := aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelMessage}
	require.ErrorIs(t, f.ro.Decide(f.ctx, other, mine, in), dealerkit.ErrNotFound, "Decide")
	require.ErrorIs(t, f.ro.Respond(f.ctx, other, mine, true, ""), dealerkit.ErrNotFound, "Respond")
	_, err = f.svc.Approve(f.ctx, other, mine, in)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "parts.Service.Approve")
	f.requireUnchanged(t, dealerA(), before)
	orderAfter, err := f.orders.Get(f.ctx, dealerA(), mine)
	require.NoError(t, err)
	require.Equal(t, orderBefore.Version(), orderAfter.Version(), "nothing changed")

	page, err := f.ro.List(f.ctx, other, aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.Equal(t, theirs, page.Items[0].ID())
	page, err = f.ro.List(f.ctx, f.customer, aftersales.Query{Customer: other.Customer()})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "a customer's query for another customer still gives only their own")
	require.Equal(t, mine, page.Items[0].ID())

	_, err = f.svc.Approve(f.ctx, f.customer, mine, in)
	require.NoError(t, err, "the order's own customer approves")
	page, err = f.ro.List(f.ctx, f.advisor, aftersales.Query{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.NotEmpty(t, page.Next, "staff page through every order")
}
