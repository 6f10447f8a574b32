package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The parts side of the month (§3.4), through parts.Service on the same store, clock and ids as
// the workshop.
//
// The catalogue (parts_catalogue.go) dates from long before the month: a pair of brake discs for a
// model the dealership no longer services was bought then and has not moved since. The opening
// stock, sized on the month's forecast demand, was ordered from each supplier its lead time before
// the month and received on its last business day. In the month:
//
//   - Approving an estimate or extra work goes through parts.Service.Approve, which records the
//     decision and reserves stock for the approved part lines in one transaction (§3.4.3). A
//     shortage is back-ordered, and the advisor phones the customer with the date the part is
//     expected; the evening's replenishment run orders it.
//   - When a technician clocks on, the clerk picks the order's parts (Pick, one posting per pick
//     list, with an idempotency key): what is held for each line, and unreserved stock for the
//     rest. A line still short waits for its back-order, and so does the finishing of the order.
//     The first pick of the month is scanned twice and returns the first posting.
//   - Now and then a part goes back unused (Return): the engine took 4.0 litres, or one of two
//     tyres or four plugs was not needed. The customer pays for what was fitted.
//   - Every evening the clerk drafts purchase orders from the replenishment plan (manual min/max
//     for the fast movers, reorder points from the ledger's demand for the rest, every back-order)
//     and places them. Suppliers deliver by the expected day or a day or two late; some lines come
//     short and the rest follows; the month's first delivery from the carmaker has one unit
//     rejected at the receiving inspection, which stays outstanding until replaced; fluids the
//     carmaker invoices from mid-month cost 2.5% more. Back-orders are allocated from the
//     receipts, and the orders waiting for them are picked and finished. The first delivery note
//     is scanned twice and gives back the first receipt.
//   - On the last business day, from opening, two clerks count every bin, blind, while parts are
//     issued and received as on any morning. The shelves differ from the book where the month left
//     unbooked traces (shelfDiscrepancies); lines over the policy's threshold are recounted by the
//     other clerk, one first count is simply wrong and the recount puts it right; the manager, who
//     counted nothing, approves and the variances are posted as adjustments (§3.1, §3.4.4).
//
// Parts behaviour draws on its own random stream, like the complaints.

// partsStats counts what the parts side of the simulation did, for the test.
type partsStats struct {
	Shortages  int // part lines short of stock when approved: back-ordered in part or whole
	Picks      int // pick lists issued
	Returns    int // part lines with parts returned unused
	Placed     int // purchase orders placed in the month
	Deliveries int // deliveries received in the month
	Partial    int // delivery lines short of what was outstanding
	Rejected   int // delivery lines with goods rejected at the receiving inspection
	Repriced   int // delivery lines invoiced above the agreed cost
	Replays    int // requests sent twice under one key that gave back the first result
	Planted    int // stocktake lines whose shelf differed from the book
	Miscounts  int // first counts that were wrong
}

// partLine is the simulation's view of one part line of a visit.
type partLine struct {
	id       uuid.UUID
	p        part
	extra    bool
	approved bool
}

// shelfDiscrepancies are what happened to the shelves in the month without being booked: what the
// stocktake should find. A loss is never more than the unreserved stock: what is held for repair
// orders is on its way to them.
var shelfDiscrepancies = []struct {
	number string
	qty    decimal.Decimal
	what   string
}{
	{"G 052 195 M4", dec("-3.5"), "a drum tap left open"},
	{"3G1 998 002", dec("-1"), "a set damaged and binned without a slip"},
	{"5Q0 819 653", dec("1"), "a filter put back after a job without a return slip"},
	{"000 915 105 DE", dec("-1"), "a battery gone missing"},
}

// miscounted is the part whose first count is wrong, by more than the recount threshold.
const miscounted = "04E 905 612 C"

// rejectReasons are what the receiving inspection finds wrong, by category (§3.4.2).
var rejectReasons = map[string]string{
	"brakes": "friction material cracked", "filters": "carton crushed, element torn", "fluids": "seal broken",
	"engine": "connector housing cracked", "drivetrain": "pressure plate warped", "body": "frame bent in transit",
	"electrical": "case cracked", "tyres": "sidewall cut",
}

