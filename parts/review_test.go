package parts

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §3.4.3: a line that was fully issued, had part of it returned, can be issued again; the
// fulfilled reservation is not consumed a second time.
func TestIssue_Clause3_4_3_IssueAgainAfterAPartialReturn(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "3", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "2"))
	_, err := e.issue(r, 0, "2")
	require.NoError(t, err)
	_, err = e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r.id, Line: r.parts[0], Quantity: dec("1")})
	require.NoError(t, err)
	p, err := e.issue(r, 0, "1")
	require.NoError(t, err)
	requireDec(t, "-300.00", p.Value())
	requireDec(t, "2", e.line(r.id, r.parts[0]).Issued)
	row := e.row(pads, "A-01")
	requireDec(t, "1", row.OnHand())
	requireDec(t, "0", row.Reserved())
	e.ledger(dealerA)
}

// reverseReceipt reverses rc (received against its posting's purchase order).
func (e *env) reverseReceipt(rc Receipt) (*Posting, error) {
	return e.svc.ReverseReceipt(e.ctx, e.clerk, e.posting(rc).Reference().ID, rc.ID, "posted in error")
}

// §3.4.2, §3.4(1): reversing a receipt under the moving average takes back the value it brought
// in, not the row's average:
//
//	receipt 10 @ 1.00     value  10.00                 row 10    10.00
//	receipt 10 @ 100.00   value 1000.00 (in error)     row 20  1010.00
//	reverse the second    value -1000.00               row 10    10.00   (not 505.00)
//	reverse the first     value   -10.00 (all of it)   row  0     0.00
func TestReceiving_Clause3_4_2_ReversalUndoesTheReceiptsValueMovingAverage(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("BP-100", UnitPiece, "A-01")
	good := e.buy(p, "10", "1.00")
	bad := e.buy(p, "10", "100.00")
	rev, err := e.reverseReceipt(bad)
	e.step(rev, err, p, "A-01", "-1000.00", "10", "10.00")
	rev, err = e.reverseReceipt(good)
	e.step(rev, err, p, "A-01", "-10.00", "0", "0")

	// Reversing the cheap receipt first leaves the dear one at its own value.
	//	receipt 10 @ 1.00, receipt 10 @ 100.00      row 20  1010.00
	//	reverse the first   value -10.00            row 10  1000.00   (not 505.00 left)
	q := e.part("BP-200", UnitPiece, "A-02")
	first := e.buy(q, "10", "1.00")
	e.buy(q, "10", "100.00")
	rev, err = e.reverseReceipt(first)
	e.step(rev, err, q, "A-02", "-10.00", "10", "1000.00")

	// After issues at the average the original value is capped at what the row still holds:
	//	receipt 10 @ 1.00, receipt 10 @ 100.00      row 20  1010.00
	//	issue 5             cost round(1010 × 5/20) = 252.50    row 15  757.50
	//	reverse the second  min(1000.00, 757.50)    row  5    0.00
	w := e.part("BP-300", UnitPiece, "A-03")
	e.buy(w, "10", "1.00")
	dear := e.buy(w, "10", "100.00")
	r, _ := e.approved(partLine("BP-300", "5"))
	pi, err := e.issue(r, 0, "5")
	e.step(pi, err, w, "A-03", "-252.50", "15", "757.50")
	rev, err = e.reverseReceipt(dear)
	e.step(rev, err, w, "A-03", "-757.50", "5", "0")
}

// §3.4.2, §3.4(1): under FIFO reversing a receipt removes the receipt's own cost layer, not the
// oldest one; when that layer was partly issued the reversal is refused with a *ReversalError
// and nothing changes:
//
//	receipt 10 @ 1.00     layer A (10, 10.00)
//	receipt 10 @ 100.00   layer B (10, 1000.00)          row 20  1010.00
//	reverse B             value -1000.00, layers A       row 10    10.00
//	receipt 10 @ 100.00   layer C (10, 1000.00)          row 20  1010.00
//	receipt 10 @ 100.00   layer D (10, 1000.00)          row 30  2010.00
//	issue 15              A 10.00 + C 5 × 100 = -510.00  row 15  1500.00, layers C (5), D (10)
//	reverse C             refused: C holds 5 of the 10
func TestReceiving_Clause3_4_2_ReversalRemovesTheReceiptsOwnFIFOLayer(t *testing.T) {
	fifo := DefaultPolicy()
	fifo.Valuation = FIFO
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: dealerkit.Single("fifo", fifo)}})
	p := e.part("5Q0 698 151 B", UnitSet, "C-03")
	e.buy(p, "10", "1.00")
	bad := e.buy(p, "10", "100.00")
	rev, err := e.reverseReceipt(bad)
	e.step(rev, err, p, "C-03", "-1000.00", "10", "10.00")
	ls := e.row(p, "C-03").Layers()
	require.Len(t, ls, 1)
	requireDec(t, "10.00", ls[0].Value)

	c := e.buy(p, "10", "100.00")
	e.buy(p, "10", "100.00")
	r, _ := e.approved(partLine("5Q0 698 151 B", "15"))
	pi, err := e.issue(r, 0, "15")
	e.step(pi, err, p, "C-03", "-510.00", "15", "1500.00")
	e.refused(ErrNotReversible, func() error { _, err := e.reverseReceipt(c); return err })
	_, err = e.reverseReceipt(c)
	var re *ReversalError
	require.ErrorAs(t, err, &re)
	requireDec(t, "5", re.Have)
	requireDec(t, "10", re.Want)
}

