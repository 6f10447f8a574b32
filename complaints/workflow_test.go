package complaints

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §5.2: the advisor acknowledges at once and reports to the manager, within the deadlines; each
// step records who and when.
func TestWorkflow_Clause5_2_AcknowledgeAndReport(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.clock.Advance(20 * time.Minute)
	require.NoError(t, e.svc.Acknowledge(e.ctx, e.advisor, id, "apologised, booked a check"))
	e.clock.Advance(30 * time.Minute)
	require.NoError(t, e.svc.Report(e.ctx, e.advisor, id, ReportInput{Manager: e.manager.Staff(), Note: "repeat noise"}))
	c := e.get(id)
	require.Equal(t, StateReported, c.State())
	require.Equal(t, e.manager.Staff(), c.Manager())
	h := c.History()
	require.Len(t, h, 3)
	require.Equal(t, CmdAcknowledge, h[1].Command)
	require.Equal(t, e.advisor.Staff(), h[1].By.Staff)
	require.True(t, h[1].At.Equal(t0.Add(20*time.Minute)))
	require.Equal(t, "apologised, booked a check", h[1].Note)
	d := c.Deadlines()
	require.True(t, d[0].OnTime() && d[1].OnTime(), "acknowledged and reported in time")
	require.True(t, d[0].MetAt.Equal(t0.Add(20*time.Minute)))
	evs := e.repo.eventsOf(id, "")
	require.Equal(t, []string{"complaint.received", "complaint.acknowledged", "complaint.reported"}, types(evs))
	require.Equal(t, "§5.2", evs[1].Clause)

	// Bad input is refused and changes nothing.
	id2 := e.record(phoneIntake("rattle"))
	e.refused(id2, dealerkit.ErrInvalid, func() error { return e.svc.Acknowledge(e.ctx, e.advisor, id2, " ") })
	e.advance(id2, StateAcknowledged)
	e.refused(id2, dealerkit.ErrInvalid, func() error { return e.svc.Report(e.ctx, e.advisor, id2, ReportInput{}) })
	e.refused(id2, dealerkit.ErrForbidden, func() error { return e.svc.Report(e.ctx, e.tech, id2, ReportInput{Manager: staff(1)}) })
	e.refused(id2, ErrWrongState, func() error { return e.svc.Acknowledge(e.ctx, e.advisor, id2, "again") })
}

func types(evs []dealerkit.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.Type
	}
	return out
}

// §5.3, §3.1(4): the manager investigates, owns the solution, reports back; a rejected solution
// goes back to investigation; each step is owned and timed.
func TestWorkflow_Clause5_3_InvestigationSolutionFeedback(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.advance(id, StateReported)
	e.refused(id, dealerkit.ErrForbidden, func() error { return e.svc.Investigate(e.ctx, e.advisor, id, "x") })
	require.NoError(t, e.svc.Investigate(e.ctx, e.manager, id, "pads fitted without shims"))
	require.NoError(t, e.svc.Investigate(e.ctx, e.manager, id, "technician skipped the checklist"))
	// Only the manager proposes the solution (§3.1(4)), with a root cause from the list (§5.5).
	e.refused(id, dealerkit.ErrForbidden, func() error {
		return e.svc.ProposeSolution(e.ctx, e.advisor, id, SolutionInput{RootCause: "skill_gap", Solution: "redo"})
	})
	e.refused(id, ErrUnknownRootCause, func() error {
		return e.svc.ProposeSolution(e.ctx, e.manager, id, SolutionInput{RootCause: "bad luck", Solution: "redo"})
	})
	err := e.svc.ProposeSolution(e.ctx, e.manager, id, SolutionInput{})
	require.ElementsMatch(t, []string{"root_cause", "solution"}, fieldsOf(t, err))
	require.NoError(t, e.svc.ProposeSolution(e.ctx, e.manager, id, SolutionInput{RootCause: "process_not_followed", Solution: "refit with shims"}))
	e.refused(id, dealerkit.ErrInvalid, func() error { return e.svc.RecordFeedback(e.ctx, e.manager, id, FeedbackInput{}) })
	require.NoError(t, e.svc.RecordFeedback(e.ctx, e.manager, id, FeedbackInput{Note: "wants new pads, not shims"}))
	require.Equal(t, StateInvestigating, e.get(id).State())
	require.NoError(t, e.svc.ProposeSolution(e.ctx, e.manager, id, SolutionInput{RootCause: "parts_quality", Solution: "new OEM pads free of charge"}))
	require.NoError(t, e.svc.RecordFeedback(e.ctx, e.manager, id, FeedbackInput{Accepted: true}))
	require.NoError(t, e.svc.Resolve(e.ctx, e.manager, id, "pads replaced"))
	c := e.get(id)
	require.Equal(t, StateResolved, c.State())
	require.Equal(t, "parts_quality", c.RootCause())
	require.Equal(t, "new OEM pads free of charge", c.Solution())
	var cmds []Command
	for _, h := range c.History()[1:] {
		cmds = append(cmds, h.Command)
		require.False(t, h.At.IsZero())
		require.False(t, h.By.Staff.IsZero())
	}
	require.Contains(t, cmds, CmdRecordFeedback)
	require.True(t, c.Deadlines()[2].OnTime(), "the first proposal met the solution deadline")
	require.Contains(t, types(e.repo.eventsOf(id, "")), "complaint.solution_rejected")
}

