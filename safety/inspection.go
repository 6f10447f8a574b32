package safety

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// ItemResult is the result of one checklist item: passed or not, with a note.
type ItemResult struct {
	Item string `json:"item"`
	Pass bool   `json:"pass"`
	Note string `json:"note,omitempty"`
}

// InspectionInput records an inspection of one piece of equipment against its plan's checklist
// (§8.2).
type InspectionInput struct {
	// Equipment is the equipment's code.
	Equipment   string         `json:"equipment"`
	Kind        InspectionKind `json:"kind"`
	PerformedAt time.Time      `json:"performed_at"`
	// Inspector is the staff member who inspected; for a statutory inspection Body names the
	// outside inspection body and Inspector the staff member who received it.
	Inspector dealerkit.StaffID `json:"inspector"`
	Body      string            `json:"body,omitempty"`
	// Items gives every item of the plan's checklist in force at PerformedAt, and no other.
	Items []ItemResult `json:"items"`
	// Grade is the safety grade a statutory inspection gave (1 to 5); required for one.
	Grade int `json:"grade,omitempty"`
	// Evidence are references to photos, reports and certificates kept elsewhere.
	Evidence []string `json:"evidence,omitempty"`
}

// Inspection is one recorded inspection (§8.2): the equipment, the plan, the result of every
// checklist item, the inspector and the evidence. It is written once and never changes.
type Inspection struct {
	id, equipment uuid.UUID
	dealer        dealerkit.DealerID
	version       int64
	code          string
	kind          InspectionKind
	performedAt   time.Time
	inspector     dealerkit.StaffID
	body          string
	items         []ItemResult
	grade         int
	evidence      []string
	passed        bool
	dueAt         time.Time // when the plan was due before this inspection; zero if it had no due date
	recordedAt    time.Time
	recordedBy    dealerkit.ActorRef
	events        []dealerkit.Event
}

// newInspection checks in against the plan's checklist and builds the record (§8.2). A failed item
// fails the inspection; so does a statutory grade the policy gives no interval (grade 5).
func newInspection(id uuid.UUID, e *Equipment, in InspectionInput, p Policy, by dealerkit.Actor, at time.Time) (*Inspection, error) {
	var v dealerkit.ValidationError
	if !in.Kind.Valid() {
		v.AddCode("kind", in.Kind.String(), dealerkit.ReasonUnknownValue, "unknown inspection kind")
	}
	checkPast(&v, "performed_at", in.PerformedAt, at)
	if in.Inspector.IsZero() {
		v.Required("inspector")
	}
	checkText(&v, "body", in.Body, maxCode*2, in.Kind == InspectionStatutory)
	if len(in.Evidence) > maxList {
		v.AddCode("evidence", fmt.Sprint(len(in.Evidence)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxList))
	}
	for i, ev := range in.Evidence {
		checkText(&v, fmt.Sprintf("evidence[%d]", i), ev, maxText, true)
	}
	if in.Kind.Valid() {
		list, ok := p.checklist(e.in.Type, in.Kind, e.in.Statutory)
		if !ok {
			v.AddCode("kind", in.Kind.String(), ReasonNoPlan, fmt.Sprintf("the policy has no %s plan for %s", in.Kind, e.in.Code))
		} else {
			checkItems(&v, "items", in.Items, list)
		}
	}
	if in.Kind == InspectionStatutory && (in.Grade < 1 || in.Grade > 5) {
		v.AddCode("grade", fmt.Sprint(in.Grade), dealerkit.ReasonOutOfRange, "a statutory inspection gives a grade from 1 to 5")
	}
	if in.Kind != InspectionStatutory && in.Grade != 0 {
		v.AddCode("grade", fmt.Sprint(in.Grade), dealerkit.ReasonInvalid, "only a statutory inspection gives a grade")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ins := &Inspection{id: id, equipment: e.id, dealer: e.dealer, code: e.in.Code, kind: in.Kind, performedAt: stamp(in.PerformedAt),
		inspector: in.Inspector, body: in.Body, items: slices.Clone(in.Items), grade: in.Grade, evidence: slices.Clone(in.Evidence),
		recordedAt: at, recordedBy: by.Ref(), dueAt: e.dueOf(in.Kind)}
	_, graded := p.Statutory.ByGrade[in.Grade]
	// §8.2: a failed item fails it, and so does a grade with no interval (5): no further use.
	ins.passed = !slices.ContainsFunc(ins.items, func(it ItemResult) bool { return !it.Pass }) && (in.Kind != InspectionStatutory || graded)
	result := "failed"
	if ins.passed {
		result = "passed"
	}
	ins.events = append(ins.events, newEvent(e.dealer, AggregateInspection, id, EventInspectionRecorded, "§8.2", by, at, "", result,
		InspectionRecorded{Equipment: e.id, Code: e.in.Code, Kind: in.Kind, PerformedAt: ins.performedAt, Passed: ins.passed, Failed: ins.FailedItems(), Grade: in.Grade}))
	return ins, nil
}

// checkItems requires a result for every checklist item and refuses items not on it.
func checkItems(v *dealerkit.ValidationError, field string, items []ItemResult, list []string) {
	seen := map[string]bool{}
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !slices.Contains(list, it.Item):
			v.AddCode(f+".item", it.Item, ReasonNotOnChecklist, "not on the checklist")
		case seen[it.Item]:
			v.AddCode(f+".item", it.Item, dealerkit.ReasonDuplicate, "given twice")
		}
		seen[it.Item] = true
		checkText(v, f+".note", it.Note, maxText, false)
	}
	for _, item := range list {
		if !seen[item] {
			v.AddCode(field, item, ReasonMissingItem, "no result for this checklist item")
		}
	}
	v.CheckText(field, items)
}

// nextDueFor is when the plan ins followed falls due again on e after it passed, under p: the
// periodic interval, or the statutory interval of the grade it gave; zero for pre-use checks.
func nextDueFor(e *Equipment, ins *Inspection, p Policy) time.Time {
	switch ins.kind {
	case InspectionPeriodic:
		if every := p.Equipment[e.in.Type].Periodic.Every; every > 0 {
			return ins.performedAt.Add(every.D())
		}
	case InspectionStatutory:
		if d, ok := p.Statutory.ByGrade[ins.grade]; ok {
			return ins.performedAt.Add(d.D()) // §8.2: the next statutory inspection by grade
		}
	}
	return time.Time{}
}

// FailedItems returns the checklist items that failed, in checklist order as given.
func (ins *Inspection) FailedItems() []string {
	out := []string{}
	for _, it := range ins.items {
		if !it.Pass {
			out = append(out, it.Item)
		}
	}
	if len(out) == 0 && ins.kind == InspectionStatutory && !ins.passed && ins.grade != 0 {
		out = append(out, fmt.Sprintf("grade_%d", ins.grade))
	}
	return out
}

// ID returns the inspection's id.
func (ins *Inspection) ID() uuid.UUID { return ins.id }

// Dealer returns the dealer.
func (ins *Inspection) Dealer() dealerkit.DealerID { return ins.dealer }

// Version returns the stored version.
func (ins *Inspection) Version() int64 { return ins.version }

// SetVersion is called by a repository once it is stored, and clears the pending events.
func (ins *Inspection) SetVersion(v int64) { ins.version, ins.events = v, nil }

// PendingEvents returns the events not yet stored.
func (ins *Inspection) PendingEvents() []dealerkit.Event { return slices.Clone(ins.events) }

// Equipment returns the inspected equipment's id.
func (ins *Inspection) Equipment() uuid.UUID { return ins.equipment }

// Kind returns the plan inspected against.
func (ins *Inspection) Kind() InspectionKind { return ins.kind }

