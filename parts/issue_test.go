package parts

import (
	"errors"
	"sync"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §3.4.3: approving an estimate reserves stock (available = on-hand − reserved); what is short is
// visible to the advisor before approval and becomes a back-order with where and when it can come
// from, and a purchase suggestion.
func TestReservation_Clause3_4_3_ApprovalReservesAndShortagesAreBackOrdered(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "3", "300")
	r := e.repairOrder(partLine("5Q0 698 151 B", "2"), partLine(" 5q0  698 151 b", "3"), partLine("NOT-IN-1", "1"))

	// At estimate time the advisor sees the shortage.
	la, err := e.svc.CheckOrder(e.ctx, e.advisor, r.id)
	require.NoError(t, err)
	require.Len(t, la, 3)
	requireDec(t, "3", la[0].Available)
	requireDec(t, "0", la[0].BackOrdered)
	requireDec(t, "0", la[1].BackOrdered, "each line alone fits before anything is held")
	require.False(t, la[2].Known, "a part number not in the catalogue is reported, not refused")

	la, err = e.svc.Approve(e.ctx, e.customer, r.id, aftersales.DecisionInput{Lines: []uuid.UUID{r.job, r.parts[0], r.parts[1], r.parts[2]},
		Approved: true, Channel: aftersales.ChannelMessage})
	require.NoError(t, err)
	require.Len(t, la, 3)
	byLine := map[uuid.UUID]LineAvailability{}
	for _, l := range la {
		byLine[l.Line] = l
	}
	requireDec(t, "2", byLine[r.parts[0]].Reserved)
	requireDec(t, "1", byLine[r.parts[1]].Reserved)
	requireDec(t, "2", byLine[r.parts[1]].BackOrdered)
	require.Equal(t, e.supplier.ID(), byLine[r.parts[1]].Supplier)
	require.False(t, byLine[r.parts[1]].ExpectedBy.IsZero())
	row := e.row(pads, "A-01")
	requireDec(t, "3", row.Reserved())
	requireDec(t, "0", row.Available())
	o, _ := e.store.orderGet(r.id)
	require.Equal(t, aftersales.StateApproved, o.State(), "the approval and the reservations commit together")

	a, err := e.svc.Availability(e.ctx, e.tech, "5Q0 698 151 B")
	require.NoError(t, err)
	requireDec(t, "3", a.OnHand)
	requireDec(t, "3", a.Reserved)
	requireDec(t, "2", a.BackOrdered)

	// The back-order is a purchase suggestion even with no demand history.
	sugg, err := e.svc.SuggestPurchases(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Len(t, sugg, 1)
	require.Equal(t, e.supplier.ID(), sugg[0].Supplier)
	requireDec(t, "2", sugg[0].Lines[0].Suggested)

	// Reserving again changes nothing: every approved line already has its reservation.
	before := e.store.dump()
	_, err = e.svc.ReserveOrder(e.ctx, e.clerk, r.id)
	require.NoError(t, err)
	require.Equal(t, before, e.store.dump())

	// The receipt fills the back-order, oldest first.
	e.buy(pads, "2", "310")
	res, err := e.svc.Reservations(e.ctx, e.clerk, ReservationFilter{Order: r.id, Line: r.parts[1]})
	require.NoError(t, err)
	require.Len(t, res, 1)
	requireDec(t, "3", res[0].Held())
	requireDec(t, "0", res[0].BackOrdered())
	requireDec(t, "1", res[0].FilledAtRequest())
	requireDec(t, "5", e.row(pads, "A-01").Reserved())
	e.ledger(dealerA)

	// First-time fill: one of the two stocked lines was held in full at approval (2 of 2), the
	// other in part (1 of 3): each line weighs the same, (1 + 1/3) / 2.
	f, err := e.svc.FillRates(e.ctx, e.manager, t0, e.clock.Peek().Add(1))
	require.NoError(t, err)
	require.Equal(t, 2, f.Lines)
	require.Equal(t, 1, f.FirstTimeLines)
	requireDec(t, "0.5", f.FirstTimeFillRate.Value())
	requireDec(t, "0.6667", f.FillRate.Value())
}

// §3.4.3: only an approved part line can be issued to; refusals are typed and change nothing.
func TestIssue_Clause3_4_3_OnlyApprovedPartLines(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "5", "300")
	r := e.repairOrder(partLine("5Q0 698 151 B", "2"))
	issue := func(line uuid.UUID, qty string) func() error {
		return func() error {
			_, err := e.svc.Issue(e.ctx, e.clerk, IssueInput{Key: e.key(), Order: r.id, Line: line, Quantity: dec(qty)})
			return err
		}
	}
	e.refused(aftersales.ErrNotApproved, issue(r.parts[0], "1"))
	e.refused(aftersales.ErrNotPartLine, issue(r.job, "1"))
	e.refused(aftersales.ErrUnknownLine, issue(uuid.New(), "1"))
	_, err := e.svc.Approve(e.ctx, e.advisor, r.id, aftersales.DecisionInput{Lines: []uuid.UUID{r.job, r.parts[0]}, Approved: true, Channel: aftersales.ChannelPhone})
	require.NoError(t, err)
	e.refused(aftersales.ErrIssueOverApproved, issue(r.parts[0], "3"))
	e.refused(dealerkit.ErrInvalid, issue(r.parts[0], "0.5")) // sets are whole
	e.refused(dealerkit.ErrInvalid, issue(r.parts[0], "-1"))
	// §3.4(1): a technician or advisor does not post stock movements.
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.Issue(e.ctx, e.tech, IssueInput{Key: "x", Order: r.id, Line: r.parts[0], Quantity: dec("1")})
		return err
	})
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.Issue(e.ctx, e.advisor, IssueInput{Key: "x", Order: r.id, Line: r.parts[0], Quantity: dec("1")})
		return err
	})

	p, err := e.svc.Issue(e.ctx, e.clerk, IssueInput{Key: "pick-1", Order: r.id, Line: r.parts[0], Quantity: dec("2")})
	require.NoError(t, err)
	requireDec(t, "-600.00", p.Value())
	l := e.line(r.id, r.parts[0])
	requireDec(t, "2", l.Issued)
	requireDec(t, "600.00", l.IssuedCost)
	m := p.Movements()[0]
	require.Equal(t, MoveIssue, m.Kind)
	require.Equal(t, Reference{Kind: RefRepairOrder, ID: r.id, Line: r.parts[0], Number: r.id.String()}, m.Reference)
	require.Equal(t, e.clerk.Staff(), m.Actor.Staff)
	require.Equal(t, "pick-1", m.Key)
	require.NotEmpty(t, m.Reason)
	requireDec(t, "2", m.Unreserve, "the line's reservation is consumed")
	requireDec(t, "0", e.row(pads, "A-01").Reserved())
	res, _ := e.svc.Reservations(e.ctx, e.clerk, ReservationFilter{Order: r.id})
	require.Equal(t, ReservationFulfilled, res[0].State())
	// Both records carry the issue's event, with its clause.
	require.Len(t, e.store.eventsOf("stock.issued"), 1)
	require.Equal(t, "§3.4.3", e.store.eventsOf("stock.issued")[0].Clause)
	require.Len(t, e.store.eventsOf("repair_order.parts_issued"), 1)
	e.ledger(dealerA)
}

