package safety

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// DrillInput records an emergency drill that was held (§8.4).
type DrillInput struct {
	Kind     DrillKind `json:"kind"`
	Scenario string    `json:"scenario"`
	HeldAt   time.Time `json:"held_at"`
	// Leader ran the drill; Participants took part (the leader need not be listed again).
	Leader       dealerkit.StaffID   `json:"leader"`
	Participants []dealerkit.StaffID `json:"participants"`
	// Findings are what went wrong or could be better, each with a follow-up action.
	Findings []DrillFindingInput `json:"findings"`
}

// DrillFindingInput is a finding of a drill and its follow-up action.
type DrillFindingInput struct {
	Description string            `json:"description"`
	Action      string            `json:"action"`
	Owner       dealerkit.StaffID `json:"owner"`
	Due         time.Time         `json:"due"`
}

// DrillFinding is a finding of a drill, its follow-up action and when that was done.
type DrillFinding struct {
	ID          uuid.UUID          `json:"id"`
	Description string             `json:"description"`
	Action      string             `json:"action"`
	Owner       dealerkit.StaffID  `json:"owner"`
	Due         time.Time          `json:"due"`
	ClosedAt    time.Time          `json:"closed_at"`
	ClosedBy    dealerkit.ActorRef `json:"closed_by"`
	Note        string             `json:"note"`
}

// Drill is an emergency drill held (§8.4): its kind, scenario, leader, participants and findings
// with their follow-up actions. Safety training certificates are the training package's; a drill
// records who took part.
type Drill struct {
	id           uuid.UUID
	dealer       dealerkit.DealerID
	version      int64
	kind         DrillKind
	scenario     string
	heldAt       time.Time
	leader       dealerkit.StaffID
	participants []dealerkit.StaffID
	findings     []DrillFinding
	recordedAt   time.Time
	recordedBy   dealerkit.ActorRef
	events       []dealerkit.Event
}

func newDrill(id uuid.UUID, dealer dealerkit.DealerID, in DrillInput, ids func() uuid.UUID, by dealerkit.Actor, at time.Time) (*Drill, error) {
	var v dealerkit.ValidationError
	if !in.Kind.Valid() {
		v.AddCode("kind", in.Kind.String(), dealerkit.ReasonUnknownValue, "unknown drill kind")
	}
	checkText(&v, "scenario", in.Scenario, maxText, true)
	checkPast(&v, "held_at", in.HeldAt, at)
	if in.Leader.IsZero() {
		v.Required("leader")
	}
	if len(in.Participants) == 0 {
		v.Required("participants")
	}
	if len(in.Participants) > maxList {
		v.AddCode("participants", fmt.Sprint(len(in.Participants)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxList))
	}
	for i, p := range in.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		switch {
		case p.IsZero():
			v.Required(f)
		case slices.Index(in.Participants, p) < i:
			v.AddCode(f, p.String(), dealerkit.ReasonDuplicate, "listed twice")
		}
	}
	if len(in.Findings) > maxList {
		v.AddCode("findings", fmt.Sprint(len(in.Findings)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxList))
	}
	for i, f := range in.Findings {
		field := fmt.Sprintf("findings[%d]", i)
		checkText(&v, field+".description", f.Description, maxText, true)
		checkText(&v, field+".action", f.Action, maxText, true)
		if f.Owner.IsZero() {
			v.Required(field + ".owner")
		}
		switch {
		case f.Due.IsZero():
			v.Required(field + ".due")
		case !f.Due.After(in.HeldAt):
			v.AddCode(field+".due", f.Due.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be after the drill")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	d := &Drill{id: id, dealer: dealer, kind: in.Kind, scenario: in.Scenario, heldAt: stamp(in.HeldAt), leader: in.Leader,
		participants: slices.Clone(in.Participants), recordedAt: at, recordedBy: by.Ref()}
	for _, f := range in.Findings {
		d.findings = append(d.findings, DrillFinding{ID: ids(), Description: f.Description, Action: f.Action, Owner: f.Owner, Due: stamp(f.Due)})
	}
	d.record(EventDrillHeld, by, at, "", DrillHeld{Kind: d.kind, HeldAt: d.heldAt, Participants: len(d.participants), Findings: len(d.findings)})
	return d, nil
}

func (d *Drill) state() string {
	if slices.ContainsFunc(d.findings, func(f DrillFinding) bool { return f.ClosedAt.IsZero() }) {
		return "open"
	}
	return "closed"
}

// closeFinding records that a finding's follow-up action is done (§8.4).
func (d *Drill) closeFinding(id uuid.UUID, note string, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxText, true)
	if err := v.Err(); err != nil {
		return err
	}
	i := slices.IndexFunc(d.findings, func(f DrillFinding) bool { return f.ID == id })
	if i < 0 {
		return &NotFoundError{Record: "finding of drill " + d.id.String(), ID: id.String()}
	}
	f := &d.findings[i]
	if !f.ClosedAt.IsZero() {
		return &StateError{Record: "drill finding " + id.String(), State: "closed", Action: "close"}
	}
	from := d.state()
	f.ClosedAt, f.ClosedBy, f.Note = at, by.Ref(), note
	d.record(EventDrillFindingClosed, by, at, from, FindingChange{Finding: id, Note: note})
	return nil
}