// PerformedAt returns when it was performed.
func (ins *Inspection) PerformedAt() time.Time { return ins.performedAt }

// DueAt returns when the plan was due before this inspection (zero for a plan with no due date):
// an inspection performed at or after it was late, and the equipment out of service meanwhile.
func (ins *Inspection) DueAt() time.Time { return ins.dueAt }

// Late returns how long after its due date the inspection was performed, and false when it was
// on time or its plan has no due date.
func (ins *Inspection) Late() (time.Duration, bool) {
	if ins.dueAt.IsZero() || ins.performedAt.Before(ins.dueAt) {
		return 0, false
	}
	return ins.performedAt.Sub(ins.dueAt), true
}

// Code returns the inspected equipment's code.
func (ins *Inspection) Code() string { return ins.code }

// Passed reports whether every item passed (and a statutory grade allows use).
func (ins *Inspection) Passed() bool { return ins.passed }

// InspectionSnapshot is the stored form of an inspection, and its JSON.
type InspectionSnapshot struct {
	ID          uuid.UUID          `json:"id"`
	Dealer      dealerkit.DealerID `json:"dealer"`
	Version     int64              `json:"version"`
	Equipment   uuid.UUID          `json:"equipment"`
	Code        string             `json:"code"`
	Kind        InspectionKind     `json:"kind"`
	PerformedAt time.Time          `json:"performed_at"`
	Inspector   dealerkit.StaffID  `json:"inspector"`
	Body        string             `json:"body"`
	Items       []ItemResult       `json:"items"`
	Grade       int                `json:"grade"`
	Evidence    []string           `json:"evidence"`
	Passed      bool               `json:"passed"`
	DueAt       time.Time          `json:"due_at"`
	RecordedAt  time.Time          `json:"recorded_at"`
	RecordedBy  dealerkit.ActorRef `json:"recorded_by"`
}

// Snapshot returns the stored form, sharing nothing with the inspection.
func (ins *Inspection) Snapshot() InspectionSnapshot {
	s := InspectionSnapshot{ID: ins.id, Dealer: ins.dealer, Version: ins.version, Equipment: ins.equipment, Code: ins.code, Kind: ins.kind,
		PerformedAt: ins.performedAt, Inspector: ins.inspector, Body: ins.body, Items: slices.Clone(ins.items), Grade: ins.grade,
		Evidence: slices.Clone(ins.evidence), Passed: ins.passed, DueAt: ins.dueAt, RecordedAt: ins.recordedAt, RecordedBy: ins.recordedBy.Clone()}
	if s.Items == nil {
		s.Items = []ItemResult{}
	}
	if s.Evidence == nil {
		s.Evidence = []string{}
	}
	return s
}

// MarshalJSON encodes the snapshot.
func (ins *Inspection) MarshalJSON() ([]byte, error) { return json.Marshal(ins.Snapshot()) }

// RestoreInspection rebuilds an inspection from its snapshot, for repositories.
func RestoreInspection(s InspectionSnapshot) (*Inspection, error) {
	var v dealerkit.ValidationError
	if s.ID == uuid.Nil || s.Equipment == uuid.Nil {
		v.Required("id")
	}
	if s.Dealer.IsZero() {
		v.Required("dealer")
	}
	if !s.Kind.Valid() {
		v.AddCode("kind", s.Kind.String(), dealerkit.ReasonUnknownValue, "unknown inspection kind")
	}
	if strings.TrimSpace(s.Code) == "" {
		v.Required("code")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Inspection{id: s.ID, equipment: s.Equipment, dealer: s.Dealer, version: s.Version, code: s.Code, kind: s.Kind,
		performedAt: s.PerformedAt, inspector: s.Inspector, body: s.Body, items: slices.Clone(s.Items), grade: s.Grade,
		evidence: slices.Clone(s.Evidence), passed: s.Passed, dueAt: s.DueAt, recordedAt: s.RecordedAt, recordedBy: s.RecordedBy.Clone()}, nil
}
