package complaints

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/enum"
	"github.com/google/uuid"
)

// CorrectiveState is where a corrective action stands (§5.5).
type CorrectiveState uint8

// The states of a corrective action.
const (
	CorrectiveOpen        CorrectiveState = iota + 1 // §5.5 owned and due, not done yet
	CorrectiveCompleted                              // done; the effectiveness check is pending
	CorrectiveEffective                              // complaints of the category fell
	CorrectiveIneffective                            // they did not: open a new action
)

var correctiveStateEnum = enum.New[CorrectiveState]("complaints.corrective_state", "state", "open", "completed", "effective", "ineffective")

// CorrectiveStates lists every state.
func CorrectiveStates() []CorrectiveState { return correctiveStateEnum.All() }

func (s CorrectiveState) String() string { return correctiveStateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s CorrectiveState) LabelKey() string { return correctiveStateEnum.LabelKey(s) }

// MarshalText implements encoding.TextMarshaler.
func (s CorrectiveState) MarshalText() ([]byte, error) { return correctiveStateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *CorrectiveState) UnmarshalText(b []byte) (err error) {
	*s, err = correctiveStateEnum.Unmarshal(b)
	return
}

// CorrectiveCommand is an action on a corrective action, as its transition table names it.
type CorrectiveCommand uint8

// The commands of a corrective action. Escalate, as for complaints, is the clock's doing.
const (
	CorrectiveComplete CorrectiveCommand = iota + 1 // §5.5 the owner reports the measure done
	CorrectiveCheck                                 // §5.5 the effectiveness check
)

var correctiveCommandEnum = enum.New[CorrectiveCommand]("complaints.corrective_command", "command", "complete", "check_effectiveness")

// CorrectiveCommands lists every command.
func CorrectiveCommands() []CorrectiveCommand { return correctiveCommandEnum.All() }

func (c CorrectiveCommand) String() string { return correctiveCommandEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c CorrectiveCommand) LabelKey() string { return correctiveCommandEnum.LabelKey(c) }

// correctiveTransitions is the corrective action's state machine.
var correctiveTransitions = map[CorrectiveState]map[CorrectiveCommand]CorrectiveState{
	CorrectiveOpen:        {CorrectiveComplete: CorrectiveCompleted},
	CorrectiveCompleted:   {CorrectiveCheck: CorrectiveEffective}, // CorrectiveIneffective when complaints did not fall
	CorrectiveEffective:   {},
	CorrectiveIneffective: {},
}

// CorrectiveAllowed reports whether the state machine lets cmd run in state s, and the state it
// leads to.
func CorrectiveAllowed(s CorrectiveState, cmd CorrectiveCommand) (CorrectiveState, bool) {
	to, ok := correctiveTransitions[s][cmd]
	return to, ok
}

// Effectiveness is the result of a corrective action's check (§5.5): complaints of its category
// received in the period before the action was opened against those in the same length of time
// after it was completed.
type Effectiveness struct {
	CheckedAt time.Time          `json:"checked_at"`
	CheckedBy dealerkit.ActorRef `json:"checked_by"` // zero when the escalation scan checked it
	Before    int                `json:"before"`
	After     int                `json:"after"`
	Effective bool               `json:"effective"`
}

// CorrectiveInput is a corrective measure decided in the §5.5 review.
type CorrectiveInput struct {
	Category    Category          `json:"category"`    // the category whose complaints it should reduce
	RootCause   string            `json:"root_cause"`  // from the policy's list
	Description string            `json:"description"` // what will be done
	Complaints  []uuid.UUID       `json:"complaints"`  // the complaints that prompted it, if any
	Owner       dealerkit.StaffID `json:"owner"`
	DueAt       time.Time         `json:"due_at"` // after the time it is opened
}

// CorrectiveAction is the aggregate of one corrective measure (§5.5): an owner, a due date, an
// escalation when it is overdue (like a complaint's deadline) and an effectiveness check after the
// policy's period. Build one with NewCorrectiveAction; adapters rebuild one with
// RestoreCorrectiveAction.
type CorrectiveAction struct {
	dealer        dealerkit.DealerID
	id            uuid.UUID
	version       int64
	state         CorrectiveState
	category      Category
	rootCause     string
	description   string
	complaints    []uuid.UUID
	owner         dealerkit.StaffID
	dueAt         time.Time
	openedAt      time.Time
	openedBy      dealerkit.ActorRef
	level         Level
	missed        bool
	escalatedAt   time.Time
	completedAt   time.Time
	completedBy   dealerkit.ActorRef
	completion    string
	period        time.Duration
	effectiveness *Effectiveness
	updatedAt     time.Time

	pending []dealerkit.Event
}

