package aftersales

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §4.2.1: approval records who when and channel.
func TestEstimate_Clause4_2_1_ApprovalRecordsWhoWhenAndChannel(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	require.NoError(t, e.decide(e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelMessage, Note: "ok via WeChat"}))
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.partLine}, Approved: true, Channel: ChannelSignature}))
	o := e.get(r.id)
	require.Equal(t, StateApproved, o.State())
	job, _ := o.Line(r.job)
	require.Equal(t, LineApproved, job.Status)
	require.True(t, job.Decision.By.Customer)
	require.Equal(t, ChannelMessage, job.Decision.Channel)
	require.False(t, job.Decision.At.IsZero())
	p, _ := o.Line(r.partLine)
	require.Equal(t, e.advisor.Staff(), p.Decision.By.Staff)
	require.Equal(t, ChannelSignature, p.Decision.Channel)

	// A decision without its channel is refused: §4.2.1 requires how the customer gave it.
	r2 := e.open()
	e.refused(r2.id, dealerkit.ErrInvalid, func() error {
		return e.decide(e.advisor, r2.id, DecisionInput{Lines: []uuid.UUID{r2.job}, Approved: true})
	})
	// An approved line cannot be approved again, nor a declined one approved afterwards.
	e.refused(r.id, ErrAlreadyDecided, func() error {
		return e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelPhone})
	})
}

// §4.2.1: no work starts before the customer approves it.
func TestEstimate_Clause4_2_1_NoWorkOnAnUnapprovedLine(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	// Approve only the part, so the order may be dispatched, but the labour line is unapproved.
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.partLine}, Approved: true, Channel: ChannelInPerson}))
	e.refused(r.id, ErrNotApproved, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, r.id, DispatchInput{Line: r.job, Technician: e.tech.Staff(), PromisedAt: t0.Add(5 * time.Hour)})
	})
	// Declined lines can never be worked either.
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: false, Channel: ChannelPhone}))
	e.refused(r.id, ErrNotApproved, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, r.id, DispatchInput{Line: r.job, Technician: e.tech.Staff(), PromisedAt: t0.Add(5 * time.Hour)})
	})
}

// §4.2.1: declining everything leaves the order received.
func TestEstimate_Clause4_2_1_DecliningEverythingLeavesTheOrderReceived(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job, r.partLine}, Approved: false, Channel: ChannelInPerson}))
	require.Equal(t, StateReceived, e.get(r.id).State())
	require.NoError(t, e.cancel(e.advisor, r.id, "customer will think about it"))
	require.Equal(t, StateCancelled, e.get(r.id).State())
}

func TestEstimate_BadLinesAreRefusedAndChangeNothing(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	for name, in := range map[string]LineInput{
		"quantity":    part("pads", "BP-1", "-1", "10"),
		"unit_price":  part("pads", "BP-1", "1", "-0.01"),
		"discount":    {Kind: LinePart, Description: "pads", PartNumber: "BP-1", Quantity: dec("1"), UnitPrice: dec("1"), Discount: dec("1.5"), PayType: PayCustomer},
		"part_number": part("pads", "", "1", "10"),
		"pay_type":    {Kind: LinePart, Description: "pads", PartNumber: "BP-1", Quantity: dec("1"), UnitPrice: dec("1")},
		"kind":        {Description: "x", Quantity: dec("1"), UnitPrice: dec("1"), PayType: PayCustomer},
		"description": part(" ", "BP-1", "1", "10"),
	} {
		before := e.repo.raw(r.id)
		_, err := e.svc.AddLine(e.ctx, e.advisor, r.id, in)
		requireField(t, err, name)
		require.Equal(t, before, e.repo.raw(r.id), name)
	}
	e.refused(r.id, ErrUnknownLine, func() error { return e.svc.RemoveLine(e.ctx, e.advisor, r.id, uuid.New()) })
	e.refused(r.id, ErrUnknownLine, func() error {
		return e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.job, uuid.New()}, Approved: true, Channel: ChannelPhone})
	})
}

// §3.2: technician cannot edit or approve.
func TestEstimate_Clause3_2_TechnicianCannotEditOrApprove(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.refused(r.id, dealerkit.ErrForbidden, func() error {
		_, err := e.svc.AddLine(e.ctx, e.tech, r.id, labour("x", "1", "1"))
		return err
	})
	// §3.3: a technician proposes extra work but cannot approve it.
	e.refused(r.id, dealerkit.ErrForbidden, func() error {
		return e.decide(e.tech, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelInPerson})
	})
}

