package safety_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/stretchr/testify/require"
)

// §8.2: an inspection performed after its plan fell due is recorded as late, by how long the
// equipment stood out of service, and the summary lists it with failed inspections, the register
// at the period's end, findings, incidents by class and drill compliance (§8.1, §8.3, §8.4).
func TestSummary_Clause8_2_LateAndFailedInspectionsAndTheRegister(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	e.lift("LIFT-2")
	due := t0.Add(30 * 24 * time.Hour)
	e.clock.set(due.Add(48 * time.Hour))
	_, err := e.svc.RecordInspection(e.ctx, e.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic,
		PerformedAt: due.Add(47 * time.Hour), Inspector: e.tech.Staff(), Items: liftPeriodic()})
	require.NoError(t, err)
	ins, err := e.svc.RecordInspection(e.ctx, e.tech, safety.InspectionInput{Equipment: "LIFT-2", Kind: safety.InspectionPeriodic,
		PerformedAt: due.Add(-time.Hour), Inspector: e.tech.Staff(), Items: liftPeriodic("anchor_bolts_tight")})
	require.NoError(t, err)
	_, late := ins.Late()
	require.False(t, late, "done an hour before it fell due")
	require.True(t, ins.DueAt().Equal(due))
	_, err = e.svc.ReportIncident(e.ctx, e.tech, safety.IncidentInput{OccurredAt: due, Area: safety.AreaWorkshopFloor, Description: "x",
		Class: safety.ClassNearMiss})
	require.NoError(t, err)

	sum, err := e.svc.Summary(e.ctx, e.manager, t0, e.clock.Now())
	require.NoError(t, err)
	require.Len(t, sum.Late, 1)
	require.Equal(t, "LIFT-1", sum.Late[0].Code)
	require.Equal(t, 47*time.Hour, sum.Late[0].Late.D())
	require.Len(t, sum.Failed, 1)
	require.Equal(t, []string{"anchor_bolts_tight"}, sum.Failed[0].Failed)
	require.Equal(t, 2, sum.Inspections[safety.InspectionPeriodic])
	require.Len(t, sum.Equipment, 2)
	require.True(t, sum.Equipment[0].Usable)
	require.False(t, sum.Equipment[1].Usable)
	require.Equal(t, safety.ReasonFailed, sum.Equipment[1].Reason)
	require.Equal(t, 1, sum.Incidents.ByClass[safety.ClassNearMiss])
	require.Len(t, sum.Compliance, 2)
	_, err = e.svc.Summary(e.ctx, e.manager, t0, t0)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §9, §8.2: the plan in force when an inspection is performed sets the next due date: a revision
// that checks lifts fortnightly applies from its date, and an inspection before it keeps the old
// interval.
func TestPolicy_Clause8_2_InspectionReadsThePolicyInForceWhenPerformed(t *testing.T) {
	revised := safety.DefaultPolicy()
	plan := revised.Equipment[safety.TypeTwoPostLift]
	plan.Periodic.Every = safety.Duration(14 * 24 * time.Hour)
	revised.Equipment[safety.TypeTwoPostLift] = plan
	from := t0.Add(10 * 24 * time.Hour)
	vs, err := dealerkit.NewVersions(dealerkit.Version[safety.Policy]{Name: "2025-fortnightly-lifts", Effective: from, Rules: revised})
	require.NoError(t, err)
	e := newEnv(t, &safety.Options{Policy: &dealerkit.Table[safety.Policy]{Default: vs}})
	e.lift("LIFT-1")
	e.clock.set(t0.Add(20 * 24 * time.Hour))
	in := safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic, PerformedAt: from.Add(-time.Hour), Inspector: e.tech.Staff(), Items: liftPeriodic()}
	_, err = e.svc.RecordInspection(e.ctx, e.tech, in)
	require.NoError(t, err)
	require.NoError(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", from.Add(-time.Hour).Add(29*24*time.Hour)), "before the revision: monthly")
	in.PerformedAt = from
	_, err = e.svc.RecordInspection(e.ctx, e.tech, in)
	require.NoError(t, err)
	require.ErrorIs(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", from.Add(14*24*time.Hour)), safety.ErrOutOfService, "after it: fortnightly")
	require.NoError(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", from.Add(14*24*time.Hour-time.Nanosecond)))
}
