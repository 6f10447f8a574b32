package aftersales

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §4.3.1: clock on and off actual against standard.
func TestWork_Clause4_3_1_ClockOnAndOffActualAgainstStandard(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateInProgress)
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, r.id, r.job))
	e.refused(r.id, ErrClockRunning, func() error { return e.svc.ClockOn(e.ctx, e.tech, r.id, r.job) })
	e.refused(r.id, ErrClockRunning, func() error { return e.svc.CompleteJob(e.ctx, e.tech, r.id, r.job) })
	e.clock.Advance(57 * time.Minute) // each service call reads the clock, which adds a minute: 60 minutes in all
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech, r.id, r.job))
	e.refused(r.id, ErrClockNotRunning, func() error { return e.svc.ClockOff(e.ctx, e.tech, r.id, r.job) })
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, r.id, r.job))
	e.clock.Advance(29 * time.Minute)
	require.NoError(t, e.svc.ClockOff(e.ctx, e.tech, r.id, r.job))
	require.NoError(t, e.svc.CompleteJob(e.ctx, e.tech, r.id, r.job))

	o := e.get(r.id)
	requireDec(t, "1.5", o.ClockedHours(r.job)) // 60 + 30 minutes
	require.Len(t, o.Clock(), 2)
	k := ComputeKPIs([]*RepairOrder{o})
	require.Len(t, k.Technicians, 1)
	requireDec(t, "1.5", k.Technicians[0].StandardHours)
	requireDec(t, "1", k.Technicians[0].Ratio())
}

// §4.3.1: only the assigned technician clocks.
func TestWork_Clause4_3_1_OnlyTheAssignedTechnicianClocks(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateInProgress)
	e.refused(r.id, ErrNotAssigned, func() error { return e.svc.ClockOn(e.ctx, e.tech2, r.id, r.job) })
	e.refused(r.id, dealerkit.ErrForbidden, func() error { return e.svc.ClockOn(e.ctx, e.advisor, r.id, r.job) })
	// A job nobody worked on cannot be completed.
	e.refused(r.id, ErrClockNotRunning, func() error { return e.svc.CompleteJob(e.ctx, e.tech, r.id, r.job) })
}

// §4.3.3: cleaning comes before inspection.
func TestWork_Clause4_3_3_CleaningComesBeforeInspection(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateWorkDone)
	e.refused(r.id, ErrWrongState, func() error {
		return e.svc.Inspect(e.ctx, e.inspector, r.id, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}})
	})
	require.NoError(t, e.svc.RecordCleaning(e.ctx, e.advisor, r.id))
	o := e.get(r.id)
	require.Equal(t, StateCleaned, o.State())
	require.Equal(t, e.advisor.Staff(), o.Cleaning().By.Staff)
}

// §4.4.1: inspector never the technician.
func TestInspection_Clause4_4_1_InspectorNeverTheTechnician(t *testing.T) {
	e := newEnv(t, nil)
	// A technician who also holds the inspector role still may not inspect their own work.
	both := mustActor(t, dealerA, e.tech.Staff(), dealerkit.RoleTechnician, dealerkit.RoleQualityInspector)
	r := e.open()
	e.advance(r, StateCleaned)
	e.refused(r.id, ErrInspectorDidTheWork, func() error {
		return e.svc.Inspect(e.ctx, both, r.id, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}})
	})
	// Only the inspection post inspects (§4.4.1 a dedicated post), not even the manager.
	e.refused(r.id, dealerkit.ErrForbidden, func() error {
		return e.svc.Inspect(e.ctx, e.manager, r.id, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}})
	})
	require.NoError(t, e.svc.Inspect(e.ctx, e.inspector, r.id, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}}))
}

// §4.4.1: failure sends back to rework and is counted.
func TestInspection_Clause4_4_1_FailureSendsBackToReworkAndIsCounted(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateCleaned)
	fail := InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}, {Item: "no brake noise", OK: false, Note: "squeal at low speed"}}}
	e.refused(r.id, dealerkit.ErrInvalid, func() error { return e.svc.Inspect(e.ctx, e.inspector, r.id, fail) })
	e.refused(r.id, dealerkit.ErrInvalid, func() error { return e.svc.Inspect(e.ctx, e.inspector, r.id, InspectionInput{}) })
	fail.Rework = append(fail.Rework, r.job)
	require.NoError(t, e.svc.Inspect(e.ctx, e.inspector, r.id, fail))
	o := e.get(r.id)
	require.Equal(t, StateInProgress, o.State())
	require.Equal(t, 1, o.Reworks())
	l, _ := o.Line(r.job)
	require.False(t, l.Job.Done(), "the job reopens")
	require.Nil(t, o.Cleaning(), "the vehicle is cleaned again after rework")

	e.advance(r, StateReady)
	o = e.get(r.id)
	require.Len(t, o.Inspections(), 2)
	require.Equal(t, 1, o.Reworks())
	k := ComputeKPIs([]*RepairOrder{o})
	require.Equal(t, Rate{Num: 0, Den: 1}, k.FirstPassQC)
	require.Equal(t, 1, k.Reworks)
}

// §4.4.2: passed report is kept for the advisor.
func TestInspection_Clause4_4_2_PassedReportIsKeptForTheAdvisor(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateCleaned)
	in := InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}, {Item: "torque wheel nuts", OK: true}}, Remarks: "all good"}
	require.NoError(t, e.svc.Inspect(e.ctx, e.inspector, r.id, in))
	rep, ok := e.get(r.id).LastPassedInspection()
	require.True(t, ok)
	require.True(t, rep.Passed)
	require.Equal(t, in.Checklist, rep.Checklist)
	require.Equal(t, e.inspector.Staff(), rep.Inspector.Staff)
	require.Equal(t, "all good", rep.Remarks)
	require.Equal(t, StateReady, e.get(r.id).State())
}
