package parts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// BinStock is one bin's part of a part's stock.
type BinStock struct {
	Bin      string          `json:"bin"`
	OnHand   decimal.Decimal `json:"on_hand"`
	Reserved decimal.Decimal `json:"reserved"`
}

// Availability is what the store can say about a part right now (§3.4(3): accurate parts
// information to technicians and advisors).
type Availability struct {
	Part        uuid.UUID             `json:"part"`
	Number      PartNumber            `json:"number"`
	Name        Name                  `json:"name"`
	Unit        Unit                  `json:"unit"`
	Origin      aftersales.PartOrigin `json:"origin"`
	ListPrice   decimal.Decimal       `json:"list_price"`
	OnHand      decimal.Decimal       `json:"on_hand"`
	Reserved    decimal.Decimal       `json:"reserved"`
	Available   decimal.Decimal       `json:"available"`    // on-hand − reserved
	OnOrder     decimal.Decimal       `json:"on_order"`     // outstanding on placed purchase orders
	BackOrdered decimal.Decimal       `json:"back_ordered"` // approved repair-order lines waiting for stock
	// NextReceipt is when the earliest placed order with the part outstanding is due; zero when
	// none is.
	NextReceipt time.Time `json:"next_receipt"`
	// LeadTimeDays is the preferred source's lead time.
	LeadTimeDays int        `json:"lead_time_days"`
	Bins         []BinStock `json:"bins"`
}

// Availability reports a part's stock, reservations, orders and back-orders.
func (s *Service) Availability(ctx context.Context, actor dealerkit.Actor, number string) (Availability, error) {
	p, err := s.PartByNumber(ctx, actor, number)
	if err != nil {
		return Availability{}, err
	}
	return s.availability(ctx, actor.Dealer(), p)
}

func (s *Service) availability(ctx context.Context, dealer dealerkit.DealerID, p *Part) (Availability, error) {
	a := Availability{Part: p.ID(), Number: p.Number(), Name: p.Name(), Unit: p.Unit(), Origin: p.Origin(),
		ListPrice: p.ListPrice(), OnHand: decimal.Zero, Reserved: decimal.Zero, OnOrder: decimal.Zero, BackOrdered: decimal.Zero}
	if src, ok := p.PreferredSource(); ok {
		a.LeadTimeDays = src.LeadTimeDays
	}
	rows, err := s.repo.ListStock(ctx, dealer, StockFilter{Part: p.ID()})
	if err != nil {
		return a, err
	}
	for _, r := range rows {
		a.OnHand, a.Reserved = a.OnHand.Add(r.OnHand()), a.Reserved.Add(r.Reserved())
		a.Bins = append(a.Bins, BinStock{Bin: r.Bin(), OnHand: r.OnHand(), Reserved: r.Reserved()})
	}
	a.Available = a.OnHand.Sub(a.Reserved)
	pos, err := s.repo.ListPurchaseOrders(ctx, dealer, POFilter{Part: p.ID(), States: []POState{POOrdered, POPartlyReceived}})
	if err != nil {
		return a, err
	}
	for _, o := range pos {
		if q := o.OnOrder(p.ID()); q.IsPositive() {
			a.OnOrder = a.OnOrder.Add(q)
			if a.NextReceipt.IsZero() || o.ExpectedAt().Before(a.NextReceipt) {
				a.NextReceipt = o.ExpectedAt()
			}
		}
	}
	waiting, err := s.repo.ListReservations(ctx, dealer, ReservationFilter{Part: p.ID(), BackOrdered: true})
	if err != nil {
		return a, err
	}
	for _, r := range waiting {
		a.BackOrdered = a.BackOrdered.Add(r.BackOrdered())
	}
	return a, nil
}