// partsPolicy is the dealer's parts policy: the library's defaults (moving average, half-up to
// the cent, recount over 200.00 or 5%, obsolete after 12 months) with demand measured over 30
// days, as the dealership's history here is one month long.
func partsPolicy(dealer dealerkit.DealerID) (*dealerkit.Table[parts.Policy], error) {
	p := parts.DefaultPolicy()
	p.DemandWindowDays = 30
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("parts policy: %w", err)
	}
	return &dealerkit.Table[parts.Policy]{Dealers: map[dealerkit.DealerID]dealerkit.Versions[parts.Policy]{
		dealer: dealerkit.Single("parts-2025", p)}}, nil
}

func (s *sim) pchance(p float64) bool { return s.prng.Float64() < p }

func (s *sim) pbetween(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(s.prng.Int64N(int64((hi-lo)/time.Second)))*time.Second
}

// clerk is whoever is at the parts counter.
func (s *sim) clerk() person { return s.clerks[s.prng.IntN(len(s.clerks))] }

// businessDaysAfter is the opening of the nth business day after t's day.
func businessDaysAfter(t time.Time, n int) time.Time {
	d := opening(t)
	for range n {
		d = nextOpening(d)
	}
	return d
}

// lastBusinessDayBefore is the opening of the last business day before t's day.
func lastBusinessDayBefore(t time.Time) time.Time {
	d := opening(t).AddDate(0, 0, -1)
	for !isBusinessDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return opening(d)
}

func (s *sim) businessDays() []time.Time {
	var days []time.Time
	for d := s.start; d.Before(s.end); d = d.AddDate(0, 0, 1) {
		if isBusinessDay(d) {
			days = append(days, opening(d))
		}
	}
	return days
}

func (s *sim) spec(n parts.PartNumber) stockedPart { return s.specs[n] }

// setupParts builds the catalogue and the stock the month starts with, on the clock of the days
// they happened, and leaves the clock at the start of the month.
func (s *sim) setupParts(ctx context.Context) error {
	if err := checkCatalogue(); err != nil {
		return err
	}
	clerk := s.clerks[0].actor
	month := forecast(s.cfg.Orders)
	days := len(s.businessDays())
	legacy := lastBusinessDayBefore(s.start.AddDate(0, -15, 0))
	s.clock = legacy.Add(30 * time.Minute)
	for _, sp := range supplierSpecs {
		sup, err := s.ps.AddSupplier(ctx, clerk, parts.SupplierInput{Code: sp.code, Name: sp.name})
		if err != nil {
			return fmt.Errorf("supplier %s: %w", sp.code, err)
		}
		s.supplierIDs[sp.code], s.supplierCodes[sup.ID()] = sup.ID(), sp.code
	}
	openingQty := map[string]decimal.Decimal{}
	for _, sp := range catalogue {
		qty, lo, hi := sp.levels(month[sp.number], days)
		in := parts.PartInput{Number: sp.number, Name: parts.Name{Zh: sp.zh, En: sp.en}, Unit: sp.unit,
			Category: sp.category, Bin: sp.bin, ListPrice: sp.price(), Min: lo, Max: hi,
			Sources: []parts.Source{{Supplier: s.supplierIDs[sp.supplier], LeadTimeDays: sp.lead(), Preferred: true}}}
		if sp.alt != "" {
			alt, _ := supplierByCode(sp.alt)
			in.Sources = append(in.Sources, parts.Source{Supplier: s.supplierIDs[sp.alt], LeadTimeDays: alt.leadDays})
		}
		p, err := s.ps.AddPart(ctx, clerk, in)
		if err != nil {
			return fmt.Errorf("catalogue %s: %w", sp.number, err)
		}
		s.partsByNo[p.Number()], s.specs[p.Number()] = p, sp
		openingQty[sp.number] = qty
	}
	// The legacy stock: bought then, discontinued with its model two months later.
	for _, sp := range catalogue {
		if !sp.legacy {
			continue
		}
		o, err := s.order(ctx, sp.supplier, "PO"+legacy.Format("0601")+"-"+sp.bin,
			[]parts.POLineInput{{Number: sp.number, Quantity: dec("2"), UnitCost: sp.cost}}, legacy, sp.lead())
		if err != nil {
			return err
		}
		s.clock = opening(o.ExpectedAt()).Add(time.Hour)
		if err := s.receiveAll(ctx, sp.supplier, o); err != nil {
			return err
		}
		s.clock = opening(legacy.AddDate(0, 2, 0))
		if err := s.ps.SetPartActive(ctx, s.manager.actor, s.partOf(sp.number).ID(), false); err != nil {
			return err
		}
	}
	// The opening stock: one order per supplier, placed its lead time before the month's eve and
	// received on that day, its last business day.
	received := lastBusinessDayBefore(s.start)
	type opened struct {
		code   string
		placed time.Time
		lead   int
		lines  []parts.POLineInput
	}
	var orders []opened
	for _, sup := range supplierSpecs {
		o := opened{code: sup.code, placed: received}
		for _, sp := range catalogue {
			if sp.supplier == sup.code && !sp.legacy {
				o.lines = append(o.lines, parts.POLineInput{Number: sp.number, Quantity: openingQty[sp.number], UnitCost: sp.cost})
				o.lead = max(o.lead, sp.lead())
			}
		}
		for range o.lead {
			o.placed = lastBusinessDayBefore(o.placed)
		}
		if len(o.lines) > 0 {
			orders = append(orders, o)
		}
	}
	slices.SortStableFunc(orders, func(a, b opened) int { return a.placed.Compare(b.placed) })
	var placed []*parts.PurchaseOrder
	for _, o := range orders {
		po, err := s.order(ctx, o.code, "PO"+received.Format("0601")+"-OPEN-"+o.code, o.lines, o.placed, o.lead)
		if err != nil {
			return err
		}
		placed = append(placed, po)
	}
	s.clock = received.Add(time.Hour)
	for i, po := range placed {
		if err := s.receiveAll(ctx, orders[i].code, po); err != nil {
			return err
		}
	}
	s.clock = s.start
	return nil
}

