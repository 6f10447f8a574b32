package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// PartsMonth is the parts side of the month as the library recorded it, read back at its end
// through parts.Service as the manager.
type PartsMonth struct {
	Catalogue []*parts.Part
	Suppliers []*parts.Supplier
	// Figures are each supplier's deliveries in the month: on time and accepted (§3.4(2)).
	Figures    map[uuid.UUID]parts.SupplierFigures
	Valuation  parts.ValuationReport
	Turns      parts.TurnsReport
	Fill       parts.FillReport
	Supply     []parts.SupplyLine
	Ageing     parts.AgeingReport
	Orders     []*parts.PurchaseOrder // every purchase order, the opening stock's too
	Reserved   []*parts.Reservation   // reservations made in the month, one per approved part line
	Stocktakes []*parts.Stocktake
	Stock      []*parts.Stock
	Movements  []parts.Movement // the whole ledger
	Policy     parts.Policy
}

// gatherParts reads the parts side of the month back through the parts Service.
func (s *sim) gatherParts(ctx context.Context, m *Month) error {
	a := s.manager.actor
	p := &PartsMonth{Figures: map[uuid.UUID]parts.SupplierFigures{}}
	var err error
	read := func(what string, fn func() error) {
		if err == nil {
			if err = fn(); err != nil {
				err = fmt.Errorf("parts %s: %w", what, err)
			}
		}
	}
	read("catalogue", func() (err error) {
		p.Catalogue, err = allPages(func(c dealerkit.Cursor) (dealerkit.Page[*parts.Part], error) {
			return s.ps.Parts(ctx, a, parts.PartFilter{Cursor: c, Limit: dealerkit.MaxPageSize})
		})
		return
	})
	read("suppliers", func() (err error) { p.Suppliers, err = s.ps.Suppliers(ctx, a); return })
	read("valuation", func() (err error) { p.Valuation, err = s.ps.StockValuation(ctx, a); return })
	read("turns", func() (err error) { p.Turns, err = s.ps.Turns(ctx, a, s.start, s.end); return })
	read("fill rates", func() (err error) { p.Fill, err = s.ps.FillRates(ctx, a, s.start, s.end); return })
	read("days of supply", func() (err error) { p.Supply, err = s.ps.DaysOfSupply(ctx, a); return })
	read("ageing", func() (err error) { p.Ageing, err = s.ps.Ageing(ctx, a); return })
	read("purchase orders", func() (err error) {
		p.Orders, err = allPages(func(c dealerkit.Cursor) (dealerkit.Page[*parts.PurchaseOrder], error) {
			return s.ps.PurchaseOrders(ctx, a, parts.POFilter{Cursor: c, Limit: dealerkit.MaxPageSize})
		})
		return
	})
	read("reservations", func() (err error) {
		p.Reserved, err = s.ps.Reservations(ctx, a, parts.ReservationFilter{CreatedFrom: s.start, CreatedBefore: s.end})
		return
	})
	read("stocktakes", func() (err error) { p.Stocktakes, err = s.ps.Stocktakes(ctx, a, parts.StocktakeFilter{}); return })
	read("stock", func() (err error) { p.Stock, err = s.ps.Stock(ctx, a, parts.StockFilter{}); return })
	read("ledger", func() (err error) { p.Movements, err = s.ps.Movements(ctx, a, parts.MovementFilter{}); return })
	read("policy", func() (err error) { p.Policy, err = s.ps.Policy(s.dealer, s.end); return })
	for _, sup := range p.Suppliers {
		read("supplier figures", func() (err error) {
			p.Figures[sup.ID()], err = s.ps.SupplierFigures(ctx, a, sup.ID(), s.start, s.end)
			return
		})
	}
	m.Parts = p
	return err
}

// Ledger is the check that the book is the ledger: each stock row's on-hand and value are the
// sums of its movements' quantities and values (§3.4(1), §3.4(4)).
type Ledger struct {
	Rows, Movements int
	Differ          []string // rows whose book is not the sum of their movements
}

