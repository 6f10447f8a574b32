package aftersales

import (
	"encoding/json"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// issue records an issue on the stored order through the repository, as the parts service does.
func (e *env) issue(id, line uuid.UUID, qty, cost string) error {
	return e.repo.Update(e.ctx, dealerA, id, func(o *RepairOrder) error {
		return o.RecordPartsIssue(e.clerk, e.clock.Now(), line, dec(qty), dec(cost))
	})
}

// §3.4.3: only an approved part line can be issued to, never beyond the approved quantity, and a
// refusal changes nothing.
func TestPartsIssue_Clause3_4_3_OnlyApprovedPartLinesUpToTheApprovedQuantity(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open() // part line: 1 x BP-100, still proposed
	at := e.clock.Now()
	refusedOnOrder := func(o *RepairOrder, target error, call func() error) {
		t.Helper()
		before := o.Snapshot()
		require.ErrorIs(t, call(), target)
		require.Equal(t, before, o.Snapshot())
		require.Empty(t, o.PendingEvents())
	}
	o := e.get(r.id)
	// A received order is not yet approved: the state machine refuses.
	refusedOnOrder(o, ErrWrongState, func() error { return o.RecordPartsIssue(e.clerk, at, r.partLine, dec("1"), dec("300")) })

	// Approve the labour line only: the part line stays proposed and cannot be issued to.
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelPhone}))
	o = e.get(r.id)
	refusedOnOrder(o, ErrNotApproved, func() error { return o.RecordPartsIssue(e.clerk, at, r.partLine, dec("1"), dec("300")) })
	refusedOnOrder(o, ErrNotPartLine, func() error { return o.RecordPartsIssue(e.clerk, at, r.job, dec("1"), dec("300")) })
	refusedOnOrder(o, ErrUnknownLine, func() error { return o.RecordPartsIssue(e.clerk, at, uuid.New(), dec("1"), dec("300")) })

	// A declined part line can never be issued to either.
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.partLine}, Approved: false, Channel: ChannelPhone}))
	o = e.get(r.id)
	refusedOnOrder(o, ErrNotApproved, func() error { return o.RecordPartsIssue(e.clerk, at, r.partLine, dec("1"), dec("300")) })

	// An approved oil line of 4.5 litres takes 4 then 0.5, and nothing more.
	r2 := e.open()
	oil, err := e.svc.AddLine(e.ctx, e.advisor, r2.id, part("engine oil 5W-30", "G 052 195 M4", "4.5", "68"))
	require.NoError(t, err)
	require.NoError(t, e.decide(e.advisor, r2.id, DecisionInput{Lines: []uuid.UUID{r2.job, r2.partLine, oil}, Approved: true, Channel: ChannelInPerson}))
	require.NoError(t, e.issue(r2.id, oil, "4", "180.0000"))
	require.NoError(t, e.issue(r2.id, oil, "0.5", "22.50"))
	o = e.get(r2.id)
	l, _ := o.Line(oil)
	requireDec(t, "4.5", l.Issued)
	requireDec(t, "202.50", l.IssuedCost)
	refusedOnOrder(o, ErrIssueOverApproved, func() error { return o.RecordPartsIssue(e.clerk, at, oil, dec("0.001"), dec("0")) })
	var qe *QuantityError
	require.ErrorAs(t, o.RecordPartsIssue(e.clerk, at, oil, dec("1"), dec("45")), &qe)
	require.Equal(t, oil, qe.Line)
	requireDec(t, "0", qe.Limit)
	requireDec(t, "1", qe.Want)

	// Bad quantities and costs are refused field by field.
	err = o.RecordPartsIssue(e.clerk, at, r2.partLine, dec("0"), dec("-1"))
	requireField(t, err, "quantity")
	requireField(t, err, "cost")

	// The issue is an event of the order, citing the clause.
	last := e.repo.events[len(e.repo.events)-1]
	require.Equal(t, "repair_order.parts_issued", last.Type)
	require.Equal(t, "§3.4.3", last.Clause)
	require.JSONEq(t, `{"line":"`+oil.String()+`","quantity":"0.5","cost":"22.50"}`, string(last.Data))
}

