package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// The complaints of the month (§5). Low follow-up surveys and objections at delivery open
// complaints on their own: the hourly job runs the event-feed intake from a stored cursor, then
// the escalation scan. Customers also phone, walk in, email and post online. Advisors acknowledge
// and report most complaints promptly and the manager investigates, proposes a solution (with its
// root cause), hears the customer, has it carried out; an advisor makes the verification call and
// closes. Some advisors sit on a complaint until the customer chases, some solutions take the
// manager too long, some customers reject the first solution or are not satisfied when called
// back: the scan escalates the deadlines they miss. Reviews in the month open corrective actions
// for the leading root causes (§5.5).
//
// Complaint behaviour draws on its own random stream, so it never shifts what happens in the
// workshop.

// grievance is the simulation's plan for one complaint: how it will be handled, not what the
// library recorded.
type grievance struct {
	id       uuid.UUID
	v        *visit
	category complaints.Category
	advisor  *advisor
	cause    string
	neglect  bool // the advisor sits on it until the customer chases
	slow     bool // the manager takes too long over the solution
	reject   bool // the customer rejects the first solution
	await    bool // the solution needs the car back: the clock stops until the customer brings it
	recheck  bool // the customer is not satisfied at the verification call: reopened
	rejected bool
	reopened bool
}

// complaintStats counts what the complaint side of the simulation did, for the test.
type complaintStats struct {
	LowSurveys   int // follow-up surveys with an item below the policy threshold
	Recorded     int // complaints staff took by phone, walk-in, email or online
	AutoOpened   int // complaints the event-feed intake opened
	ScanBreaches int // deadlines the periodic scan recorded as missed
	ScanOverdue  int // corrective actions the scan escalated
	Actions      int // corrective actions opened
}

// businessAfter returns the instant d of business time after now.
func (s *sim) businessAfter(d time.Duration) time.Time { return s.cal.Add(s.clock, d) }

func (s *sim) cchance(p float64) bool { return s.crng.Float64() < p }

func (s *sim) cbetween(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(s.crng.Int64N(int64((hi-lo)/time.Second)))*time.Second
}

// scheduleComplaintJobs plans the background jobs of the month: the hourly intake and escalation
// scan on the hour in business hours, a last pass just before midnight at the month's end (so
// every survey and objection of the month is taken in), and the §5.5 reviews.
func (s *sim) scheduleComplaintJobs() {
	var businessDays []time.Time
	for d := s.start; d.Before(s.end); d = d.AddDate(0, 0, 1) {
		if !isBusinessDay(d) {
			continue
		}
		businessDays = append(businessDays, d)
		for t := opening(d).Add(30 * time.Minute); !t.After(closing(d)); t = t.Add(time.Hour) {
			s.at(t, s.hourly)
		}
	}
	s.at(s.end.Add(-time.Minute), s.hourly)
	review := func(fromDay int, fn func(context.Context) error) {
		for _, d := range businessDays {
			if d.Day() >= fromDay {
				s.at(opening(d).Add(90*time.Minute), fn)
				return
			}
		}
	}
	review(14, func(ctx context.Context) error { return s.openCorrective(ctx, 7, true) })
	review(21, func(ctx context.Context) error { return s.openCorrective(ctx, 3, false) })
	if n := len(businessDays); n > 0 {
		s.at(opening(businessDays[n-1]).Add(7*time.Hour), s.classify)
	}
}

// hourly is the host's background job: take in what the aftersales feed delivered since the
// stored cursor (§5.1), then escalate what fell due (§5, §5.5).
func (s *sim) hourly(ctx context.Context) error {
	rep, err := s.cs.IntakeFeed(ctx, s.feed, s.dealer, s.cursor)
	if err != nil {
		return fmt.Errorf("complaint intake: %w", err)
	}
	s.cursor = rep.Last
	for _, id := range rep.Opened {
		s.cstats.AutoOpened++
		if err := s.take(ctx, id, nil); err != nil {
			return err
		}
	}
	esc, err := s.cs.Escalate(ctx, s.dealer, s.clock)
	if err != nil {
		return fmt.Errorf("escalation scan: %w", err)
	}
	s.cstats.ScanBreaches += len(esc.Breaches)
	s.cstats.ScanOverdue += len(esc.Overdue)
	return nil
}

// take plans the handling of a complaint that has just been opened; by is the advisor who took it
// (nil for the automatic intake: the advisor who served the customer handles it).
func (s *sim) take(ctx context.Context, id uuid.UUID, by *advisor) error {
	c, err := s.cs.View(ctx, s.manager.actor, id)
	if err != nil {
		return err
	}
	v := s.visits[c.RepairOrder]
	if v == nil {
		return fmt.Errorf("complaint %s: repair order %s is not one of the month's", id, c.RepairOrder)
	}
	g := &grievance{id: id, v: v, category: c.Category, advisor: v.advisor,
		neglect: s.cchance(0.15), slow: s.cchance(0.2), reject: s.cchance(0.2), recheck: s.cchance(0.1)}
	if by != nil {
		g.advisor = by
	}
	g.await = c.Category == complaints.CategoryRepairQuality && s.cchance(0.4)
	g.cause = s.rootCause(g)
	s.grievances[id] = g
	if g.neglect {
		chase := s.businessAfter(s.cbetween(5*time.Hour, 9*time.Hour))
		s.at(chase, func(ctx context.Context) error {
			err := s.cs.Contact(ctx, s.advisors[0].actor, g.id, complaints.ContactInput{Channel: complaints.ChannelPhone,
				Note: "Customer called again: nobody has been in touch."})
			if err != nil {
				return fmt.Errorf("chase %s: %w", g.id, err)
			}
			s.at(s.businessAfter(s.cbetween(20*time.Minute, time.Hour)), func(ctx context.Context) error { return s.acknowledge(ctx, g) })
			return nil
		})
		return nil
	}
	s.at(s.businessAfter(s.cbetween(10*time.Minute, 50*time.Minute)), func(ctx context.Context) error { return s.acknowledge(ctx, g) })
	return nil
}

// acknowledge: the advisor calls the customer back and calms them (§5.2), then reports to the
// manager.
func (s *sim) acknowledge(ctx context.Context, g *grievance) error {
	if err := s.cs.Acknowledge(ctx, g.advisor.actor, g.id, "Called the customer, apologised and listened."); err != nil {
		return fmt.Errorf("acknowledge %s: %w", g.id, err)
	}
	s.at(s.businessAfter(s.cbetween(10*time.Minute, 45*time.Minute)), func(ctx context.Context) error {
		if err := s.cs.Report(ctx, g.advisor.actor, g.id, complaints.ReportInput{Manager: s.manager.actor.Staff(),
			Note: "Reported to the after-sales manager."}); err != nil {
			return fmt.Errorf("report %s: %w", g.id, err)
		}
		s.at(s.businessAfter(s.cbetween(30*time.Minute, 3*time.Hour)), func(ctx context.Context) error {
			return s.investigate(ctx, g, "Reviewed the repair order, spoke to the staff involved.")
		})
		return nil
	})
	return nil
}

// investigate: the manager looks into it and, some business hours later, proposes a solution
// (§5.3).
func (s *sim) investigate(ctx context.Context, g *grievance, finding string) error {
	if err := s.cs.Investigate(ctx, s.manager.actor, g.id, finding); err != nil {
		return fmt.Errorf("investigate %s: %w", g.id, err)
	}
	d := s.cbetween(2*time.Hour, 10*time.Hour)
	if g.slow && !g.rejected && !g.reopened {
		d = s.cbetween(30*time.Hour, 48*time.Hour)
	}
	s.at(s.businessAfter(d), func(ctx context.Context) error { return s.propose(ctx, g) })
	return nil
}

func (s *sim) propose(ctx context.Context, g *grievance) error {
	if err := s.cs.ProposeSolution(ctx, s.manager.actor, g.id, complaints.SolutionInput{RootCause: g.cause,
		Solution: solutions[g.category]}); err != nil {
		return fmt.Errorf("propose %s: %w", g.id, err)
	}
	s.at(s.businessAfter(s.cbetween(time.Hour, 6*time.Hour)), func(ctx context.Context) error { return s.feedback(ctx, g) })
	return nil
}