// LineAvailability is the parts side of one repair-order part line (§3.4.3): what the line needs,
// what is held for it and what must wait for a purchase, so the advisor sees a shortage at
// estimate time.
type LineAvailability struct {
	Line       uuid.UUID `json:"line"`
	PartNumber string    `json:"part_number"`
	Part       uuid.UUID `json:"part"` // zero when the number is not in the catalogue
	Known      bool      `json:"known"`
	// Origin is the catalogue part's origin; the line must carry the same for the part to be
	// issued to it (§4.2.1).
	Origin    aftersales.PartOrigin `json:"origin"`
	Requested decimal.Decimal       `json:"requested"` // the line's quantity less what was issued
	Available decimal.Decimal       `json:"available"` // unreserved stock of the part
	Reserved  decimal.Decimal       `json:"reserved"`  // held for this line
	// BackOrdered is the shortage: what the line needs beyond what is held (or, before approval,
	// beyond what is available).
	BackOrdered decimal.Decimal `json:"back_ordered"`
	// Supplier and ExpectedBy say where a shortage comes from and when: the earliest placed order
	// with the part outstanding, or else now plus the preferred source's lead time.
	Supplier   uuid.UUID `json:"supplier"`
	ExpectedBy time.Time `json:"expected_by"`
}

// CheckOrder reports the availability of every part line of a repair order that is proposed or
// approved (§3.4(3), §3.4.3): what the advisor tells the customer about waiting for parts.
func (s *Service) CheckOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) ([]LineAvailability, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewStock, now); err != nil {
		return nil, err
	}
	o, err := s.orders.Get(ctx, actor.Dealer(), order)
	if err != nil {
		return nil, err
	}
	var out []LineAvailability
	for _, l := range o.Lines() {
		if l.Kind != aftersales.LinePart || l.Status == aftersales.LineDeclined {
			continue
		}
		la, _, err := s.lineAvailability(ctx, actor.Dealer(), now, o, l)
		if err != nil {
			return nil, err
		}
		out = append(out, la)
	}
	return out, nil
}

// lineAvailability works out a line's availability and returns its catalogue part (nil if none).
func (s *Service) lineAvailability(ctx context.Context, dealer dealerkit.DealerID, now time.Time,
	o *aftersales.RepairOrder, l aftersales.Line) (LineAvailability, *Part, error) {
	la := LineAvailability{Line: l.ID, PartNumber: l.PartNumber, Requested: l.Quantity.Sub(l.Issued),
		Available: decimal.Zero, Reserved: decimal.Zero, BackOrdered: decimal.Zero}
	n, err := ParsePartNumber(l.PartNumber)
	if err != nil {
		return la, nil, nil
	}
	p, err := s.repo.PartByNumber(ctx, dealer, n)
	if errors.Is(err, dealerkit.ErrNotFound) {
		return la, nil, nil
	} else if err != nil {
		return la, nil, err
	}
	a, err := s.availability(ctx, dealer, p)
	if err != nil {
		return la, nil, err
	}
	la.Part, la.Known, la.Origin, la.Available = p.ID(), true, p.Origin(), a.Available
	res, err := s.lineReservation(ctx, dealer, o.ID(), l.ID)
	if err != nil {
		return la, nil, err
	}
	if res != nil {
		la.Reserved, la.BackOrdered = res.Held(), res.BackOrdered()
	} else {
		la.BackOrdered = decimal.Max(decimal.Zero, la.Requested.Sub(decimal.Max(decimal.Zero, a.Available)))
	}
	if src, ok := p.PreferredSource(); ok {
		la.Supplier, la.ExpectedBy = src.Supplier, now.AddDate(0, 0, src.LeadTimeDays)
	}
	if !a.NextReceipt.IsZero() {
		la.ExpectedBy = a.NextReceipt
	}
	return la, p, nil
}

// lineReservation returns the line's reservation that is open or fulfilled: the one that says the
// line was reserved for (and must not be reserved again), or nil.
func (s *Service) lineReservation(ctx context.Context, dealer dealerkit.DealerID, order, line uuid.UUID) (*Reservation, error) {
	return s.reservationIn(ctx, dealer, order, line, ReservationOpen, ReservationFulfilled)
}

