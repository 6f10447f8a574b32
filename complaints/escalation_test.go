package complaints

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// upTo takes a fresh complaint, received at t0, through every step before step, a minute apart
// and well within their deadlines, and returns it with the deadline of step.
func (e *env) upTo(step Step) (*Complaint, Deadline) {
	e.t.Helper()
	r, req := e.rules, require.New(e.t)
	c, err := NewComplaint(uuid.New(), e.advisor, t0, r, phoneIntake("noise"))
	req.NoError(err)
	at := t0
	next := func() time.Time { at = at.Add(time.Minute); return at }
	if step > StepAcknowledge {
		req.NoError(c.Acknowledge(r, e.advisor, next(), "calmed"))
	}
	if step > StepReport {
		req.NoError(c.Report(r, e.advisor, next(), ReportInput{Manager: e.manager.Staff()}))
		req.NoError(c.Investigate(r, e.manager, next(), "looked"))
	}
	if step > StepSolution {
		req.NoError(c.ProposeSolution(r, e.manager, next(), SolutionInput{RootCause: "skill_gap", Solution: "redo"}))
		req.NoError(c.RecordFeedback(r, e.manager, next(), FeedbackInput{Accepted: true}))
		req.NoError(c.Resolve(r, e.manager, next(), "redone"))
		req.NoError(c.Verify(r, e.advisor, next(), VerificationInput{Confirmed: true, Note: "fine"}))
	}
	c.SetVersion(1)
	for _, d := range c.Deadlines() {
		if d.Step == step {
			return c, d
		}
	}
	e.t.Fatalf("no deadline for %s", step)
	return nil, Deadline{}
}

// doStep runs the step a deadline is for.
func (e *env) doStep(c *Complaint, step Step, at time.Time) error {
	r := e.rules
	switch step {
	case StepAcknowledge:
		return c.Acknowledge(r, e.advisor, at, "calmed")
	case StepReport:
		return c.Report(r, e.advisor, at, ReportInput{Manager: e.manager.Staff()})
	case StepSolution:
		return c.ProposeSolution(r, e.manager, at, SolutionInput{RootCause: "skill_gap", Solution: "redo"})
	default:
		return c.Close(r, e.advisor, at, "")
	}
}

func breachesOf(c *Complaint, step Step) int {
	n := 0
	for _, ev := range c.PendingEvents() {
		if ev.Type == "complaint.escalated" && stepClause(step) == ev.Clause {
			n++
		}
	}
	return n
}

// §5.2-§5.4: a step done one nanosecond before its deadline never escalates; one nanosecond after,
// it always does, exactly once, whether the step or the scan notices first; a scan exactly at the
// deadline does nothing.
func TestEscalate_Clause5_2_OneNanosecondEitherSide(t *testing.T) {
	e := newEnv(t, nil)
	for _, step := range Steps() {
		t.Run(step.String(), func(t *testing.T) {
			// Done one nanosecond early: on time, and no scan ever escalates it.
			c, d := e.upTo(step)
			require.NoError(t, e.doStep(c, step, d.Due.Add(-time.Nanosecond)))
			for _, now := range []time.Time{d.Due, d.Due.Add(time.Nanosecond), d.Due.Add(time.Hour)} {
				for _, b := range c.Escalate(now) {
					require.NotEqual(t, step, b.Step)
				}
			}
			got := c.Deadlines()
			for _, x := range got {
				if x.Step == step {
					require.True(t, x.OnTime())
					require.False(t, x.Missed)
				}
			}
			require.Zero(t, breachesOf(c, step))
			require.Equal(t, LevelManager, c.Level())

			// Done one nanosecond late: the step itself records the breach, once.
			c, d = e.upTo(step)
			require.NoError(t, e.doStep(c, step, d.Due.Add(time.Nanosecond)))
			require.Equal(t, 1, breachesOf(c, step))
			require.Equal(t, LevelGeneralManager, c.Level())
			for _, x := range c.Deadlines() {
				if x.Step == step {
					require.True(t, x.Missed, "stays recorded as missed")
					require.False(t, x.MetAt.IsZero(), "and done, late")
					require.Equal(t, LevelGeneralManager, x.EscalatedTo)
				}
			}
			require.Empty(t, c.Escalate(d.Due.Add(time.Nanosecond)))
			require.Empty(t, c.Escalate(d.Due.Add(time.Microsecond)))
			require.Equal(t, 1, breachesOf(c, step))

			// Not done: the scan at the deadline does nothing, one nanosecond after escalates once,
			// and later scans add nothing for it.
			c, d = e.upTo(step)
			require.Empty(t, c.Escalate(d.Due))
			b := c.Escalate(d.Due.Add(time.Nanosecond))
			require.Equal(t, []Breach{{Step: step, Due: d.Due, Level: LevelGeneralManager}}, b)
			require.Empty(t, c.Escalate(d.Due.Add(time.Nanosecond)))
			require.Empty(t, c.Escalate(d.Due.Add(time.Microsecond)))
			require.Equal(t, 1, breachesOf(c, step))
			// Done late after the scan: no second escalation.
			require.NoError(t, e.doStep(c, step, d.Due.Add(time.Hour)))
			require.Equal(t, 1, breachesOf(c, step))
		})
	}
}