func (d *Drill) record(typ string, by dealerkit.Actor, at time.Time, from string, data any) {
	d.events = append(d.events, newEvent(d.dealer, AggregateDrill, d.id, typ, "§8.4", by, at, from, d.state(), data))
}

// ID returns the drill's id.
func (d *Drill) ID() uuid.UUID { return d.id }

// Dealer returns the dealer.
func (d *Drill) Dealer() dealerkit.DealerID { return d.dealer }

// Version returns the stored version.
func (d *Drill) Version() int64 { return d.version }

// SetVersion is called by a repository once it is stored, and clears the pending events.
func (d *Drill) SetVersion(v int64) { d.version, d.events = v, nil }

// PendingEvents returns the events not yet stored.
func (d *Drill) PendingEvents() []dealerkit.Event { return slices.Clone(d.events) }

// Kind returns the drill's kind.
func (d *Drill) Kind() DrillKind { return d.kind }

// HeldAt returns when it was held.
func (d *Drill) HeldAt() time.Time { return d.heldAt }

// Took reports whether staff led or took part in the drill.
func (d *Drill) Took(staff dealerkit.StaffID) bool {
	return d.leader == staff || slices.Contains(d.participants, staff)
}

// Participants returns who took part.
func (d *Drill) Participants() []dealerkit.StaffID { return slices.Clone(d.participants) }

// Findings returns the findings.
func (d *Drill) Findings() []DrillFinding { return cloneDrillFindings(d.findings) }

// cloneDrillFindings copies fs, each with a roles list of its own.
func cloneDrillFindings(fs []DrillFinding) []DrillFinding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].ClosedBy = out[i].ClosedBy.Clone()
	}
	return out
}

// DrillSnapshot is the stored form of a drill, and its JSON.
type DrillSnapshot struct {
	ID           uuid.UUID           `json:"id"`
	Dealer       dealerkit.DealerID  `json:"dealer"`
	Version      int64               `json:"version"`
	Kind         DrillKind           `json:"kind"`
	Scenario     string              `json:"scenario"`
	HeldAt       time.Time           `json:"held_at"`
	Leader       dealerkit.StaffID   `json:"leader"`
	Participants []dealerkit.StaffID `json:"participants"`
	Findings     []DrillFinding      `json:"findings"`
	RecordedAt   time.Time           `json:"recorded_at"`
	RecordedBy   dealerkit.ActorRef  `json:"recorded_by"`
}

// Snapshot returns the stored form, sharing nothing with the drill.
func (d *Drill) Snapshot() DrillSnapshot {
	s := DrillSnapshot{ID: d.id, Dealer: d.dealer, Version: d.version, Kind: d.kind, Scenario: d.scenario, HeldAt: d.heldAt,
		Leader: d.leader, Participants: slices.Clone(d.participants), Findings: cloneDrillFindings(d.findings), RecordedAt: d.recordedAt, RecordedBy: d.recordedBy.Clone()}
	if s.Participants == nil {
		s.Participants = []dealerkit.StaffID{}
	}
	if s.Findings == nil {
		s.Findings = []DrillFinding{}
	}
	return s
}

// MarshalJSON encodes the snapshot.
func (d *Drill) MarshalJSON() ([]byte, error) { return json.Marshal(d.Snapshot()) }

// RestoreDrill rebuilds a drill from its snapshot, for repositories.
func RestoreDrill(s DrillSnapshot) (*Drill, error) {
	var v dealerkit.ValidationError
	if s.ID == uuid.Nil {
		v.Required("id")
	}
	if s.Dealer.IsZero() {
		v.Required("dealer")
	}
	if !s.Kind.Valid() {
		v.AddCode("kind", s.Kind.String(), dealerkit.ReasonUnknownValue, "unknown drill kind")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Drill{id: s.ID, dealer: s.Dealer, version: s.Version, kind: s.Kind, scenario: s.Scenario, heldAt: s.HeldAt, leader: s.Leader,
		participants: slices.Clone(s.Participants), findings: cloneDrillFindings(s.Findings), recordedAt: s.RecordedAt, recordedBy: s.RecordedBy.Clone()}, nil
}