// order places an order with a supplier on a business day, due lead business days later at noon.
func (s *sim) order(ctx context.Context, code, number string, lines []parts.POLineInput, day time.Time, lead int) (*parts.PurchaseOrder, error) {
	clerk := s.clerks[0].actor
	s.clock = maxTime(s.clock, day.Add(time.Hour))
	o, err := s.ps.CreatePurchaseOrder(ctx, clerk, parts.POInput{Number: number, Supplier: s.supplierIDs[code], Lines: lines})
	if err != nil {
		return nil, fmt.Errorf("purchase order %s: %w", number, err)
	}
	due := businessDaysAfter(day, lead).Add(3*time.Hour + 30*time.Minute)
	if err := s.ps.PlaceOrder(ctx, clerk, o.ID(), due); err != nil {
		return nil, fmt.Errorf("place %s: %w", number, err)
	}
	return s.ps.PurchaseOrder(ctx, clerk, o.ID())
}

// receiveAll receives everything an order is owed, all accepted.
func (s *sim) receiveAll(ctx context.Context, code string, o *parts.PurchaseOrder) error {
	var in []parts.ReceiptLineInput
	for _, l := range o.Lines() {
		in = append(in, parts.ReceiptLineInput{Line: l.ID, Delivered: l.Outstanding()})
	}
	note := s.deliveryNote(code)
	if _, err := s.ps.Receive(ctx, s.clerks[0].actor, o.ID(), parts.ReceiptInput{Key: note, DeliveryNote: note, Lines: in}); err != nil {
		return fmt.Errorf("receive %s: %w", o.Number(), err)
	}
	return nil
}

// partOf is the catalogue part of a part number as a repair-order line spells it.
func (s *sim) partOf(number string) *parts.Part {
	n, err := parts.ParsePartNumber(number)
	if err != nil {
		return nil
	}
	return s.partsByNo[n]
}

func (s *sim) deliveryNote(code string) string {
	s.notes++
	return fmt.Sprintf("DN-%s-%s-%03d", code, s.clock.In(local).Format("0601"), s.notes)
}

// scheduleParts plans the clerk's evening replenishment run on every business day and the
// month-end stocktake on the last one.
func (s *sim) scheduleParts() {
	days := s.businessDays()
	for _, d := range days {
		s.at(d.Add(8*time.Hour+45*time.Minute), s.replenish) // 17:15
	}
	if n := len(days); n > 0 {
		s.at(days[n-1], s.startCount) // at opening
	}
}