// §3.4.3, §4.2.1: a repaired or used part is fitted only where the customer approved a line of
// that origin; an original line cannot be filled with a used part, nor the other way round.
func TestIssue_Clause3_4_3_OriginMustBeTheOneTheCustomerApproved(t *testing.T) {
	e := newEnv(t, nil)
	used, err := e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "06H 903 016 L-U", Name: Name{Zh: "发电机(旧件)"}, Unit: UnitPiece,
		Category: "electrical", Bin: "U-01", Origin: aftersales.OriginUsed, Sources: []Source{{Supplier: e.supplier.ID()}}})
	require.NoError(t, err)
	e.buy(used, "2", "450")
	original := partLine("06H 903 016 L-U", "1")
	consented := partLine("06H 903 016 L-U", "1")
	consented.Origin = aftersales.OriginUsed
	r, la := e.approved(original, consented)
	require.Equal(t, aftersales.OriginUsed, la[0].Origin, "the estimate shows the stocked part's origin")
	e.refused(ErrOriginNotApproved, func() error { _, err := e.issue(r, 0, "1"); return err })
	_, err = e.issue(r, 1, "1")
	require.NoError(t, err)
}

// §3.4.3: stock never goes negative and another order's reservation is never taken: a refusal
// names the part, the bin, what there is and what was wanted, and changes nothing.
func TestIssue_Clause3_4_3_NeverNegativeNeverAnotherOrdersStock(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "5", "300")
	e.approved(partLine("5Q0 698 151 B", "4")) // holds 4 of 5
	r2 := e.repairOrder(partLine("5Q0 698 151 B", "3"))
	e.approvedUnheld(r2) // no reservation for r2
	e.refused(ErrInsufficientStock, func() error { _, err := e.issue(r2, 0, "2"); return err })
	var se *StockError
	_, err := e.issue(r2, 0, "2")
	require.ErrorAs(t, err, &se)
	require.Equal(t, pads.ID(), se.Part)
	require.Equal(t, "A-01", se.Bin)
	requireDec(t, "1", se.Have)
	requireDec(t, "2", se.Want)
	_, err = e.issue(r2, 0, "1") // the one unreserved set
	require.NoError(t, err)
	e.ledger(dealerA)
}

