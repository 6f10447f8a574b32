package complaints

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func brakeTraining(owner dealerkit.StaffID, due time.Time) CorrectiveInput {
	return CorrectiveInput{Category: CategoryRepairQuality, RootCause: "skill_gap",
		Description: "brake refresher training for every technician", Owner: owner, DueAt: due}
}

// §5.5: a corrective action has an owner, a due date and a root cause from the policy's list; bad
// input is refused with every field named and nothing stored; only the manager opens one.
func TestCorrective_Clause5_5_Open(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.svc.OpenCorrectiveAction(e.ctx, e.manager, CorrectiveInput{Category: Category(77), RootCause: "fate",
		DueAt: t0.Add(-time.Hour)})
	require.ErrorIs(t, err, ErrUnknownRootCause)
	require.ElementsMatch(t, []string{"category", "root_cause", "description", "owner", "due_at"}, fieldsOf(t, err))
	_, err = e.svc.OpenCorrectiveAction(e.ctx, e.advisor, brakeTraining(staff(3), t0.Add(time.Hour)))
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	require.Equal(t, 0, e.actions.count())

	a, err := e.svc.OpenCorrectiveAction(e.ctx, e.manager, brakeTraining(staff(3), t0.Add(14*24*time.Hour)))
	require.NoError(t, err)
	require.Equal(t, CorrectiveOpen, a.State())
	require.Equal(t, staff(3), a.Owner())
	require.Equal(t, LevelManager, a.Level())
	next, ok := a.NextDeadline()
	require.True(t, ok)
	require.True(t, next.Equal(t0.Add(14*24*time.Hour)))
	evs := e.actions.eventsOf(a.ID(), "")
	require.Len(t, evs, 1)
	require.Equal(t, "corrective_action.opened", evs[0].Type)
	require.Equal(t, "§5.5", evs[0].Clause)
	got, err := e.svc.GetCorrectiveAction(e.ctx, e.advisor, a.ID())
	require.NoError(t, err)
	require.Equal(t, a.Snapshot(), got.Snapshot())
	list, err := e.svc.ListCorrectiveActions(e.ctx, e.manager, CorrectiveFilter{Owner: staff(3)})
	require.NoError(t, err)
	require.Len(t, list, 1)
	_, err = e.svc.GetCorrectiveAction(e.ctx, e.otherB, a.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
}

// §5.5: the owner, or a manager, completes the action; no one else.
func TestCorrective_Clause5_5_OwnerCompletes(t *testing.T) {
	e := newEnv(t, nil)
	a, err := e.svc.OpenCorrectiveAction(e.ctx, e.manager, brakeTraining(e.tech.Staff(), t0.Add(14*24*time.Hour)))
	require.NoError(t, err)
	before := e.actions.raw(a.ID())
	require.ErrorIs(t, e.svc.CompleteCorrectiveAction(e.ctx, e.tech2, a.ID(), "done"), dealerkit.ErrForbidden)
	require.ErrorIs(t, e.svc.CompleteCorrectiveAction(e.ctx, e.tech, a.ID(), " "), dealerkit.ErrInvalid)
	require.Equal(t, before, e.actions.raw(a.ID()))
	e.clock.Advance(24 * time.Hour)
	require.NoError(t, e.svc.CompleteCorrectiveAction(e.ctx, e.tech, a.ID(), "training held on Tuesday"))
	got, err := e.actions.Get(e.ctx, dealerA, a.ID())
	require.NoError(t, err)
	require.Equal(t, CorrectiveCompleted, got.State())
	require.False(t, got.Missed())
	require.True(t, got.CheckDueAt().Equal(t0.Add(24*time.Hour+90*24*time.Hour)))
	require.ErrorIs(t, e.svc.CompleteCorrectiveAction(e.ctx, e.manager, a.ID(), "again"), ErrWrongState)
}

// §5.5: the effectiveness check compares the complaints of the category in the policy's period
// before the action with the same period after it; not before the period has passed.
func TestCorrective_Clause5_5_EffectivenessCheck(t *testing.T) {
	e := newEnv(t, nil)
	for _, daysAgo := range []int{80, 40, 10, 100} { // three inside the 90 days before, one outside
		in := phoneIntake("noise")
		in.ReceivedAt = t0.Add(-time.Duration(daysAgo) * 24 * time.Hour)
		in.VIN, in.Complainant = "", Complainant{Name: "customer"}
		e.record(in)
	}
	other := phoneIntake("rude advisor")
	other.Category = CategoryServiceAttitude
	e.record(other) // another category does not count

	a, err := e.svc.OpenCorrectiveAction(e.ctx, e.manager, brakeTraining(e.tech.Staff(), t0.Add(14*24*time.Hour)))
	require.NoError(t, err)
	e.clock.Advance(7 * 24 * time.Hour)
	require.NoError(t, e.svc.CompleteCorrectiveAction(e.ctx, e.tech, a.ID(), "trained"))
	completed := e.clock.Now()
	e.clock.Advance(30 * 24 * time.Hour)
	e.record(IntakeInput{Channel: ChannelPhone, Category: CategoryRepairQuality, Description: "noise", Complainant: Complainant{Name: "x"}})

	var ce *CheckError
	_, err = e.svc.CheckEffectiveness(e.ctx, e.manager, a.ID())
	require.ErrorAs(t, err, &ce)
	require.ErrorIs(t, err, ErrTooEarly)
	require.True(t, ce.DueAt.Equal(completed.Add(90*24*time.Hour)))
	_, err = e.svc.CheckEffectiveness(e.ctx, e.advisor, a.ID())
	require.ErrorIs(t, err, dealerkit.ErrForbidden)

	e.clock.Set(completed.Add(90 * 24 * time.Hour))
	eff, err := e.svc.CheckEffectiveness(e.ctx, e.manager, a.ID())
	require.NoError(t, err)
	require.Equal(t, 3, eff.Before)
	require.Equal(t, 1, eff.After)
	require.True(t, eff.Effective)
	got, err := e.actions.Get(e.ctx, dealerA, a.ID())
	require.NoError(t, err)
	require.Equal(t, CorrectiveEffective, got.State())
	_, ok := got.NextDeadline()
	require.False(t, ok)
	_, err = e.svc.CheckEffectiveness(e.ctx, e.manager, a.ID())
	require.ErrorIs(t, err, ErrWrongState)
}

// §5.5: an overdue corrective action is escalated like a complaint, once; the scan also records
// the effectiveness check when it falls due, and an action whose category did not fall is
// ineffective.
func TestCorrective_Clause5_5_OverdueEscalatesAndScanChecks(t *testing.T) {
	e := newEnv(t, nil)
	due := t0.Add(14 * 24 * time.Hour)
	a, err := e.svc.OpenCorrectiveAction(e.ctx, e.manager, brakeTraining(e.tech.Staff(), due))
	require.NoError(t, err)
	rep, err := e.svc.Escalate(e.ctx, dealerA, due)
	require.NoError(t, err)
	require.Empty(t, rep.Overdue, "at the due date it is not overdue")
	rep, err = e.svc.Escalate(e.ctx, dealerA, due.Add(time.Nanosecond))
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{a.ID()}, rep.Overdue)
	rep, err = e.svc.Escalate(e.ctx, dealerA, due.Add(time.Hour))
	require.NoError(t, err)
	require.Empty(t, rep.Overdue, "escalated once")
	got, err := e.actions.Get(e.ctx, dealerA, a.ID())
	require.NoError(t, err)
	require.True(t, got.Missed())
	require.Equal(t, LevelGeneralManager, got.Level())
	require.Len(t, e.actions.eventsOf(a.ID(), "corrective_action.escalated"), 1)

	// Completed late, it stays missed; then the scan checks it when due. Complaints rose.
	e.clock.Set(due.Add(24 * time.Hour))
	require.NoError(t, e.svc.CompleteCorrectiveAction(e.ctx, e.tech, a.ID(), "finally trained"))
	e.clock.Advance(time.Hour)
	e.record(phoneIntake("noise after training"))
	checkAt := due.Add(24*time.Hour + 90*24*time.Hour)
	rep, err = e.svc.Escalate(e.ctx, dealerA, checkAt.Add(-time.Nanosecond))
	require.NoError(t, err)
	require.Empty(t, rep.Checked)
	rep, err = e.svc.Escalate(e.ctx, dealerA, checkAt)
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{a.ID()}, rep.Checked)
	got, err = e.actions.Get(e.ctx, dealerA, a.ID())
	require.NoError(t, err)
	require.Equal(t, CorrectiveIneffective, got.State())
	require.Equal(t, &Effectiveness{CheckedAt: checkAt, Before: 0, After: 1, Effective: false}, got.Effectiveness())
	require.True(t, got.Missed(), "stays recorded as overdue")

	// The aggregate refuses bad counts and early checks by itself too.
	b := e.actionIn(CorrectiveCompleted)
	require.ErrorIs(t, b.Check(dealerkit.ActorRef{}, b.CheckDueAt(), -1, 0), dealerkit.ErrInvalid)
	require.ErrorIs(t, b.Check(dealerkit.ActorRef{}, b.CheckDueAt().Add(-time.Nanosecond), 1, 0), ErrTooEarly)
	require.Empty(t, b.PendingEvents())
	before, after := b.Windows()
	require.True(t, before.To.Equal(b.OpenedAt()))
	require.True(t, after.From.Equal(b.CompletedAt()))
}