// §4.3.2: needs consent and declined stays on record.
func TestExtraWork_Clause4_3_2_NeedsConsentAndDeclinedStaysOnRecord(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateInProgress)
	extra, err := e.svc.ProposeExtraWork(e.ctx, e.tech, r.id, "front discs scored", labour("replace front discs", "1.2", "300"))
	require.NoError(t, err)
	l, _ := e.get(r.id).Line(extra)
	require.True(t, l.Extra)
	require.Equal(t, LineProposed, l.Status)
	require.Equal(t, e.tech.Staff(), l.ProposedBy.Staff)
	require.Equal(t, "front discs scored", l.Finding)

	// Not workable until the customer approves it.
	e.refused(r.id, ErrNotApproved, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, r.id, DispatchInput{Line: extra, Technician: e.tech.Staff(), PromisedAt: e.clock.t.Add(time.Hour)})
	})
	// The technician cannot approve it (§3.3); nor can the work be finished while it waits.
	e.refused(r.id, dealerkit.ErrForbidden, func() error {
		return e.decide(e.tech, r.id, DecisionInput{Lines: []uuid.UUID{extra}, Approved: true, Channel: ChannelInPerson})
	})
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, r.id, r.job))
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech, r.id, r.job))
	require.NoError(t, e.svc.CompleteJob(e.ctx, e.tech, r.id, r.job))
	e.refused(r.id, ErrWorkOutstanding, func() error { return e.svc.FinishWork(e.ctx, e.advisor, r.id) })

	// A finding without a description is refused.
	e.refused(r.id, dealerkit.ErrInvalid, func() error {
		_, err := e.svc.ProposeExtraWork(e.ctx, e.tech, r.id, " ", labour("x", "1", "1"))
		return err
	})

	// Declined: recorded with its channel, kept on the order, printed as a declined recommendation.
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{extra}, Approved: false, Channel: ChannelPhone}))
	require.Equal(t, "§4.3.2", e.repo.events[len(e.repo.events)-1].Clause)
	require.NoError(t, e.svc.FinishWork(e.ctx, e.advisor, r.id))
	e.advance(r, StateSettled)
	st := e.get(r.id).Statement()
	require.Len(t, st.Declined, 1)
	require.Equal(t, extra, st.Declined[0].Line)
	require.True(t, st.Declined[0].Extra)
	for _, sl := range append(st.Labour, st.Parts...) {
		require.NotEqual(t, extra, sl.Line, "a declined line is not charged")
	}
}

// §4.5.2: labour and parts itemised separately, pay types, discounts, tax and totals, with
// rounding at the line and at each payer's tax. Worked by hand:
//
//	labour  brake pads   1.5 h x 300.00              = 450.00  customer
//	part    pads BP-100  1 x 480.00 - 10% (48.00)    = 432.00  customer
//	labour  ECU update   0.7 h x 333.33 = 233.331    = 233.33  warranty
//	part    wipers       2 x 65.50 (declined)        = 131.00  not charged
//	customer: 882.00 incl. 13% VAT: tax 882 x 0.13 / 1.13 = 101.469… -> 101.47, net 780.53
//	warranty: 233.33 incl. VAT: tax 26.843… -> 26.84, net 206.49
//	total: gross 1115.33, tax 128.31, net 987.02
//
// §4.5.2: worked example.
func TestStatement_Clause4_5_2_WorkedExample(t *testing.T) {
	lines := statementLines()
	st := BuildStatement(lines, dealerkit.DefaultTax(), dealerkit.DefaultRounding())
	require.Len(t, st.Labour, 2)
	require.Len(t, st.Parts, 1)
	require.Len(t, st.Declined, 1)
	requireDec(t, "48.00", st.Parts[0].Discount)
	requireDec(t, "432.00", st.Parts[0].Net)
	requireDec(t, "233.33", st.Labour[1].Net)
	require.Len(t, st.Totals, 2)
	cust, warr := st.Totals[0], st.Totals[1]
	require.Equal(t, PayCustomer, cust.PayType)
	requireDec(t, "450", cust.Labour)
	requireDec(t, "432", cust.Parts)
	requireDec(t, "48", cust.Discount)
	requireDec(t, "882.00", cust.Gross)
	requireDec(t, "101.47", cust.Tax)
	requireDec(t, "780.53", cust.Net)
	require.Equal(t, PayWarranty, warr.PayType)
	requireDec(t, "26.84", warr.Tax)
	requireDec(t, "206.49", warr.Net)
	requireDec(t, "1115.33", st.Total.Gross)
	requireDec(t, "128.31", st.Total.Tax)
	requireDec(t, "987.02", st.Total.Net)
	requireDec(t, "882.00", st.CustomerDue)

	// Tax-exclusive prices: the same lines are net amounts and tax is added on top.
	ex := BuildStatement(lines, dealerkit.Tax{Rate: dec("0.13"), Inclusive: false}, dealerkit.DefaultRounding())
	requireDec(t, "114.66", ex.Totals[0].Tax)
	requireDec(t, "996.66", ex.CustomerDue)

	// The rounding mode is the dealer's: 0.5 h x 100.01 = 50.005 is 50.01 half-up, 50.00 half-even.
	half := []Line{{ID: uuid.New(), Kind: LineLabour, Quantity: dec("0.5"), UnitPrice: dec("100.01"), Discount: dec("0"), PayType: PayInternal, Status: LineApproved}}
	requireDec(t, "50.01", BuildStatement(half, dealerkit.DefaultTax(), dealerkit.DefaultRounding()).Labour[0].Net)
	requireDec(t, "50.00", BuildStatement(half, dealerkit.DefaultTax(), dealerkit.Rounding{Places: 2, Mode: dealerkit.HalfEven}).Labour[0].Net)
}