// CorrectiveSnapshot is the whole state of a corrective action as plain data, for adapters.
type CorrectiveSnapshot struct {
	Dealer        dealerkit.DealerID `json:"dealer"`
	ID            uuid.UUID          `json:"id"`
	Version       int64              `json:"version"`
	State         CorrectiveState    `json:"state"`
	Category      Category           `json:"category"`
	RootCause     string             `json:"root_cause"`
	Description   string             `json:"description"`
	Complaints    []uuid.UUID        `json:"complaints,omitempty"`
	Owner         dealerkit.StaffID  `json:"owner"`
	DueAt         time.Time          `json:"due_at"`
	OpenedAt      time.Time          `json:"opened_at"`
	OpenedBy      dealerkit.ActorRef `json:"opened_by"`
	Level         Level              `json:"level"`
	Missed        bool               `json:"missed,omitempty"`
	EscalatedAt   time.Time          `json:"escalated_at,omitzero"`
	CompletedAt   time.Time          `json:"completed_at,omitzero"`
	CompletedBy   dealerkit.ActorRef `json:"completed_by,omitzero"`
	Completion    string             `json:"completion,omitempty"`
	Period        Duration           `json:"period,omitempty"` // the effectiveness period, set at completion
	Effectiveness *Effectiveness     `json:"effectiveness,omitempty"`
	UpdatedAt     time.Time          `json:"updated_at"`
}

