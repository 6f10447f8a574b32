package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// complaintID returns the n-th complaint id; a larger n sorts later.
func complaintID(n int) uuid.UUID {
	return uuid.UUID{0x01, 0x96, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, byte(n >> 8), byte(n)}
}

// actionID returns the n-th corrective action id.
func actionID(n int) uuid.UUID {
	return uuid.UUID{0x01, 0x97, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, byte(n >> 8), byte(n)}
}

func complaintIDs(ns ...int) []uuid.UUID {
	out := make([]uuid.UUID, len(ns))
	for i, n := range ns {
		out[i] = complaintID(n)
	}
	return out
}

func manager(t *testing.T, d dealerkit.DealerID) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(d, staffID(4), dealerkit.RoleManager)
	must(t, err)
	return a
}

// complaintSpec says how to take a test complaint; zero fields take defaults.
type complaintSpec struct {
	dealer      dealerkit.DealerID
	n           int       // complaint id number
	received    time.Time // default t0
	channel     complaints.Channel
	category    complaints.Category
	severity    complaints.Severity
	vin         aftersales.VIN
	noVIN       bool
	contact     complaints.Complainant
	repairOrder uuid.UUID
	staff       []complaints.Involved
	noStaff     bool
	intakeKey   string // IntakeInput.Key; none by default
}

// newComplaint takes a complaint through the domain constructor under the default policy, recorded
// a minute after it was received, with every intake field filled unless the spec says otherwise.
func newComplaint(t *testing.T, s complaintSpec) *complaints.Complaint {
	t.Helper()
	if s.dealer.IsZero() {
		s.dealer = dealerA()
	}
	if s.received.IsZero() {
		s.received = t0()
	}
	if s.channel == 0 {
		s.channel = complaints.ChannelPhone
	}
	if s.category == 0 {
		s.category = complaints.CategoryRepairQuality
	}
	if s.vin == "" && !s.noVIN {
		s.vin = vin1(t)
	}
	if s.contact == (complaints.Complainant{}) {
		s.contact = complaints.Complainant{Name: "王芳", Phone: "+86 138 0013 8000", Email: "wang.fang@example.cn", CustomerRef: "C-0042"}
	}
	if s.staff == nil && !s.noStaff {
		s.staff = []complaints.Involved{
			{Staff: staffID(1), Role: dealerkit.RoleServiceAdvisor},
			{Staff: staffID(2), Role: dealerkit.RoleTechnician},
		}
	}
	c, err := complaints.NewComplaint(complaintID(s.n), advisor(t, s.dealer), s.received.Add(time.Minute), complaints.DefaultRules(),
		complaints.IntakeInput{
			Channel: s.channel, ReceivedAt: s.received, Category: s.category, Severity: s.severity,
			Description: "the brakes squeal again", Complainant: s.contact, RepairOrder: s.repairOrder,
			VIN: string(s.vin), Model: "Lavida 1.5L", Staff: s.staff, Key: s.intakeKey,
		})
	must(t, err)
	return c
}

// deadlineOf returns c's deadline of step in its latest round.
func deadlineOf(t *testing.T, c *complaints.Complaint, step complaints.Step) complaints.Deadline {
	t.Helper()
	var found *complaints.Deadline
	for _, d := range c.Deadlines() {
		if d.Step == step {
			found = &d
		}
	}
	if found == nil {
		t.Fatalf("complaint %s has no %s deadline", c.ID(), step)
	}
	return *found
}