// partLine returns the visit's part line with that id, or nil.
func (v *visit) partLine(id uuid.UUID) *partLine {
	for _, pl := range v.partLines {
		if pl.id == id {
			return pl
		}
	}
	return nil
}

// approve records a customer's approval of lines. With part lines among them it goes through the
// parts service, which reserves their stock in the same transaction and reports any shortage
// (§3.4.3); the advisor tells the customer when the part is expected.
func (s *sim) approve(ctx context.Context, actor dealerkit.Actor, v *visit, lines []uuid.UUID, ch aftersales.Channel) error {
	in := aftersales.DecisionInput{Lines: lines, Approved: true, Channel: ch}
	var mine []*partLine
	for _, id := range lines {
		if pl := v.partLine(id); pl != nil {
			mine = append(mine, pl)
		}
	}
	if len(mine) == 0 {
		return s.svc.Decide(ctx, actor, v.id, in)
	}
	avail, err := s.ps.Approve(ctx, actor, v.id, in)
	if err != nil {
		return err
	}
	for _, pl := range mine {
		pl.approved = true
	}
	v.needsParts = true
	var short []parts.LineAvailability
	for _, la := range avail {
		if la.BackOrdered.IsPositive() {
			short = append(short, la)
		}
	}
	if len(short) == 0 {
		return nil
	}
	s.pstats.Shortages += len(short)
	la := short[0]
	p := s.partOf(la.PartNumber)
	msg := fmt.Sprintf("The %s is not in stock: ordered, expected by %s.", p.Name().En, la.ExpectedBy.In(local).Format("Jan 2"))
	if err := s.svc.Notify(ctx, v.advisor.actor, v.id, aftersales.ChannelPhone, msg); err != nil {
		return err
	}
	return nil
}

// pickParts issues what the order's approved part lines need, from their reservations: the
// stock held for each line, then unreserved stock. A line still short waits for its back-order,
// and the order waits with it.
func (s *sim) pickParts(ctx context.Context, v *visit) error {
	if !v.needsParts {
		return nil
	}
	clerk := s.clerk()
	held, err := s.ps.Reservations(ctx, clerk.actor, parts.ReservationFilter{Order: v.id,
		States: []parts.ReservationState{parts.ReservationOpen}})
	if err != nil {
		return fmt.Errorf("parts for %s: %w", v.number, err)
	}
	free := map[uuid.UUID]decimal.Decimal{}  // unreserved stock of a part not yet on this pick list
	there := map[uuid.UUID]decimal.Decimal{} // what is on the shelves of a part the count found short
	var lines []parts.PickLine
	short := false
	for _, r := range held {
		need := r.Requested().Sub(r.Issued())
		q := decimal.Min(need, r.Held())
		if q.LessThan(need) {
			f, ok := free[r.Part()]
			if !ok {
				rows, err := s.ps.Stock(ctx, clerk.actor, parts.StockFilter{Part: r.Part()})
				if err != nil {
					return err
				}
				f = decimal.Zero
				for _, row := range rows {
					f = f.Add(row.Available())
				}
			}
			more := decimal.Min(need.Sub(q), f)
			q, free[r.Part()] = q.Add(more), f.Sub(more)
		}
		if gone := s.missingNow(r.Part()); gone.IsPositive() {
			// Between the count and its approval the book holds stock the shelves do not: the
			// clerk picks what is there, and the rest waits for the approval (§3.4.4), which
			// releases what was held of the missing stock.
			t, ok := there[r.Part()]
			if !ok {
				rows, err := s.ps.Stock(ctx, clerk.actor, parts.StockFilter{Part: r.Part()})
				if err != nil {
					return err
				}
				t = gone.Neg()
				for _, row := range rows {
					t = t.Add(row.OnHand())
				}
				t = decimal.Max(t, decimal.Zero)
			}
			if t.LessThan(q) {
				q, s.heldBack = t, true
			}
			there[r.Part()] = t.Sub(q)
		}
		if q.LessThan(need) {
			short = true
		}
		if q.IsPositive() {
			lines = append(lines, parts.PickLine{Line: r.Line(), Quantity: q})
		}
	}
	if len(lines) > 0 {
		v.picks++
		in := parts.PickInput{Key: fmt.Sprintf("pick:%s:%d", v.number, v.picks), Order: v.id, Lines: lines}
		p, err := s.ps.Pick(ctx, clerk.actor, in)
		if err != nil {
			return fmt.Errorf("pick for %s: %w", v.number, err)
		}
		s.pstats.Picks++
		if s.pstats.Picks == 1 { // the pick list is scanned twice: the key gives back the first posting
			again, err := s.ps.Pick(ctx, clerk.actor, in)
			if err != nil {
				return fmt.Errorf("pick for %s again: %w", v.number, err)
			}
			if again.ID() != p.ID() {
				return fmt.Errorf("pick for %s again: posting %s, first %s", v.number, again.ID(), p.ID())
			}
			s.pstats.Replays++
		}
	}
	v.needsParts = short
	if short && !v.waitsForParts {
		v.waitsForParts = true
		s.waiting = append(s.waiting, v)
	}
	return nil
}

