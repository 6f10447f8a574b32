package aftersales

import (
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// InspectionInput is the inspector's checklist (§4.4.1). The vehicle passes when every item is
// OK; a failed inspection names the jobs to rework.
type InspectionInput struct {
	Checklist []CheckItem `json:"checklist"`
	Rework    []uuid.UUID `json:"rework,omitempty"` // labour lines to redo when an item fails
	Remarks   string      `json:"remarks,omitempty"`
}

// Inspect records the quality inspection that every repaired vehicle must pass before delivery
// (§4.4.1). The inspector must never be a technician who worked on the vehicle. A pass keeps the
// report with the order for the advisor (§4.4.2) and makes it ready; a failure is counted as
// rework and reopens the named jobs.
func (o *RepairOrder) Inspect(by dealerkit.Actor, at time.Time, in InspectionInput) error {
	if _, err := o.check(CmdInspect); err != nil {
		return err
	}
	if o.workedOn(by.Staff()) {
		return ErrInspectorDidTheWork // §4.4.1
	}
	var v dealerkit.ValidationError
	v.CheckText("inspection", in)
	if len(in.Checklist) == 0 {
		v.AddCode("checklist", "", dealerkit.ReasonRequired, "at least one item is required")
	}
	passed := true
	for i, c := range in.Checklist {
		if strings.TrimSpace(c.Item) == "" {
			v.Required(indexed("checklist", i, "item"))
		}
		passed = passed && c.OK
	}
	if !passed && len(in.Rework) == 0 {
		v.AddCode("rework", "", dealerkit.ReasonRequired, "a failed inspection must name the jobs to rework") // §4.4.1
	}
	if passed && len(in.Rework) > 0 {
		v.AddCode("rework", "", ReasonNotExpected, "a passed inspection sends nothing back")
	}
	idx := make([]int, 0, len(in.Rework))
	for k, id := range in.Rework {
		i := o.lineIndex(id)
		if i < 0 || o.lines[i].Job == nil {
			v.AddCode(indexed("rework", k, "line"), id.String(), ReasonNotADispatchedJob, "not a dispatched job of this order")
			continue
		}
		idx = append(idx, i)
	}
	if err := v.Err(); err != nil {
		return err
	}
	from := o.state
	report := Inspection{At: at, Inspector: by.Ref(), Checklist: append([]CheckItem(nil), in.Checklist...),
		Passed: passed, Rework: append([]uuid.UUID(nil), in.Rework...), Remarks: in.Remarks}
	o.inspections = append(o.inspections, report)
	if passed {
		o.state = StateReady // §4.4.2
		o.record(EventInspectionPassed, "§4.4.2", by, at, from, nil)
		return nil
	}
	o.ownLines()
	for _, i := range idx {
		o.lines[i].Job = o.lines[i].Job.completedAt(time.Time{})
	}
	o.state = StateInProgress // §4.4.1: back to rework
	o.cleaning = nil
	o.record(EventInspectionFailed, "§4.4.1", by, at, from, InspectionFailedData{in.Rework})
	return nil
}

// LastPassedInspection returns the report that released the vehicle (§4.4.2).
func (o *RepairOrder) LastPassedInspection() (Inspection, bool) {
	for i := len(o.inspections) - 1; i >= 0; i-- {
		if o.inspections[i].Passed {
			return o.Inspections()[i], true
		}
	}
	return Inspection{}, false
}
