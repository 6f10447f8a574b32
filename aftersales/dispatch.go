package aftersales

import (
	"context"
	"sort"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Qualifications says whether a technician may do a job that needs a skill (§3.3, §4.2.2, and the
// certificates and safety training of §7 and §8.4). The training package meets it; aftersales
// declares it so that it depends on no other package. An empty skill asks whether the technician
// may do shop-floor work at all.
//
// Qualify returns nil when the technician is qualified at at; an error that matches
// ErrNotQualified (errors.Is) when not, which should say why (training returns a
// *training.QualificationError naming the missing, expired or suspended certificates); and any
// other error when it could not tell. Service.Dispatch returns a refusal unchanged, so a front end
// can show the reason, and treats any other error as a failure.
type Qualifications interface {
	Qualify(ctx context.Context, dealer dealerkit.DealerID, technician dealerkit.StaffID, skill string, at time.Time) error
}

// EquipmentStatus says whether a piece of equipment may be used (§4.2.2, §8.2: overdue or failed
// equipment is out of service). The safety package meets it. CheckUsable returns nil when the
// equipment may be used at at; an error matching ErrEquipmentOutOfUse when it may not (unknown
// equipment included: fail safe), which says why (safety's *OutOfServiceError: overdue since,
// failed items); and any other error when it cannot tell. equipment is an entry of
// Line.Equipment: a code of one piece of equipment, or what the implementation documents (safety
// takes "type:<equipment type>" for any usable piece of a type).
type EquipmentStatus interface {
	CheckUsable(ctx context.Context, dealer dealerkit.DealerID, equipment string, at time.Time) error
}

// DispatchInput assigns a labour line to a technician with a promised completion time (§4.2.2).
type DispatchInput struct {
	Line       uuid.UUID         `json:"line"`
	Technician dealerkit.StaffID `json:"technician"`
	PromisedAt time.Time         `json:"promised_at"`
}

// Dispatch assigns an approved labour line to a technician (§4.2.2). The technician's
// qualifications and the equipment's status are checked by Service.Dispatch before this is
// called; here the order checks that the customer approved the line (§4.2.1: no work on an
// unapproved line) and that the promise lies after the dispatch. Re-dispatching an unfinished job
// to another technician is allowed while no clock runs on it.
func (o *RepairOrder) Dispatch(by dealerkit.Actor, at time.Time, in DispatchInput) error {
	to, err := o.check(CmdDispatch)
	if err != nil {
		return err
	}
	i, err := o.approvedLabour(in.Line)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if in.Technician.IsZero() {
		v.AddCode("technician", "", dealerkit.ReasonRequired, "required")
	}
	if !in.PromisedAt.After(at) {
		v.AddCode("promised_at", in.PromisedAt.Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be after the dispatch time") // §4.2.2
	}
	if err := v.Err(); err != nil {
		return err
	}
	if o.lines[i].Job != nil && o.lines[i].Job.Done() {
		return &LineError{Line: in.Line, Err: ErrWrongState}
	}
	if o.runningClock(in.Line, dealerkit.StaffID{}) >= 0 {
		return &LineError{Line: in.Line, Err: ErrClockRunning}
	}
	from := o.state
	promised := storedTime(in.PromisedAt)
	o.ownLines()
	o.lines[i].Job = &Job{Technician: in.Technician, PromisedAt: promised, DispatchedAt: at, DispatchedBy: by.Ref()}
	o.state = to
	o.record(EventDispatched, "§4.2.2", by, at, from, DispatchData{in.Line, in.Technician, promised})
	return nil
}

// approvedLabour finds a labour line the customer approved.
func (o *RepairOrder) approvedLabour(id uuid.UUID) (int, error) {
	i := o.lineIndex(id)
	switch {
	case i < 0:
		return -1, &LineError{Line: id, Err: ErrUnknownLine}
	case o.lines[i].Kind != LineLabour:
		return -1, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "line", Value: id.String(), Reason: "not a labour line"}}}
	case o.lines[i].Status != LineApproved:
		return -1, &LineError{Line: id, Err: ErrNotApproved} // §4.2.1, §4.3.2
	}
	return i, nil
}

// OverdueJob is a dispatched job not finished by its promised time (§4.2.3).
type OverdueJob struct {
	Order      uuid.UUID         `json:"order"`
	Number     string            `json:"number"`
	Line       uuid.UUID         `json:"line"`
	Technician dealerkit.StaffID `json:"technician"`
	PromisedAt time.Time         `json:"promised_at"`
	Overdue    time.Duration     `json:"-"`
}

// Overdue lists the order's unfinished jobs promised before at (§4.2.3).
func (o *RepairOrder) Overdue(at time.Time) []OverdueJob {
	var out []OverdueJob
	for _, l := range o.lines {
		if l.Job != nil && !l.Job.Done() && l.Job.PromisedAt.Before(at) {
			out = append(out, OverdueJob{Order: o.id, Number: o.number, Line: l.ID,
				Technician: l.Job.Technician, PromisedAt: l.Job.PromisedAt, Overdue: at.Sub(l.Job.PromisedAt)})
		}
	}
	return out
}

func sortOverdue(jobs []OverdueJob) {
	sort.Slice(jobs, func(i, j int) bool { return jobs[i].PromisedAt.Before(jobs[j].PromisedAt) })
}
