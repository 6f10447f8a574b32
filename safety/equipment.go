package safety

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Bounds of text fields.
const (
	maxCode = 64   // equipment codes, checklist items, names
	maxText = 2000 // descriptions and notes
	maxList = 100  // items, participants, evidence references
)

// AggregateEquipment and the other Aggregate names of the package's events.
const (
	AggregateEquipment  = "equipment"
	AggregateInspection = "equipment_inspection"
	AggregateAreaCheck  = "area_check"
	AggregateIncident   = "incident"
	AggregateDrill      = "drill"
)

// TypePrefix marks a requirement for a type rather than a piece of equipment in
// aftersales.Line.Equipment: "type:two_post_lift" is met by any usable two-post lift (§8.2).
const TypePrefix = "type:"

// EquipmentInput registers a piece of equipment (§8.2).
type EquipmentInput struct {
	// Code is the dealer's asset tag ("LIFT-03"), unique within the dealer: what repair-order
	// labour lines name in aftersales.Line.Equipment.
	Code     string        `json:"code"`
	Type     EquipmentType `json:"type"`
	Name     string        `json:"name"`
	Location string        `json:"location"`
	Serial   string        `json:"serial"`
	// Statutory says the law requires an outside inspection (a pressure vessel); the policy's
	// Statutory.Types always do.
	Statutory bool `json:"statutory"`
	// Grade is a pressure vessel's safety grade (安全状况等级, 1 best to 5) from its last
	// statutory inspection or its manufacturer's certificate; 0 when unknown or not one.
	Grade int `json:"grade,omitempty"`
	// Commissioned is when it was put into use: the first periodic and statutory inspections
	// are due from it. Not after the registration.
	Commissioned time.Time `json:"commissioned"`
}

// Due is the date one inspection plan falls due (§8.2): the equipment is out of service from that
// instant until a passing inspection of the plan.
type Due struct {
	Kind InspectionKind `json:"kind"`
	At   time.Time      `json:"at"`
}

// Failure is the inspection that took equipment out of service, and the items that failed.
type Failure struct {
	Inspection uuid.UUID      `json:"inspection"`
	Kind       InspectionKind `json:"kind"`
	At         time.Time      `json:"at"`
	Items      []string       `json:"items"`
}

// Equipment is one piece of equipment or tool in the register (§8.2): what it is, where, the date
// each inspection plan falls due, and whether a failed inspection holds it out of service. Build
// one with Service.RegisterEquipment; RestoreEquipment rebuilds one from storage.
type Equipment struct {
	id, lastInspection uuid.UUID
	dealer             dealerkit.DealerID
	version            int64
	in                 EquipmentInput
	state              EquipmentState
	due                []Due
	lastInspectedAt    time.Time
	failure            *Failure
	repairedAt         time.Time
	repairNote         string
	registeredAt       time.Time
	registeredBy       dealerkit.ActorRef
	events             []dealerkit.Event
}

func (in *EquipmentInput) validate(now time.Time) error {
	var v dealerkit.ValidationError
	in.Code = strings.TrimSpace(in.Code)
	checkCode(&v, "code", in.Code)
	if strings.HasPrefix(in.Code, TypePrefix) {
		v.AddCode("code", in.Code, dealerkit.ReasonBadFormat, "a code may not begin with "+TypePrefix)
	}
	if !in.Type.Valid() {
		v.AddCode("type", in.Type.String(), dealerkit.ReasonUnknownValue, "unknown equipment type")
	}
	checkText(&v, "name", in.Name, maxCode*2, false)
	checkText(&v, "location", in.Location, maxCode*2, true)
	checkText(&v, "serial", in.Serial, maxCode, false)
	if in.Grade < 0 || in.Grade > 5 {
		v.AddCode("grade", fmt.Sprint(in.Grade), dealerkit.ReasonOutOfRange, "safety grades run from 1 to 5 (0: none)")
	}
	checkPast(&v, "commissioned", in.Commissioned, now)
	in.Commissioned = stamp(in.Commissioned)
	return v.Err()
}

// newEquipment registers equipment with its first due dates from p (§8.2).
func newEquipment(id uuid.UUID, dealer dealerkit.DealerID, in EquipmentInput, p Policy, by dealerkit.Actor, at time.Time) (*Equipment, error) {
	if err := in.validate(at); err != nil {
		return nil, err
	}
	e := &Equipment{id: id, dealer: dealer, in: in, state: StateInService, registeredAt: at, registeredBy: by.Ref()}
	e.in.Statutory = p.statutory(in.Type, in.Statutory)
	if pp := p.Equipment[in.Type].Periodic; pp.Every > 0 {
		e.setDue(InspectionPeriodic, in.Commissioned.Add(pp.Every.D()))
	}
	if e.in.Statutory {
		e.setDue(InspectionStatutory, in.Commissioned.Add(p.Statutory.FirstWithin.D())) // §8.2: first inspection within 3 years
	}
	e.record(EventEquipmentRegistered, "§8.2", by, at, "", EquipmentRegistered{Code: e.in.Code, Type: e.in.Type, Location: e.in.Location, Statutory: e.in.Statutory, Due: e.Dues()})
	return e, nil
}