// CheckLedger sums the movements per row and holds each row against them.
func (p *PartsMonth) CheckLedger() Ledger {
	type key struct {
		part uuid.UUID
		bin  string
	}
	sum := map[key][2]decimal.Decimal{}
	for _, mv := range p.Movements {
		k := key{mv.Part, mv.Bin}
		s := sum[k]
		sum[k] = [2]decimal.Decimal{s[0].Add(mv.Quantity), s[1].Add(mv.Value)}
	}
	l := Ledger{Rows: len(p.Stock), Movements: len(p.Movements)}
	for _, r := range p.Stock {
		k := key{r.Part(), r.Bin()}
		if s := sum[k]; !s[0].Equal(r.OnHand()) || !s[1].Equal(r.Value()) {
			l.Differ = append(l.Differ, fmt.Sprintf("%s %s: book %s worth %s, movements %s worth %s",
				p.number(r.Part()), r.Bin(), r.OnHand(), r.Value(), s[0], s[1]))
		}
		delete(sum, k)
	}
	for k, s := range sum {
		l.Differ = append(l.Differ, fmt.Sprintf("%s %s: no row, movements %s worth %s", p.number(k.part), k.bin, s[0], s[1]))
	}
	slices.Sort(l.Differ)
	return l
}

func (p *PartsMonth) part(id uuid.UUID) *parts.Part {
	for _, x := range p.Catalogue {
		if x.ID() == id {
			return x
		}
	}
	return nil
}

func (p *PartsMonth) number(id uuid.UUID) string {
	if x := p.part(id); x != nil {
		return string(x.Number())
	}
	return id.String()
}

// qty renders a quantity in its part's unit: whole pieces, litres and kilograms to 3 places.
func (p *PartsMonth) qty(part uuid.UUID, q decimal.Decimal) string {
	if x := p.part(part); x != nil {
		return q.StringFixed(x.Unit().Scale())
	}
	return q.String()
}

// MonthEndStocktake is the stocktake started in the month, the last if there were several.
func (p *PartsMonth) MonthEndStocktake(m *Month) *parts.Stocktake {
	var out *parts.Stocktake
	for _, st := range p.Stocktakes {
		if !st.StartedAt().Before(m.Start) && st.StartedAt().Before(m.End) &&
			(out == nil || st.StartedAt().After(out.StartedAt())) {
			out = st
		}
	}
	return out
}

func money(d decimal.Decimal) string { return d.StringFixed(2) }

func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}

// ratio renders a measured fraction as a percentage with its counts when they are counts; "-"
// when there was nothing to measure.
func ratio(r parts.Ratio, counts bool) string {
	if !r.Measured() {
		return "-"
	}
	s := r.Value().Shift(2).StringFixed(1) + "%"
	if counts {
		s += fmt.Sprintf(" (%s/%s)", r.Num, r.Den)
	}
	return s
}