// feedback: the customer's answer (§5.3). A rejection sends the manager back to investigate, and
// what he finds may change the root cause.
func (s *sim) feedback(ctx context.Context, g *grievance) error {
	if g.reject && !g.rejected {
		g.rejected = true
		if err := s.cs.RecordFeedback(ctx, s.manager.actor, g.id, complaints.FeedbackInput{
			Note: "Customer does not accept: wants the cost covered in full."}); err != nil {
			return fmt.Errorf("feedback %s: %w", g.id, err)
		}
		g.cause = s.rootCause(g)
		s.at(s.businessAfter(s.cbetween(time.Hour, 2*time.Hour)), func(ctx context.Context) error {
			return s.investigate(ctx, g, "Second look after the customer's rejection.")
		})
		return nil
	}
	if err := s.cs.RecordFeedback(ctx, s.manager.actor, g.id, complaints.FeedbackInput{Accepted: true,
		Note: "Customer accepts."}); err != nil {
		return fmt.Errorf("feedback %s: %w", g.id, err)
	}
	if g.await && !g.reopened {
		if err := s.cs.AwaitCustomer(ctx, g.advisor.actor, g.id, "Customer to bring the car in for the fix."); err != nil {
			return fmt.Errorf("await %s: %w", g.id, err)
		}
		s.at(s.businessAfter(s.cbetween(4*time.Hour, 16*time.Hour)), func(ctx context.Context) error {
			if err := s.cs.CustomerResponded(ctx, g.advisor.actor, g.id, "Car brought in."); err != nil {
				return fmt.Errorf("car back for %s: %w", g.id, err)
			}
			s.at(s.businessAfter(s.cbetween(2*time.Hour, 6*time.Hour)), func(ctx context.Context) error { return s.resolve(ctx, g) })
			return nil
		})
		return nil
	}
	s.at(s.businessAfter(s.cbetween(2*time.Hour, 12*time.Hour)), func(ctx context.Context) error { return s.resolve(ctx, g) })
	return nil
}

// resolve, then the verification call a business day or so later (§5.4), then close.
func (s *sim) resolve(ctx context.Context, g *grievance) error {
	if err := s.cs.Resolve(ctx, s.manager.actor, g.id, "Solution carried out."); err != nil {
		return fmt.Errorf("resolve %s: %w", g.id, err)
	}
	s.at(s.businessAfter(s.cbetween(6*time.Hour, 18*time.Hour)), func(ctx context.Context) error {
		if g.recheck && !g.reopened {
			g.reopened = true
			if err := s.cs.Verify(ctx, g.advisor.actor, g.id, complaints.VerificationInput{
				Note: "Customer says the problem is back."}); err != nil {
				return fmt.Errorf("verify %s: %w", g.id, err)
			}
			s.at(s.businessAfter(s.cbetween(time.Hour, 3*time.Hour)), func(ctx context.Context) error {
				return s.investigate(ctx, g, "Reopened after the verification call.")
			})
			return nil
		}
		if err := s.cs.Verify(ctx, g.advisor.actor, g.id, complaints.VerificationInput{Confirmed: true,
			Note: "Customer confirms it is solved."}); err != nil {
			return fmt.Errorf("verify %s: %w", g.id, err)
		}
		s.at(s.businessAfter(s.cbetween(5*time.Minute, 30*time.Minute)), func(ctx context.Context) error {
			if err := s.cs.Close(ctx, g.advisor.actor, g.id, ""); err != nil {
				return fmt.Errorf("close %s: %w", g.id, err)
			}
			return nil
		})
		return nil
	})
	return nil
}

// solutions is what the manager offers, by category.
var solutions = map[complaints.Category]string{
	complaints.CategoryRepairQuality:     "Redo the repair free of charge, road test with the customer.",
	complaints.CategoryServiceAttitude:   "Apology from the advisor and the manager; a free car wash.",
	complaints.CategoryPrice:             "Explain the bill line by line; refund the difference to the estimate.",
	complaints.CategoryWaitingTime:       "Apology; a courtesy car on the next visit.",
	complaints.CategoryPartsAvailability: "Order the part express; fit it at the customer's convenience.",
	complaints.CategoryVehicleDamage:     "Repaint the panel at the dealer's cost.",
	complaints.CategoryOther:             "Apology; put right what the customer found.",
}