// openReservation returns the line's open reservation, or nil: the only one an issue may consume.
// A fulfilled reservation stays fulfilled when parts come back (Return), so issuing again after a
// return takes unreserved stock.
func (s *Service) openReservation(ctx context.Context, dealer dealerkit.DealerID, order, line uuid.UUID) (*Reservation, error) {
	return s.reservationIn(ctx, dealer, order, line, ReservationOpen)
}

func (s *Service) reservationIn(ctx context.Context, dealer dealerkit.DealerID, order, line uuid.UUID, states ...ReservationState) (*Reservation, error) {
	rs, err := s.repo.ListReservations(ctx, dealer, ReservationFilter{Order: order, Line: line, States: states})
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[0], nil
}

// Approve records the customer's decision on estimate lines (§4.2.1, §4.3.2) and, in the same
// transaction, reserves stock for every part line it approves (§3.4.3: available = on-hand −
// reserved): what is in stock is held, the shortage is back-ordered and shows in the result with
// where and when it can come from. Declining, or withdrawing consent, releases what the lines
// held. It is the one door for decisions on part lines (aftersales.Service.Decide refuses them
// with aftersales.ErrDecidePartLines). Approving is consent to each part line's origin. A
// customer actor decides only their own orders: another customer's is dealerkit.ErrNotFound.
func (s *Service) Approve(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in aftersales.DecisionInput) ([]LineAvailability, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionApproveWork, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	var out []LineAvailability
	err := s.atomically(ctx, func(ctx context.Context) error {
		o, err := s.orders.Get(ctx, actor.Dealer(), order)
		if err != nil {
			return err
		}
		if !actor.MayReach(o.Customer()) { // §2: another customer's order is not found
			return aftersales.ErrOrderNotFound
		}
		if err := o.Decide(actor, now, in); err != nil { // on the loaded copy: checks first
			return err
		}
		if out, err = s.reserveLines(ctx, actor, now, o, in.Lines); err != nil {
			return err
		}
		if !in.Approved { // consent withdrawn (§4.2.1): what was held for those lines is free again
			if err := s.release(ctx, actor, now, order, in.Lines, "consent withdrawn"); err != nil {
				return err
			}
		}
		return s.orders.Update(ctx, actor.Dealer(), order, func(o *aftersales.RepairOrder) error {
			return o.Decide(actor, now, in)
		})
	})
	return out, err
}

// ReserveOrder reserves stock for every approved part line of an order that has no reservation
// yet (§3.4.3): after ReleaseOrder gave the stock up, or for orders stored before approvals
// reserved.
func (s *Service) ReserveOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) ([]LineAvailability, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionIssueParts, now); err != nil {
		return nil, err
	}
	var out []LineAvailability
	err := s.atomically(ctx, func(ctx context.Context) error {
		o, err := s.orders.Get(ctx, actor.Dealer(), order)
		if err != nil {
			return err
		}
		var ids []uuid.UUID
		for _, l := range o.Lines() {
			ids = append(ids, l.ID)
		}
		out, err = s.reserveLines(ctx, actor, now, o, ids)
		return err
	})
	return out, err
}