// writeParts is the parts store's month (§3.4): what it is worth, how it turned, how well it
// served the repair orders, what was bought and how suppliers delivered, what the stocktake
// found, what is ageing, and the check that the book is the ledger.
func writeParts(w io.Writer, m *Month) {
	p := m.Parts
	line := func(label, format string, args ...any) {
		fmt.Fprintf(w, "%-28s %s\n", label, fmt.Sprintf(format, args...))
	}
	discontinued := 0
	for _, x := range p.Catalogue {
		if !x.Active() {
			discontinued++
		}
	}
	line("catalogue", "%d parts (%d discontinued) from %d suppliers, %d stock rows", len(p.Catalogue), discontinued,
		len(p.Suppliers), len(p.Stock))

	// The month's movements by kind.
	type tally struct {
		n     int
		value decimal.Decimal
	}
	byKind := map[parts.MovementKind]*tally{}
	for _, mv := range p.Movements {
		if mv.At.Before(m.Start) || !mv.At.Before(m.End) {
			continue
		}
		t := byKind[mv.Kind]
		if t == nil {
			t = &tally{}
			byKind[mv.Kind] = t
		}
		t.n++
		t.value = t.value.Add(mv.Value)
	}
	var kinds []string
	for _, k := range parts.MovementKinds() {
		if t := byKind[k]; t != nil {
			kinds = append(kinds, fmt.Sprintf("%s %d (%s)", k, t.n, signed(t.value)))
		}
	}
	line("movements in the month", "%s", strings.Join(kinds, ", "))

	// Valuation by category (§3.4(4)).
	fmt.Fprintf(w, "\n%-16s %5s %14s\n", "stock value", "rows", "value")
	for _, c := range p.Valuation.ByCategory {
		fmt.Fprintf(w, "%-16s %5d %14s\n", c.Key, c.Rows, money(c.Value))
	}
	fmt.Fprintf(w, "%-16s %5d %14s\n", "total", len(p.Stock), money(p.Valuation.Total))
	fmt.Fprintf(w, "(%s, exact to the cent: each row's value is the sum of its movements')\n\n",
		strings.ReplaceAll(p.Policy.Valuation.String(), "_", " "))

	t := p.Turns
	line("inventory turns", "%s in the month, %s a year: cost of issues %s over average stock %s",
		t.Turns.StringFixed(2), t.Annualised.StringFixed(2), money(t.COGS), money(t.Average))
	line("", "(opening %s, closing %s)", money(t.Opening), money(t.Closing))

	// Fill rate and back-orders (§3.4.3).
	f := p.Fill
	line("first-time fill rate", "%s of part lines held in full when approved", ratio(f.FirstTimeFillRate, true))
	line("fill rate", "%s of each line's quantity held at approval, on average", ratio(f.FillRate, false))
	short, waiting := 0, 0
	backOrdered := map[uuid.UUID]decimal.Decimal{}
	for _, r := range p.Reserved {
		if r.FilledAtRequest().LessThan(r.Requested()) {
			short++
		}
		if b := r.BackOrdered(); b.IsPositive() {
			waiting++
			backOrdered[r.Part()] = backOrdered[r.Part()].Add(b)
		}
	}
	var open []string
	for id, q := range backOrdered {
		open = append(open, fmt.Sprintf("%s %s", p.number(id), p.qty(id, q)))
	}
	slices.Sort(open)
	waits := fmt.Sprintf("%d still waiting at month end", waiting)
	if waiting > 0 {
		waits += " (" + strings.Join(open, ", ") + ")"
	}
	line("back-orders", "%d lines short at approval, %d since filled, %s", short, short-waiting, waits)

	// Days of supply at the demand of the policy's window.
	var measured []parts.SupplyLine
	idle := 0
	for _, l := range p.Supply {
		if l.Measured {
			measured = append(measured, l)
		} else if l.OnHand.IsPositive() {
			idle++
		}
	}
	slices.SortStableFunc(measured, func(a, b parts.SupplyLine) int { return a.Days.Cmp(b.Days) })
	if n := len(measured); n > 0 {
		var shortest []string
		for _, l := range measured[:min(3, n)] {
			shortest = append(shortest, fmt.Sprintf("%s %s", l.Number, l.Days.StringFixed(1)))
		}
		line("days of supply", "median %s days at %d-day demand; shortest %s; %d stocked without demand",
			measured[n/2].Days.StringFixed(1), p.Policy.DemandWindowDays, strings.Join(shortest, ", "), idle)
	}

	// Purchasing and receiving (§3.4.1, §3.4.2).
	r := p.Receiving(m)
	placed, drafted, byState := 0, 0, map[parts.POState]int{}
	orders := map[uuid.UUID]int{}
	for _, o := range p.Orders {
		if !o.OrderedAt().Before(m.Start) && o.OrderedAt().Before(m.End) {
			placed++
			byState[o.State()]++
			orders[o.Supplier()]++
			if o.Number() == o.ID().String() { // DraftPurchaseOrders numbers its drafts by id
				drafted++
			}
		}
	}
	var states []string
	for _, st := range parts.POStates() {
		if n := byState[st]; n > 0 {
			states = append(states, fmt.Sprintf("%s %d", strings.ReplaceAll(st.String(), "_", " "), n))
		}
	}
	line("purchase orders (§3.4.1)", "%d placed in the month, %d drafted from purchase suggestions; now %s", placed, drafted,
		strings.Join(states, ", "))
	line("receipts (§3.4.2)", "%d deliveries: %d lines short of what was due, %d with goods rejected at inspection",
		r.Deliveries, r.Short, len(r.Rejects))
	for _, x := range r.Rejects {
		line("", "rejected %s", x)
	}
	fmt.Fprintf(w, "\n%-34s %6s %10s %16s %9s\n", "supplier", "orders", "deliveries", "on time", "quality")
	for _, sup := range p.Suppliers {
		fg := p.Figures[sup.ID()]
		fmt.Fprintf(w, "%-34s %6d %10d %16s %9s\n", sup.Code()+" "+sup.Name(), orders[sup.ID()], fg.Deliveries,
			ratio(fg.OnTimeRate, true), ratio(fg.QualityRate, false))
	}
	fmt.Fprintln(w, "(orders placed and deliveries received in the month; quality is the value accepted at inspection)")

	writeStocktake(w, m)

	// Ageing and obsolescence.
	var buckets []string
	for _, b := range p.Ageing.Buckets {
		if b.Rows > 0 {
			buckets = append(buckets, fmt.Sprintf("%s %d %s %s", b.Label, b.Rows, plural(b.Rows, "row"), money(b.Value)))
		}
	}
	fmt.Fprintln(w)
	line("ageing (last receipt/issue)", "%s", strings.Join(buckets, ", "))
	obsolete := fmt.Sprintf("%d %s worth %s", len(p.Ageing.Obsolete), plural(len(p.Ageing.Obsolete), "row"), money(p.Ageing.ObsoleteValue))
	line(fmt.Sprintf("obsolete (%d months idle)", p.Policy.ObsoleteAfterMonths), "%s", obsolete)
	for _, o := range p.Ageing.Obsolete {
		status := ""
		if x := p.part(o.Part); x != nil && !x.Active() {
			status = ", discontinued"
		}
		name := ""
		if x := p.part(o.Part); x != nil {
			name = " (" + x.Name().En + ")"
		}
		line("", "%s%s in %s: %s on hand worth %s, last moved %s%s", o.Number, name, o.Bin, p.qty(o.Part, o.OnHand),
			money(o.Value), o.LastMovementAt.In(local).Format("Jan 2 2006"), status)
	}

	// The book is the ledger.
	l := p.CheckLedger()
	if len(l.Differ) == 0 {
		line("book = Σ movements", "holds on all %d rows (%d movements): on-hand and value", l.Rows, l.Movements)
	} else {
		line("book = Σ movements", "FAILS on %d of %d rows", len(l.Differ), l.Rows)
		for _, d := range l.Differ {
			line("", "%s", d)
		}
	}
}