// Usable says whether the equipment may be used at t (§8.2): nil, or an *OutOfServiceError. It
// is refused from the very instant an inspection falls due (a due date at or before t), while a
// failed inspection holds it out of service, and once retired.
func (e *Equipment) Usable(t time.Time) error {
	switch {
	case e.state == StateRetired:
		return &OutOfServiceError{Equipment: e.in.Code, Reason: ReasonRetired}
	case e.failure != nil:
		return &OutOfServiceError{Equipment: e.in.Code, Reason: ReasonFailed, Since: e.failure.At, Kind: e.failure.Kind, Items: slices.Clone(e.failure.Items)}
	}
	for _, d := range e.due {
		if !t.Before(d.At) { // §8.2: overdue at the instant it falls due
			return &OutOfServiceError{Equipment: e.in.Code, Reason: ReasonOverdue, Since: d.At, Kind: d.Kind}
		}
	}
	return nil
}

// NextDue returns the earliest due date, and false when no plan runs (retired, or no plan).
func (e *Equipment) NextDue() (time.Time, bool) {
	if e.state == StateRetired || len(e.due) == 0 {
		return time.Time{}, false
	}
	next := e.due[0].At
	for _, d := range e.due[1:] {
		if d.At.Before(next) {
			next = d.At
		}
	}
	return next, true
}

func (e *Equipment) dueOf(k InspectionKind) time.Time {
	for _, d := range e.due {
		if d.Kind == k {
			return d.At
		}
	}
	return time.Time{}
}

func (e *Equipment) setDue(k InspectionKind, at time.Time) {
	for i := range e.due {
		if e.due[i].Kind == k {
			e.due[i].At = at
			return
		}
	}
	e.due = append(e.due, Due{Kind: k, At: at})
	slices.SortFunc(e.due, func(a, b Due) int { return int(a.Kind) - int(b.Kind) })
}

// applyInspection brings ins to bear on the equipment (§8.2): a failed inspection takes it out of
// service at once; a passing one moves its plan's due date on by the plan's interval (next, zero
// when the plan has none) and, after a failure, returns it to service if a repair was recorded
// since and the plan is the failed one or stricter.
func (e *Equipment) applyInspection(ins *Inspection, next time.Time, by dealerkit.Actor, at time.Time) error {
	if e.state == StateRetired {
		return &StateError{Record: "equipment " + e.in.Code, State: e.state.String(), Action: "inspect"}
	}
	if !e.lastInspectedAt.IsZero() && ins.performedAt.Before(e.lastInspectedAt) {
		var v dealerkit.ValidationError
		v.AddCode("performed_at", ins.performedAt.Format(time.RFC3339Nano), dealerkit.ReasonWrongOrder, "before the equipment's last recorded inspection")
		return &v
	}
	if ins.passed && e.failure != nil {
		if ins.kind < e.failure.Kind {
			return ErrWeakerInspection
		}
		if e.repairedAt.IsZero() || e.repairedAt.Before(e.failure.At) {
			return ErrRepairRequired // §8.2: repair, then a passing re-inspection
		}
	}
	from := e.state.String()
	e.lastInspectedAt, e.lastInspection = ins.performedAt, ins.id
	data := EquipmentInspected{Inspection: ins.id, Kind: ins.kind, PerformedAt: ins.performedAt, Passed: ins.passed, Failed: ins.FailedItems()}
	if !ins.passed {
		e.state = StateOutOfService // §8.2: a failed inspection puts it out of service at once
		e.failure = &Failure{Inspection: ins.id, Kind: ins.kind, At: ins.performedAt, Items: ins.FailedItems()}
		e.repairedAt, e.repairNote = time.Time{}, ""
		e.record(EventEquipmentOutOfService, "§8.2", by, at, from, data)
		return nil
	}
	if !next.IsZero() {
		e.setDue(ins.kind, next)
	}
	if ins.kind == InspectionStatutory && ins.grade != 0 {
		e.in.Grade = ins.grade
	}
	typ := EventEquipmentInspected
	if e.failure != nil {
		e.failure = nil
		e.state = StateInService
		typ = EventEquipmentReturned
	}
	data.Due = e.Dues()
	e.record(typ, "§8.2", by, at, from, data)
	return nil
}