// serveWaiting picks for the orders waiting for back-ordered parts after a receipt allocated
// stock to them, and finishes those that have everything.
func (s *sim) serveWaiting(ctx context.Context) error {
	waiting := s.waiting
	s.waiting = nil
	for _, v := range waiting {
		if err := s.pickParts(ctx, v); err != nil {
			return err
		}
		if v.needsParts {
			s.waiting = append(s.waiting, v)
			continue
		}
		v.waitsForParts = false
		if err := s.maybeFinish(ctx, v); err != nil {
			return err
		}
	}
	return nil
}

// returnUnused: when the main job is done, now and then part of what was issued was not needed
// and goes back to the store at the cost it left with (§3.4.3).
func (s *sim) returnUnused(ctx context.Context, v *visit) error {
	if v.returnsChecked || v.needsParts {
		return nil
	}
	v.returnsChecked = true
	for i, pl := range v.partLines {
		if !pl.approved || pl.extra {
			continue
		}
		var q decimal.Decimal
		var why string
		switch {
		case s.spec(parts.PartNumber(pl.p.number)).unit == parts.UnitLitre && pl.p.qty.GreaterThan(dec("4")):
			q, why = dec("0.5"), "engine took 4.0 L"
		case pl.p.qty.GreaterThanOrEqual(dec("2")):
			q, why = dec("1"), "one not needed"
		default:
			continue
		}
		if !s.pchance(0.12) {
			continue
		}
		if _, err := s.ps.Return(ctx, s.clerk().actor, parts.ReturnInput{Key: fmt.Sprintf("return:%s:%d", v.number, i+1),
			Order: v.id, Line: pl.id, Quantity: q, Reason: "unused, " + why}); err != nil {
			return fmt.Errorf("return to store from %s: %w", v.number, err)
		}
		s.pstats.Returns++
	}
	return nil
}

// replenish is the clerk's replenishment run (§3.4.1, §3.4(2)): draft purchase orders from the
// plan and place them, due the preferred source's lead time later.
func (s *sim) replenish(ctx context.Context) error {
	clerk := s.clerk()
	drafts, err := s.ps.DraftPurchaseOrders(ctx, clerk.actor)
	if err != nil {
		return fmt.Errorf("draft purchase orders: %w", err)
	}
	for _, o := range drafts {
		code := s.supplierCodes[o.Supplier()]
		lead := 0
		for _, l := range o.Lines() {
			lead = max(lead, s.spec(l.PartNumber).lead())
		}
		due := businessDaysAfter(s.clock, lead).Add(3*time.Hour + 30*time.Minute) // by noon
		if err := s.ps.PlaceOrder(ctx, clerk.actor, o.ID(), due); err != nil {
			return fmt.Errorf("place order to %s: %w", code, err)
		}
		s.pstats.Placed++
		day := due
		if sup, _ := supplierByCode(code); !s.pchance(sup.onTime) {
			day = businessDaysAfter(due, 1+s.prng.IntN(2))
		}
		s.deliverAt(day, o.ID(), code, false)
	}
	return nil
}