// Receiving is what came in the month's deliveries.
type Receiving struct {
	Deliveries int
	Short      int      // receipt lines delivering less than the order still had outstanding
	Rejects    []string // receipt lines with goods rejected at the receiving inspection, and why
}

// Receiving reads the month's receipts off the purchase orders (§3.4.2). A line is short when it
// delivers less than was outstanding before it: ordered, less what earlier receipts accepted.
func (p *PartsMonth) Receiving(m *Month) Receiving {
	var r Receiving
	for _, o := range p.Orders {
		accepted := map[uuid.UUID]decimal.Decimal{}
		for _, rc := range o.Receipts() {
			in := !rc.At.Before(m.Start) && rc.At.Before(m.End)
			if in {
				r.Deliveries++
			}
			for _, l := range rc.Lines {
				pl, _ := o.Line(l.Line)
				if in && l.Delivered.LessThan(pl.Quantity.Sub(accepted[l.Line])) {
					r.Short++
				}
				if in && l.Rejected.IsPositive() {
					x := p.part(l.Part)
					r.Rejects = append(r.Rejects, fmt.Sprintf("%s %s %s (%s): %s", p.qty(l.Part, l.Rejected), x.Unit(),
						x.Number(), x.Name().En, l.RejectReason))
				}
				if !rc.Reversed {
					accepted[l.Line] = accepted[l.Line].Add(l.Accepted)
				}
			}
		}
	}
	return r
}

