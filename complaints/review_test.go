package complaints

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// conflictRepo injects conflicts: its first fail Updates return dealerkit.ErrConflict without
// touching the store, as if another writer had landed first.
type conflictRepo struct {
	complaintRepo
	fail  atomic.Int64
	calls atomic.Int64
}

func (r *conflictRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Complaint) error) error {
	r.calls.Add(1)
	if r.fail.Add(-1) >= 0 {
		return dealerkit.ErrConflict
	}
	return r.complaintRepo.Update(ctx, dealer, id, fn)
}

// §5.2: a user's step that collides with another write (here the escalation scanner's) is
// retried on the reloaded complaint instead of failing with ErrConflict; Options.ConflictRetries
// bounds it, and a negative value turns retrying off.
func TestService_Clause5_2_CommandRetriesOnConflict(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("brakes squeal again"))

	// A real collision: while the Acknowledge is being applied, the scanner records the missed
	// acknowledgement deadline and stores first.
	due := deadlineOf(t, e.get(id), StepAcknowledge, 0).Due
	e.clock.Set(due.Add(time.Minute))
	var raced atomic.Bool
	e.repo.beforeSave = func() {
		if raced.CompareAndSwap(false, true) {
			_, err := e.svc.Escalate(e.ctx, dealerA, due.Add(time.Second))
			require.NoError(t, err)
		}
	}
	require.NoError(t, e.svc.Acknowledge(e.ctx, e.advisor, id, "apologised; booked a check"))
	e.repo.beforeSave = nil
	require.True(t, raced.Load())
	require.Equal(t, int64(1), e.repo.conflicts.Load(), "the Acknowledge lost the race once and was retried")
	c := e.get(id)
	require.Equal(t, StateAcknowledged, c.State())
	require.Len(t, e.repo.eventsOf(id, "complaint.escalated"), 1, "the scanner's breach is kept, recorded once")
	require.Len(t, e.repo.eventsOf(id, "complaint.acknowledged"), 1)

	// Injected conflicts: the default retries three times; ConflictRetries -1 never retries.
	for _, tc := range []struct {
		retries, fail int
		ok            bool
	}{{0, 3, true}, {0, 4, false}, {1, 1, true}, {-1, 1, false}} {
		e := newEnv(t, nil)
		id := e.record(phoneIntake("brakes squeal again"))
		repo := &conflictRepo{complaintRepo: e.repo}
		svc, err := NewService(repo, e.actions, e.orders, &Options{Now: e.clock.Now, NewID: uuid.New, ConflictRetries: tc.retries})
		require.NoError(t, err)
		repo.fail.Store(int64(tc.fail))
		err = svc.Acknowledge(e.ctx, e.advisor, id, "apologised")
		if tc.ok {
			require.NoError(t, err, "retries %d, conflicts %d", tc.retries, tc.fail)
			require.Equal(t, StateAcknowledged, e.get(id).State())
		} else {
			require.ErrorIs(t, err, dealerkit.ErrConflict, "retries %d, conflicts %d", tc.retries, tc.fail)
			require.Equal(t, StateReceived, e.get(id).State())
		}
		retries := map[int]int{0: 3, 1: 1, -1: 0}[tc.retries]
		require.Equal(t, int64(min(tc.fail+1, retries+1)), repo.calls.Load(), "attempts")
	}
}

// deadlineOf returns the last deadline of step in round.
func deadlineOf(t *testing.T, c *Complaint, step Step, round int) Deadline {
	t.Helper()
	var out *Deadline
	for _, d := range c.Deadlines() {
		if d.Step == step && d.Round == round {
			out = &d
		}
	}
	require.NotNil(t, out, "no %s deadline in round %d", step, round)
	return *out
}