func (s *sim) deliverAt(day time.Time, order uuid.UUID, code string, rest bool) {
	s.at(opening(day).Add(s.pbetween(30*time.Minute, 3*time.Hour)), func(ctx context.Context) error {
		return s.deliver(ctx, order, code, rest)
	})
}

// deliver receives a delivery with its inspection (§3.4.2). rest is the delivery of what an
// earlier one left outstanding; what this one leaves comes one to three business days later.
func (s *sim) deliver(ctx context.Context, order uuid.UUID, code string, rest bool) error {
	clerk := s.clerk()
	o, err := s.ps.PurchaseOrder(ctx, clerk.actor, order)
	if err != nil {
		return err
	}
	var lines []parts.ReceiptLineInput
	for _, l := range o.Lines() {
		out := l.Outstanding()
		if !out.IsPositive() {
			continue
		}
		sp := s.spec(l.PartNumber)
		in := parts.ReceiptLineInput{Line: l.ID, Delivered: out}
		if !rest && s.pchance(0.2) {
			if half := out.Div(dec("2")).Floor(); half.IsPositive() {
				in.Delivered = half
				s.pstats.Partial++
			}
		}
		if !s.rejectedOnce && code == "SVW" && sp.unit.Scale() == 0 {
			s.rejectedOnce = true
			in.Rejected, in.RejectReason = dec("1"), rejectReasons[sp.category]
			s.pstats.Rejected++
		}
		if code == "SVW" && sp.category == "fluids" && s.clock.After(s.start.AddDate(0, 0, 14)) {
			in.UnitCost = l.UnitCost.Mul(dec("1.025")).Round(4) // the price list of the 15th
			s.pstats.Repriced++
		}
		lines = append(lines, in)
	}
	if len(lines) == 0 {
		return nil
	}
	note := s.deliveryNote(code)
	in := parts.ReceiptInput{Key: note, DeliveryNote: note, Lines: lines}
	rc, err := s.ps.Receive(ctx, clerk.actor, order, in)
	if err != nil {
		return fmt.Errorf("receive %s: %w", note, err)
	}
	s.pstats.Deliveries++
	if s.pstats.Deliveries == 1 { // the delivery note is scanned twice: one receipt
		again, err := s.ps.Receive(ctx, clerk.actor, order, in)
		if err != nil {
			return fmt.Errorf("receive %s again: %w", note, err)
		}
		if again.ID != rc.ID {
			return fmt.Errorf("receive %s again: receipt %s, first %s", note, again.ID, rc.ID)
		}
		s.pstats.Replays++
	}
	if o, err = s.ps.PurchaseOrder(ctx, clerk.actor, order); err != nil {
		return err
	}
	if o.State() == parts.POPartlyReceived {
		s.deliverAt(businessDaysAfter(s.clock, 1+s.prng.IntN(3)), order, code, true)
	}
	return s.serveWaiting(ctx)
}

// The month-end stocktake (§3.4.4).

