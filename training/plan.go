package training

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// PlanItem is a course a plan requires, by when, and how often it must be retaken (0: the policy's
// interval for the course's subject; once if that is 0 too).
type PlanItem struct {
	Course       uuid.UUID `json:"course"`
	DueAt        time.Time `json:"due_at,omitzero"` // zero: the end of the plan's period
	RetakeMonths int       `json:"retake_months,omitempty"`
}

// PlanInput is a training plan for a period and a role (§7.1): the courses everyone holding the
// role must have passed.
type PlanInput struct {
	Name  string         `json:"name"`
	Role  dealerkit.Role `json:"role,omitempty"`
	From  time.Time      `json:"from"`
	To    time.Time      `json:"to"`
	Items []PlanItem     `json:"items"`
}

// PlanSnapshot is a plan's stored and JSON form.
type PlanSnapshot struct {
	ID      uuid.UUID          `json:"id"`
	Dealer  dealerkit.DealerID `json:"dealer"`
	Version int64              `json:"version"`
	PlanInput
	CreatedAt time.Time `json:"created_at"`
}

// Plan is a training plan (§7.1). Progress against it is computed, not stored: Service.Progress.
type Plan struct {
	s PlanSnapshot
	pending
}

// NewPlan builds a plan. The Service checks that each course is an active course of the dealer.
func NewPlan(dealer dealerkit.DealerID, id uuid.UUID, by dealerkit.Actor, at time.Time, in PlanInput) (*Plan, error) {
	var v dealerkit.ValidationError
	checkText(&v, "name", in.Name, maxText, true)
	if !in.Role.Valid() {
		v.AddCode("role", in.Role.String(), dealerkit.ReasonUnknownValue, "unknown role")
	}
	if in.From.IsZero() {
		v.Required("from")
	}
	if in.To.IsZero() {
		v.Required("to")
	} else if !in.From.IsZero() && !in.To.After(in.From) {
		v.AddCode("to", timeText(in.To), dealerkit.ReasonWrongOrder, "must be after from")
	}
	if len(in.Items) == 0 {
		v.AddCode("items", "", dealerkit.ReasonRequired, "a plan needs at least one course") // §7.1
	}
	if len(in.Items) > maxItems {
		v.AddCode("items", "", dealerkit.ReasonOutOfRange, "at most 100")
	}
	for i, it := range in.Items {
		f := fmt.Sprintf("items[%d]", i)
		if it.Course == uuid.Nil {
			v.Required(f + ".course")
		} else if slices.IndexFunc(in.Items, func(o PlanItem) bool { return o.Course == it.Course }) < i {
			v.AddCode(f+".course", it.Course.String(), dealerkit.ReasonDuplicate, "given twice")
		}
		if !it.DueAt.IsZero() && (it.DueAt.Before(in.From) || it.DueAt.After(in.To)) {
			v.AddCode(f+".due_at", timeText(it.DueAt), dealerkit.ReasonOutOfRange, "must lie within the plan's period")
		}
		if it.RetakeMonths < 0 || it.RetakeMonths > maxMonths {
			v.AddCode(f+".retake_months", fmt.Sprint(it.RetakeMonths), dealerkit.ReasonOutOfRange, "must be between 0 and 1200")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	in.From, in.To = utc(in.From), utc(in.To)
	in.Items = slices.Clone(in.Items)
	for i := range in.Items {
		in.Items[i].DueAt = utc(in.Items[i].DueAt)
	}
	p := &Plan{s: PlanSnapshot{ID: id, Dealer: dealer, PlanInput: in, CreatedAt: utc(at)}}
	p.record(dealer, AggregatePlan, id, EventPlanCreated, "§7.1", by.Ref(), at, "", "planned", p.Snapshot())
	return p, nil
}

// RestorePlan rebuilds a plan from its snapshot, as stored by an adapter.
func RestorePlan(s PlanSnapshot) (*Plan, error) {
	if s.ID == uuid.Nil || s.Dealer.IsZero() || !s.Role.Valid() {
		return nil, fmt.Errorf("training: restore plan %s: bad snapshot", s.ID)
	}
	s.Items = slices.Clone(s.Items)
	return &Plan{s: s}, nil
}

// Snapshot returns the plan's stored form.
func (p *Plan) Snapshot() PlanSnapshot {
	s := p.s
	s.Items = slices.Clone(s.Items)
	return s
}

// MarshalJSON returns the snapshot's JSON.
func (p *Plan) MarshalJSON() ([]byte, error) { return json.Marshal(p.Snapshot()) }

func (p *Plan) Dealer() dealerkit.DealerID { return p.s.Dealer }
func (p *Plan) ID() uuid.UUID              { return p.s.ID }
func (p *Plan) Version() int64             { return p.s.Version }

// SetVersion is for adapters: the version stored; the pending events are written.
func (p *Plan) SetVersion(v int64) { p.s.Version = v; p.events = nil }

func (p *Plan) Name() string         { return p.s.Name }
func (p *Plan) Role() dealerkit.Role { return p.s.Role }
func (p *Plan) From() time.Time      { return p.s.From }
func (p *Plan) To() time.Time        { return p.s.To }
func (p *Plan) Items() []PlanItem    { return slices.Clone(p.s.Items) }

// Pass is one passed course of a staff member: when it was passed.
type Pass struct {
	Course uuid.UUID `json:"course"`
	At     time.Time `json:"at"`
}

// itemStatus judges one staff member against one plan item at at (§7.1): done when a pass is
// still current (within the retake interval, if any), else overdue once the due date has passed,
// else planned when booked on a scheduled session, else missing.
func itemStatus(it PlanItem, planTo time.Time, retake int, passes []time.Time, booked bool, at time.Time) (ItemStatus, time.Time) {
	var last time.Time
	for _, p := range passes {
		if !p.After(at) && p.After(last) {
			last = p
		}
	}
	if !last.IsZero() && (retake == 0 || last.AddDate(0, retake, 0).After(at)) {
		return ItemDone, last
	}
	due := it.DueAt
	if due.IsZero() {
		due = planTo
	}
	switch {
	case !at.Before(due):
		return ItemOverdue, last
	case booked:
		return ItemPlanned, last
	}
	return ItemMissing, last
}