// §5.4: the named-technician rule holds for the verification too, and for staff the
// investigation identified after intake: the manager names them (NameStaff, §5.3, manager only
// by default) and from then on they can neither verify nor close the complaint.
func TestWorkflow_Clause5_4_NamedTechnicianCannotVerifyNorCloseAfterNaming(t *testing.T) {
	perms := dealerkit.DefaultPermissions()
	for _, a := range []dealerkit.Action{dealerkit.ActionVerifyComplaint, dealerkit.ActionCloseComplaint} {
		perms = perms.With(a, dealerkit.Grant{
			Roles: dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleServiceAdvisor, dealerkit.RoleTechnician)})
	}
	e := newEnv(t, &Options{Permissions: &dealerkit.Table[*dealerkit.Permissions]{Default: dealerkit.Single("v1", perms)}})

	// Named at intake: staff(3) cannot verify.
	id := e.record(phoneIntake("noise")) // names staff(3), the technician
	e.advance(id, StateResolved)
	var se *StaffError
	require.ErrorAs(t, e.svc.Verify(e.ctx, e.tech, id, VerificationInput{Confirmed: true, Note: "fine"}), &se)
	require.Equal(t, e.tech.Staff(), se.Staff)
	e.refused(id, ErrNamedTechnician, func() error {
		return e.svc.Verify(e.ctx, e.tech, id, VerificationInput{Confirmed: true, Note: "fine"})
	})

	// staff(4) was not named at intake; the investigation finds they did the work.
	id2 := e.record(phoneIntake("noise"))
	e.advance(id2, StateInvestigating)
	named := NameStaffInput{Staff: []Involved{{Staff: e.tech2.Staff(), Role: dealerkit.RoleTechnician}}, Note: "re-did the pads"}
	e.refused(id2, dealerkit.ErrForbidden, func() error { return e.svc.NameStaff(e.ctx, e.tech, id2, named) })
	e.refused(id2, dealerkit.ErrForbidden, func() error { return e.svc.NameStaff(e.ctx, e.advisor, id2, named) })
	require.NoError(t, e.svc.NameStaff(e.ctx, e.manager, id2, named))
	require.Contains(t, e.get(id2).Staff(), named.Staff[0])
	require.Len(t, e.repo.eventsOf(id2, "complaint.staff_named"), 1)
	e.refused(id2, dealerkit.ErrInvalid, func() error { return e.svc.NameStaff(e.ctx, e.manager, id2, named) }) // already named
	e.advance(id2, StateResolved)
	e.refused(id2, ErrNamedTechnician, func() error {
		return e.svc.Verify(e.ctx, e.tech2, id2, VerificationInput{Confirmed: true, Note: "fine"})
	})
	require.NoError(t, e.svc.Verify(e.ctx, e.advisor, id2, VerificationInput{Confirmed: true, Note: "fine"}))
	e.refused(id2, ErrNamedTechnician, func() error { return e.svc.Close(e.ctx, e.tech2, id2, "") })
	found, err := e.svc.List(e.ctx, e.manager, Filter{Staff: e.tech2.Staff()})
	require.NoError(t, err)
	require.Len(t, found.Items, 1, "the complaint is found by the name given later")
	require.NoError(t, e.svc.Close(e.ctx, e.advisor, id2, ""))
}

// §5.2: (§9 policy versions) a complaint's deadlines keep the calendar of the policy version it was received
// under. When a pause ends after a revision with another calendar took effect, the deadlines are
// recomputed with the receipt version's calendar, not today's; a reopening moves the complaint
// to the version in force then.
func TestEscalation_Clause5_2_RecomputeWithOwnPolicyVersion(t *testing.T) {
	v1 := DefaultPolicy()
	v2 := DefaultPolicy()
	for d := 2; d <= 6; d++ { // the whole week of t0 closed under v2
		v2.Calendar.Holidays = append(v2.Calendar.Holidays, Date{2026, time.March, d})
	}
	revised := t0.Add(30 * time.Minute)
	versions, err := dealerkit.NewVersions(
		dealerkit.Version[Policy]{Name: "v1", Effective: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Rules: v1},
		dealerkit.Version[Policy]{Name: "v2", Effective: revised, Rules: v2})
	require.NoError(t, err)
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: versions}})
	r1, err := NewRules("v1", v1)
	require.NoError(t, err)
	r2, err := NewRules("v2", v2)
	require.NoError(t, err)

	id := e.record(phoneIntake("brakes squeal again")) // at t0, under v1
	require.Equal(t, "v1", e.get(id).PolicyVersion())
	e.clock.Set(t0.Add(10 * time.Minute))
	require.NoError(t, e.svc.AwaitCustomer(e.ctx, e.advisor, id, "calling back after the test drive"))
	e.clock.Set(t0.Add(time.Hour)) // v2 is in force now
	require.NoError(t, e.svc.CustomerResponded(e.ctx, e.advisor, id, "called back"))

	c := e.get(id)
	ack := deadlineOf(t, c, StepAcknowledge, 0)
	want, ok := r1.Calendar().AddExcluding(ack.Start, ack.Budget.D(), c.Pauses())
	require.True(t, ok)
	today, ok := r2.Calendar().AddExcluding(ack.Start, ack.Budget.D(), c.Pauses())
	require.True(t, ok)
	require.NotEqual(t, want.UTC(), today.UTC(), "the two calendars must disagree for the test to mean anything")
	require.Equal(t, want.UTC(), ack.Due, "recomputed with the receipt version's calendar")
	require.Equal(t, t0.Add(2*time.Hour+50*time.Minute), ack.Due, "two business hours plus the 50-minute pause")

	// Reopened under v2: the new round runs on v2, and so do its recomputations.
	e.advance(id, StateVerified)
	require.NoError(t, e.svc.Contact(e.ctx, e.advisor, id, ContactInput{Channel: ChannelPhone, Note: "it came back"}))
	c = e.get(id)
	require.Equal(t, "v2", c.PolicyVersion())
	sol := deadlineOf(t, c, StepSolution, 1)
	want, ok = r2.Calendar().AddExcluding(sol.Start, sol.Budget.D(), c.Pauses())
	require.True(t, ok)
	require.Equal(t, want.UTC(), sol.Due)
}