// NewCorrectiveAction opens a corrective action (§5.5). r is the policy in force, whose root-cause
// list the cause must come from. Every bad field is reported at once.
func NewCorrectiveAction(id uuid.UUID, by dealerkit.Actor, at time.Time, r *Rules, in CorrectiveInput) (*CorrectiveAction, error) {
	at = at.UTC()
	var v dealerkit.ValidationError
	if id == (uuid.UUID{}) {
		v.AddCode("id", "", dealerkit.ReasonRequired, "required")
	}
	if !by.Valid() {
		v.AddCode("actor", "", dealerkit.ReasonRequired, "a valid actor is required")
	}
	if r == nil {
		v.AddCode("rules", "", dealerkit.ReasonRequired, "the policy in force is required")
		return nil, v.Err()
	}
	if !in.Category.Valid() {
		v.AddCode("category", in.Category.String(), dealerkit.ReasonUnknownValue, "unknown category")
	}
	checkRootCause(&v, r, in.RootCause)
	if strings.TrimSpace(in.Description) == "" {
		v.AddCode("description", "", dealerkit.ReasonRequired, "required") // §5.5
	}
	if in.Owner.IsZero() {
		v.AddCode("owner", "", dealerkit.ReasonRequired, "required: every corrective action has an owner") // §5.5
	}
	if !in.DueAt.After(at) {
		v.AddCode("due_at", in.DueAt.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must lie after the action is opened") // §5.5
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	a := &CorrectiveAction{
		dealer: by.Dealer(), id: id, state: CorrectiveOpen, category: in.Category,
		rootCause: strings.TrimSpace(in.RootCause), description: strings.TrimSpace(in.Description),
		complaints: slices.Clone(in.Complaints), owner: in.Owner, dueAt: in.DueAt.UTC(),
		openedAt: at, openedBy: by.Ref(), level: LevelManager,
	}
	a.record("opened", by.Ref(), at, 0, CorrectiveOpenedPayload{a.category, a.rootCause, a.owner, a.dueAt})
	return a, nil
}

func (a *CorrectiveAction) check(cmd CorrectiveCommand) (CorrectiveState, error) {
	to, ok := CorrectiveAllowed(a.state, cmd)
	if !ok {
		return 0, &CorrectiveStateError{State: a.state, Command: cmd}
	}
	return to, nil
}

// Complete records that the owner carried the measure out (§5.5). Done after the due date, the
// overdue escalation is recorded first if the scan has not yet. The effectiveness check falls due
// the policy's period later.
func (a *CorrectiveAction) Complete(r *Rules, by dealerkit.Actor, at time.Time, note string) error {
	to, err := a.check(CorrectiveComplete)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if !by.Valid() || by.Dealer() != a.dealer {
		v.AddCode("actor", by.String(), dealerkit.ReasonRequired, "a valid actor of the action's dealer is required")
	}
	if r == nil {
		v.AddCode("rules", "", dealerkit.ReasonRequired, "the policy in force is required")
	}
	if strings.TrimSpace(note) == "" {
		v.AddCode("note", "", dealerkit.ReasonRequired, "required: what was done") // §5.5
	}
	if err := v.Err(); err != nil {
		return err
	}
	at = at.UTC()
	a.escalate(at)
	from := a.state
	a.state, a.completedAt, a.completedBy, a.completion = to, at, by.Ref(), strings.TrimSpace(note)
	a.period = r.p.EffectivenessPeriod.D()
	a.record("completed", by.Ref(), at, from, CorrectiveCompletedPayload{a.missed, a.CheckDueAt()})
	return nil
}

// Windows returns the two periods the effectiveness check compares (§5.5): the policy's period
// before the action was opened, and the same length after it was completed. Both are zero before
// completion.
func (a *CorrectiveAction) Windows() (before, after Span) {
	if a.completedAt.IsZero() {
		return Span{}, Span{}
	}
	return Span{From: a.openedAt.Add(-a.period), To: a.openedAt}, Span{From: a.completedAt, To: a.completedAt.Add(a.period)}
}

// CheckDueAt is when the effectiveness check falls due; zero before completion.
func (a *CorrectiveAction) CheckDueAt() time.Time {
	if a.completedAt.IsZero() {
		return time.Time{}
	}
	return a.completedAt.Add(a.period)
}

// Check records the effectiveness check (§5.5): before and after are the complaints of the
// action's category received in the two Windows. The action is effective when they fell (or
// there were none either side). It is refused with a *CheckError before the check is due. by is
// who checked; the zero ActorRef is the escalation scan.
func (a *CorrectiveAction) Check(by dealerkit.ActorRef, at time.Time, before, after int) error {
	to, err := a.check(CorrectiveCheck)
	if err != nil {
		return err
	}
	at = at.UTC()
	if at.Before(a.CheckDueAt()) {
		return &CheckError{DueAt: a.CheckDueAt()} // §5.5: only after the policy's period
	}
	if before < 0 || after < 0 {
		return invalid("counts", "", "must not be negative")
	}
	effective := after < before || (before == 0 && after == 0)
	if !effective {
		to = CorrectiveIneffective
	}
	from := a.state
	a.state = to
	a.effectiveness = &Effectiveness{CheckedAt: at, CheckedBy: cloneRef(by), Before: before, After: after, Effective: effective}
	a.record("checked", by, at, from, a.effectiveness)
	return nil
}

// Escalate records the overdue escalation (§5.5: overdue actions escalate like complaints): an
// open action past its due date is marked missed, for good, and rises one level, once. A second
// call records nothing more. It returns whether it escalated.
func (a *CorrectiveAction) Escalate(now time.Time) bool { return a.escalate(now.UTC()) }

func (a *CorrectiveAction) escalate(now time.Time) bool {
	if a.state != CorrectiveOpen || a.missed || !now.After(a.dueAt) {
		return false
	}
	a.level = a.level.up()
	a.missed, a.escalatedAt = true, now
	a.record("escalated", dealerkit.ActorRef{}, now, a.state, CorrectiveEscalatedPayload{a.dueAt, a.level})
	return true
}

// NextDeadline is when the scan must next look at the action: its due date while it is open and
// not yet escalated, its effectiveness check once completed; false when neither is pending. Stores
// index it like a complaint's.
func (a *CorrectiveAction) NextDeadline() (time.Time, bool) {
	switch {
	case a.state == CorrectiveOpen && !a.missed:
		return a.dueAt, true
	case a.state == CorrectiveCompleted:
		return a.CheckDueAt(), true
	}
	return time.Time{}, false
}

// Snapshot returns a copy of the action's state.
func (a *CorrectiveAction) Snapshot() CorrectiveSnapshot {
	return CorrectiveSnapshot{
		Dealer: a.dealer, ID: a.id, Version: a.version, State: a.state, Category: a.category,
		RootCause: a.rootCause, Description: a.description, Complaints: slices.Clone(a.complaints),
		Owner: a.owner, DueAt: a.dueAt, OpenedAt: a.openedAt, OpenedBy: cloneRef(a.openedBy),
		Level: a.level, Missed: a.missed, EscalatedAt: a.escalatedAt, CompletedAt: a.completedAt,
		CompletedBy: cloneRef(a.completedBy), Completion: a.completion, Period: Duration(a.period),
		Effectiveness: cloneEffectiveness(a.effectiveness), UpdatedAt: a.updatedAt,
	}
}

func cloneEffectiveness(e *Effectiveness) *Effectiveness {
	if e == nil {
		return nil
	}
	c := *e
	c.CheckedBy = cloneRef(e.CheckedBy)
	return &c
}

// RestoreCorrectiveAction rebuilds an action from a stored snapshot, for adapters. It checks the
// snapshot could have been produced by the package but does not replay the rules.
func RestoreCorrectiveAction(s CorrectiveSnapshot) (*CorrectiveAction, error) {
	var v dealerkit.ValidationError
	if s.Dealer.IsZero() {
		v.AddCode("dealer", "", dealerkit.ReasonRequired, "required")
	}
	if s.ID == (uuid.UUID{}) {
		v.AddCode("id", "", dealerkit.ReasonRequired, "required")
	}
	if !correctiveStateEnum.Valid(s.State) {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if !s.Category.Valid() {
		v.AddCode("category", s.Category.String(), dealerkit.ReasonUnknownValue, "unknown category")
	}
	if !levelEnum.Valid(s.Level) {
		v.AddCode("level", s.Level.String(), dealerkit.ReasonUnknownValue, "unknown level")
	}
	if s.Version < 1 {
		v.AddCode("version", "", dealerkit.ReasonOutOfRange, "must be at least 1")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &CorrectiveAction{
		dealer: s.Dealer, id: s.ID, version: s.Version, state: s.State, category: s.Category,
		rootCause: s.RootCause, description: s.Description, complaints: slices.Clone(s.Complaints),
		owner: s.Owner, dueAt: s.DueAt, openedAt: s.OpenedAt, openedBy: cloneRef(s.OpenedBy),
		level: s.Level, missed: s.Missed, escalatedAt: s.EscalatedAt, completedAt: s.CompletedAt,
		completedBy: cloneRef(s.CompletedBy), completion: s.Completion, period: s.Period.D(),
		effectiveness: cloneEffectiveness(s.Effectiveness), updatedAt: s.UpdatedAt,
	}, nil
}

// SetVersion is for adapters: after storing the action they set the version they stored, and
// clear the pending events they wrote.
func (a *CorrectiveAction) SetVersion(v int64) {
	a.version = v
	a.pending = nil
}

// PendingEvents are the events recorded since the action was created or loaded.
func (a *CorrectiveAction) PendingEvents() []dealerkit.Event { return slices.Clone(a.pending) }

// Dealer is the dealer the action belongs to.
func (a *CorrectiveAction) Dealer() dealerkit.DealerID { return a.dealer }

// ID is the action's id.
func (a *CorrectiveAction) ID() uuid.UUID { return a.id }

// Version is the stored version, for optimistic concurrency.
func (a *CorrectiveAction) Version() int64 { return a.version }

// State is where the action stands.
func (a *CorrectiveAction) State() CorrectiveState { return a.state }

// Category is the complaint category the action should reduce.
func (a *CorrectiveAction) Category() Category { return a.category }

// RootCause is the root cause it addresses.
func (a *CorrectiveAction) RootCause() string { return a.rootCause }

// Description is what will be done.
func (a *CorrectiveAction) Description() string { return a.description }

// Complaints are the complaints that prompted the action.
func (a *CorrectiveAction) Complaints() []uuid.UUID { return slices.Clone(a.complaints) }

// Owner is who answers for the action.
func (a *CorrectiveAction) Owner() dealerkit.StaffID { return a.owner }

// DueAt is when the action must be done.
func (a *CorrectiveAction) DueAt() time.Time { return a.dueAt }

// OpenedAt is when the action was opened.
func (a *CorrectiveAction) OpenedAt() time.Time { return a.openedAt }

// Level is who the action is escalated to now.
func (a *CorrectiveAction) Level() Level { return a.level }

// Missed reports whether the action became overdue (it stays true once set).
func (a *CorrectiveAction) Missed() bool { return a.missed }

// CompletedAt is when the action was done; zero before.
func (a *CorrectiveAction) CompletedAt() time.Time { return a.completedAt }

// UpdatedAt is when the action last changed.
func (a *CorrectiveAction) UpdatedAt() time.Time { return a.updatedAt }

// Effectiveness is the check's result; nil before the check.
func (a *CorrectiveAction) Effectiveness() *Effectiveness { return cloneEffectiveness(a.effectiveness) }

func (a *CorrectiveAction) record(typ string, by dealerkit.ActorRef, at time.Time, from CorrectiveState, data any) {
	var raw json.RawMessage
	if data != nil {
		raw, _ = json.Marshal(data) // plain structs of this package: cannot fail
	}
	fromName := ""
	if correctiveStateEnum.Valid(from) {
		fromName = from.String()
	}
	a.updatedAt = at
	a.pending = append(a.pending, dealerkit.Event{
		Dealer: a.dealer, Aggregate: "corrective_action", AggregateID: a.id,
		Type: "corrective_action." + typ, Clause: "§5.5", Actor: cloneRef(by), At: at,
		From: fromName, To: a.state.String(), Data: raw,
	})
}

// MarshalJSON gives the CorrectiveAction's JSON form: its snapshot, the same as a store keeps.
func (x *CorrectiveAction) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }
