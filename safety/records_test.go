package safety_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func floorItems(failed ...string) []safety.ItemResult {
	return items(safety.DefaultPolicy().Areas[safety.AreaWorkshopFloor], failed...)
}

// §8.1: an area check answers the area's checklist; every failed item needs a finding with an
// owner and a due date; a finding closes only when someone other than who corrected it verifies
// it, and a failed verification reopens the correction.
func TestAreaCheck_Clause8_1_FindingsAreCorrectedAndVerifiedByAnother(t *testing.T) {
	e := newEnv(t, nil)
	e.clock.set(t0.Add(time.Hour))
	in := safety.AreaCheckInput{Area: safety.AreaWorkshopFloor, CheckedAt: t0, Checker: e.manager.Staff(), Items: floorItems("floor_clear_and_dry")}
	err := e.refused(dealerkit.ErrInvalid, func() error { _, err := e.svc.RecordAreaCheck(e.ctx, e.manager, in); return err })
	field(t, err, "findings", safety.ReasonNoFinding)
	bad := in
	bad.Findings = []safety.FindingInput{{Item: "floor_clear_and_dry", Severity: safety.SeverityHigh, Description: "oil on bay 2",
		Action: "absorb and clean", Owner: e.tech.Staff(), Due: t0.Add(-time.Hour)}}
	err = e.refused(dealerkit.ErrInvalid, func() error { _, err := e.svc.RecordAreaCheck(e.ctx, e.manager, bad); return err })
	field(t, err, "findings[0].due", dealerkit.ReasonWrongOrder)
	in.Findings = bad.Findings
	in.Findings[0].Due = t0.Add(4 * time.Hour)
	c, err := e.svc.RecordAreaCheck(e.ctx, e.manager, in)
	require.NoError(t, err)
	require.True(t, c.Open())
	f := c.Findings()[0]

	e.refused(safety.ErrWrongState, func() error {
		return e.svc.VerifyFinding(e.ctx, e.manager, c.ID(), f.ID, safety.VerifyInput{Closed: true})
	})
	require.NoError(t, e.svc.CorrectFinding(e.ctx, e.manager, c.ID(), f.ID, "cleaned"))
	e.refused(safety.ErrOwnCorrection, func() error {
		return e.svc.VerifyFinding(e.ctx, e.manager, c.ID(), f.ID, safety.VerifyInput{Closed: true})
	})
	e.refused(dealerkit.ErrForbidden, func() error {
		return e.svc.VerifyFinding(e.ctx, e.tech, c.ID(), f.ID, safety.VerifyInput{Closed: true})
	})
	require.NoError(t, e.svc.VerifyFinding(e.ctx, e.inspector, c.ID(), f.ID, safety.VerifyInput{Closed: false, Note: "still slippery"}))
	got, err := e.svc.AreaCheck(e.ctx, e.manager, c.ID())
	require.NoError(t, err)
	require.True(t, got.Findings()[0].CorrectedAt.IsZero(), "a failed verification reopens the correction")
	require.NoError(t, e.svc.CorrectFinding(e.ctx, e.tech, c.ID(), f.ID, "degreased"))
	require.NoError(t, e.svc.VerifyFinding(e.ctx, e.inspector, c.ID(), f.ID, safety.VerifyInput{Closed: true}))
	got, err = e.svc.AreaCheck(e.ctx, e.manager, c.ID())
	require.NoError(t, err)
	require.False(t, got.Open())
	open, err := e.svc.ListAreaChecks(e.ctx, e.manager, safety.AreaCheckFilter{OpenOnly: true}, "")
	require.NoError(t, err)
	require.Empty(t, open.Items)
}

