package safety

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// IncidentInput reports an incident or a near miss (§8.3).
type IncidentInput struct {
	OccurredAt  time.Time `json:"occurred_at"`
	Area        Area      `json:"area"`
	Location    string    `json:"location"`
	Description string    `json:"description"`
	// Injuries describes who was hurt and how; empty for a near miss.
	Injuries string `json:"injuries"`
	Injured  int    `json:"injured"`
	Damage   string `json:"damage"`
	// Equipment are the codes of the equipment involved; each must be in the register.
	Equipment []string `json:"equipment"`
	// Class is what the incident did to people; Statutory its statutory class, where one applies.
	Class     IncidentClass  `json:"class"`
	Statutory StatutoryClass `json:"statutory_class,omitempty"`
	// People are the staff involved or witnesses.
	People []dealerkit.StaffID `json:"people"`
}

// InvestigationInput records an incident's investigation (§8.3): the root cause and the class as
// the investigation found it.
type InvestigationInput struct {
	RootCause string         `json:"root_cause"`
	Findings  string         `json:"findings"`
	Class     IncidentClass  `json:"class"`
	Statutory StatutoryClass `json:"statutory_class,omitempty"`
}

// ActionInput is a corrective or preventive action of an incident (§8.3).
type ActionInput struct {
	Kind        ActionKind        `json:"kind"`
	Description string            `json:"description"`
	Owner       dealerkit.StaffID `json:"owner"`
	Due         time.Time         `json:"due"`
}

// Action is a corrective or preventive action and its effectiveness check (§8.3). An action found
// ineffective is reopened and must be completed again.
type Action struct {
	ID          uuid.UUID          `json:"id"`
	Kind        ActionKind         `json:"kind"`
	Description string             `json:"description"`
	Owner       dealerkit.StaffID  `json:"owner"`
	Due         time.Time          `json:"due"`
	CompletedAt time.Time          `json:"completed_at"`
	CompletedBy dealerkit.ActorRef `json:"completed_by"`
	Note        string             `json:"note"`
	CheckedAt   time.Time          `json:"checked_at"`
	CheckedBy   dealerkit.ActorRef `json:"checked_by"`
	Effective   bool               `json:"effective"`
	Rejections  int                `json:"rejections"`
}

// Incident is an incident or near miss (§8.3): the report, its classification, the investigation,
// the corrective and preventive actions and their effectiveness, and the earlier incidents on the
// same equipment or in the same area it repeats.
type Incident struct {
	id             uuid.UUID
	dealer         dealerkit.DealerID
	version        int64
	in             IncidentInput
	equipmentIDs   []uuid.UUID
	related        []uuid.UUID
	state          IncidentState
	reportedAt     time.Time
	reportedBy     dealerkit.ActorRef
	investigation  InvestigationInput
	investigatedAt time.Time
	investigatedBy dealerkit.ActorRef
	actions        []Action
	closedAt       time.Time
	closedBy       dealerkit.ActorRef
	events         []dealerkit.Event
}

func (in *IncidentInput) validate(now time.Time) dealerkit.ValidationError {
	var v dealerkit.ValidationError
	checkPast(&v, "occurred_at", in.OccurredAt, now)
	in.OccurredAt = stamp(in.OccurredAt)
	if !in.Area.Valid() {
		v.AddCode("area", in.Area.String(), dealerkit.ReasonUnknownValue, "unknown area")
	}
	checkText(&v, "location", in.Location, maxCode*2, false)
	checkText(&v, "description", in.Description, maxText, true)
	checkText(&v, "injuries", in.Injuries, maxText, false)
	checkText(&v, "damage", in.Damage, maxText, false)
	if in.Injured < 0 || in.Injured > 1000 {
		v.AddCode("injured", fmt.Sprint(in.Injured), dealerkit.ReasonOutOfRange, "from 0 to 1000")
	}
	checkClass(&v, "", in.Class, in.Statutory, in.Injured)
	if len(in.Equipment) > maxList {
		v.AddCode("equipment", fmt.Sprint(len(in.Equipment)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxList))
	}
	for i, code := range in.Equipment {
		checkCode(&v, fmt.Sprintf("equipment[%d]", i), code)
		if slices.Index(in.Equipment, code) < i {
			v.AddCode(fmt.Sprintf("equipment[%d]", i), code, dealerkit.ReasonDuplicate, "given twice")
		}
	}
	if len(in.People) > maxList {
		v.AddCode("people", fmt.Sprint(len(in.People)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxList))
	}
	for i, p := range in.People {
		if p.IsZero() {
			v.Required(fmt.Sprintf("people[%d]", i))
		}
	}
	return v
}