func statementLines() []Line {
	approved := func(l Line) Line { l.ID, l.Status = uuid.New(), LineApproved; return l }
	return []Line{
		approved(Line{Kind: LineLabour, Description: "brake pads", Quantity: dec("1.5"), UnitPrice: dec("300.00"), Discount: dec("0"), PayType: PayCustomer}),
		approved(Line{Kind: LinePart, Description: "pads", PartNumber: "BP-100", Quantity: dec("1"), UnitPrice: dec("480.00"), Discount: dec("0.10"), PayType: PayCustomer}),
		approved(Line{Kind: LineLabour, Description: "ECU update", Quantity: dec("0.7"), UnitPrice: dec("333.33"), Discount: dec("0"), PayType: PayWarranty}),
		{ID: uuid.New(), Kind: LinePart, Description: "wipers", PartNumber: "WB-2", Quantity: dec("2"), UnitPrice: dec("65.50"), Discount: dec("0"), PayType: PayCustomer, Status: LineDeclined, Extra: true},
	}
}

func requireDec(t *testing.T, want string, got interface{ String() string }) {
	t.Helper()
	w := dec(want)
	g := dec(got.String())
	require.True(t, w.Equal(g), "want %s, got %s", want, got.String())
}

// §4.2.1: the customer is shown the items and their costs before approving them.
func TestEstimate_Clause4_2_1_QuotePricesWhatTheCustomerIsAskedToApprove(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	q, err := e.svc.Quote(e.ctx, e.advisor, r.id)
	require.NoError(t, err)
	requireDec(t, "930.00", q.CustomerDue) // 1.5 h x 300 + 480, nothing approved yet
	require.Len(t, q.Labour, 1)
	require.Len(t, q.Parts, 1)
	require.NoError(t, e.decide(e.advisor, r.id, DecisionInput{Lines: []uuid.UUID{r.partLine}, Approved: false, Channel: ChannelPhone}))
	q, err = e.svc.Quote(e.ctx, e.advisor, r.id)
	require.NoError(t, err)
	requireDec(t, "450.00", q.CustomerDue)
	require.Len(t, q.Declined, 1)
	_, err = e.svc.Quote(e.ctx, mustActor(t, dealerB, staff(1), dealerkit.RoleManager), r.id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
}

// §4.2.1: consent can be withdrawn until work on the line starts: the line becomes a declined
// recommendation and its job is no longer promised; once time is clocked on it, it cannot.
func TestEstimate_Clause4_2_1_ConsentWithdrawnBeforeWorkStarts(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateInProgress) // the job is dispatched, nobody has clocked on yet
	require.NoError(t, e.decide(e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: false, Channel: ChannelPhone, Note: "will do it elsewhere"}))
	o := e.get(r.id)
	l, _ := o.Line(r.job)
	require.Equal(t, LineDeclined, l.Status)
	require.Nil(t, l.Job)
	_, promised := o.NextPromise()
	require.False(t, promised)
	require.Equal(t, "repair_order.consent_withdrawn", e.repo.events[len(e.repo.events)-1].Type)
	e.refused(r.id, ErrAlreadyDecided, func() error {
		return e.decide(e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelPhone})
	})
	require.NoError(t, e.svc.FinishWork(e.ctx, e.advisor, r.id), "nothing approved is left open")

	// Once the technician has clocked on, the work has started and consent stands.
	r2 := e.open()
	e.advance(r2, StateInProgress)
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, r2.id, r2.job))
	e.refused(r2.id, ErrWorkStarted, func() error {
		return e.decide(e.customer, r2.id, DecisionInput{Lines: []uuid.UUID{r2.job}, Approved: false, Channel: ChannelPhone})
	})
}