// §3.4.3: unused parts come back at the cost they left with, in each state the table allows, and
// never more than was issued.
func TestPartsIssue_Clause3_4_3_ReturnInEveryAllowedState(t *testing.T) {
	for _, s := range []State{StateApproved, StateInProgress, StateWorkDone} {
		t.Run(s.String(), func(t *testing.T) {
			e := newEnv(t, nil)
			r := e.orderIn(StateApproved)
			require.NoError(t, e.issue(r.id, r.partLine, "1", "312.50"))
			e.advance(r, s)
			o := e.get(r.id)
			_, ok := Allowed(s, CmdReturnParts)
			require.True(t, ok)

			// More than issued: refused, nothing changes.
			before := o.Snapshot()
			var qe *QuantityError
			err := o.RecordPartsReturn(e.clerk, e.clock.Now(), r.partLine, dec("2"), dec("625"), dealerkit.DefaultRounding())
			require.ErrorAs(t, err, &qe)
			require.ErrorIs(t, err, ErrReturnOverIssued)
			requireDec(t, "1", qe.Limit)
			// Everything back but at another cost: refused as a conflict (the caller's view of the
			// line is stale), since the line would keep a cost with nothing issued.
			var rce *ReturnCostError
			require.ErrorAs(t, o.RecordPartsReturn(e.clerk, e.clock.Now(), r.partLine, dec("1"), dec("300"), dealerkit.DefaultRounding()), &rce)
			require.ErrorIs(t, rce, dealerkit.ErrConflict)
			requireDec(t, "312.50", rce.Want)
			require.Equal(t, before, o.Snapshot())

			require.NoError(t, o.RecordPartsReturn(e.clerk, e.clock.Now(), r.partLine, dec("1"), dec("312.50"), dealerkit.DefaultRounding()))
			require.Equal(t, s, o.State())
			l, _ := o.Line(r.partLine)
			require.True(t, l.Issued.IsZero())
			require.True(t, l.IssuedCost.IsZero())
			require.Len(t, o.PendingEvents(), 1)
			require.Equal(t, "repair_order.parts_returned", o.PendingEvents()[0].Type)
		})
	}
}

// §3.4.3: a part's return cost is its share of what the line's parts cost, and the last unit back
// takes the remainder: 3 issued for 10.00 come back as 3.33, then 3.34 and 3.33.
func TestPartsIssue_Clause3_4_3_ReturnCostIsTheShareAndTheLastUnitTakesTheRest(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	bolts, err := e.svc.AddLine(e.ctx, e.advisor, r.id, part("wheel bolts", "N 909 167 02", "3", "10"))
	require.NoError(t, err)
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job, bolts}, Approved: true, Channel: ChannelInPerson}))
	require.NoError(t, e.issue(r.id, bolts, "3", "10.00"))
	o := e.get(r.id)
	rd := dealerkit.DefaultRounding()
	for _, want := range []string{"3.33", "3.34", "3.33"} {
		l, _ := o.Line(bolts)
		cost := l.ReturnCost(dec("1"), rd)
		requireDec(t, want, cost)
		require.NoError(t, o.RecordPartsReturn(e.clerk, e.clock.Now(), bolts, dec("1"), cost, rd))
	}
	l, _ := o.Line(bolts)
	require.True(t, l.Issued.IsZero())
	require.True(t, l.IssuedCost.IsZero(), "zero quantity means zero cost")
	requireDec(t, "0", l.ReturnCost(dec("1"), rd))
}

// §3.4.3: an order with parts out cannot be cancelled until they are back in the store.
func TestPartsIssue_Clause3_4_3_CancelWaitsForIssuedPartsToComeBack(t *testing.T) {
	e := newEnv(t, nil)
	r := e.orderIn(StateApproved)
	require.NoError(t, e.issue(r.id, r.partLine, "1", "312.50"))
	e.refused(r.id, ErrPartsOutstanding, func() error { return e.cancel(e.advisor, r.id, "customer left") })
	require.NoError(t, e.repo.Update(e.ctx, dealerA, r.id, func(o *RepairOrder) error {
		return o.RecordPartsReturn(e.clerk, e.clock.Now(), r.partLine, dec("1"), dec("312.50"), dealerkit.DefaultRounding())
	}))
	require.NoError(t, e.cancel(e.advisor, r.id, "customer left"))
}

// §4.2.1: a part line carries its origin, original unless the estimate says otherwise; the
// customer approves the line with its origin, and the statement prints it.
func TestPartOrigin_Clause4_2_1_OnTheLineApprovedAndPrinted(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	used := part("used alternator", "06H 903 016 L", "1", "900")
	used.Origin = OriginUsed
	alt, err := e.svc.AddLine(e.ctx, e.advisor, r.id, used)
	require.NoError(t, err)
	o := e.get(r.id)
	l, _ := o.Line(alt)
	require.Equal(t, OriginUsed, l.Origin)
	require.True(t, l.Origin.NeedsConsent())
	p, _ := o.Line(r.partLine)
	require.Equal(t, OriginOriginal, p.Origin, "a part line without an origin is original")
	job, _ := o.Line(r.job)
	require.Zero(t, job.Origin, "labour has no origin")

	// An origin on a labour line, or an unknown one, is refused.
	bad := labour("fit alternator", "1", "300")
	bad.Origin = OriginRepaired
	e.refused(r.id, dealerkit.ErrInvalid, func() error { _, err := e.svc.AddLine(e.ctx, e.advisor, r.id, bad); return err })
	unknown := part("x", "X-1", "1", "1")
	unknown.Origin = PartOrigin(9)
	e.refused(r.id, dealerkit.ErrInvalid, func() error { _, err := e.svc.AddLine(e.ctx, e.advisor, r.id, unknown); return err })

	for _, l := range o.Lines() {
		l.Status = LineApproved
		sl := BuildStatement([]Line{l}, dealerkit.DefaultTax(), dealerkit.DefaultRounding())
		if l.Kind == LinePart {
			require.Equal(t, l.Origin, sl.Parts[0].Origin)
		} else {
			require.Zero(t, sl.Labour[0].Origin)
		}
	}

	for _, o := range PartOrigins() {
		got, err := ParsePartOrigin(o.String())
		require.NoError(t, err)
		require.Equal(t, o, got)
	}
	_, err = ParsePartOrigin("counterfeit")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// Issued quantities and costs keep their scale through the stored form, like every decimal of a
// line, and an order stored before they existed reads back with zero.
func TestPartsIssue_IssuedDecimalsKeepTheirScaleInJSON(t *testing.T) {
	e := newEnv(t, nil)
	r := e.orderIn(StateApproved)
	require.NoError(t, e.issue(r.id, r.partLine, "1.000", "312.5000"))
	o := e.get(r.id)
	b, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	var s Snapshot
	require.NoError(t, json.Unmarshal(b, &s))
	back, err := RestoreRepairOrder(s)
	require.NoError(t, err)
	l, _ := back.Line(r.partLine)
	require.Equal(t, "1.000", dealerkit.FormatExact(l.Issued))
	require.Equal(t, "312.5000", dealerkit.FormatExact(l.IssuedCost))

	var old Line
	require.NoError(t, json.Unmarshal([]byte(`{"id":"`+uuid.NewString()+`","kind":"part","quantity":"1","unit_price":"1","discount":"0"}`), &old))
	require.True(t, old.Issued.IsZero())
	require.True(t, old.IssuedCost.Equal(decimal.Zero))
}

// §3.4.3: a partial return must come at the line's share of the cost; any other cost (from a stale
// read of the line, say) is refused as a conflict, so the remaining parts never carry a wrong cost.
func TestPartsIssue_Clause3_4_3_PartialReturnAtAnyOtherCostIsAConflict(t *testing.T) {
	e := newEnv(t, nil)
	r := e.orderIn(StateApproved)
	require.NoError(t, e.repo.Update(e.ctx, dealerA, r.id, func(o *RepairOrder) error {
		return o.RecordPartsIssue(e.clerk, e.clock.Now(), r.partLine, dec("1"), dec("60.00"))
	}))
	o := e.get(r.id)
	l, _ := o.Line(r.partLine)
	require.True(t, l.Stocked)
	before := o.Snapshot()
	err := o.RecordPartsReturn(e.clerk, e.clock.Now(), r.partLine, dec("0.5"), dec("60.00"), dealerkit.DefaultRounding())
	require.ErrorIs(t, err, dealerkit.ErrConflict)
	require.Equal(t, before, o.Snapshot())
	require.NoError(t, o.RecordPartsReturn(e.clerk, e.clock.Now(), r.partLine, dec("0.5"), dec("30.00"), dealerkit.DefaultRounding()))
}

// §4.5.2: a part line supplied from stock is billed for what was issued, so parts returned to the
// store are not charged; a line never issued to (parts not kept in stock) bills what was approved.
func TestStatement_Clause4_5_2_BillsWhatWasIssuedFromStock(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	oil, err := e.svc.AddLine(e.ctx, e.advisor, r.id, part("engine oil", "OIL-5W30", "5", "80.00"))
	require.NoError(t, err)
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job, r.partLine, oil}, Approved: true, Channel: ChannelInPerson}))
	require.NoError(t, e.repo.Update(e.ctx, dealerA, r.id, func(o *RepairOrder) error {
		if err := o.RecordPartsIssue(e.clerk, e.clock.Now(), oil, dec("5"), dec("250.00")); err != nil {
			return err
		}
		return o.RecordPartsReturn(e.clerk, e.clock.Now(), oil, dec("1.5"), dec("75.00"), dealerkit.DefaultRounding())
	}))
	e.advance(r, StateSettled)
	st := e.get(r.id).Statement()
	require.Len(t, st.Parts, 2)
	byLine := map[uuid.UUID]StatementLine{st.Parts[0].Line: st.Parts[0], st.Parts[1].Line: st.Parts[1]}
	requireDec(t, "3.5", byLine[oil].Quantity)
	requireDec(t, "280.00", byLine[oil].Net) // 3.5 l x 80.00, not the 5 l approved
	requireDec(t, "1", byLine[r.partLine].Quantity)
	requireDec(t, "480.00", byLine[r.partLine].Net)
}