// checkClass: a near miss hurt nobody; an injury is at least first aid; a statutory class is for
// an incident that hurt someone (§8.3).
func checkClass(v *dealerkit.ValidationError, prefix string, c IncidentClass, st StatutoryClass, injured int) {
	if !c.Valid() {
		v.AddCode(prefix+"class", c.String(), dealerkit.ReasonUnknownValue, "unknown incident class")
	}
	if st != 0 && !st.Valid() {
		v.AddCode(prefix+"statutory_class", st.String(), dealerkit.ReasonUnknownValue, "unknown statutory class")
	}
	if c == ClassNearMiss && injured > 0 {
		v.AddCode(prefix+"class", c.String(), dealerkit.ReasonInvalid, "a near miss injured nobody")
	}
	if c == ClassNearMiss && st != 0 {
		v.AddCode(prefix+"statutory_class", st.String(), dealerkit.ReasonInvalid, "a near miss has no statutory class")
	}
}

// newIncident builds a reported incident. equipment are the ids of in.Equipment (checked by the
// Service against the register) and related the earlier incidents it repeats.
func newIncident(id uuid.UUID, dealer dealerkit.DealerID, in IncidentInput, equipment, related []uuid.UUID, by dealerkit.Actor, at time.Time) *Incident {
	inc := &Incident{id: id, dealer: dealer, in: in, equipmentIDs: slices.Clone(equipment), related: slices.Clone(related),
		state: IncidentStateReported, reportedAt: at, reportedBy: by.Ref()}
	inc.in.Equipment, inc.in.People = slices.Clone(in.Equipment), slices.Clone(in.People)
	inc.record(EventIncidentReported, by, at, "", IncidentReported{Class: in.Class, Statutory: in.Statutory, Area: in.Area,
		OccurredAt: in.OccurredAt, Equipment: inc.in.Equipment, Related: inc.related})
	return inc
}

func (inc *Incident) stateError(action string) error {
	return &StateError{Record: "incident " + inc.id.String(), State: inc.state.String(), Action: action}
}

// investigate records the root cause and the class the investigation found (§8.3). It may be
// revised until the incident closes.
func (inc *Incident) investigate(in InvestigationInput, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "root_cause", in.RootCause, maxText, true)
	checkText(&v, "findings", in.Findings, maxText, false)
	checkClass(&v, "", in.Class, in.Statutory, inc.in.Injured)
	if err := v.Err(); err != nil {
		return err
	}
	if inc.state == IncidentStateClosed {
		return inc.stateError("investigate")
	}
	from := inc.state.String()
	inc.investigation, inc.investigatedAt, inc.investigatedBy = in, at, by.Ref()
	inc.state = IncidentStateInvestigated
	inc.record(EventIncidentInvestigated, by, at, from, IncidentInvestigated{RootCause: in.RootCause, Class: in.Class, Statutory: in.Statutory})
	return nil
}

// addAction adds a corrective or preventive action once the root cause is known (§8.3).
func (inc *Incident) addAction(id uuid.UUID, in ActionInput, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	if !in.Kind.Valid() {
		v.AddCode("kind", in.Kind.String(), dealerkit.ReasonUnknownValue, "unknown action kind")
	}
	checkText(&v, "description", in.Description, maxText, true)
	if in.Owner.IsZero() {
		v.Required("owner")
	}
	switch {
	case in.Due.IsZero():
		v.Required("due")
	case !in.Due.After(at):
		v.AddCode("due", in.Due.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be in the future")
	}
	if len(inc.actions) >= maxList {
		v.AddCode("actions", fmt.Sprint(len(inc.actions)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxList))
	}
	if err := v.Err(); err != nil {
		return err
	}
	if inc.state != IncidentStateInvestigated {
		return inc.stateError("add an action") // §8.3: actions follow from the root cause
	}
	a := Action{ID: id, Kind: in.Kind, Description: in.Description, Owner: in.Owner, Due: stamp(in.Due)}
	inc.actions = append(inc.actions, a)
	inc.record(EventIncidentActionAdded, by, at, inc.state.String(), ActionChange{Action: a.ID, Kind: a.Kind, Owner: a.Owner, Due: a.Due})
	return nil
}

func (inc *Incident) action(id uuid.UUID) (*Action, error) {
	i := slices.IndexFunc(inc.actions, func(a Action) bool { return a.ID == id })
	if i < 0 {
		return nil, &NotFoundError{Record: "action of incident " + inc.id.String(), ID: id.String()}
	}
	return &inc.actions[i], nil
}

// completeAction records that an action was carried out.
func (inc *Incident) completeAction(id uuid.UUID, note string, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxText, true)
	if err := v.Err(); err != nil {
		return err
	}
	if inc.state == IncidentStateClosed {
		return inc.stateError("complete an action")
	}
	a, err := inc.action(id)
	if err != nil {
		return err
	}
	if !a.CompletedAt.IsZero() {
		return &StateError{Record: "action " + id.String(), State: "completed", Action: "complete"}
	}
	a.CompletedAt, a.CompletedBy, a.Note = at, by.Ref(), note
	inc.record(EventIncidentActionCompleted, by, at, inc.state.String(), ActionChange{Action: a.ID, Kind: a.Kind, Owner: a.Owner, Due: a.Due, Note: note})
	return nil
}