// §5.4: closed only after a verification contact confirms it; a failed verification reopens it
// with new solution and closure deadlines.
func TestWorkflow_Clause5_4_VerificationBeforeClosing(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.advance(id, StateResolved)
	e.refused(id, ErrWrongState, func() error { return e.svc.Close(e.ctx, e.advisor, id, "") })
	e.refused(id, dealerkit.ErrInvalid, func() error { return e.svc.Verify(e.ctx, e.advisor, id, VerificationInput{Confirmed: true}) })

	e.clock.Advance(2 * time.Hour)
	require.NoError(t, e.svc.Verify(e.ctx, e.advisor, id, VerificationInput{Note: "still squeals when cold"}))
	c := e.get(id)
	require.Equal(t, StateInvestigating, c.State())
	require.Equal(t, 1, c.Reopens())
	var round1 []Deadline
	for _, d := range c.Deadlines() {
		if d.Round == 1 {
			round1 = append(round1, d)
		}
		if d.Round == 0 && d.Step == StepClosure {
			require.True(t, d.Superseded, "the first closure deadline is superseded by the new round")
		}
	}
	require.Len(t, round1, 2)
	require.Equal(t, StepSolution, round1[0].Step)
	require.True(t, round1[0].Start.Equal(t0.Add(2*time.Hour)))

	e.advance(id, StateClosed)
	c = e.get(id)
	require.True(t, c.ClosedAt().Equal(t0.Add(2*time.Hour)))
	require.False(t, c.Open())
	_, pending := c.NextDeadline()
	require.False(t, pending, "a closed complaint has no deadline left")
	require.Equal(t, "§5.4", e.repo.eventsOf(id, "complaint.closed")[0].Clause)
}

// §5.4: a new contact on the same matter within the policy window reopens a closed complaint;
// after the window it is refused (record a new complaint, which counts as a repeat).
func TestWorkflow_Clause5_4_NewContactReopensWithinWindow(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.advance(id, StateClosed)
	e.clock.Advance(30 * 24 * time.Hour) // exactly the window
	require.NoError(t, e.svc.Contact(e.ctx, e.advisor, id, ContactInput{Channel: ChannelEmail, Note: "the noise is back"}))
	c := e.get(id)
	require.Equal(t, StateInvestigating, c.State())
	require.Equal(t, 1, c.Reopens())
	require.Equal(t, []string{"complaint.reopened"}, types(e.repo.eventsOf(id, "complaint.reopened")))

	e.advance(id, StateClosed)
	e.clock.Advance(30*24*time.Hour + time.Second)
	var we *WindowError
	err := e.svc.Contact(e.ctx, e.advisor, id, ContactInput{Channel: ChannelPhone, Note: "again"})
	require.ErrorAs(t, err, &we)
	require.ErrorIs(t, err, ErrReopenWindowPassed)
	require.Equal(t, 30*24*time.Hour, we.Window.D())
	e.refused(id, ErrReopenWindowPassed, func() error {
		return e.svc.Contact(e.ctx, e.advisor, id, ContactInput{Channel: ChannelPhone, Note: "again"})
	})

	// A contact on an open complaint is logged and keeps its state.
	id2 := e.record(phoneIntake("rattle"))
	require.NoError(t, e.svc.Contact(e.ctx, e.advisor, id2, ContactInput{Channel: ChannelOnline, Note: "any news?"}))
	require.Equal(t, StateReceived, e.get(id2).State())
	e.refused(id2, dealerkit.ErrInvalid, func() error {
		return e.svc.Contact(e.ctx, e.advisor, id2, ContactInput{Channel: Channel(9), Note: "x"})
	})
	// A contact after verification, before closing, reopens too.
	e.advance(id2, StateVerified)
	require.NoError(t, e.svc.Contact(e.ctx, e.advisor, id2, ContactInput{Channel: ChannelPhone, Note: "it came back"}))
	require.Equal(t, StateInvestigating, e.get(id2).State())
}

