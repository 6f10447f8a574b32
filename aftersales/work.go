package aftersales

import (
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ClockOn starts the technician's clock on their job (§4.3.1). Only the technician the job is
// dispatched to may clock on, and only on a line the customer approved (§4.2.1, §4.3.2).
func (o *RepairOrder) ClockOn(by dealerkit.Actor, at time.Time, line uuid.UUID) error {
	to, err := o.check(CmdClockOn)
	if err != nil {
		return err
	}
	i, err := o.assignedJob(by, line)
	if err != nil {
		return err
	}
	if o.lines[i].Job.Done() {
		return &LineError{Line: line, Err: ErrWrongState}
	}
	if o.runningClock(line, by.Staff()) >= 0 {
		return &LineError{Line: line, Err: ErrClockRunning}
	}
	from := o.state
	o.clock = append(o.clock, ClockEntry{Line: line, Technician: by.Staff(), On: at})
	o.state = to
	o.record(EventClockedOn, "§4.3.1", by, at, from, LineData{line})
	return nil
}

// ClockOff stops the technician's running clock on the job (§4.3.1).
func (o *RepairOrder) ClockOff(by dealerkit.Actor, at time.Time, line uuid.UUID) error {
	if _, err := o.check(CmdClockOff); err != nil {
		return err
	}
	if _, err := o.assignedJob(by, line); err != nil {
		return err
	}
	return o.clockOff(by, at, line, by.Staff(), EventClockedOff)
}

// StopClock stops the clock another technician left running on a job (§4.3.1): the manager's
// override, so a job is never stranded by a clock nobody can stop. The time up to at counts as
// that technician's.
func (o *RepairOrder) StopClock(by dealerkit.Actor, at time.Time, line uuid.UUID, technician dealerkit.StaffID) error {
	if _, err := o.check(CmdClockOff); err != nil {
		return err
	}
	if _, err := o.approvedLabour(line); err != nil {
		return err
	}
	return o.clockOff(by, at, line, technician, EventClockStopped)
}

func (o *RepairOrder) clockOff(by dealerkit.Actor, at time.Time, line uuid.UUID, technician dealerkit.StaffID, typ string) error {
	to, _ := o.check(CmdClockOff)
	k := o.runningClock(line, technician)
	if k < 0 {
		return &LineError{Line: line, Err: ErrClockNotRunning}
	}
	if at.Before(o.clock[k].On) {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "at", Value: at.Format(time.RFC3339), Reason: "before the clock went on"}}}
	}
	from := o.state
	o.ownClock()
	o.clock[k].Off = at
	o.state = to
	o.record(typ, "§4.3.1", by, at, from, ClockData{line, technician})
	return nil
}

// CompleteJob marks the technician's job done (§4.3.1). The clock must be off and some time
// clocked: a job nobody worked on cannot be finished.
func (o *RepairOrder) CompleteJob(by dealerkit.Actor, at time.Time, line uuid.UUID) error {
	to, err := o.check(CmdCompleteJob)
	if err != nil {
		return err
	}
	i, err := o.assignedJob(by, line)
	if err != nil {
		return err
	}
	switch {
	case o.lines[i].Job.Done():
		return &LineError{Line: line, Err: ErrWrongState}
	case o.runningClock(line, dealerkit.StaffID{}) >= 0:
		return &LineError{Line: line, Err: ErrClockRunning}
	case !o.ClockedHours(line).IsPositive():
		return &LineError{Line: line, Err: ErrClockNotRunning}
	}
	from := o.state
	o.ownLines()
	o.lines[i].Job = o.lines[i].Job.completedAt(at)
	o.state = to
	o.record(EventJobCompleted, "§4.3.1", by, at, from, LineData{line})
	return nil
}