// handled takes a complaint through most of §5: acknowledged, a pause waiting for the customer,
// deadlines missed and escalated, reported, a solution rejected and a second one accepted,
// resolved, and a failed verification that reopened it (round 1). Every part of the snapshot
// holds data, and it still has a deadline running.
func handled(t *testing.T, s complaintSpec) *complaints.Complaint {
	t.Helper()
	c := newComplaint(t, s)
	r := complaints.DefaultRules()
	d := c.Dealer()
	adv, mgr := advisor(t, d), manager(t, d)
	at := c.RecordedAt().In(shanghai())
	step := func(minutes int) time.Time { return at.Add(time.Duration(minutes) * time.Minute) }
	must(t, c.Acknowledge(r, adv, step(4), "apologised; the customer will bring the car in"))
	must(t, c.AwaitCustomer(r, adv, step(10), "the customer is abroad until Monday"))
	must(t, c.CustomerResponded(r, adv, step(3*24*60), "back; booked for Tuesday"))
	if len(c.Escalate(step(4*24*60))) == 0 {
		t.Fatal("the fixture expects a missed report deadline")
	}
	must(t, c.Report(r, adv, step(4*24*60+5), complaints.ReportInput{Manager: mgr.Staff(), Note: "late, sorry"}))
	must(t, c.Investigate(r, mgr, step(4*24*60+30), "pads fitted without shims"))
	must(t, c.ProposeSolution(r, mgr, step(4*24*60+60), complaints.SolutionInput{RootCause: "process_not_followed", Solution: "refit the pads"}))
	must(t, c.RecordFeedback(r, mgr, step(4*24*60+90), complaints.FeedbackInput{Accepted: false, Note: "wants new discs too"}))
	must(t, c.Investigate(r, mgr, step(4*24*60+120), "discs are scored"))
	must(t, c.ProposeSolution(r, mgr, step(4*24*60+150), complaints.SolutionInput{RootCause: "parts_quality", Solution: "new discs and pads free of charge"}))
	must(t, c.RecordFeedback(r, mgr, step(4*24*60+160), complaints.FeedbackInput{Accepted: true}))
	must(t, c.Resolve(r, mgr, step(4*24*60+240), "discs and pads replaced, road tested"))
	must(t, c.Verify(r, adv, step(5*24*60), complaints.VerificationInput{Confirmed: false, Note: "still squeals when cold"}))
	if c.Reopens() != 1 || c.State() != complaints.StateInvestigating {
		t.Fatalf("the fixture expects a reopened complaint, got %s after %d reopenings", c.State(), c.Reopens())
	}
	if _, ok := c.NextDeadline(); !ok {
		t.Fatal("the fixture expects a running deadline")
	}
	return c
}

// closeHandled finishes a handled complaint: solved, verified, closed, and its root cause revised
// in the review after closing.
func closeHandled(t *testing.T, c *complaints.Complaint) {
	t.Helper()
	r := complaints.DefaultRules()
	adv, mgr := advisor(t, c.Dealer()), manager(t, c.Dealer())
	at := c.UpdatedAt().In(shanghai())
	step := func(minutes int) time.Time { return at.Add(time.Duration(minutes) * time.Minute) }
	must(t, c.ProposeSolution(r, mgr, step(30), complaints.SolutionInput{RootCause: "diagnosis_error", Solution: "replace the calipers"}))
	must(t, c.RecordFeedback(r, mgr, step(40), complaints.FeedbackInput{Accepted: true, Note: "fine"}))
	must(t, c.Resolve(r, mgr, step(24*60), "calipers replaced"))
	must(t, c.Verify(r, adv, step(3*24*60), complaints.VerificationInput{Confirmed: true, Note: "quiet now"}))
	must(t, c.Close(r, adv, step(3*24*60+5), "thanked the customer"))
	must(t, c.SetRootCause(r, mgr, step(10*24*60), "skill_gap", "monthly review: the technician was new"))
	if _, ok := c.NextDeadline(); ok || c.State() != complaints.StateClosed {
		t.Fatalf("the fixture expects a closed complaint with no deadline, got %s", c.State())
	}
}

// doStep does the step a deadline is for, at at.
func doStep(t *testing.T, c *complaints.Complaint, step complaints.Step, at time.Time) error {
	t.Helper()
	r := complaints.DefaultRules()
	adv, mgr := advisor(t, c.Dealer()), manager(t, c.Dealer())
	switch step {
	case complaints.StepAcknowledge:
		return c.Acknowledge(r, adv, at, "called back")
	case complaints.StepReport:
		return c.Report(r, adv, at, complaints.ReportInput{Manager: mgr.Staff()})
	case complaints.StepSolution:
		return c.ProposeSolution(r, mgr, at, complaints.SolutionInput{RootCause: "skill_gap", Solution: "redo the job"})
	default:
		return c.Close(r, adv, at, "")
	}
}

