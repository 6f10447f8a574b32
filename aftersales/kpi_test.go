package aftersales

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §4: measures from recorded facts.
func TestKPIs_Clause4_MeasuresFromRecordedFacts(t *testing.T) {
	e := newEnv(t, nil)
	// Order 1: on time, extra work approved, first-pass QC, paid by the customer.
	a := e.open()
	e.advance(a, StateInProgress)
	extra, err := e.svc.ProposeExtraWork(e.ctx, e.tech, a.id, "coolant leak", labour("replace hose", "0.5", "300"))
	require.NoError(t, err)
	require.NoError(t, e.decide(e.customer, a.id, DecisionInput{Lines: []uuid.UUID{extra}, Approved: true, Channel: ChannelMessage}))
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, a.id, DispatchInput{Line: extra, Technician: e.tech2.Staff(), PromisedAt: e.clock.t.Add(time.Hour)}))
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech2, a.id, extra))
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech2, a.id, extra))
	require.NoError(t, e.svc.CompleteJob(e.ctx, e.tech2, a.id, extra))
	e.advance(a, StateClosed)

	// Order 2: extra work declined, the job finishes after its promise, QC fails once.
	b := e.open()
	e.advance(b, StateInProgress)
	extra2, err := e.svc.ProposeExtraWork(e.ctx, e.tech, b.id, "wipers worn", part("wipers", "WB-2", "2", "65.50"))
	require.NoError(t, err)
	require.NoError(t, e.decide(e.advisor, b.id, DecisionInput{Lines: []uuid.UUID{extra2}, Approved: false, Channel: ChannelPhone}))
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, b.id, b.job))
	e.clock.Advance(5 * time.Hour) // past the 3-hour promise
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech, b.id, b.job))
	require.NoError(t, e.svc.CompleteJob(e.ctx, e.tech, b.id, b.job))
	require.NoError(t, e.svc.FinishWork(e.ctx, e.advisor, b.id))
	e.advance(b, StateCleaned)
	require.NoError(t, e.svc.Inspect(e.ctx, e.inspector, b.id, InspectionInput{Checklist: []CheckItem{{Item: "noise", OK: false}}, Rework: []uuid.UUID{b.job}}))
	e.advance(b, StateDelivered)

	// Order 3: cancelled.
	c := e.open()
	require.NoError(t, e.cancel(e.advisor, c.id, "no time today"))

	orders, err := e.svc.List(e.ctx, e.manager, Query{})
	require.NoError(t, err)
	k := ComputeKPIs(orders.Items)
	require.Equal(t, 3, k.Orders)
	require.Equal(t, 2, k.Delivered)
	require.Equal(t, 1, k.Cancelled)
	require.Equal(t, 90*time.Second, k.MeanTimeToGreet)
	require.Equal(t, Rate{Num: 1, Den: 2}, k.ExtraWorkApproval)
	requireDec(t, "0.5", k.ExtraWorkApproval.Value())
	require.Equal(t, Rate{Num: 2, Den: 3}, k.OnTime, "two of three completed jobs met their promise")
	require.Equal(t, Rate{Num: 1, Den: 2}, k.FirstPassQC)
	require.Equal(t, 1, k.Reworks)
	require.False(t, Rate{}.Measured())
	// Revenue (net of tax): order 1 = 450 + 150 labour, 480 parts; order 2 = 450 labour, 480 parts.
	rev := k.Revenue[PayCustomer]
	requireDec(t, "1050", rev.Labour)
	requireDec(t, "960", rev.Parts)
	require.Len(t, k.Technicians, 2)
}

// §4.3.1: efficiency is standard over clocked hours, each technician's own; after a re-dispatch
// the first technician's time counts against them, and the standard hours go to whoever finished.
func TestKPIs_Clause4_3_1_EfficiencyPerTechnicianAfterRedispatch(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open() // the job is 1.5 standard hours
	e.advance(r, StateInProgress)
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, r.id, r.job))
	e.clock.Advance(59 * time.Minute) // 1 h: each service call also moves the clock a minute
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech, r.id, r.job))
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, r.id, DispatchInput{Line: r.job, Technician: e.tech2.Staff(), PromisedAt: e.clock.t.Add(time.Hour)}))
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech2, r.id, r.job))
	e.clock.Advance(29 * time.Minute) // 0.5 h
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech2, r.id, r.job))
	require.NoError(t, e.svc.CompleteJob(e.ctx, e.tech2, r.id, r.job))

	k := ComputeKPIs([]*RepairOrder{e.get(r.id)})
	require.Len(t, k.Technicians, 2)
	byTech := map[dealerkit.StaffID]Efficiency{}
	for _, x := range k.Technicians {
		byTech[x.Technician] = x
	}
	first, second := byTech[e.tech.Staff()], byTech[e.tech2.Staff()]
	require.Equal(t, 0, first.Jobs)
	requireDec(t, "0", first.StandardHours)
	requireDec(t, "1", first.ClockedHours)
	requireDec(t, "0", first.Ratio())
	require.Equal(t, 1, second.Jobs)
	requireDec(t, "1.5", second.StandardHours)
	requireDec(t, "0.5", second.ClockedHours)
	requireDec(t, "3", second.Ratio()) // 1.5 standard hours in 0.5 clocked: three times the standard pace
}