// §8.3: an incident is reported with its class, investigated to a root cause, gets corrective and
// preventive actions whose effectiveness someone else checks, and closes only when every action
// is effective; a later incident on the same equipment is linked to it.
func TestIncident_Clause8_3_InvestigatedActionsCheckedAndRepeatsLinked(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	e.clock.set(t0.Add(24 * time.Hour))
	report := safety.IncidentInput{OccurredAt: t0.Add(2 * time.Hour), Area: safety.AreaWorkshopFloor, Location: "bay 1",
		Description: "arm slipped while lifting", Injuries: "bruised hand", Injured: 1, Equipment: []string{"LIFT-1"},
		Class: safety.ClassFirstAid, People: []dealerkit.StaffID{e.tech.Staff()}}
	// Bad input changes nothing: unknown equipment, a near miss with an injury, a statutory class
	// on a near miss, a future time.
	for name, edit := range map[string]func(*safety.IncidentInput){
		"unknown equipment": func(in *safety.IncidentInput) { in.Equipment = []string{"LIFT-9"} },
		"near miss injured": func(in *safety.IncidentInput) { in.Class = safety.ClassNearMiss },
		"statutory on miss": func(in *safety.IncidentInput) {
			in.Class, in.Injured, in.Statutory = safety.ClassNearMiss, 0, safety.StatutoryGeneral
		},
		"future":         func(in *safety.IncidentInput) { in.OccurredAt = t0.Add(48 * time.Hour) },
		"no description": func(in *safety.IncidentInput) { in.Description = " " },
	} {
		in := report
		edit(&in)
		e.refused(dealerkit.ErrInvalid, func() error { _, err := e.svc.ReportIncident(e.ctx, e.tech, in); return err })
		_ = name
	}
	inc, err := e.svc.ReportIncident(e.ctx, e.tech, report)
	require.NoError(t, err)
	require.Empty(t, inc.Related())
	e.refused(safety.ErrWrongState, func() error {
		_, err := e.svc.AddIncidentAction(e.ctx, e.manager, inc.ID(), safety.ActionInput{Kind: safety.ActionCorrective, Description: "x", Owner: e.tech.Staff(), Due: t0.Add(72 * time.Hour)})
		return err
	})
	require.NoError(t, e.svc.InvestigateIncident(e.ctx, e.manager, inc.ID(), safety.InvestigationInput{RootCause: "worn arm lock", Class: safety.ClassMedicalTreatment}))
	fix, err := e.svc.AddIncidentAction(e.ctx, e.manager, inc.ID(), safety.ActionInput{Kind: safety.ActionCorrective, Description: "replace arm locks", Owner: e.tech.Staff(), Due: t0.Add(72 * time.Hour)})
	require.NoError(t, err)
	prevent, err := e.svc.AddIncidentAction(e.ctx, e.manager, inc.ID(), safety.ActionInput{Kind: safety.ActionPreventive, Description: "arm locks on the pre-use checklist", Owner: e.manager.Staff(), Due: t0.Add(96 * time.Hour)})
	require.NoError(t, err)
	e.refused(safety.ErrActionsOpen, func() error { return e.svc.CloseIncident(e.ctx, e.manager, inc.ID()) })
	require.NoError(t, e.svc.CompleteIncidentAction(e.ctx, e.tech, inc.ID(), fix, "replaced"))
	require.NoError(t, e.svc.CompleteIncidentAction(e.ctx, e.manager, inc.ID(), prevent, "checklist revised"))
	e.refused(safety.ErrOwnCorrection, func() error {
		return e.svc.CheckIncidentAction(e.ctx, e.manager, inc.ID(), prevent, safety.VerifyInput{Closed: true})
	})
	require.NoError(t, e.svc.CheckIncidentAction(e.ctx, e.manager, inc.ID(), fix, safety.VerifyInput{Closed: true}))
	require.NoError(t, e.svc.CheckIncidentAction(e.ctx, e.inspector, inc.ID(), prevent, safety.VerifyInput{Closed: false, Note: "not trained yet"}))
	e.refused(safety.ErrActionsOpen, func() error { return e.svc.CloseIncident(e.ctx, e.manager, inc.ID()) })
	require.NoError(t, e.svc.CompleteIncidentAction(e.ctx, e.manager, inc.ID(), prevent, "briefed every technician"))
	require.NoError(t, e.svc.CheckIncidentAction(e.ctx, e.inspector, inc.ID(), prevent, safety.VerifyInput{Closed: true}))
	require.NoError(t, e.svc.CloseIncident(e.ctx, e.manager, inc.ID()))
	got, err := e.svc.Incident(e.ctx, e.manager, inc.ID())
	require.NoError(t, err)
	require.Equal(t, safety.IncidentStateClosed, got.State())
	require.Equal(t, safety.ClassMedicalTreatment, got.Class(), "the investigation's class stands")

	// A near miss on the same lift within the repeat window links to the first.
	miss, err := e.svc.ReportIncident(e.ctx, e.clerk, safety.IncidentInput{OccurredAt: t0.Add(20 * time.Hour), Area: safety.AreaPartsStore,
		Description: "lift arm swung into the aisle", Equipment: []string{"LIFT-1"}, Class: safety.ClassNearMiss})
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{inc.ID()}, miss.Related())
	byLift, err := e.svc.ListIncidents(e.ctx, e.manager, safety.IncidentFilter{Equipment: inc.EquipmentIDs()[0]}, "")
	require.NoError(t, err)
	require.Len(t, byLift.Items, 2)
}