// §3.4.4: a stocktake loss on stock that is all held for repair orders is booked (book = physical,
// 账物相符): 5 sets on hand, 3 held for an older order and 2 for a newer one, counted 3. The
// approval posts the loss of 2 releasing 2 of the reserved quantity, and the newest reservation
// gives up what it held: it is back-ordered again.
func TestStocktake_Clause3_4_4_LossOfReservedStockBecomesABackOrder(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "5", "300")
	older, _ := e.approved(partLine("5Q0 698 151 B", "3"))
	e.clock.Advance(time.Minute)
	newer, _ := e.approved(partLine("5Q0 698 151 B", "2"))
	requireDec(t, "5", e.row(pads, "A-01").Reserved())

	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Number: "ST-9", Reason: "month-end"})
	require.NoError(t, err)
	line := lineOf(t, st, pads).ID
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), line, dec("3")))
	require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), line, dec("3")))
	require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))
	st, err = e.svc.ApproveStocktake(e.ctx, e.manager, st.ID())
	require.NoError(t, err)
	require.Equal(t, StocktakePosted, st.State())
	requireDec(t, "-600.00", lineOf(t, st, pads).PostedValue)

	row := e.row(pads, "A-01")
	requireDec(t, "3", row.OnHand())
	requireDec(t, "3", row.Reserved())
	requireDec(t, "900.00", row.Value())
	res := func(r roLines) *Reservation {
		rs, err := e.svc.Reservations(e.ctx, e.clerk, ReservationFilter{Order: r.id})
		require.NoError(t, err)
		require.Len(t, rs, 1)
		return rs[0]
	}
	requireDec(t, "3", res(older).Held(), "the older order keeps what it held")
	requireDec(t, "0", res(newer).Held())
	requireDec(t, "2", res(newer).BackOrdered(), "the newer order waits for the next receipt")
	e.ledger(dealerA)
}

// §3.4.4: a line over the recount threshold is confirmed only by a second counter who finds the
// same variance. One disc missing (400.00, over the 200.00 threshold): a recount of 4 by another
// clerk contradicts the first count and confirms nothing; the same clerk counting 3 again does not
// confirm it either; a second clerk's 3 does.
func TestStocktake_Clause3_4_4_ARecountMustAgreeWithAnotherCounter(t *testing.T) {
	e, _, _, discs := stocktakeFixture(t)
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Bins: []string{"A-02"}, Reason: "cycle count"})
	require.NoError(t, err)
	ld := lineOf(t, st, discs).ID
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), ld, dec("3")))
	require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), ld, dec("2"))) // contradicts: 800.00 short
	e.refused(ErrRecountNeeded, func() error { return e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()) })
	require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), ld, dec("2"))) // the same counter again
	e.refused(ErrRecountNeeded, func() error { return e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()) })
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), ld, dec("3"))) // agrees with clerk's first, not with clerk2
	e.refused(ErrRecountNeeded, func() error { return e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()) })
	require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), ld, dec("3"))) // clerk2 now agrees with clerk's 3
	require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))
}

// §3.4.4, §3.4(4), §3.1: once submitted, a stocktake's counts are a manager's to judge: the clerk
// who counted cannot make them disappear by cancelling it, nor can a manager who counted; a
// manager who did not count can. While it is being counted the counters may still abandon it.
func TestStocktake_Clause3_4_4_OnlyANonCountingManagerCancelsASubmittedStocktake(t *testing.T) {
	e, pads, _, _ := stocktakeFixture(t)
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Bins: []string{"A-01"}, Reason: "cycle count"})
	require.NoError(t, err)
	line := lineOf(t, st, pads).ID
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), line, dec("10")))
	require.NoError(t, e.svc.Count(e.ctx, e.manager, st.ID(), line, dec("10")))
	require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))

	e.refused(dealerkit.ErrForbidden, func() error { return e.svc.CancelStocktake(e.ctx, e.clerk, st.ID(), "miscounted") })
	e.refused(dealerkit.ErrForbidden, func() error { return e.svc.CancelStocktake(e.ctx, e.clerk2, st.ID(), "miscounted") })
	e.refused(ErrCounterApproves, func() error { return e.svc.CancelStocktake(e.ctx, e.manager, st.ID(), "miscounted") })
	require.NoError(t, e.svc.CancelStocktake(e.ctx, e.manager2, st.ID(), "counted the wrong aisle"))
	got, err := e.store.GetStocktake(e.ctx, dealerA, st.ID())
	require.NoError(t, err)
	require.Equal(t, StocktakeCancelled, got.State())

	// While counting, a counter may abandon it.
	st, err = e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Bins: []string{"A-01"}, Reason: "cycle count"})
	require.NoError(t, err)
	require.NoError(t, e.svc.CancelStocktake(e.ctx, e.clerk, st.ID(), "started by mistake"))
}