// §5: each missed deadline escalates one level: after-sales manager, general manager, brand; the
// brand is the top, and every miss stays recorded.
func TestEscalate_Clause5_LevelsAndCap(t *testing.T) {
	e := newEnv(t, nil)
	c, err := NewComplaint(uuid.New(), e.advisor, t0, e.rules, phoneIntake("noise"))
	require.NoError(t, err)
	ds := c.Deadlines()
	b := c.Escalate(ds[0].Due.Add(time.Second)) // acknowledgement missed
	require.Len(t, b, 1)
	require.Equal(t, LevelGeneralManager, c.Level())
	b = c.Escalate(ds[2].Due.Add(time.Second)) // report and solution missed in one scan
	require.Len(t, b, 2)
	require.Equal(t, []Step{StepReport, StepSolution}, []Step{b[0].Step, b[1].Step}, "in due order")
	require.Equal(t, LevelBrand, b[0].Level)
	require.Equal(t, LevelBrand, b[1].Level, "the brand is the top")
	require.Equal(t, 3, c.Missed())
	next, ok := c.NextDeadline()
	require.True(t, ok)
	require.True(t, next.Equal(ds[3].Due), "only the closure is left")
	// A closed complaint never escalates.
	closed := e.get(e.complaintIn(StateClosed))
	require.Empty(t, closed.Escalate(t0.Add(1000*time.Hour)))
}

// §5: the deadline is business time on the dealer's calendar: received Friday afternoon, the
// acknowledgement is due on Monday, and a weekend scan escalates nothing.
func TestEscalate_Clause5_BusinessTimeDeadline(t *testing.T) {
	e := newEnv(t, nil)
	friday := time.Date(2026, 3, 6, 17, 0, 0, 0, shanghaiLoc)
	e.clock.Set(friday)
	id := e.record(phoneIntake("noise")) // medium: acknowledge within 2 business hours
	due := time.Date(2026, 3, 9, 10, 0, 0, 0, shanghaiLoc)
	next, ok := e.get(id).NextDeadline()
	require.True(t, ok)
	require.True(t, next.Equal(due), "due %v", next.In(shanghaiLoc))
	rep, err := e.svc.Escalate(e.ctx, dealerA, time.Date(2026, 3, 8, 23, 0, 0, 0, shanghaiLoc))
	require.NoError(t, err)
	require.Empty(t, rep.Breaches)
	rep, err = e.svc.Escalate(e.ctx, dealerA, due.Add(time.Nanosecond))
	require.NoError(t, err)
	require.Len(t, rep.Breaches, 1)
	require.Equal(t, id, rep.Breaches[0].Complaint)
	evs := e.repo.eventsOf(id, "complaint.escalated")
	require.Len(t, evs, 1)
	require.Equal(t, dealerkit.ActorRef{}, evs[0].Actor, "the scan is the system")
}

// §5: a repeat complaint starts at the general manager, so its first miss goes to the brand.
func TestEscalate_Clause5_RepeatStartsOneLevelUp(t *testing.T) {
	e := newEnv(t, nil)
	e.record(phoneIntake("noise"))
	e.clock.Advance(time.Minute)
	id := e.record(phoneIntake("noise, second call about another matter"))
	c := e.get(id)
	require.Equal(t, LevelGeneralManager, c.Level())
	b := c.Escalate(c.Deadlines()[0].Due.Add(time.Nanosecond))
	require.Equal(t, LevelBrand, b[0].Level)
}