// writeStocktake reports the month-end stocktake (§3.4.4): who counted and approved, what varied
// from the book in quantity and value, what was recounted.
func writeStocktake(w io.Writer, m *Month) {
	p := m.Parts
	st := p.MonthEndStocktake(m)
	fmt.Fprintln(w)
	if st == nil {
		fmt.Fprintf(w, "%-28s %s\n", "stocktake (§3.4.4)", "none in the month")
		return
	}
	counters := map[string]bool{}
	var names []string
	for _, l := range st.Lines() {
		for _, c := range l.Counts {
			if n := m.Names[c.By.Staff]; !counters[n] {
				counters[n] = true
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	blind := ""
	if st.Blind() {
		blind = "blind, "
	}
	approved := st.State().String()
	if a := st.Approved(); a != nil {
		approved = fmt.Sprintf("approved by %s %s", m.Names[a.By.Staff], a.At.In(local).Format("Jan 2 15:04"))
	}
	v := st.Variance()
	fmt.Fprintf(w, "%-28s %s, %s%d lines counted by %s; %s\n", "stocktake (§3.4.4)", st.Number(), blind, v.Lines,
		strings.Join(names, " and "), approved)
	fmt.Fprintf(w, "%-28s %d lines varied, %d recounted, %d moved during the count\n", "", v.Varied, v.Recounted, v.MovedDuringCount)

	fmt.Fprintf(w, "\n%-5s %-15s %-8s %8s %8s %9s %9s  %s\n", "bin", "part", "unit", "book", "counted", "variance", "value", "counts")
	for _, l := range st.Lines() {
		c, ok := l.Last()
		if !ok || c.Variance.IsZero() && len(l.Counts) < 2 {
			continue
		}
		var counts []string
		for _, x := range l.Counts {
			n := x.Quantity.StringFixed(l.Unit.Scale())
			if !x.Book.Equal(c.Book) { // the bin moved between the counts
				n += " (book " + x.Book.StringFixed(l.Unit.Scale()) + ")"
			}
			counts = append(counts, n)
		}
		value := l.PostedValue
		if l.Posted == uuid.Nil {
			value = c.VarianceValue
		}
		q := func(d decimal.Decimal) string { return d.StringFixed(l.Unit.Scale()) }
		fmt.Fprintf(w, "%-5s %-15s %-8s %8s %8s %9s %9s  %s\n", l.Bin, l.Number, l.Unit, q(c.Book), q(c.Quantity),
			q(c.Variance), signed(value), strings.Join(counts, " then "))
	}
	fmt.Fprintf(w, "%-28s gain %s, loss %s, net %s; posted as adjustments %s\n", "variance value",
		signed(v.Gain), signed(v.Loss), signed(v.Net), signed(v.Posted))
	fmt.Fprintf(w, "(book when counted; recount over %s or %s%% of the book; value as posted)\n",
		money(st.Rule().OverValue), st.Rule().OverRate.Shift(2).String())
}

// allPages reads every page of a list, for a month-end report.
func allPages[T any](page func(dealerkit.Cursor) (dealerkit.Page[T], error)) ([]T, error) {
	var out []T
	var c dealerkit.Cursor
	for {
		p, err := page(c)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out, nil
		}
		c = p.Next
	}
}