// reserveLines reserves the approved part lines among ids that have no reservation, in part order
// (the lock order), and reports each.
func (s *Service) reserveLines(ctx context.Context, actor dealerkit.Actor, now time.Time, o *aftersales.RepairOrder, ids []uuid.UUID) ([]LineAvailability, error) {
	dealer := actor.Dealer()
	type todo struct {
		la   LineAvailability
		part *Part
		line aftersales.Line
	}
	var work []todo
	for _, id := range ids {
		l, ok := o.Line(id)
		if !ok || l.Kind != aftersales.LinePart || l.Status != aftersales.LineApproved {
			continue
		}
		la, p, err := s.lineAvailability(ctx, dealer, now, o, l)
		if err != nil {
			return nil, err
		}
		work = append(work, todo{la, p, l})
	}
	slices.SortStableFunc(work, func(a, b todo) int { return compareUUID(a.la.Part, b.la.Part) })
	var out []LineAvailability
	for _, w := range work {
		la := w.la
		existing, err := s.lineReservation(ctx, dealer, o.ID(), w.line.ID)
		if err != nil {
			return nil, err
		}
		if w.part == nil || existing != nil || !la.Requested.IsPositive() {
			out = append(out, la)
			continue
		}
		rows, err := s.repo.ListStock(ctx, dealer, StockFilter{Part: w.part.ID()})
		if err != nil {
			return nil, err
		}
		// Hold from the default bin first, then the others in bin order.
		slices.SortStableFunc(rows, func(a, b *Stock) int {
			return cmp.Or(cmp.Compare(boolInt(a.Bin() != w.part.Bin()), boolInt(b.Bin() != w.part.Bin())), cmp.Compare(a.Bin(), b.Bin()))
		})
		left := la.Requested
		var allocs []Allocation
		var holds []Hold
		for _, r := range rows {
			q := decimal.Min(left, r.Available())
			if q.IsPositive() {
				allocs = append(allocs, Allocation{Bin: r.Bin(), Quantity: q})
				holds = append(holds, Hold{Part: r.Part(), Bin: r.Bin(), Quantity: q})
				left = left.Sub(q)
			}
		}
		slices.SortFunc(holds, func(a, b Hold) int { return cmp.Compare(a.Bin, b.Bin) })
		if len(holds) > 0 {
			if err := s.repo.Reserve(ctx, dealer, holds); errors.Is(err, ErrInsufficientStock) {
				return nil, fmt.Errorf("%w: %w", errRace, err) // someone took it meanwhile: start again
			} else if err != nil {
				return nil, err
			}
		}
		r, err := NewReservation(s.src.ID(), actor, now, ReservationInput{Part: w.part.ID(), Number: w.part.Number(),
			Order: o.ID(), OrderNumber: o.Number(), Line: w.line.ID, Requested: la.Requested, Allocations: allocs})
		if err != nil {
			return nil, err
		}
		if err := s.repo.CreateReservation(ctx, r); err != nil {
			return nil, err
		}
		la.Reserved, la.BackOrdered = r.Held(), r.BackOrdered()
		out = append(out, la)
	}
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ReleaseOrder releases every open reservation of a repair order: the stock they held is
// available again and their back-orders are dropped (§3.4.3).
func (s *Service) ReleaseOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, reason string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionIssueParts, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return err
	}
	return s.atomically(ctx, func(ctx context.Context) error {
		// §2: another dealer's order is not found, even when it holds nothing here to release.
		if _, err := s.orders.Get(ctx, actor.Dealer(), order); err != nil {
			return err
		}
		return s.release(ctx, actor, now, order, nil, reason)
	})
}