// §5: two escalation scans running at once escalate each breach exactly once: the loser of each
// optimistic race reloads, finds the breach recorded and writes nothing.
func TestEscalate_Clause5_TwoConcurrentScannersEscalateOnce(t *testing.T) {
	e := newEnv(t, &Options{Batch: 4})
	var ids []uuid.UUID
	for i := 0; i < 20; i++ {
		in := phoneIntake("noise")
		in.VIN, in.Complainant = "", Complainant{Phone: "1390000" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "00"}
		ids = append(ids, e.record(in))
	}
	due := e.get(ids[0]).Deadlines()[0].Due
	rep, err := e.svc.Escalate(e.ctx, dealerA, due)
	require.NoError(t, err)
	require.Empty(t, rep.Breaches, "exactly at the deadline is on time")

	// The first two saves meet at a barrier, so the two scanners really race on one complaint.
	var barrier sync.WaitGroup
	barrier.Add(2)
	var arrivals atomic.Int32
	e.repo.beforeSave = func() {
		if arrivals.Add(1) <= 2 {
			barrier.Done()
			barrier.Wait()
		}
	}
	var wg sync.WaitGroup
	reports := make([]EscalationReport, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = e.svc.Escalate(e.ctx, dealerA, due.Add(time.Nanosecond))
		}()
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	require.Positive(t, e.repo.conflicts.Load(), "the scanners must have collided")
	require.Equal(t, len(ids), len(reports[0].Breaches)+len(reports[1].Breaches))
	for _, id := range ids {
		require.Len(t, e.repo.eventsOf(id, "complaint.escalated"), 1, "complaint %s", id)
		c := e.get(id)
		require.Equal(t, LevelGeneralManager, c.Level())
		require.Equal(t, 1, c.Missed())
	}
	// A third scan later finds nothing more to do for these breaches.
	rep, err = e.svc.Escalate(e.ctx, dealerA, due.Add(time.Minute))
	require.NoError(t, err)
	require.Empty(t, rep.Breaches)
}

// §5: the scan pages through what fell due by cursor and skips what is not due: closed
// complaints, complaints waiting for the customer, other dealers.
func TestEscalate_Clause5_ScanPagesAndSkips(t *testing.T) {
	e := newEnv(t, &Options{Batch: 3})
	var open []uuid.UUID
	for i := 0; i < 10; i++ {
		open = append(open, e.record(phoneIntake("noise")))
	}
	closed := e.complaintIn(StateClosed)
	waiting := e.record(phoneIntake("noise"))
	require.NoError(t, e.svc.AwaitCustomer(e.ctx, e.advisor, waiting, "abroad"))
	_, err := e.svc.Record(e.ctx, mustActor(t, dealerB, staff(2), dealerkit.RoleServiceAdvisor), phoneIntake("noise"))
	require.NoError(t, err)

	refs, err := e.repo.Due(e.ctx, dealerA, DueQuery{Now: t0.Add(1000 * time.Hour)})
	require.NoError(t, err)
	for _, r := range refs {
		require.NotEqual(t, closed, r.ID)
		require.NotEqual(t, waiting, r.ID)
	}
	rep, err := e.svc.Escalate(e.ctx, dealerA, t0.Add(2*time.Hour+time.Nanosecond))
	require.NoError(t, err)
	require.Len(t, rep.Breaches, len(open))
	for _, id := range open {
		require.Equal(t, LevelGeneralManager, e.get(id).Level())
	}
	require.Equal(t, LevelManager, e.get(waiting).Level())
	b, err := e.repo.GetBySource(e.ctx, dealerB, 1)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.Nil(t, b)
}

// §9: a complaint keeps the deadlines of the policy in force when it was received; a later
// version applies to complaints received after it.
func TestEscalate_Clause5_DeadlinesFromThePolicyAtReceipt(t *testing.T) {
	strict := DefaultPolicy()
	strict.Deadlines[SeverityMedium] = Deadlines{Acknowledge: Duration(30 * time.Minute), Report: Duration(time.Hour),
		Solution: Duration(8 * time.Hour), Closure: Duration(16 * time.Hour)}
	vs, err := dealerkit.NewVersions(
		dealerkit.Version[Policy]{Name: "2025", Effective: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Rules: DefaultPolicy()},
		dealerkit.Version[Policy]{Name: "2026-03", Effective: t0.Add(time.Hour), Rules: strict},
	)
	require.NoError(t, err)
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: vs}})
	before := e.record(phoneIntake("noise"))
	e.clock.Advance(2 * time.Hour)
	after := e.record(phoneIntake("rattle"))
	require.Equal(t, "2025", e.get(before).PolicyVersion())
	require.Equal(t, 2*time.Hour, e.get(before).Deadlines()[0].Budget.D())
	require.Equal(t, "2026-03", e.get(after).PolicyVersion())
	require.Equal(t, 30*time.Minute, e.get(after).Deadlines()[0].Budget.D())

	// Before the history starts, the library's defaults apply.
	e.clock.Set(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	v, err := e.svc.Record(e.ctx, e.advisor, phoneIntake("x"))
	require.NoError(t, err)
	require.Equal(t, "default", v.PolicyVersion)
}