// §5.4 (confidentiality and duties): a technician named in a complaint cannot close it.
func TestWorkflow_Clause5_4_NamedTechnicianCannotClose(t *testing.T) {
	perms := dealerkit.DefaultPermissions().With(dealerkit.ActionCloseComplaint, dealerkit.Grant{
		Roles: dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleServiceAdvisor, dealerkit.RoleTechnician)})
	e := newEnv(t, &Options{Permissions: &dealerkit.Table[*dealerkit.Permissions]{Default: dealerkit.Single("v1", perms)}})
	id := e.record(phoneIntake("noise")) // names staff(3), the technician
	e.advance(id, StateVerified)
	var se *StaffError
	err := e.svc.Close(e.ctx, e.tech, id, "")
	require.ErrorAs(t, err, &se)
	require.Equal(t, e.tech.Staff(), se.Staff)
	e.refused(id, ErrNamedTechnician, func() error { return e.svc.Close(e.ctx, e.tech, id, "") })
	// A technician holding a second role is still the technician named.
	both := mustActor(t, dealerA, staff(3), dealerkit.RoleTechnician, dealerkit.RoleServiceAdvisor)
	e.refused(id, ErrNamedTechnician, func() error { return e.svc.Close(e.ctx, both, id, "") })
	// Another technician, not named, may close under this dealer's table.
	require.NoError(t, e.svc.Close(e.ctx, e.tech2, id, "verified by phone"))
}

// §5: waiting for the customer stops the clock; the customer's answer, or the next step that
// involves them, starts it again and the deadlines move by the paused business time.
func TestWorkflow_Clause5_WaitingForTheCustomerPausesTheClock(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise")) // medium: acknowledge within 2h, report within 4h
	e.clock.Advance(30 * time.Minute)
	require.NoError(t, e.svc.AwaitCustomer(e.ctx, e.advisor, id, "customer abroad until Thursday"))
	c := e.get(id)
	require.True(t, c.Waiting())
	_, ok := c.NextDeadline()
	require.False(t, ok, "no deadline runs while waiting")
	e.refused(id, ErrAlreadyWaiting, func() error { return e.svc.AwaitCustomer(e.ctx, e.advisor, id, "again") })

	// Nothing escalates while waiting, however long.
	rep, err := e.svc.Escalate(e.ctx, dealerA, t0.Add(72*time.Hour))
	require.NoError(t, err)
	require.Empty(t, rep.Breaches)

	// Thursday 09:00: 30 minutes were used, 90 remain for the acknowledgement.
	thursday := time.Date(2026, 3, 5, 9, 0, 0, 0, shanghaiLoc)
	e.clock.Set(thursday)
	require.NoError(t, e.svc.CustomerResponded(e.ctx, e.advisor, id, "called back"))
	c = e.get(id)
	require.False(t, c.Waiting())
	next, ok := c.NextDeadline()
	require.True(t, ok)
	require.True(t, next.Equal(thursday.Add(90*time.Minute)), "next %v", next.In(shanghaiLoc))
	require.Len(t, c.Pauses(), 1)
	e.refused(id, ErrNotWaiting, func() error { return e.svc.CustomerResponded(e.ctx, e.advisor, id, "x") })

	// A step that involves the customer ends a pause by itself.
	require.NoError(t, e.svc.AwaitCustomer(e.ctx, e.advisor, id, "not answering"))
	e.clock.Advance(time.Hour)
	require.NoError(t, e.svc.Acknowledge(e.ctx, e.advisor, id, "reached at last"))
	c = e.get(id)
	require.False(t, c.Waiting())
	require.True(t, c.Deadlines()[0].OnTime())
	require.True(t, c.Pauses()[1].To.Equal(thursday.Add(time.Hour)))
}

// §5.5: the root cause can be revised in the periodic review, from the policy's list.
func TestWorkflow_Clause5_5_RootCauseRevised(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.advance(id, StateClosed)
	require.NoError(t, e.svc.SetRootCause(e.ctx, e.manager, id, "parts_quality", "supplier batch recalled"))
	require.Equal(t, "parts_quality", e.get(id).RootCause())
	e.refused(id, ErrUnknownRootCause, func() error { return e.svc.SetRootCause(e.ctx, e.manager, id, "weather", "") })
	e.refused(id, dealerkit.ErrForbidden, func() error { return e.svc.SetRootCause(e.ctx, e.advisor, id, "skill_gap", "") })
}

// §2: a complaint changes only within its dealer.
func TestWorkflow_Clause5_TenantIsolation(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.refused(id, dealerkit.ErrNotFound, func() error { return e.svc.Acknowledge(e.ctx, e.otherB, id, "x") })
	c := e.get(id)
	err := c.Acknowledge(e.rules, e.otherB, t0, "x")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.Empty(t, c.PendingEvents())
}