// startCount freezes the book and has two clerks count the bins, blind, a line every few minutes
// each, while the workshop goes on: what it takes from a bin before the bin is counted is
// accounted for, not mistaken for a variance.
func (s *sim) startCount(ctx context.Context) error {
	st, err := s.ps.StartStocktake(ctx, s.clerks[0].actor, parts.StocktakeInput{Number: "ST-" + s.start.Format("200601"),
		Blind: true, Reason: "month-end"})
	if err != nil {
		return fmt.Errorf("start stocktake: %w", err)
	}
	s.count = st.ID()
	sheet, err := s.ps.CountSheet(ctx, s.clerks[0].actor, st.ID())
	if err != nil {
		return err
	}
	begin := s.clock.Add(10 * time.Minute) // the sheets printed, the clerks at the bins
	free := []time.Time{begin, begin}
	s.counter = map[uuid.UUID]int{}
	for i, l := range sheet {
		c := 0
		if i >= len(sheet)/2 { // the sheet is in bin order: one clerk takes each half of the store
			c = 1
		}
		free[c] = free[c].Add(s.pbetween(3*time.Minute, 8*time.Minute))
		s.counter[l.Line] = c
		s.at(free[c], func(ctx context.Context) error { return s.countLine(ctx, s.clerks[c], l, true) })
	}
	s.at(maxTime(free[0], free[1]).Add(5*time.Minute), s.recount)
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// shelf is what is physically in a bin: the book as it stands plus what the month did to the
// shelf without booking it. (The simulation plays the world, so it may read the book.)
func (s *sim) shelf(ctx context.Context, l parts.SheetLine) (qty, planted decimal.Decimal, err error) {
	p := s.partsByNo[l.Number]
	rows, err := s.ps.Stock(ctx, s.manager.actor, parts.StockFilter{Part: p.ID(), Bins: []string{l.Bin}})
	if err != nil {
		return decimal.Zero, decimal.Zero, err
	}
	if len(rows) != 1 {
		return decimal.Zero, decimal.Zero, fmt.Errorf("bin %s of %s: %d stock rows", l.Bin, l.Number, len(rows))
	}
	planted, ok := s.found[l.Line]
	if !ok {
		planted = decimal.Zero
		for _, d := range shelfDiscrepancies {
			if parts.PartNumber(d.number) == l.Number {
				planted = decimal.Max(d.qty, rows[0].Available().Neg())
			}
		}
	}
	return rows[0].OnHand().Add(planted), planted, nil
}

// missingNow is how much of the part the count found gone that the book still holds; zero before
// the count and once the stocktake is approved.
func (s *sim) missingNow(part uuid.UUID) decimal.Decimal {
	if m, ok := s.missing[part]; ok {
		return m
	}
	return decimal.Zero
}

func (s *sim) countLine(ctx context.Context, who person, l parts.SheetLine, first bool) error {
	qty, planted, err := s.shelf(ctx, l)
	if err != nil {
		return err
	}
	if first {
		if !planted.IsZero() {
			s.pstats.Planted++
		}
		// A recount finds the shelf the first count found, whatever the workshop booked since:
		// capped anew by what was available then, it would find another variance, and no two
		// counters would agree.
		if s.found == nil {
			s.found = map[uuid.UUID]decimal.Decimal{}
		}
		s.found[l.Line] = planted
		if planted.IsNegative() { // the book keeps it until approval; the shelf does not
			if s.missing == nil {
				s.missing = map[uuid.UUID]decimal.Decimal{}
			}
			p := s.partsByNo[l.Number].ID()
			s.missing[p] = s.missingNow(p).Add(planted.Neg())
		}
		if l.Number == miscounted { // a tenth short, at least one; one too many in an empty bin
			if qty.IsPositive() {
				qty = decimal.Max(decimal.Zero, qty.Sub(decimal.Max(dec("1"), qty.Div(dec("10")).Ceil())))
			} else {
				qty = dec("1")
			}
			s.pstats.Miscounts++
		}
	}
	if err := s.ps.Count(ctx, who.actor, s.count, l.Line, qty); err != nil {
		return fmt.Errorf("count %s %s: %w", l.Bin, l.Number, err)
	}
	return nil
}

// recount has the lines over the threshold counted again by the other clerk, then hands the
// stocktake to the manager, who approves it.
func (s *sim) recount(ctx context.Context) error {
	sheet, err := s.ps.CountSheet(ctx, s.clerks[0].actor, s.count)
	if err != nil {
		return err
	}
	t := s.clock
	for _, l := range sheet {
		if !l.Recount {
			continue
		}
		t = t.Add(s.pbetween(3*time.Minute, 6*time.Minute))
		who := s.clerks[1-s.counter[l.Line]]
		s.at(t, func(ctx context.Context) error { return s.countLine(ctx, who, l, false) })
	}
	s.at(t.Add(5*time.Minute), func(ctx context.Context) error {
		if err := s.ps.SubmitStocktake(ctx, s.clerks[0].actor, s.count); err != nil {
			return fmt.Errorf("submit stocktake: %w", err)
		}
		s.at(s.clock.Add(s.pbetween(15*time.Minute, 40*time.Minute)), func(ctx context.Context) error {
			if _, err := s.ps.ApproveStocktake(ctx, s.manager.actor, s.count); err != nil {
				return fmt.Errorf("approve stocktake: %w", err)
			}
			s.missing, s.found = nil, nil // booked: the book and the shelves agree again
			if s.heldBack {               // the orders that could not have it pick what there is now
				s.heldBack = false
				return s.serveWaiting(ctx)
			}
			return nil
		})
		return nil
	})
	return nil
}