// release releases the order's open reservations: of the given lines, or of every line when none
// are given.
func (s *Service) release(ctx context.Context, actor dealerkit.Actor, now time.Time, order uuid.UUID, lines []uuid.UUID, reason string) error {
	dealer := actor.Dealer()
	rs, err := s.repo.ListReservations(ctx, dealer, ReservationFilter{Order: order, States: []ReservationState{ReservationOpen}})
	if err != nil {
		return err
	}
	if len(lines) > 0 {
		rs = slices.DeleteFunc(rs, func(r *Reservation) bool { return !slices.Contains(lines, r.Line()) })
	}
	var holds []Hold
	for _, r := range rs {
		for _, a := range r.Allocations() {
			holds = append(holds, Hold{Part: r.Part(), Bin: a.Bin, Quantity: a.Quantity.Neg()})
		}
	}
	slices.SortFunc(holds, func(a, b Hold) int { return cmp.Or(compareUUID(a.Part, b.Part), cmp.Compare(a.Bin, b.Bin)) })
	if len(holds) > 0 {
		if err := s.repo.Reserve(ctx, dealer, holds); err != nil {
			return err
		}
	}
	for _, r := range rs {
		if err := s.repo.UpdateReservation(ctx, dealer, r.ID(), func(r *Reservation) error {
			_, err := r.Release(actor, now, reason)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// CancelOrder cancels a repair order and releases its reservations in the same transaction: the
// one door for cancelling an order with approved part lines (aftersales.Service.Cancel refuses
// those with aftersales.ErrCancelPartLines). It takes the same permission as
// aftersales.Service.Cancel. Parts already issued must be returned first.
func (s *Service) CancelOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, reason string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCancelRepairOrder, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return err
	}
	return s.atomically(ctx, func(ctx context.Context) error {
		o, err := s.orders.Get(ctx, actor.Dealer(), order)
		if err != nil {
			return err
		}
		if err := o.Cancel(actor, now, reason); err != nil { // on the loaded copy: checks first
			return err
		}
		if err := s.release(ctx, actor, now, order, nil, reason); err != nil {
			return err
		}
		return s.orders.Update(ctx, actor.Dealer(), order, func(o *aftersales.RepairOrder) error {
			return o.Cancel(actor, now, reason)
		})
	})
}

// IssueInput issues parts to a repair-order part line (§3.4.3).
type IssueInput struct {
	// Key is the idempotency key: the same key with the same request returns the original
	// posting; with another request it is refused (ErrKeyReused).
	Key      string          `json:"key"`
	Order    uuid.UUID       `json:"order"`
	Line     uuid.UUID       `json:"line"`
	Quantity decimal.Decimal `json:"quantity"` // in the part's unit; at most what the line still needs
	// Bin is where to take unreserved stock from; empty means the part's default bin. Stock held
	// for the line is taken from the bins holding it first.
	Bin    string `json:"bin"`
	Reason string `json:"reason"` // optional; defaults to "issued to repair order <number>"
}

// Issue issues parts to an approved part line of a repair order (§3.4.3). The line must be
// approved by the customer, for a catalogue part of the origin the customer approved (§4.2.1),
// and not be issued beyond its approved quantity. Stock held for the line is used first; the rest
// comes from unreserved stock, never from another order's reservation and never below zero
// (*StockError). The stock movement, the line's issued quantity and cost, and the reservation
// change in one transaction or not at all. The posting returned carries the cost: round(value ×
// q / on-hand) of each row, the last unit taking the remainder (moving average), or the same
// share of the oldest layers first (FIFO).
func (s *Service) Issue(ctx context.Context, actor dealerkit.Actor, in IssueInput) (*Posting, error) {
	return s.issue(ctx, actor, "issue", in, in.validate, PickInput{Key: in.Key, Order: in.Order, Reason: in.Reason,
		Lines: []PickLine{{Line: in.Line, Quantity: in.Quantity, Bin: in.Bin}}})
}

// PickLine is one repair-order part line of a pick list.
type PickLine struct {
	Line     uuid.UUID       `json:"line"`
	Quantity decimal.Decimal `json:"quantity"`
	Bin      string          `json:"bin"` // empty means the part's default bin; held stock is taken from its bins first
}

// PickInput issues several part lines of one repair order at once: a pick list.
type PickInput struct {
	Key    string     `json:"key"`
	Order  uuid.UUID  `json:"order"`
	Lines  []PickLine `json:"lines"` // each line at most once
	Reason string     `json:"reason"`
}

// Pick issues several part lines of one repair order in one posting (§3.4.3): every line as Issue
// would, all of them or none. The movements lock the stock rows in part and bin order, so two
// pick lists of the same parts in opposite orders never wait on each other in a cycle.
func (s *Service) Pick(ctx context.Context, actor dealerkit.Actor, in PickInput) (*Posting, error) {
	return s.issue(ctx, actor, "pick", in, in.validate, in)
}

func (in PickInput) validate() error {
	var v dealerkit.ValidationError
	if err, ok := requireKey(in.Key).(*dealerkit.ValidationError); ok {
		v.Fields = append(v.Fields, err.Fields...)
	}
	if in.Order == uuid.Nil {
		v.AddCode("order", "", dealerkit.ReasonRequired, "required")
	}
	if len(in.Lines) == 0 {
		v.AddCode("lines", "", dealerkit.ReasonRequired, "at least one line is required")
	}
	seen := map[uuid.UUID]bool{}
	for i, l := range in.Lines {
		if l.Line == uuid.Nil || seen[l.Line] {
			v.AddCode(indexed("lines", i, "line"), l.Line.String(), dealerkit.ReasonDuplicate, "a line, each at most once")
		}
		seen[l.Line] = true
		if !l.Quantity.IsPositive() {
			v.AddCode(indexed("lines", i, "quantity"), l.Quantity.String(), dealerkit.ReasonNotPositive, "must be positive")
		}
	}
	return v.Err()
}

// issue is Issue and Pick: op and request make the idempotency fingerprint; validate checks the
// request as the caller gave it.
func (s *Service) issue(ctx context.Context, actor dealerkit.Actor, op string, request any, validate func() error, in PickInput) (*Posting, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionIssueParts, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", request); err != nil { // one text rule for every store
		return nil, err
	}
	if err := validate(); err != nil {
		return nil, err
	}
	fp := fingerprint(op, request)
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out *Posting
	err = s.atomically(ctx, func(ctx context.Context) error {
		if p, ok, err := s.replay(ctx, dealer, in.Key, fp); err != nil || ok {
			out = p
			return err
		}
		o, err := s.orders.Get(ctx, dealer, in.Order)
		if err != nil {
			return err
		}
		type picked struct {
			line    aftersales.Line
			part    *Part
			res     *Reservation
			release []Allocation
		}
		var lines []PostingLine
		var picks []picked
		for _, pl := range in.Lines {
			l, part, err := s.partLine(ctx, dealer, o, pl.Line, pl.Quantity)
			if err != nil {
				return err
			}
			// §3.4.3, §4.2.1: the customer approved this line with its origin; a part of another
			// origin (a used part for an original one, say) is not what they consented to.
			if origin := lineOrigin(l); part.Origin() != origin {
				return &LineError{Line: l.ID, Err: ErrOriginNotApproved}
			}
			if left := l.Quantity.Sub(l.Issued); pl.Quantity.GreaterThan(left) {
				return &aftersales.QuantityError{Line: l.ID, Limit: left, Want: pl.Quantity, Err: aftersales.ErrIssueOverApproved}
			}
			res, err := s.openReservation(ctx, dealer, o.ID(), l.ID)
			if err != nil {
				return err
			}
			var release []Allocation
			rest := pl.Quantity
			if res != nil {
				release, rest = res.Take(pl.Quantity)
			}
			bin := strings.TrimSpace(pl.Bin)
			if bin == "" {
				bin = part.Bin()
			}
			// One movement per bin for this line: held stock released with it, the rest unreserved.
			byBin := map[string]int{}
			add := func(bin string, q, unreserve decimal.Decimal) {
				if i, ok := byBin[bin]; ok {
					lines[i].Quantity, lines[i].Unreserve = lines[i].Quantity.Sub(q), lines[i].Unreserve.Add(unreserve)
					return
				}
				byBin[bin] = len(lines)
				lines = append(lines, PostingLine{ID: s.src.ID(), Part: part.ID(), Bin: bin, Quantity: q.Neg(), Unreserve: unreserve, Line: l.ID})
			}
			for _, a := range release {
				add(a.Bin, a.Quantity, a.Quantity)
			}
			if rest.IsPositive() {
				add(bin, rest, decimal.Zero)
			}
			picks = append(picks, picked{l, part, res, release})
		}
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			reason = "issued to repair order " + o.Number()
		}
		ref := Reference{Kind: RefRepairOrder, ID: o.ID(), Number: o.Number()}
		if len(in.Lines) == 1 {
			ref.Line = in.Lines[0].Line
		}
		p, err := NewPosting(s.src.ID(), actor, now, PostingInput{Key: in.Key, Fingerprint: fp, Kind: MoveIssue,
			Reference: ref, Reason: reason, Method: pol.Valuation, Rounding: pol.Rounding, Lines: lines})
		if err != nil {
			return err
		}
		if err := s.repo.Post(ctx, p); err != nil {
			return err
		}
		cost := map[uuid.UUID]decimal.Decimal{}
		for _, m := range p.Movements() {
			cost[m.Reference.Line] = cost[m.Reference.Line].Sub(m.Value)
		}
		for i, pk := range picks {
			if pk.res == nil {
				continue
			}
			var leftover []Allocation
			if err := s.repo.UpdateReservation(ctx, dealer, pk.res.ID(), func(r *Reservation) (err error) {
				leftover, err = r.Consume(actor, now, in.Lines[i].Quantity, pk.release)
				return err
			}); err != nil {
				return err
			}
			if err := s.releaseAllocations(ctx, dealer, pk.part.ID(), leftover); err != nil {
				return err
			}
		}
		if err := s.orders.Update(ctx, dealer, o.ID(), func(o *aftersales.RepairOrder) error {
			for _, pl := range in.Lines {
				if err := o.RecordPartsIssue(actor, now, pl.Line, pl.Quantity, cost[pl.Line]); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

func (s *Service) releaseAllocations(ctx context.Context, dealer dealerkit.DealerID, part uuid.UUID, allocs []Allocation) error {
	if len(allocs) == 0 {
		return nil
	}
	holds := make([]Hold, len(allocs))
	for i, a := range allocs {
		holds[i] = Hold{Part: part, Bin: a.Bin, Quantity: a.Quantity.Neg()}
	}
	return s.repo.Reserve(ctx, dealer, holds)
}

func (in IssueInput) validate() error {
	var v dealerkit.ValidationError
	if err, ok := requireKey(in.Key).(*dealerkit.ValidationError); ok {
		v.Fields = append(v.Fields, err.Fields...)
	}
	if in.Order == uuid.Nil {
		v.AddCode("order", "", dealerkit.ReasonRequired, "required")
	}
	if in.Line == uuid.Nil {
		v.AddCode("line", "", dealerkit.ReasonRequired, "required")
	}
	if !in.Quantity.IsPositive() {
		v.AddCode("quantity", in.Quantity.String(), dealerkit.ReasonNotPositive, "must be positive")
	}
	return v.Err()
}

func lineOrigin(l aftersales.Line) aftersales.PartOrigin {
	if l.Origin == 0 {
		return aftersales.OriginOriginal // stored before origins were recorded
	}
	return l.Origin
}

// partLine checks that line is an approved part line of o, of a catalogue part whose unit qty
// fits (§3.4.3).
func (s *Service) partLine(ctx context.Context, dealer dealerkit.DealerID, o *aftersales.RepairOrder, line uuid.UUID, qty decimal.Decimal) (aftersales.Line, *Part, error) {
	l, ok := o.Line(line)
	switch {
	case !ok:
		return l, nil, &aftersales.LineError{Line: line, Err: aftersales.ErrUnknownLine}
	case l.Kind != aftersales.LinePart:
		return l, nil, &aftersales.LineError{Line: line, Err: aftersales.ErrNotPartLine}
	case l.Status != aftersales.LineApproved:
		return l, nil, &aftersales.LineError{Line: line, Err: aftersales.ErrNotApproved} // §3.4.3: only approved lines
	}
	n, err := ParsePartNumber(l.PartNumber)
	if err != nil {
		return l, nil, &LineError{Line: line, Err: err}
	}
	p, err := s.repo.PartByNumber(ctx, dealer, n)
	if errors.Is(err, dealerkit.ErrNotFound) {
		return l, nil, &LineError{Line: line, Err: fmt.Errorf("%w: part %s is not in the catalogue: %v", ErrWrongPart, n, err)}
	} else if err != nil {
		return l, nil, err
	}
	if !p.Unit().Fits(qty) {
		return l, nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "quantity", Value: qty.String(), Reason: "must fit the unit " + p.Unit().String()}}}
	}
	return l, p, nil
}

// ReturnInput returns unused parts from a repair-order part line to the store (§3.4.3).
type ReturnInput struct {
	Key      string          `json:"key"`
	Order    uuid.UUID       `json:"order"`
	Line     uuid.UUID       `json:"line"`
	Quantity decimal.Decimal `json:"quantity"`
	Bin      string          `json:"bin"`    // empty means the part's default bin
	Reason   string          `json:"reason"` // optional; defaults to "unused, returned from repair order <number>"
}

// Return takes unused parts back from a repair-order part line (§3.4.3) at the cost they left
// with: their share of the line's issued cost, the last unit back taking the remainder
// (aftersales.Line.ReturnCost). The stock movement and the line change together.
func (s *Service) Return(ctx context.Context, actor dealerkit.Actor, in ReturnInput) (*Posting, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionReturnParts, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	if err := (IssueInput{Key: in.Key, Order: in.Order, Line: in.Line, Quantity: in.Quantity}).validate(); err != nil {
		return nil, err
	}
	fp := fingerprint("return", in)
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out *Posting
	err = s.atomically(ctx, func(ctx context.Context) error {
		if p, ok, err := s.replay(ctx, dealer, in.Key, fp); err != nil || ok {
			out = p
			return err
		}
		o, err := s.orders.Get(ctx, dealer, in.Order)
		if err != nil {
			return err
		}
		l, part, err := s.partLine(ctx, dealer, o, in.Line, in.Quantity)
		if err != nil {
			return err
		}
		// The order re-checks the quantity and this cost on its fresh state below; a line that
		// changed since this read fails there with ErrConflict and the whole return is retried.
		cost := l.ReturnCost(in.Quantity, pol.Rounding)
		bin := strings.TrimSpace(in.Bin)
		if bin == "" {
			bin = part.Bin()
		}
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			reason = "unused, returned from repair order " + o.Number()
		}
		p, err := NewPosting(s.src.ID(), actor, now, PostingInput{Key: in.Key, Fingerprint: fp, Kind: MoveReturn,
			Reference: Reference{Kind: RefRepairOrder, ID: o.ID(), Line: l.ID, Number: o.Number()}, Reason: reason,
			Method: pol.Valuation, Rounding: pol.Rounding,
			Lines: []PostingLine{{ID: s.src.ID(), Part: part.ID(), Bin: bin, Quantity: in.Quantity, Value: cost}}})
		if err != nil {
			return err
		}
		if err := s.repo.Post(ctx, p); err != nil {
			return err
		}
		if err := s.orders.Update(ctx, dealer, o.ID(), func(o *aftersales.RepairOrder) error {
			return o.RecordPartsReturn(actor, now, l.ID, in.Quantity, cost, pol.Rounding)
		}); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// Reservations lists reservations.
func (s *Service) Reservations(ctx context.Context, actor dealerkit.Actor, f ReservationFilter) ([]*Reservation, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", f); err != nil { // one text rule for every store
		return nil, err
	}
	return s.repo.ListReservations(ctx, actor.Dealer(), f)
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x BinStock) MarshalJSON() ([]byte, error) {
	type plain BinStock
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x Availability) MarshalJSON() ([]byte, error) {
	type plain Availability
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x LineAvailability) MarshalJSON() ([]byte, error) {
	type plain LineAvailability
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x IssueInput) MarshalJSON() ([]byte, error) {
	type plain IssueInput
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x PickLine) MarshalJSON() ([]byte, error) {
	type plain PickLine
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x ReturnInput) MarshalJSON() ([]byte, error) {
	type plain ReturnInput
	return exactJSON(plain(x))
}