// ProposeExtraWork records work found during the repair (§4.3.2). The line starts proposed: it
// cannot be dispatched or worked until the customer approves it, and if declined it stays on the
// order as a declined recommendation.
func (o *RepairOrder) ProposeExtraWork(id uuid.UUID, by dealerkit.Actor, at time.Time, finding string, in LineInput) error {
	to, err := o.check(CmdProposeExtra)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	in.check(&v)
	if strings.TrimSpace(finding) == "" {
		v.AddCode("finding", "", dealerkit.ReasonRequired, "say what was found") // §4.3.2: tell the advisor what was found
	}
	v.CheckText("finding", finding)
	if err := v.Err(); err != nil {
		return err
	}
	from := o.state
	l := in.line(id, by, at)
	l.Extra, l.Finding = true, strings.TrimSpace(finding)
	o.lines = append(o.lines, l)
	o.state = to
	o.record(EventExtraWork, "§4.3.2", by, at, from, LineData{id})
	return nil
}

// FinishWork closes the workshop phase (§4.3): every approved job completed, no clock running and
// no proposed extra work waiting for the customer's decision.
func (o *RepairOrder) FinishWork(by dealerkit.Actor, at time.Time) error {
	to, err := o.check(CmdFinishWork)
	if err != nil {
		return err
	}
	for _, l := range o.lines {
		open := l.Status == LineProposed ||
			l.Kind == LineLabour && l.Status == LineApproved && (l.Job == nil || !l.Job.Done())
		if open {
			return &LineError{Line: l.ID, Err: ErrWorkOutstanding}
		}
	}
	from := o.state
	o.state = to
	o.record(EventWorkFinished, "§4.3.1", by, at, from, nil)
	return nil
}

// RecordCleaning records the wash after the work (§4.3.3), which must precede the inspection.
func (o *RepairOrder) RecordCleaning(by dealerkit.Actor, at time.Time) error {
	to, err := o.check(CmdRecordCleaning)
	if err != nil {
		return err
	}
	from := o.state
	o.cleaning = &Cleaning{At: at, By: by.Ref()}
	o.state = to
	o.record(EventCleaned, "§4.3.3", by, at, from, nil)
	return nil
}

// ClockedHours is the time clocked on a line by everyone, in hours (§4.3.1 actual hours), to the
// second.
func (o *RepairOrder) ClockedHours(line uuid.UUID) decimal.Decimal {
	secs := int64(0)
	for _, c := range o.clock {
		if c.Line == line && !c.Running() {
			secs += int64(c.Off.Sub(c.On) / time.Second)
		}
	}
	return hours(secs)
}

// clockedByTechnician splits the time clocked on a line by technician.
func (o *RepairOrder) clockedByTechnician(line uuid.UUID) map[dealerkit.StaffID]decimal.Decimal {
	secs := map[dealerkit.StaffID]int64{}
	for _, c := range o.clock {
		if c.Line == line && !c.Running() {
			secs[c.Technician] += int64(c.Off.Sub(c.On) / time.Second)
		}
	}
	out := make(map[dealerkit.StaffID]decimal.Decimal, len(secs))
	for t, s := range secs {
		out[t] = hours(s)
	}
	return out
}

func hours(secs int64) decimal.Decimal {
	return decimal.NewFromInt(secs).DivRound(decimal.NewFromInt(3600), 4)
}

// assignedJob finds an approved, dispatched labour line whose technician is the actor.
func (o *RepairOrder) assignedJob(by dealerkit.Actor, line uuid.UUID) (int, error) {
	i, err := o.approvedLabour(line)
	if err != nil {
		return -1, err
	}
	if j := o.lines[i].Job; j == nil || j.Technician != by.Staff() {
		return -1, &LineError{Line: line, Err: ErrNotAssigned}
	}
	return i, nil
}

// runningClock returns the index of the running clock on line (of technician, or of anyone when
// technician is zero), or -1.
func (o *RepairOrder) runningClock(line uuid.UUID, technician dealerkit.StaffID) int {
	for k, c := range o.clock {
		if c.Line == line && c.Running() && (technician.IsZero() || c.Technician == technician) {
			return k
		}
	}
	return -1
}

// workedOn reports whether the staff member was dispatched to or clocked on any job of the order.
func (o *RepairOrder) workedOn(staff dealerkit.StaffID) bool {
	for _, l := range o.lines {
		if l.Job != nil && l.Job.Technician == staff {
			return true
		}
	}
	for _, c := range o.clock {
		if c.Technician == staff {
			return true
		}
	}
	return false
}