// §5.3: a rejected solution starts a fresh solution deadline from the rejection, so the second
// solution is due like the first and escalates when it is late; compliance counts both, instead
// of only the first solution, met on time.
func TestWorkflow_Clause5_3_RejectionStartsFreshSolutionDeadline(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("brakes squeal again"))
	e.advance(id, StateSolutionProposed)
	rejected := t0.Add(3 * time.Hour)
	e.clock.Set(rejected)
	require.NoError(t, e.svc.RecordFeedback(e.ctx, e.manager, id, FeedbackInput{Accepted: false, Note: "wants new discs too"}))

	c := e.get(id)
	var sols []Deadline
	for _, d := range c.Deadlines() {
		if d.Step == StepSolution {
			sols = append(sols, d)
		}
	}
	require.Len(t, sols, 2, "the met deadline of the rejected solution and a fresh one")
	require.True(t, sols[0].OnTime())
	fresh := sols[1]
	require.True(t, fresh.Pending())
	require.Equal(t, 0, fresh.Round, "a rejection is not a reopening")
	require.True(t, fresh.Start.Equal(rejected))
	require.Equal(t, e.rules.Deadlines(c.Severity()).For(StepSolution), fresh.Budget.D())
	want, ok := e.rules.Calendar().AddExcluding(rejected, fresh.Budget.D(), nil)
	require.True(t, ok)
	require.Equal(t, want.UTC(), fresh.Due)

	// Missing it escalates once.
	rep, err := e.svc.Escalate(e.ctx, dealerA, fresh.Due.Add(time.Nanosecond))
	require.NoError(t, err)
	require.Len(t, rep.Breaches, 1)
	require.Equal(t, StepSolution, rep.Breaches[0].Step)
	an := Analyze([]*Complaint{e.get(id)}, t0, t0.Add(30*24*time.Hour))
	for _, k := range an.Compliance {
		if k.Step == StepSolution {
			require.Equal(t, 1, k.OnTime)
			require.Equal(t, 1, k.Missed, "the late second solution is not overstated as compliant")
		}
	}

	// The next solution meets the fresh deadline (late).
	e.clock.Set(fresh.Due.Add(time.Hour))
	require.NoError(t, e.svc.ProposeSolution(e.ctx, e.manager, id, SolutionInput{RootCause: "parts_quality", Solution: "new discs and pads"}))
	last := deadlineOf(t, e.get(id), StepSolution, 0)
	require.True(t, last.Missed)
	require.True(t, last.MetAt.Equal(fresh.Due.Add(time.Hour)))
}

// §5.1: (confidentiality) Service.List refuses a filter on the customer key to an actor who may
// read complaints but not the complainant's contact details: the filter would otherwise tell
// whom each complaint is from.
func TestService_Clause5_1_CustomerKeyFilterNeedsViewComplainant(t *testing.T) {
	perms := dealerkit.DefaultPermissions().With(dealerkit.ActionViewComplaint, dealerkit.Grant{
		Roles: dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleServiceAdvisor, dealerkit.RoleQualityInspector)})
	e := newEnv(t, &Options{Permissions: &dealerkit.Table[*dealerkit.Permissions]{Default: dealerkit.Single("v1", perms)}})
	id := e.record(phoneIntake("brakes squeal again"))
	key := e.get(id).CustomerKey()
	require.NotEmpty(t, key)

	all, err := e.svc.List(e.ctx, e.inspector, Filter{})
	require.NoError(t, err, "the inspector may read complaints")
	require.Len(t, all.Items, 1)
	_, err = e.svc.List(e.ctx, e.inspector, Filter{CustomerKey: key})
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	found, err := e.svc.List(e.ctx, e.advisor, Filter{CustomerKey: key})
	require.NoError(t, err)
	require.Len(t, found.Items, 1)
}