// §3.4.3: the same key and request returns the original posting without a second movement; the
// key with another request is refused.
func TestIssue_Clause3_4_3_IdempotencyKey(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "5", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "3"))
	in := IssueInput{Key: "pick-7", Order: r.id, Line: r.parts[0], Quantity: dec("1")}
	first, err := e.svc.Issue(e.ctx, e.clerk, in)
	require.NoError(t, err)
	before := e.store.dump()
	again, err := e.svc.Issue(e.ctx, e.clerk, in)
	require.NoError(t, err)
	require.Equal(t, first.Snapshot().ID, again.Snapshot().ID)
	require.JSONEq(t, string(mustJSON(first.Snapshot())), string(mustJSON(again.Snapshot())))
	require.Equal(t, before, e.store.dump(), "a replay stores nothing")
	in.Quantity = dec("2")
	e.refused(ErrKeyReused, func() error { _, err := e.svc.Issue(e.ctx, e.clerk, in); return err })
	var ke *KeyError
	_, err = e.svc.Issue(e.ctx, e.clerk, in)
	require.ErrorAs(t, err, &ke)
	require.Equal(t, "pick-7", ke.Key)
	requireDec(t, "1", e.line(r.id, r.parts[0]).Issued)

	// Concurrent requests with one key: one movement, the same result for all.
	in2 := IssueInput{Key: "pick-8", Order: r.id, Line: r.parts[0], Quantity: dec("1")}
	var wg sync.WaitGroup
	results := make([]*Posting, 16)
	for i := range results {
		wg.Go(func() {
			p, err := e.svc.Issue(e.ctx, e.clerk, in2)
			require.NoError(t, err)
			results[i] = p
		})
	}
	wg.Wait()
	for _, p := range results {
		require.Equal(t, results[0].ID(), p.ID())
	}
	moves, _ := e.store.ListMovements(e.ctx, dealerA, MovementFilter{Posting: results[0].ID()})
	require.Len(t, moves, 1)
	requireDec(t, "2", e.line(r.id, r.parts[0]).Issued)
}