// repair records the repair of failed equipment (§8.2); a passing re-inspection must follow.
func (e *Equipment) repair(in RepairInput, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", in.Note, maxText, true)
	checkPast(&v, "repaired_at", in.RepairedAt, at)
	if err := v.Err(); err != nil {
		return err
	}
	in.RepairedAt = stamp(in.RepairedAt)
	if e.failure == nil {
		return &StateError{Record: "equipment " + e.in.Code, State: e.state.String(), Action: "record a repair"}
	}
	if in.RepairedAt.Before(e.failure.At) {
		v.AddCode("repaired_at", in.RepairedAt.Format(time.RFC3339), dealerkit.ReasonWrongOrder, "before the failed inspection")
		return &v
	}
	e.repairedAt, e.repairNote = in.RepairedAt, in.Note
	e.record(EventEquipmentRepaired, "§8.2", by, at, e.state.String(), EquipmentRepaired(in))
	return nil
}

// retire takes the equipment out of the register for good.
func (e *Equipment) retire(note string, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxText, true)
	if err := v.Err(); err != nil {
		return err
	}
	if e.state == StateRetired {
		return &StateError{Record: "equipment " + e.in.Code, State: e.state.String(), Action: "retire"}
	}
	from := e.state.String()
	e.state = StateRetired
	e.record(EventEquipmentRetired, "§8.2", by, at, from, EquipmentRetired{Note: note})
	return nil
}

// RepairInput records a repair of failed equipment.
type RepairInput struct {
	RepairedAt time.Time `json:"repaired_at"`
	Note       string    `json:"note"`
}

func (e *Equipment) record(typ, clause string, by dealerkit.Actor, at time.Time, from string, data any) {
	e.events = append(e.events, newEvent(e.dealer, AggregateEquipment, e.id, typ, clause, by, at, from, e.state.String(), data))
}

// ID returns the equipment's id.
func (e *Equipment) ID() uuid.UUID { return e.id }

// Dealer returns the dealer it belongs to.
func (e *Equipment) Dealer() dealerkit.DealerID { return e.dealer }

// Version returns the stored version (0 before it is stored).
func (e *Equipment) Version() int64 { return e.version }

// SetVersion is called by a repository once the equipment is stored, and clears its pending events.
func (e *Equipment) SetVersion(v int64) { e.version, e.events = v, nil }

// PendingEvents returns the events not yet stored.
func (e *Equipment) PendingEvents() []dealerkit.Event { return slices.Clone(e.events) }

// Code returns the dealer's asset tag.
func (e *Equipment) Code() string { return e.in.Code }

// Type returns the equipment type.
func (e *Equipment) Type() EquipmentType { return e.in.Type }

// State returns the stored state (in service, out of service after a failure, retired); whether
// it may be used at a given time is Usable's answer.
func (e *Equipment) State() EquipmentState { return e.state }

// Location returns where it stands.
func (e *Equipment) Location() string { return e.in.Location }

// Dues returns the due date of each plan that runs, by plan.
func (e *Equipment) Dues() []Due { return slices.Clone(e.due) }

// Failure returns the failure holding it out of service, if any.
func (e *Equipment) Failure() (Failure, bool) {
	if e.failure == nil {
		return Failure{}, false
	}
	f := *e.failure
	f.Items = slices.Clone(f.Items)
	return f, true
}

// EquipmentSnapshot is the stored form of a piece of equipment, and its JSON.
type EquipmentSnapshot struct {
	ID              uuid.UUID          `json:"id"`
	Dealer          dealerkit.DealerID `json:"dealer"`
	Version         int64              `json:"version"`
	Code            string             `json:"code"`
	Type            EquipmentType      `json:"type"`
	Name            string             `json:"name"`
	Location        string             `json:"location"`
	Serial          string             `json:"serial"`
	Statutory       bool               `json:"statutory"`
	Grade           int                `json:"grade"`
	Commissioned    time.Time          `json:"commissioned"`
	State           EquipmentState     `json:"state"`
	Due             []Due              `json:"due"`
	LastInspection  uuid.UUID          `json:"last_inspection"`
	LastInspectedAt time.Time          `json:"last_inspected_at"`
	Failure         *Failure           `json:"failure"`
	RepairedAt      time.Time          `json:"repaired_at"`
	RepairNote      string             `json:"repair_note"`
	RegisteredAt    time.Time          `json:"registered_at"`
	RegisteredBy    dealerkit.ActorRef `json:"registered_by"`
}