// upTo takes a fresh complaint through every step before step, a minute apart and well within
// their deadlines.
func upTo(t *testing.T, s complaintSpec, step complaints.Step) *complaints.Complaint {
	t.Helper()
	c := newComplaint(t, s)
	r := complaints.DefaultRules()
	adv, mgr := advisor(t, c.Dealer()), manager(t, c.Dealer())
	at := c.RecordedAt()
	next := func() time.Time { at = at.Add(time.Minute); return at }
	if step > complaints.StepAcknowledge {
		must(t, c.Acknowledge(r, adv, next(), "called back"))
	}
	if step > complaints.StepReport {
		must(t, c.Report(r, adv, next(), complaints.ReportInput{Manager: mgr.Staff()}))
		must(t, c.Investigate(r, mgr, next(), "looked"))
	}
	if step > complaints.StepSolution {
		must(t, c.ProposeSolution(r, mgr, next(), complaints.SolutionInput{RootCause: "skill_gap", Solution: "redo"}))
		must(t, c.RecordFeedback(r, mgr, next(), complaints.FeedbackInput{Accepted: true}))
		must(t, c.Resolve(r, mgr, next(), "redone"))
		must(t, c.Verify(r, adv, next(), complaints.VerificationInput{Confirmed: true, Note: "fine"}))
	}
	return c
}

// restoredWithSource returns a complaint as the automatic intake opens one (§5.1), from the
// dealer's event seq: the intake is the only way to set a source, so the suite restores a
// snapshot instead.
func restoredWithSource(t *testing.T, s complaintSpec, seq int64) *complaints.Complaint {
	t.Helper()
	snap := newComplaint(t, s).Snapshot()
	snap.Version = 1
	snap.Channel = complaints.ChannelSurvey
	snap.Source = &complaints.Source{Seq: seq, Type: complaints.EventFollowedUp}
	c, err := complaints.RestoreComplaint(snap)
	must(t, err)
	return c
}

// newAction opens a corrective action due dueIn after t0.
func newAction(t *testing.T, d dealerkit.DealerID, n int, owner dealerkit.StaffID, category complaints.Category, dueIn time.Duration) *complaints.CorrectiveAction {
	t.Helper()
	a, err := complaints.NewCorrectiveAction(actionID(n), manager(t, d), t0(), complaints.DefaultRules(), complaints.CorrectiveInput{
		Category: category, RootCause: "skill_gap", Description: "brake training for every technician",
		Complaints: []uuid.UUID{complaintID(1), complaintID(2)}, Owner: owner, DueAt: t0().Add(dueIn),
	})
	must(t, err)
	return a
}

// complaintOrders is the repair orders the complaints service links to, held as snapshots.
type complaintOrders struct {
	mu sync.Mutex
	m  map[uuid.UUID]aftersales.Snapshot
}

func (o *complaintOrders) put(t *testing.T, ro *aftersales.RepairOrder) {
	t.Helper()
	s := ro.Snapshot()
	s.Version = 1
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[uuid.UUID]aftersales.Snapshot{}
	}
	o.m[s.ID] = s
}

func (o *complaintOrders) Get(_ context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	o.mu.Lock()
	s, ok := o.m[id]
	o.mu.Unlock()
	if !ok || s.Dealer != dealer {
		return nil, dealerkit.ErrNotFound
	}
	return aftersales.RestoreRepairOrder(s)
}

// service returns a complaints.Service over the fixture's store with a small scan batch, so
// that scans page by cursor.
func (f *complaintFixture) service(t *testing.T, ro complaints.Orders) *complaints.Service {
	t.Helper()
	if ro == nil {
		ro = &complaintOrders{}
	}
	svc, err := complaints.NewService(f.repo, f.actions, ro, &complaints.Options{
		Now:   func() time.Time { return t0().Add(30 * 24 * time.Hour) },
		Batch: 3,
	})
	require.NoError(t, err)
	return svc
}