// §3.4.3: the stock movement and the repair-order line change together or not at all: a failure
// after the stock rows changed, or a repair order that refuses the issue, leaves nothing behind.
func TestIssue_Clause3_4_3_AtomicWithTheRepairOrderLine(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "5", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "2"))

	injected := errors.New("disk full")
	e.store.failPost = injected
	e.refused(injected, func() error { _, err := e.issue(r, 0, "1"); return err })
	e.store.failPost = nil

	// Drive the order to work done: the line is approved but the table refuses an issue now, after
	// the stock was posted in the same transaction.
	require.NoError(t, e.ro.Dispatch(e.ctx, e.advisor, r.id, aftersales.DispatchInput{Line: r.job, Technician: e.tech.Staff(), PromisedAt: e.clock.Peek().Add(1e12)}))
	tech := mustActor(t, dealerA, e.tech.Staff(), dealerkit.RoleTechnician)
	require.NoError(t, e.ro.ClockOn(e.ctx, tech, r.id, r.job))
	e.clock.Advance(3600e9)
	require.NoError(t, e.ro.ClockOff(e.ctx, tech, r.id, r.job))
	require.NoError(t, e.ro.CompleteJob(e.ctx, tech, r.id, r.job))
	require.NoError(t, e.ro.FinishWork(e.ctx, e.advisor, r.id))
	e.refused(aftersales.ErrWrongState, func() error { _, err := e.issue(r, 0, "1"); return err })
	e.ledger(dealerA)
}

// §3.4.3: cancelling a repair order releases what it held; a released reservation's stock is
// available again.
func TestReservation_Clause3_4_3_CancelReleases(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "2", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "3"))
	requireDec(t, "2", e.row(pads, "A-01").Reserved())
	e.refused(dealerkit.ErrForbidden, func() error { return e.svc.CancelOrder(e.ctx, e.clerk, r.id, "customer left") })
	require.NoError(t, e.svc.CancelOrder(e.ctx, e.advisor, r.id, "customer left"))
	requireDec(t, "0", e.row(pads, "A-01").Reserved())
	o, _ := e.store.orderGet(r.id)
	require.Equal(t, aftersales.StateCancelled, o.State())
	res, _ := e.svc.Reservations(e.ctx, e.clerk, ReservationFilter{Order: r.id})
	require.Equal(t, ReservationReleased, res[0].State())
	requireDec(t, "0", res[0].BackOrdered())

	// An order with parts out cannot be cancelled until they are returned.
	r2, _ := e.approved(partLine("5Q0 698 151 B", "1"))
	_, err := e.issue(r2, 0, "1")
	require.NoError(t, err)
	e.refused(aftersales.ErrPartsOutstanding, func() error { return e.svc.CancelOrder(e.ctx, e.advisor, r2.id, "customer left") })
	_, err = e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r2.id, Line: r2.parts[0], Quantity: dec("1")})
	require.NoError(t, err)
	require.NoError(t, e.svc.CancelOrder(e.ctx, e.advisor, r2.id, "customer left"))
	e.refused(aftersales.ErrWrongState, func() error { // nothing more can come back from a cancelled order
		_, err := e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r2.id, Line: r2.parts[0], Quantity: dec("1")})
		return err
	})
	e.ledger(dealerA)
}

// §2, §3.4: one dealer never sees or changes another's stock.
func TestIssue_Clause3_4_DealersAreIsolated(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "2", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "1"))
	_, err := e.svc.Part(e.ctx, e.clerkB, pads.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	e.refused(dealerkit.ErrNotFound, func() error {
		_, err := e.svc.Issue(e.ctx, e.clerkB, IssueInput{Key: "b", Order: r.id, Line: r.parts[0], Quantity: dec("1")})
		return err
	})
	rows, err := e.svc.Stock(e.ctx, e.clerkB, StockFilter{})
	require.NoError(t, err)
	require.Empty(t, rows)
}