// §8.4: drills are recorded with participants and findings; compliance says whether each drill
// the policy requires was held within its interval, due at the instant the interval ends.
func TestDrill_Clause8_4_ComplianceAndParticipation(t *testing.T) {
	e := newEnv(t, nil)
	e.clock.set(t0.Add(time.Hour))
	st, err := e.svc.DrillCompliance(e.ctx, e.manager, t0)
	require.NoError(t, err)
	require.Len(t, st, 2)
	require.True(t, st[0].Overdue && st[1].Overdue, "never held is overdue")
	e.refused(dealerkit.ErrInvalid, func() error {
		_, err := e.svc.HoldDrill(e.ctx, e.manager, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "fire", HeldAt: t0, Leader: e.manager.Staff(),
			Participants: []dealerkit.StaffID{e.tech.Staff(), e.tech.Staff()}})
		return err
	})
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.HoldDrill(e.ctx, e.tech, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "fire", HeldAt: t0, Leader: e.manager.Staff(),
			Participants: []dealerkit.StaffID{e.tech.Staff()}})
		return err
	})
	d, err := e.svc.HoldDrill(e.ctx, e.manager, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "workshop fire, evacuation", HeldAt: t0,
		Leader: e.manager.Staff(), Participants: []dealerkit.StaffID{e.tech.Staff(), e.clerk.Staff()},
		Findings: []safety.DrillFindingInput{{Description: "assembly point sign missing", Action: "put up the sign", Owner: e.clerk.Staff(), Due: t0.Add(72 * time.Hour)}}})
	require.NoError(t, err)
	every := 182 * 24 * time.Hour
	st, err = e.svc.DrillCompliance(e.ctx, e.manager, t0.Add(every-time.Nanosecond))
	require.NoError(t, err)
	require.True(t, st[0].Overdue)
	require.False(t, st[1].Overdue, "on-site drill held within the half year")
	st, err = e.svc.DrillCompliance(e.ctx, e.manager, t0.Add(every))
	require.NoError(t, err)
	require.True(t, st[1].Overdue, "due at the instant the half year ends")
	took, err := e.svc.Participation(e.ctx, e.manager, e.clerk.Staff(), t0, t0.Add(time.Hour))
	require.NoError(t, err)
	require.Len(t, took, 1)
	took, err = e.svc.Participation(e.ctx, e.manager, e.inspector.Staff(), t0, t0.Add(time.Hour))
	require.NoError(t, err)
	require.Empty(t, took)
	require.NoError(t, e.svc.CloseDrillFinding(e.ctx, e.clerk, d.ID(), d.Findings()[0].ID, "sign up"))
	e.refused(safety.ErrWrongState, func() error { return e.svc.CloseDrillFinding(e.ctx, e.clerk, d.ID(), d.Findings()[0].ID, "again") })
}