// checkAction records the effectiveness check of a completed action (§8.3): effective, or
// reopened to be done again. Who completed it does not check it.
func (inc *Incident) checkAction(id uuid.UUID, in VerifyInput, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", in.Note, maxText, !in.Closed)
	if err := v.Err(); err != nil {
		return err
	}
	if inc.state == IncidentStateClosed {
		return inc.stateError("check an action")
	}
	a, err := inc.action(id)
	if err != nil {
		return err
	}
	switch {
	case a.CompletedAt.IsZero() || a.Effective:
		state := "open"
		if a.Effective {
			state = "effective"
		}
		return &StateError{Record: "action " + id.String(), State: state, Action: "check"}
	case a.CompletedBy.Staff == by.Staff():
		return ErrOwnCorrection
	}
	a.CheckedAt, a.CheckedBy = at, by.Ref()
	typ := EventIncidentActionEffective
	if in.Closed {
		a.Effective = true
	} else {
		a.CompletedAt, a.CompletedBy, a.Note = time.Time{}, dealerkit.ActorRef{}, ""
		a.Rejections++
		typ = EventIncidentActionReopened
	}
	inc.record(typ, by, at, inc.state.String(), ActionChange{Action: a.ID, Kind: a.Kind, Owner: a.Owner, Due: a.Due, Note: in.Note})
	return nil
}

// close closes an investigated incident whose actions are all effective (§8.3).
func (inc *Incident) close(by dealerkit.Actor, at time.Time) error {
	if inc.state != IncidentStateInvestigated {
		return inc.stateError("close")
	}
	if len(inc.actions) == 0 || slices.ContainsFunc(inc.actions, func(a Action) bool { return !a.Effective }) {
		return ErrActionsOpen
	}
	from := inc.state.String()
	inc.state, inc.closedAt, inc.closedBy = IncidentStateClosed, at, by.Ref()
	inc.record(EventIncidentClosed, by, at, from, IncidentClosed{})
	return nil
}

func (inc *Incident) record(typ string, by dealerkit.Actor, at time.Time, from string, data any) {
	inc.events = append(inc.events, newEvent(inc.dealer, AggregateIncident, inc.id, typ, "§8.3", by, at, from, inc.state.String(), data))
}

// ID returns the incident's id.
func (inc *Incident) ID() uuid.UUID { return inc.id }

// Dealer returns the dealer.
func (inc *Incident) Dealer() dealerkit.DealerID { return inc.dealer }

// Version returns the stored version.
func (inc *Incident) Version() int64 { return inc.version }

// SetVersion is called by a repository once it is stored, and clears the pending events.
func (inc *Incident) SetVersion(v int64) { inc.version, inc.events = v, nil }

// PendingEvents returns the events not yet stored.
func (inc *Incident) PendingEvents() []dealerkit.Event { return slices.Clone(inc.events) }

// State returns where the incident stands.
func (inc *Incident) State() IncidentState { return inc.state }

// Class returns the class: the investigation's once there is one, else the report's.
func (inc *Incident) Class() IncidentClass {
	if inc.investigation.Class != 0 {
		return inc.investigation.Class
	}
	return inc.in.Class
}

// StatutoryClass returns the statutory class, likewise.
func (inc *Incident) StatutoryClass() StatutoryClass {
	if inc.investigation.Class != 0 {
		return inc.investigation.Statutory
	}
	return inc.in.Statutory
}

// Area returns the area it happened in.
func (inc *Incident) Area() Area { return inc.in.Area }

// OccurredAt returns when it happened.
func (inc *Incident) OccurredAt() time.Time { return inc.in.OccurredAt }