// §3.4.3: of many clerks issuing the last unit at once, exactly one succeeds; the others get an
// insufficient-stock error and the book stays exact. (The adapters run this at 64 goroutines
// against real databases; here it proves the Service's side.)
func TestIssue_Clause3_4_3_TheLastUnitGoesOnce(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "1", "300")
	var orders []roLines
	for range 8 {
		r := e.repairOrder(partLine("5Q0 698 151 B", "1"))
		e.approvedUnheld(r)
		orders = append(orders, r)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, r := range orders {
		wg.Go(func() {
			_, errs[i] = e.svc.Issue(e.ctx, e.clerk, IssueInput{Key: "last-" + itoa(i), Order: r.id, Line: r.parts[0], Quantity: dec("1")})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			require.ErrorIs(t, err, ErrInsufficientStock)
		}
	}
	require.Equal(t, 1, ok)
	requireDec(t, "0", e.row(pads, "A-01").OnHand())
	e.ledger(dealerA)
}

// The keys the library makes for itself cannot be taken by a caller.
func TestIssue_SystemKeysAreReserved(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("BP-1", UnitSet, "A")
	for _, k := range []string{"stocktake:1", "reversal:x", "", string(make([]byte, 201))} {
		_, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: k, Part: p.ID(), Quantity: dec("1"), Reason: "r"})
		requireField(t, err, "key")
	}
}

// §3.4.3: a pick list issues several lines of one order in one posting, all or none; two pick
// lists of the same parts in opposite orders lock the rows in the same order (part, then bin).
func TestPick_Clause3_4_3_SeveralLinesAllOrNone(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	discs := e.part("5Q0 615 301 F", UnitPiece, "A-02")
	e.buy(pads, "4", "300")
	e.buy(discs, "2", "400")
	r1 := e.repairOrder(partLine("5Q0 698 151 B", "1"), partLine("5Q0 615 301 F", "2"))
	e.approvedUnheld(r1)
	r2, _ := e.approved(partLine("5Q0 615 301 F", "1"), partLine("5Q0 698 151 B", "1")) // holds 1 disc, 1 set

	// The discs line of r1 wants 2, but one of the 2 is held for r2: nothing is issued at all.
	e.refused(ErrInsufficientStock, func() error {
		_, err := e.svc.Pick(e.ctx, e.clerk, PickInput{Key: "pick-a", Order: r1.id, Lines: []PickLine{
			{Line: r1.parts[0], Quantity: dec("1")}, {Line: r1.parts[1], Quantity: dec("2")}}})
		return err
	})
	_, err := e.svc.Pick(e.ctx, e.clerk, PickInput{Key: "pick-a", Order: r1.id, Lines: []PickLine{{Line: r1.parts[0], Quantity: dec("1")}, {Line: r1.parts[0], Quantity: dec("1")}}})
	requireField(t, err, "lines[1].line")

	p, err := e.svc.Pick(e.ctx, e.clerk, PickInput{Key: "pick-b", Order: r2.id, Lines: []PickLine{
		{Line: r2.parts[1], Quantity: dec("1")}, {Line: r2.parts[0], Quantity: dec("1")}}})
	require.NoError(t, err)
	ms := p.Movements()
	require.Len(t, ms, 2)
	require.Equal(t, -1, compareUUID(ms[0].Part, ms[1].Part), "movements in part order, the lock order")
	requireDec(t, "300.00", e.line(r2.id, r2.parts[1]).IssuedCost)
	requireDec(t, "400.00", e.line(r2.id, r2.parts[0]).IssuedCost)
	for _, m := range ms {
		require.Contains(t, r2.parts, m.Reference.Line, "each movement names its repair-order line")
	}
	e.ledger(dealerA)
}

// §3.4.3, §4.2.1: when the customer withdraws consent to a part line before its parts are issued,
// what was held for it is available again in the same transaction.
func TestReservation_Clause3_4_3_WithdrawnConsentReleases(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "2", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "2"))
	requireDec(t, "2", e.row(pads, "A-01").Reserved())
	_, err := e.svc.Approve(e.ctx, e.advisor, r.id, aftersales.DecisionInput{Lines: r.parts, Approved: false, Channel: aftersales.ChannelPhone})
	require.NoError(t, err)
	requireDec(t, "0", e.row(pads, "A-01").Reserved())
	require.Equal(t, aftersales.LineDeclined, e.line(r.id, r.parts[0]).Status)
	res, _ := e.svc.Reservations(e.ctx, e.clerk, ReservationFilter{Order: r.id})
	require.Equal(t, ReservationReleased, res[0].State())
	e.ledger(dealerA)
}