// rootCause is what the manager's investigation finds (§5.5), from the policy's list.
func (s *sim) rootCause(g *grievance) string {
	type weighted struct {
		cause string
		n     int
	}
	var ws []weighted
	switch g.category {
	case complaints.CategoryRepairQuality:
		ws = []weighted{{"process_not_followed", 3}, {"diagnosis_error", 2}, {"parts_quality", 1}, {"customer_expectation", 1}}
		for _, j := range g.v.jobs {
			if j.tech != nil && j.tech.profile.qcFail >= 0.1 {
				ws = append(ws, weighted{"skill_gap", 4}) // the apprentice's work
				break
			}
		}
	case complaints.CategoryWaitingTime:
		ws = []weighted{{"capacity", 3}, {"communication", 2}, {"parts_shortage", 1}}
	case complaints.CategoryServiceAttitude:
		ws = []weighted{{"communication", 3}, {"process_not_followed", 1}}
	case complaints.CategoryPrice:
		ws = []weighted{{"pricing", 2}, {"communication", 2}, {"customer_expectation", 1}}
	case complaints.CategoryVehicleDamage:
		ws = []weighted{{"process_not_followed", 3}, {"other", 1}}
	case complaints.CategoryPartsAvailability:
		ws = []weighted{{"parts_shortage", 3}, {"capacity", 1}}
	default:
		ws = []weighted{{"other", 2}, {"communication", 1}}
	}
	total := 0
	for _, w := range ws {
		total += w.n
	}
	n := s.crng.IntN(total)
	for _, w := range ws {
		if n < w.n {
			return w.cause
		}
		n -= w.n
	}
	return ws[0].cause
}

// manualComplaint is a complaint a customer brings by phone, in person, by email or online.
type manualComplaint struct {
	category    complaints.Category
	description string
	weight      int
}

var manualComplaints = []manualComplaint{
	{complaints.CategoryPrice, "Charged more than the estimate I signed.", 2},
	{complaints.CategoryServiceAttitude, "The advisor was curt when I asked what the work was for.", 2},
	{complaints.CategoryVehicleDamage, "Scratch on the driver's door that was not there before the service.", 1},
	{complaints.CategoryPartsAvailability, "Told to come back next week because a part was not in stock.", 1},
	{complaints.CategoryOther, "Seat and mirrors moved, radio retuned, floor mats dirty.", 1},
}

// maybeComplain: now and then a customer complains a day or two after delivery. A late job
// usually draws a complaint about the wait.
func (s *sim) maybeComplain(v *visit) {
	p := 0.05
	if v.toldLate {
		p = 0.12
	}
	if !s.cchance(p) {
		return
	}
	mc := manualComplaint{complaints.CategoryWaitingTime, "Collected the car two hours after the time I was promised.", 0}
	if !v.toldLate {
		total := 0
		for _, m := range manualComplaints {
			total += m.weight
		}
		n := s.crng.IntN(total)
		for _, m := range manualComplaints {
			if n < m.weight {
				mc = m
				break
			}
			n -= m.weight
		}
	}
	channels := []complaints.Channel{complaints.ChannelPhone, complaints.ChannelPhone, complaints.ChannelPhone,
		complaints.ChannelWalkIn, complaints.ChannelWalkIn, complaints.ChannelEmail, complaints.ChannelOnline}
	ch := channels[s.crng.IntN(len(channels))]
	in := complaints.IntakeInput{Channel: ch, Category: mc.category, Description: mc.description, RepairOrder: v.id}
	record := s.businessAfter(s.cbetween(4*time.Hour, 20*time.Hour))
	if ch == complaints.ChannelEmail || ch == complaints.ChannelOnline {
		// Written the evening before, read when the shop opens.
		record = nextOpening(record)
		in.ReceivedAt = opening(record).Add(-s.cbetween(9*time.Hour, 13*time.Hour))
		record = record.Add(s.cbetween(10*time.Minute, 40*time.Minute))
	}
	taker := s.advisors[s.crng.IntN(len(s.advisors))]
	s.at(record, func(ctx context.Context) error {
		c, err := s.cs.Record(ctx, taker.actor, in)
		if err != nil {
			return fmt.Errorf("record %s complaint on %s: %w", ch, v.number, err)
		}
		s.cstats.Recorded++
		return s.take(ctx, c.ID, taker)
	})
}

