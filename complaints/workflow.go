package complaints

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
)

// The workflow commands (§5.2 to §5.4). Each takes the Rules in force when it runs (for the
// reopening window, the root-cause list, and the budgets and calendar of a reopened round), the
// actor and the time. The deadlines of a round keep the budgets and the calendar of the policy
// version the round started under (PolicyVersion, §9.1): when a pause ends they are recomputed
// with that version's calendar, which the Service binds before each command; without it, the
// Rules handed to the command are taken to be that version. Each first records any deadline that ran out before that time (see
// Escalate), and every step that involves the customer ends a pause: the matter has moved on.

func invalid(field, value, reason string) error {
	return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: field, Value: value, Reason: reason}}}
}

// precheck returns the state cmd leads to, or the refusal: a *StateError first, then a bad actor
// or missing rules.
func (c *Complaint) precheck(cmd Command, r *Rules, by dealerkit.Actor) (State, error) {
	to, err := c.check(cmd)
	if err != nil {
		return 0, err
	}
	var v dealerkit.ValidationError
	if !by.Valid() || by.Dealer() != c.dealer {
		v.AddCode("actor", by.String(), dealerkit.ReasonRequired, "a valid actor of the complaint's dealer is required") // §2
	}
	if r == nil {
		v.AddCode("rules", "", dealerkit.ReasonRequired, "the policy in force is required")
	}
	return to, v.Err()
}

// begin records the deadlines that ran out before at and, when the command involves the customer,
// ends a pause at at (§5: the clock runs again). It returns the state before the command.
func (c *Complaint) begin(r *Rules, at time.Time, endsPause bool) State {
	c.escalate(at)
	if endsPause && c.Waiting() {
		c.pauses[len(c.pauses)-1].To = at
		c.recompute(c.ownRules(r).Calendar()) // §9.1: the calendar the deadlines were set on
	}
	return c.state
}

// finish moves the complaint to to, logs the step and records its event.
func (c *Complaint) finish(cmd Command, to State, by dealerkit.Actor, at time.Time, from State, note, typ, clause string, data any) {
	c.state = to
	c.history = append(c.history, Entry{At: at, By: by.Ref(), Command: cmd, From: from, To: to, Note: strings.TrimSpace(note)})
	c.record(typ, clause, by.Ref(), at, from, data)
}

// meet marks the current round's deadline of step as done at at (late if it was missed).
func (c *Complaint) meet(step Step, at time.Time) {
	for i := range c.deadlines {
		d := &c.deadlines[i]
		if d.Step == step && d.Round == c.reopens && d.MetAt.IsZero() && !d.Superseded {
			d.MetAt = at
			return
		}
	}
}