// Snapshot returns the equipment's stored form, sharing nothing with it.
func (e *Equipment) Snapshot() EquipmentSnapshot {
	s := EquipmentSnapshot{ID: e.id, Dealer: e.dealer, Version: e.version, Code: e.in.Code, Type: e.in.Type, Name: e.in.Name,
		Location: e.in.Location, Serial: e.in.Serial, Statutory: e.in.Statutory, Grade: e.in.Grade, Commissioned: e.in.Commissioned,
		State: e.state, Due: slices.Clone(e.due), LastInspection: e.lastInspection, LastInspectedAt: e.lastInspectedAt,
		RepairedAt: e.repairedAt, RepairNote: e.repairNote, RegisteredAt: e.registeredAt, RegisteredBy: e.registeredBy.Clone()}
	if s.Due == nil {
		s.Due = []Due{}
	}
	if f, ok := e.Failure(); ok {
		s.Failure = &f
	}
	return s
}

// MarshalJSON encodes the snapshot.
func (e *Equipment) MarshalJSON() ([]byte, error) { return json.Marshal(e.Snapshot()) }

// RestoreEquipment rebuilds equipment from its snapshot, for repositories. It checks what an
// aggregate needs to hold together; it does not re-run the registration's rules.
func RestoreEquipment(s EquipmentSnapshot) (*Equipment, error) {
	var v dealerkit.ValidationError
	if s.ID == uuid.Nil {
		v.Required("id")
	}
	if s.Dealer.IsZero() {
		v.Required("dealer")
	}
	if !s.Type.Valid() {
		v.AddCode("type", s.Type.String(), dealerkit.ReasonUnknownValue, "unknown equipment type")
	}
	if !s.State.Valid() {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if s.Code == "" {
		v.Required("code")
	}
	if (s.Failure != nil) != (s.State == StateOutOfService) {
		v.AddCode("failure", "", dealerkit.ReasonInvalid, "out of service exactly when a failure is recorded")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := &Equipment{id: s.ID, dealer: s.Dealer, version: s.Version, state: s.State, due: slices.Clone(s.Due),
		lastInspection: s.LastInspection, lastInspectedAt: s.LastInspectedAt, repairedAt: s.RepairedAt, repairNote: s.RepairNote,
		registeredAt: s.RegisteredAt, registeredBy: s.RegisteredBy.Clone(),
		in: EquipmentInput{Code: s.Code, Type: s.Type, Name: s.Name, Location: s.Location, Serial: s.Serial, Statutory: s.Statutory, Grade: s.Grade, Commissioned: s.Commissioned}}
	if s.Failure != nil {
		f := *s.Failure
		f.Items = slices.Clone(f.Items)
		e.failure = &f
	}
	return e, nil
}

// helpers shared by the aggregates

func newEvent(dealer dealerkit.DealerID, agg string, id uuid.UUID, typ, clause string, by dealerkit.Actor, at time.Time, from, to string, data any) dealerkit.Event {
	raw, err := json.Marshal(data)
	if err != nil { // payloads are the package's own structs of strings, times and ids
		raw = nil
	}
	return dealerkit.Event{Dealer: dealer, Aggregate: agg, AggregateID: id, Type: typ, Clause: clause, Actor: by.Ref(), At: at, From: from, To: to, Data: raw}
}

// stamp is t as stored: UTC, to the microsecond every store keeps.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func checkCode(v *dealerkit.ValidationError, field, s string) {
	switch {
	case s == "":
		v.Required(field)
	case len(s) > maxCode:
		v.AddCode(field, s, dealerkit.ReasonTooLong, fmt.Sprintf("at most %d bytes", maxCode))
	case strings.ContainsAny(s, " \t\r\n"):
		v.AddCode(field, s, dealerkit.ReasonBadFormat, "no spaces")
	}
	if !utf8.ValidString(s) {
		v.AddCode(field, "", dealerkit.ReasonInvalidUTF8, "not valid UTF-8")
	}
	v.CheckText(field, s)
}

func checkText(v *dealerkit.ValidationError, field, s string, limit int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.Required(field)
	case len(s) > limit:
		v.AddCode(field, "", dealerkit.ReasonTooLong, fmt.Sprintf("at most %d bytes", limit))
	case !utf8.ValidString(s):
		v.AddCode(field, "", dealerkit.ReasonInvalidUTF8, "not valid UTF-8")
	}
	v.CheckText(field, s)
}

// checkPast requires a time that is set and not after now.
func checkPast(v *dealerkit.ValidationError, field string, t, now time.Time) {
	switch {
	case t.IsZero():
		v.Required(field)
	case t.After(now):
		v.AddCode(field, t.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "in the future")
	}
}