// openCorrective is a §5.5 review: the manager reads the month so far and opens a corrective
// action for the leading root cause of the Pareto that no action covers yet, due in dueDays; the
// owner completes it in time, or (onTime false) lets it run over, and the scan escalates it.
func (s *sim) openCorrective(ctx context.Context, dueDays int, onTime bool) error {
	a, err := s.cs.Analyze(ctx, s.manager.actor, s.start, s.clock)
	if err != nil {
		return err
	}
	actions, err := s.cs.ListCorrectiveActions(ctx, s.manager.actor, complaints.CorrectiveFilter{})
	if err != nil {
		return err
	}
	cause := ""
	for _, p := range a.Pareto {
		if !slices.ContainsFunc(actions, func(x *complaints.CorrectiveAction) bool { return x.RootCause() == p.RootCause }) {
			cause = p.RootCause
			break
		}
	}
	if cause == "" {
		return nil // nothing classified that is not already being acted on
	}
	list, err := s.complaintList(ctx, complaints.Filter{ReceivedFrom: s.start, ReceivedBefore: s.clock})
	if err != nil {
		return err
	}
	byCategory := map[complaints.Category]int{}
	var ids []uuid.UUID
	for _, c := range list {
		if c.RootCause == cause {
			byCategory[c.Category]++
			ids = append(ids, c.ID)
		}
	}
	cat := complaints.CategoryOther
	for _, c := range complaints.Categories() {
		if byCategory[c] > byCategory[cat] {
			cat = c
		}
	}
	owner := s.advisors[0].person
	if cat == complaints.CategoryRepairQuality {
		owner = s.techs[0].person // the chief technician
	}
	due := closing(opening(s.clock).AddDate(0, 0, dueDays))
	act, err := s.cs.OpenCorrectiveAction(ctx, s.manager.actor, complaints.CorrectiveInput{Category: cat, RootCause: cause,
		Description: correctiveMeasures[cause], Complaints: ids, Owner: owner.actor.Staff(), DueAt: due})
	if err != nil {
		return fmt.Errorf("corrective action for %s: %w", cause, err)
	}
	s.cstats.Actions++
	if onTime {
		s.at(s.businessAfter(s.cbetween(20*time.Hour, 30*time.Hour)), func(ctx context.Context) error {
			return s.cs.CompleteCorrectiveAction(ctx, owner.actor, act.ID(), "Done: briefed the team, checklist in use.")
		})
	}
	return nil
}

var correctiveMeasures = map[string]string{
	"process_not_followed": "Retrain on the repair standard; torque and road-test checklist signed per job.",
	"skill_gap":            "Pair the apprentice with the chief technician on brake and drivetrain jobs.",
	"diagnosis_error":      "Second diagnosis by a senior technician before parts are ordered.",
	"parts_quality":        "Quarantine the batch; report to the brand's parts quality desk.",
	"parts_shortage":       "Raise the reorder points of the fast movers.",
	"communication":        "Advisors call when a job runs late and explain the bill at handover.",
	"capacity":             "Book no more than the hours the shop has; add a Saturday shift.",
	"pricing":              "Re-quote before any work beyond the signed estimate.",
	"customer_expectation": "Tell the customer at reception what the repair can and cannot fix.",
	"product_defect":       "Report to the brand with the VINs affected.",
	"other":                "Review the handover checklist.",
}

// classify is the month-end review: complaints still under investigation get the root cause found
// so far, so the Pareto counts them (§5.5).
func (s *sim) classify(ctx context.Context) error {
	open, err := s.complaintList(ctx, complaints.Filter{States: []complaints.State{complaints.StateInvestigating}})
	if err != nil {
		return err
	}
	for _, c := range open {
		g := s.grievances[c.ID]
		if c.RootCause != "" || g == nil {
			continue
		}
		if err := s.cs.SetRootCause(ctx, s.manager.actor, c.ID, g.cause, "Month-end review: cause as found so far."); err != nil {
			return fmt.Errorf("classify %s: %w", c.ID, err)
		}
	}
	return nil
}

// lowSurvey reports whether a follow-up survey has an item below the policy's threshold, so the
// test can hold the automatic intake against it.
func (s *sim) lowSurvey(scores map[string]int) bool {
	for _, n := range scores {
		if n < s.threshold {
			return true
		}
	}
	return false
}

// complaintList reads every page of the manager's complaint list.
func (s *sim) complaintList(ctx context.Context, f complaints.Filter) ([]complaints.View, error) {
	var out []complaints.View
	f.Limit = dealerkit.MaxPageSize
	for {
		page, err := s.cs.List(ctx, s.manager.actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		f.Cursor = page.Next
	}
}