// Acknowledge records that the advisor talked to the customer, found out what happened and calmed
// them (§5.2). note says what the customer said.
func (c *Complaint) Acknowledge(r *Rules, by dealerkit.Actor, at time.Time, note string) error {
	to, err := c.precheck(CmdAcknowledge, r, by)
	if err != nil {
		return err
	}
	if strings.TrimSpace(note) == "" {
		return invalid("note", "", "required: what happened and what the customer was told") // §5.2
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.meet(StepAcknowledge, at)
	c.finish(CmdAcknowledge, to, by, at, from, note, "acknowledged", "§5.2", nil)
	return nil
}

// ReportInput is the report to the manager (§5.2).
type ReportInput struct {
	Manager dealerkit.StaffID `json:"manager"` // the after-sales manager who takes the complaint (§3.1(4))
	Note    string            `json:"note"`
}

// Report records that the complaint was reported to the manager (§5.2), who owns it from now on
// (§3.1(4)).
func (c *Complaint) Report(r *Rules, by dealerkit.Actor, at time.Time, in ReportInput) error {
	to, err := c.precheck(CmdReport, r, by)
	if err != nil {
		return err
	}
	if in.Manager.IsZero() {
		return invalid("manager", "", "required: the manager the complaint is reported to") // §5.2
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.manager = in.Manager
	c.meet(StepReport, at)
	c.finish(CmdReport, to, by, at, from, in.Note, "reported", "§5.2", ReportedPayload{in.Manager})
	return nil
}

// Investigate records that the manager started investigating, or adds a finding (§5.3).
func (c *Complaint) Investigate(r *Rules, by dealerkit.Actor, at time.Time, finding string) error {
	to, err := c.precheck(CmdInvestigate, r, by)
	if err != nil {
		return err
	}
	if strings.TrimSpace(finding) == "" {
		return invalid("finding", "", "required") // §5.3
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.finish(CmdInvestigate, to, by, at, from, finding, "investigated", "§5.3", nil)
	return nil
}

// SolutionInput is the manager's solution (§5.3) and the root cause found (§5.5).
type SolutionInput struct {
	RootCause string `json:"root_cause"` // from the policy's list
	Solution  string `json:"solution"`
}

// addCause records a bad field whose cause err stays matchable with errors.Is, under the field
// reason code a host labels.
func addCause(v *dealerkit.ValidationError, code dealerkit.Reason, field, value string, err error) {
	v.AddErr(field, value, err)
	v.Fields[len(v.Fields)-1].Code = code
}

func checkRootCause(v *dealerkit.ValidationError, r *Rules, cause string) {
	if cause = strings.TrimSpace(cause); cause == "" {
		v.AddCode("root_cause", "", dealerkit.ReasonRequired, "required") // §5.5
	} else if !r.IsRootCause(cause) {
		addCause(v, dealerkit.ReasonUnknownValue, "root_cause", cause, ErrUnknownRootCause) // §5.5
	}
}

// ProposeSolution records the manager's solution, put to the customer, with the root cause the
// investigation found (§3.1(4), §5.3, §5.5). It meets the solution deadline.
func (c *Complaint) ProposeSolution(r *Rules, by dealerkit.Actor, at time.Time, in SolutionInput) error {
	to, err := c.precheck(CmdProposeSolution, r, by)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	checkRootCause(&v, r, in.RootCause)
	if strings.TrimSpace(in.Solution) == "" {
		v.AddCode("solution", "", dealerkit.ReasonRequired, "required") // §5.3
	}
	if err := v.Err(); err != nil {
		return err
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.rootCause, c.solution = strings.TrimSpace(in.RootCause), strings.TrimSpace(in.Solution)
	c.meet(StepSolution, at)
	c.finish(CmdProposeSolution, to, by, at, from, in.Solution, "solution_proposed", "§5.3", SolutionProposedPayload{c.rootCause})
	return nil
}

// FeedbackInput is the customer's answer to the solution (§5.3).
type FeedbackInput struct {
	Accepted bool   `json:"accepted"`
	Note     string `json:"note"` // required when the customer rejects the solution
}

// RecordFeedback records the customer's answer to the solution (§5.3): accepted, it is carried
// out; rejected, the manager investigates again, and a fresh solution deadline of the same round
// runs from the rejection, with the budget and calendar of the complaint's policy version: the
// next solution is due as the first was, and missing it escalates (the met deadline of the
// rejected solution stays on record, so compliance counts both).
func (c *Complaint) RecordFeedback(r *Rules, by dealerkit.Actor, at time.Time, in FeedbackInput) error {
	to, err := c.precheck(CmdRecordFeedback, r, by)
	if err != nil {
		return err
	}
	if !in.Accepted && strings.TrimSpace(in.Note) == "" {
		return invalid("note", "", "required: why the customer rejected the solution") // §5.3
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	typ := "solution_accepted"
	if !in.Accepted {
		to, typ = StateInvestigating, "solution_rejected"
		c.startRound(c.ownRules(r), at, StepSolution) // §5.3: the new solution has a deadline too
	}
	c.finish(CmdRecordFeedback, to, by, at, from, in.Note, typ, "§5.3", nil)
	return nil
}

// Resolve records that the accepted solution was carried out (§5.3). note says what was done.
func (c *Complaint) Resolve(r *Rules, by dealerkit.Actor, at time.Time, note string) error {
	to, err := c.precheck(CmdResolve, r, by)
	if err != nil {
		return err
	}
	if strings.TrimSpace(note) == "" {
		return invalid("note", "", "required: what was done") // §5.3
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.finish(CmdResolve, to, by, at, from, note, "resolved", "§5.3", nil)
	return nil
}

// VerificationInput is the result of the verification contact (§5.4).
type VerificationInput struct {
	Confirmed bool   `json:"confirmed"` // the customer confirms the matter is solved
	Note      string `json:"note"`      // required: what the customer said
}

// Verify records the verification contact (§5.4): confirmed, the complaint may be closed; not
// confirmed, it is reopened and investigated again, with new solution and closure deadlines. A
// technician the complaint names cannot verify it: the customer's confirmation is not theirs to
// take.
func (c *Complaint) Verify(r *Rules, by dealerkit.Actor, at time.Time, in VerificationInput) error {
	to, err := c.precheck(CmdVerify, r, by)
	if err != nil {
		return err
	}
	if err := c.checkNotNamedTechnician(by); err != nil {
		return err
	}
	if strings.TrimSpace(in.Note) == "" {
		return invalid("note", "", "required: what the customer said") // §5.4
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	if !in.Confirmed {
		c.reopen(r, at)
		c.finish(CmdVerify, StateInvestigating, by, at, from, in.Note, "reopened", "§5.4", ReopenedPayload{Reason: "verification_failed", Round: c.reopens})
		return nil
	}
	c.finish(CmdVerify, to, by, at, from, in.Note, "verified", "§5.4", nil)
	return nil
}

// reopen starts a new round: the deadlines still running are superseded, and the solution and
// closure deadlines of the policy in force run again from at (§5.4). The complaint runs under
// that policy version from now on (PolicyVersion).
func (c *Complaint) reopen(r *Rules, at time.Time) {
	for i := range c.deadlines {
		if c.deadlines[i].Pending() {
			c.deadlines[i].Superseded = true
		}
	}
	c.reopens++
	c.policyVersion, c.own = r.Version(), r
	c.startRound(r, at, StepSolution, StepClosure)
}

// Close closes a verified complaint (§5.4). A technician the complaint names cannot close it.
func (c *Complaint) Close(r *Rules, by dealerkit.Actor, at time.Time, note string) error {
	to, err := c.precheck(CmdClose, r, by)
	if err != nil {
		return err
	}
	if err := c.checkNotNamedTechnician(by); err != nil {
		return err
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.closedAt = at
	c.meet(StepClosure, at)
	c.finish(CmdClose, to, by, at, from, note, "closed", "§5.4", ClosedPayload{c.Missed()})
	return nil
}

// checkNotNamedTechnician refuses a technician the complaint names, or a named staff member acting
// as a technician, with a *StaffError: no one verifies or closes a complaint against their own
// work (§5.4).
func (c *Complaint) checkNotNamedTechnician(by dealerkit.Actor) error {
	for _, s := range c.staff {
		if s.Staff == by.Staff() && (s.Role == dealerkit.RoleTechnician || by.HasRole(dealerkit.RoleTechnician)) {
			return &StaffError{Staff: s.Staff, Err: ErrNamedTechnician}
		}
	}
	return nil
}

// NameStaffInput names staff the investigation found involved (§5.3).
type NameStaffInput struct {
	Staff []Involved `json:"staff"` // at least one, each with a staff id and a role
	Note  string     `json:"note"`  // what the investigation found
}

// NameStaff adds staff the investigation identified to those the complaint names (§5.3): the
// list taken at intake is only what was known then. A named technician can neither verify nor
// close the complaint (§5.4), and the complaint is found by their name (Filter.Staff). The
// Service lets only those allowed dealerkit.ActionInvestigateComplaint (the manager, by default)
// do it. Staff already named are not named twice; naming only those is refused.
func (c *Complaint) NameStaff(r *Rules, by dealerkit.Actor, at time.Time, in NameStaffInput) error {
	to, err := c.precheck(CmdNameStaff, r, by)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if len(in.Staff) == 0 {
		v.AddCode("staff", "", dealerkit.ReasonRequired, "required: at least one staff member")
	}
	for i, s := range in.Staff {
		if s.Staff.IsZero() {
			v.AddCode(fmt.Sprintf("staff[%d].staff", i), "", dealerkit.ReasonRequired, "required")
		}
		if !s.Role.Valid() {
			v.AddCode(fmt.Sprintf("staff[%d].role", i), s.Role.String(), dealerkit.ReasonUnknownValue, "unknown role")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	var added []Involved
	for _, s := range dedupeStaff(in.Staff) {
		if !slices.Contains(c.staff, s) {
			added = append(added, s)
		}
	}
	if len(added) == 0 {
		return invalid("staff", "", "already named")
	}
	at = at.UTC()
	from := c.begin(r, at, false)
	c.staff = append(c.staff, added...)
	c.finish(CmdNameStaff, to, by, at, from, in.Note, "staff_named", "§5.3", StaffNamedPayload{added})
	return nil
}

// ContactInput is a new contact from the customer on the same matter.
type ContactInput struct {
	Channel Channel `json:"channel"`
	Note    string  `json:"note"` // required: what the customer said
}

// Contact records that the customer raised the same matter again. On an open complaint it is
// logged (and ends a pause); on a verified complaint, or a closed one within the policy's
// reopening window, it reopens the complaint (§5.4). After the window it is refused with a
// *WindowError: record a new complaint, which counts as a repeat.
func (c *Complaint) Contact(r *Rules, by dealerkit.Actor, at time.Time, in ContactInput) error {
	to, err := c.precheck(CmdContact, r, by)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if !in.Channel.Valid() {
		v.AddCode("channel", in.Channel.String(), dealerkit.ReasonUnknownValue, "unknown channel") // §5.1
	}
	if strings.TrimSpace(in.Note) == "" {
		v.AddCode("note", "", dealerkit.ReasonRequired, "required: what the customer said")
	}
	if err := v.Err(); err != nil {
		return err
	}
	at = at.UTC()
	if c.state == StateClosed {
		if w := r.p.ReopenWindow.D(); at.Sub(c.closedAt) > w {
			return &WindowError{ClosedAt: c.closedAt, At: at, Window: Duration(w)} // §5.4
		}
	}
	from := c.begin(r, at, true)
	if to == StateInvestigating { // verified or closed: the matter is not solved after all
		c.reopen(r, at)
		c.finish(CmdContact, to, by, at, from, in.Note, "reopened", "§5.4", ReopenedPayload{"new_contact", c.reopens, in.Channel})
		return nil
	}
	c.finish(CmdContact, to, by, at, from, in.Note, "contacted", "§5.1", ContactedPayload{in.Channel})
	return nil
}

// AwaitCustomer stops the clock: the dealership is waiting for the customer (to bring the
// vehicle, to answer, to decide). Every pending deadline is suspended until CustomerResponded or
// the next step that involves the customer (§5).
func (c *Complaint) AwaitCustomer(r *Rules, by dealerkit.Actor, at time.Time, reason string) error {
	to, err := c.precheck(CmdAwaitCustomer, r, by)
	if err != nil {
		return err
	}
	if c.Waiting() {
		return ErrAlreadyWaiting
	}
	if strings.TrimSpace(reason) == "" {
		return invalid("reason", "", "required: what the customer is expected to do")
	}
	at = at.UTC()
	from := c.begin(r, at, false)
	c.pauses = append(c.pauses, Span{From: at})
	c.recompute(c.ownRules(r).Calendar()) // §9.1
	c.finish(CmdAwaitCustomer, to, by, at, from, reason, "waiting", "§5", nil)
	return nil
}

// CustomerResponded starts the clock again (§5); the deadlines move by the business time the
// pause covered.
func (c *Complaint) CustomerResponded(r *Rules, by dealerkit.Actor, at time.Time, note string) error {
	to, err := c.precheck(CmdCustomerResponded, r, by)
	if err != nil {
		return err
	}
	if !c.Waiting() {
		return ErrNotWaiting
	}
	at = at.UTC()
	from := c.begin(r, at, true)
	c.finish(CmdCustomerResponded, to, by, at, from, note, "customer_responded", "§5", nil)
	return nil
}

// SetRootCause revises the root cause from the policy's list (§5.5), during the handling or in
// the periodic review after closing.
func (c *Complaint) SetRootCause(r *Rules, by dealerkit.Actor, at time.Time, cause, note string) error {
	to, err := c.precheck(CmdSetRootCause, r, by)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	checkRootCause(&v, r, cause)
	if err := v.Err(); err != nil {
		return err
	}
	at = at.UTC()
	from := c.begin(r, at, false)
	prev := c.rootCause
	c.rootCause = strings.TrimSpace(cause)
	c.finish(CmdSetRootCause, to, by, at, from, note, "root_cause_set", "§5.5", RootCauseSetPayload{prev, c.rootCause})
	return nil
}

// Escalate records every deadline that ran out before now and was neither met nor recorded yet
// (§5): each is marked missed, for good, and raises the complaint one level (after-sales manager,
// general manager, brand), with an "escalated" event. A step done exactly at its deadline is on
// time; one nanosecond later it is missed. Escalate is idempotent: a second call at the same or a
// later time records nothing more for a breach already recorded. It returns the breaches it
// recorded, and does nothing on a closed complaint.
func (c *Complaint) Escalate(now time.Time) []Breach {
	if c.state == StateClosed {
		return nil
	}
	return c.escalate(now.UTC())
}

func (c *Complaint) escalate(now time.Time) []Breach {
	var due []int
	for i, d := range c.deadlines {
		if d.Pending() && !d.Due.IsZero() && now.After(d.Due) {
			due = append(due, i)
		}
	}
	slices.SortStableFunc(due, func(a, b int) int { return c.deadlines[a].Due.Compare(c.deadlines[b].Due) })
	var out []Breach
	for _, i := range due {
		d := &c.deadlines[i]
		c.level = c.level.up() // a missed deadline escalates one level
		d.Missed, d.EscalatedAt, d.EscalatedTo = true, now, c.level
		b := Breach{Step: d.Step, Round: d.Round, Due: d.Due, Level: c.level}
		out = append(out, b)
		c.record("escalated", stepClause(d.Step), dealerkit.ActorRef{}, now, c.state, b)
	}
	return out
}

func stepClause(s Step) string {
	switch s {
	case StepAcknowledge, StepReport:
		return "§5.2"
	case StepSolution:
		return "§5.3"
	}
	return "§5.4"
}