// §3.4.4, §3.1: stock found in a bin the part never came into is valued at the part's cost, not
// at zero: a set worth 300.00 lost from A-01 and found in B-07 keeps its 300.00.
//
//	receipt  1 @ 300.00 into A-01         A-01 1  300.00
//	adjust  -1 in A-01    cost -300.00    A-01 0    0.00
//	adjust  +1 in B-07    value 300.00    B-07 1  300.00   (A-01's last receipt cost; was 0.00)
//	adjust  +1 in C-01    value 300.00    C-01 1  300.00   (the average across A-01 and B-07)
func TestAdjust_Clause3_4_4_StockFoundInANewBinKeepsThePartsCost(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "1", "300")
	out, err := e.adjust(pads, "-1")
	e.step(out, err, pads, "A-01", "-300.00", "0", "0")
	in, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: e.key(), Part: pads.ID(), Bin: "B-07", Quantity: dec("1"), Reason: "found in B-07"})
	e.step(in, err, pads, "B-07", "300.00", "1", "300.00")
	in, err = e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: e.key(), Part: pads.ID(), Bin: "C-01", Quantity: dec("1"), Reason: "found in C-01"})
	e.step(in, err, pads, "C-01", "300.00", "1", "300.00")
}

// §3.4.1, §3.4(2): drafting purchase orders twice does not order the same shortage twice: open
// drafts count as on order in the plan.
func TestReplenishment_Clause3_4_1_DraftingAgainDoesNotDuplicate(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(p, "1", "312.5000")
	e.approved(partLine("5Q0 698 151 B", "4")) // 3 back-ordered
	drafts, err := e.svc.DraftPurchaseOrders(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Len(t, drafts, 1)
	requireDec(t, "3", drafts[0].Lines()[0].Quantity)

	again, err := e.svc.DraftPurchaseOrders(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Empty(t, again, "the open draft already covers the back-order")
	all, err := e.svc.PurchaseOrders(e.ctx, e.clerk, POFilter{States: []POState{PODraft}})
	require.NoError(t, err)
	require.Len(t, all.Items, 1)
	sugg, err := e.svc.SuggestPurchases(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Empty(t, sugg)
}

// §3.4.4: each adjustment movement of a stocktake references the count line it comes from, and
// the approval records it on that line; a movement naming no count line is refused.
func TestStocktake_Clause3_4_4_MovementsCarryTheirCountLine(t *testing.T) {
	e, pads, oil, _ := stocktakeFixture(t)
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Number: "ST-5", Reason: "month-end"})
	require.NoError(t, err)
	for _, l := range st.Lines() {
		qty := l.Frozen
		switch l.Part {
		case pads.ID():
			qty = dec("9")
		case oil.ID():
			qty = dec("20.25")
		}
		require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), l.ID, qty))
		require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), l.ID, qty))
	}
	require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))

	// A posting of the same variances whose movements do not name their lines is not this
	// stocktake's.
	loaded, err := e.store.GetStocktake(e.ctx, dealerA, st.ID())
	require.NoError(t, err)
	var lines []PostingLine
	for _, a := range loaded.Adjustments() {
		lines = append(lines, PostingLine{ID: uuid.New(), Part: a.Part, Bin: a.Bin, Quantity: a.Quantity})
	}
	bare, err := NewPosting(uuid.New(), e.manager2, e.clock.Peek(), PostingInput{Key: "bare", Kind: MoveAdjustment,
		Reference: Reference{Kind: RefStocktake, ID: st.ID()}, Reason: "variance", Method: MovingAverage,
		Rounding: dealerkit.DefaultRounding(), Lines: lines})
	require.NoError(t, err)
	require.ErrorIs(t, loaded.Approve(e.manager2, e.clock.Peek(), bare), ErrUnknownLine)

	st, err = e.svc.ApproveStocktake(e.ctx, e.manager2, st.ID())
	require.NoError(t, err)
	p, err := e.store.GetPosting(e.ctx, dealerA, st.Posting())
	require.NoError(t, err)
	ms := p.Movements()
	require.Len(t, ms, 2)
	for _, m := range ms {
		var want CountLine
		for _, l := range st.Lines() {
			if l.Part == m.Part && l.Bin == m.Bin {
				want = l
			}
		}
		require.Equal(t, want.ID, m.Reference.Line, "the movement names its count line")
		require.Equal(t, m.ID, want.Posted)
		requireDec(t, m.Value.String(), want.PostedValue)
	}
}