// §5.1: the severity comes from the policy; when staff name another one at intake, the
// "received" event records that staff set it and what the policy said, for the audit.
func TestIntake_Clause5_1_StaffSeverityRecordedInEvent(t *testing.T) {
	e := newEnv(t, nil)
	type received struct {
		Severity       string `json:"severity"`
		SeveritySetBy  string `json:"severity_set_by"`
		PolicySeverity string `json:"policy_severity"`
	}
	read := func(id uuid.UUID) received {
		evs := e.repo.eventsOf(id, "complaint.received")
		require.Len(t, evs, 1)
		var r received
		require.NoError(t, json.Unmarshal(evs[0].Data, &r))
		return r
	}
	in := phoneIntake("brakes squeal again") // repair quality: medium by the policy
	in.Severity = SeverityCritical
	require.Equal(t, received{Severity: "critical", SeveritySetBy: "staff", PolicySeverity: "medium"}, read(e.record(in)))
	require.Equal(t, received{Severity: "medium"}, read(e.record(phoneIntake("the door rattles"))))
}

// conflictActions injects conflicts into corrective-action updates, like conflictRepo.
type conflictActions struct {
	actionRepo
	fail atomic.Int64
}

func (r *conflictActions) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*CorrectiveAction) error) error {
	if r.fail.Add(-1) >= 0 {
		return dealerkit.ErrConflict
	}
	return r.actionRepo.Update(ctx, dealer, id, fn)
}

// §5.5: completing a corrective action that collides with the escalation scan's write (an
// overdue action escalated at the same moment) is retried, like a complaint command.
func TestCorrective_Clause5_5_CompleteRetriesOnConflict(t *testing.T) {
	e := newEnv(t, nil)
	repo := &conflictActions{actionRepo: e.actions}
	svc, err := NewService(e.repo, repo, e.orders, &Options{Now: e.clock.Now, NewID: uuid.New})
	require.NoError(t, err)
	a, err := svc.OpenCorrectiveAction(e.ctx, e.manager, CorrectiveInput{Category: CategoryRepairQuality,
		RootCause: "skill_gap", Description: "brake refresher training", Owner: staff(3), DueAt: t0.Add(14 * 24 * time.Hour)})
	require.NoError(t, err)
	repo.fail.Store(2)
	require.NoError(t, svc.CompleteCorrectiveAction(e.ctx, e.tech, a.ID(), "trained the team"))
	got, err := e.actions.Get(e.ctx, dealerA, a.ID())
	require.NoError(t, err)
	require.Equal(t, CorrectiveCompleted, got.State())
}

// §5.1: the intake is validated once; the vehicle and staff a linked repair order fills in are
// taken as the order holds them, and bad input alongside a missing order is still refused with
// every field named and nothing stored.
func TestIntake_Clause5_1_ValidatedOnceWithOrderFill(t *testing.T) {
	e := newEnv(t, nil)
	o, _ := e.repairOrder(testVIN, nil, "the squeal is still there", 1)
	id := e.record(IntakeInput{Channel: ChannelWalkIn, Category: CategoryRepairQuality,
		Description: "the squeal is still there", RepairOrder: o.ID()})
	c := e.get(id)
	require.Equal(t, o.VIN(), c.VIN())
	require.ElementsMatch(t, []Involved{{Staff: e.advisor.Staff(), Role: dealerkit.RoleServiceAdvisor},
		{Staff: e.tech.Staff(), Role: dealerkit.RoleTechnician}}, c.Staff())

	_, err := e.svc.Record(e.ctx, e.advisor, IntakeInput{Channel: ChannelWalkIn, Category: CategoryRepairQuality,
		RepairOrder: uuid.New()})
	var ve *dealerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	require.ElementsMatch(t, []string{"description"}, fields, "the order is looked up once the input is valid (§2)")
	require.Equal(t, 1, e.repo.count())
}