// EquipmentIDs returns the ids of the equipment involved.
func (inc *Incident) EquipmentIDs() []uuid.UUID { return slices.Clone(inc.equipmentIDs) }

// Related returns the earlier incidents on the same equipment or in the same area it repeats.
func (inc *Incident) Related() []uuid.UUID { return slices.Clone(inc.related) }

// Actions returns the corrective and preventive actions.
func (inc *Incident) Actions() []Action { return cloneActions(inc.actions) }

// cloneActions copies as, each with roles lists of its own.
func cloneActions(as []Action) []Action {
	out := slices.Clone(as)
	for i := range out {
		out[i].CompletedBy, out[i].CheckedBy = out[i].CompletedBy.Clone(), out[i].CheckedBy.Clone()
	}
	return out
}

// IncidentSnapshot is the stored form of an incident, and its JSON.
type IncidentSnapshot struct {
	ID             uuid.UUID          `json:"id"`
	Dealer         dealerkit.DealerID `json:"dealer"`
	Version        int64              `json:"version"`
	Report         IncidentInput      `json:"report"`
	EquipmentIDs   []uuid.UUID        `json:"equipment_ids"`
	Related        []uuid.UUID        `json:"related"`
	State          IncidentState      `json:"state"`
	ReportedAt     time.Time          `json:"reported_at"`
	ReportedBy     dealerkit.ActorRef `json:"reported_by"`
	Investigation  InvestigationInput `json:"investigation"`
	InvestigatedAt time.Time          `json:"investigated_at"`
	InvestigatedBy dealerkit.ActorRef `json:"investigated_by"`
	Actions        []Action           `json:"actions"`
	ClosedAt       time.Time          `json:"closed_at"`
	ClosedBy       dealerkit.ActorRef `json:"closed_by"`
}

// Snapshot returns the stored form, sharing nothing with the incident.
func (inc *Incident) Snapshot() IncidentSnapshot {
	s := IncidentSnapshot{ID: inc.id, Dealer: inc.dealer, Version: inc.version, Report: inc.in, EquipmentIDs: slices.Clone(inc.equipmentIDs),
		Related: slices.Clone(inc.related), State: inc.state, ReportedAt: inc.reportedAt, ReportedBy: inc.reportedBy.Clone(),
		Investigation: inc.investigation, InvestigatedAt: inc.investigatedAt, InvestigatedBy: inc.investigatedBy.Clone(),
		Actions: cloneActions(inc.actions), ClosedAt: inc.closedAt, ClosedBy: inc.closedBy.Clone()}
	s.Report.Equipment, s.Report.People = slices.Clone(inc.in.Equipment), slices.Clone(inc.in.People)
	if s.EquipmentIDs == nil {
		s.EquipmentIDs = []uuid.UUID{}
	}
	if s.Related == nil {
		s.Related = []uuid.UUID{}
	}
	if s.Actions == nil {
		s.Actions = []Action{}
	}
	if s.Report.Equipment == nil {
		s.Report.Equipment = []string{}
	}
	if s.Report.People == nil {
		s.Report.People = []dealerkit.StaffID{}
	}
	return s
}

// MarshalJSON encodes the snapshot.
func (inc *Incident) MarshalJSON() ([]byte, error) { return json.Marshal(inc.Snapshot()) }

// RestoreIncident rebuilds an incident from its snapshot, for repositories.
func RestoreIncident(s IncidentSnapshot) (*Incident, error) {
	var v dealerkit.ValidationError
	if s.ID == uuid.Nil {
		v.Required("id")
	}
	if s.Dealer.IsZero() {
		v.Required("dealer")
	}
	if !s.State.Valid() {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if !s.Report.Class.Valid() {
		v.AddCode("report.class", s.Report.Class.String(), dealerkit.ReasonUnknownValue, "unknown class")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	inc := &Incident{id: s.ID, dealer: s.Dealer, version: s.Version, in: s.Report, equipmentIDs: slices.Clone(s.EquipmentIDs),
		related: slices.Clone(s.Related), state: s.State, reportedAt: s.ReportedAt, reportedBy: s.ReportedBy.Clone(),
		investigation: s.Investigation, investigatedAt: s.InvestigatedAt, investigatedBy: s.InvestigatedBy.Clone(),
		actions: cloneActions(s.Actions), closedAt: s.ClosedAt, closedBy: s.ClosedBy.Clone()}
	inc.in.Equipment, inc.in.People = slices.Clone(s.Report.Equipment), slices.Clone(s.Report.People)
	return inc, nil
}
