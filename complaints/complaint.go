package complaints

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// Complainant is who complained and how to reach them. Reading it needs
// dealerkit.ActionViewComplainant (§5: confidentiality); a View without that permission has it
// blank.
type Complainant struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// CustomerRef is the DMS's own customer reference as text, if the host has one.
	CustomerRef string `json:"customer_ref,omitempty"`
	// Customer is the complainant as the host identifies customers (dealerkit.CustomerID): the
	// id a customer actor carries. It is optional: an anonymous complaint, or one taken on the
	// phone from someone the DMS does not know, has none, and no customer actor can reach it.
	// With it, a customer actor of that id sees the complaint and no other customer does (§2).
	Customer dealerkit.CustomerID `json:"customer,omitzero"`
}

// Key identifies the customer for repeat detection: the phone number's digits (without a leading
// 86 country code), else the lower-cased email, else the DMS customer id, else "" (unknown). It is
// derived from contact details, so adapters may index it but must not show it.
func (c Complainant) Key() string {
	var digits strings.Builder
	for _, r := range c.Phone {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	d := digits.String()
	if len(d) == 13 && strings.HasPrefix(d, "86") {
		d = d[2:]
	}
	switch {
	case d != "":
		return "tel:" + d
	case strings.TrimSpace(c.Email) != "":
		return "mail:" + strings.ToLower(strings.TrimSpace(c.Email))
	case strings.TrimSpace(c.CustomerRef) != "":
		return "ref:" + strings.TrimSpace(c.CustomerRef)
	}
	return ""
}

// Involved is a staff member a complaint names, with the role they had in the matter (the advisor
// who served the customer, the technicians who did the work).
type Involved struct {
	Staff dealerkit.StaffID `json:"staff"`
	Role  dealerkit.Role    `json:"role"`
}

// Source is the aftersales event an automatic complaint was opened from (§5.1). (Dealer, Seq) is
// unique among complaints: replaying the feed never opens a second one.
type Source struct {
	Seq  int64  `json:"seq"`
	Type string `json:"type"` // "repair_order.followed_up" or "repair_order.objected"
}

// Deadline is one step's deadline (§5.2 to §5.4): the business time allowed, counted from Start on
// the dealer's calendar with the clock stopped while waiting for the customer.
type Deadline struct {
	Step  Step `json:"step"`
	Round int  `json:"round"` // 0 for the first handling; n for the handling after the n-th reopening
	// Start is when the clock started (receipt, or the reopening).
	Start  time.Time `json:"start"`
	Budget Duration  `json:"budget"` // business time allowed
	// Due is the instant the budget runs out; zero while the clock is stopped.
	Due time.Time `json:"due,omitzero"`
	// MetAt is when the step was done; zero while it is not.
	MetAt time.Time `json:"met_at,omitzero"`
	// Missed records that the deadline passed before the step was done. It stays true once set,
	// even after the step is done.
	Missed bool `json:"missed,omitempty"`
	// EscalatedAt is when the miss was recorded and EscalatedTo the level it raised the complaint
	// to.
	EscalatedAt time.Time `json:"escalated_at,omitzero"`
	EscalatedTo Level     `json:"escalated_to,omitzero"`
	// Superseded: a reopening started a new round before this step was done, so it was neither
	// met nor missed.
	Superseded bool `json:"superseded,omitempty"`
}

// Pending reports whether the deadline still runs: not met, not missed, not superseded.
func (d Deadline) Pending() bool { return d.MetAt.IsZero() && !d.Missed && !d.Superseded }

// OnTime reports whether the step was done by its deadline.
func (d Deadline) OnTime() bool { return !d.MetAt.IsZero() && !d.Missed }

// Breach is a missed deadline, as Escalate reports it.
type Breach struct {
	Step  Step      `json:"step"`
	Round int       `json:"round"`
	Due   time.Time `json:"due"`
	Level Level     `json:"level"` // the level the complaint rose to
}

// Entry is one step of a complaint's history: who did what, when (§5.3: each step owned and timed).
type Entry struct {
	At      time.Time          `json:"at"`
	By      dealerkit.ActorRef `json:"by"`
	Command Command            `json:"command,omitzero"` // zero for the intake itself
	From    State              `json:"from,omitzero"`    // zero for the intake itself
	To      State              `json:"to"`
	Note    string             `json:"note,omitempty"`
}

// Complaint is the aggregate that carries a complaint from receipt to closing (§5). Its fields are
// unexported: it changes only through its methods, each of which checks the transition table
// (transitions.go) and the rule it implements, records an event and changes nothing when it
// refuses. Build one with NewComplaint (or Service.Record); adapters rebuild one with
// RestoreComplaint.
//
// Those methods are the domain rules, not a second door: they check no permission and no
// customer's reach and store nothing. The Service applies them inside Repository.Update with the
// §3 check and the event stored; adapters and contract suites use them directly. Hosts call the
// Service.
type Complaint struct {
	dealer        dealerkit.DealerID
	id            uuid.UUID
	version       int64
	state         State
	channel       Channel
	category      Category
	severity      Severity
	level         Level
	receivedAt    time.Time
	recordedAt    time.Time
	recordedBy    dealerkit.ActorRef
	description   string
	complainant   Complainant
	repairOrder   uuid.UUID
	vin           aftersales.VIN
	model         string
	staff         []Involved
	comeback      bool
	source        *Source
	intakeKey     string
	intakeFP      string
	repeatOf      uuid.UUID
	manager       dealerkit.StaffID
	rootCause     string
	solution      string
	deadlines     []Deadline
	pauses        []Span
	history       []Entry
	reopens       int
	policyVersion string
	closedAt      time.Time
	updatedAt     time.Time

	pending []dealerkit.Event // recorded since the complaint was created or loaded; stored with it
	// own is the Rules of policyVersion when the Service bound them (bindPolicy); not stored.
	own *Rules
}

// Snapshot is the whole state of a complaint as plain data: what adapters store and
// RestoreComplaint reads back. Its JSON form is stable: fields are only ever added. It holds the
// complainant's contact details: store it, never show it (use View).
type Snapshot struct {
	Dealer      dealerkit.DealerID `json:"dealer"`
	ID          uuid.UUID          `json:"id"`
	Version     int64              `json:"version"`
	State       State              `json:"state"`
	Channel     Channel            `json:"channel"`
	Category    Category           `json:"category"`
	Severity    Severity           `json:"severity"`
	Level       Level              `json:"level"`
	ReceivedAt  time.Time          `json:"received_at"`
	RecordedAt  time.Time          `json:"recorded_at"`
	RecordedBy  dealerkit.ActorRef `json:"recorded_by"`
	Description string             `json:"description"`
	Complainant Complainant        `json:"complainant"`
	RepairOrder uuid.UUID          `json:"repair_order,omitzero"`
	VIN         aftersales.VIN     `json:"vin,omitempty"`
	Model       string             `json:"model,omitempty"`
	Staff       []Involved         `json:"staff,omitempty"`
	Comeback    bool               `json:"comeback,omitempty"`
	Source      *Source            `json:"source,omitempty"`
	// IntakeKey is IntakeInput.Key; IntakeFingerprint identifies the request recorded under it,
	// so that the same key with another request is refused. Both are empty when none was given.
	IntakeKey         string            `json:"intake_key,omitempty"`
	IntakeFingerprint string            `json:"intake_fingerprint,omitempty"`
	RepeatOf          uuid.UUID         `json:"repeat_of,omitzero"`
	Manager           dealerkit.StaffID `json:"manager,omitzero"`
	RootCause         string            `json:"root_cause,omitempty"`
	Solution          string            `json:"solution,omitempty"`
	Deadlines         []Deadline        `json:"deadlines"`
	Pauses            []Span            `json:"pauses,omitempty"`
	History           []Entry           `json:"history"`
	Reopens           int               `json:"reopens,omitempty"`
	PolicyVersion     string            `json:"policy_version,omitempty"`
	ClosedAt          time.Time         `json:"closed_at,omitzero"`
	UpdatedAt         time.Time         `json:"updated_at"`
}

// Snapshot returns a copy of the complaint's state; changing it does not change the complaint.
func (c *Complaint) Snapshot() Snapshot {
	return Snapshot{
		Dealer: c.dealer, ID: c.id, Version: c.version, State: c.state, Channel: c.channel,
		Category: c.category, Severity: c.severity, Level: c.level, ReceivedAt: c.receivedAt,
		RecordedAt: c.recordedAt, RecordedBy: cloneRef(c.recordedBy), Description: c.description,
		Complainant: c.complainant, RepairOrder: c.repairOrder, VIN: c.vin, Model: c.model,
		Staff: slices.Clone(c.staff), Comeback: c.comeback, Source: clonePtr(c.source),
		IntakeKey: c.intakeKey, IntakeFingerprint: c.intakeFP, RepeatOf: c.repeatOf, Manager: c.manager, RootCause: c.rootCause, Solution: c.solution,
		Deadlines: slices.Clone(c.deadlines), Pauses: slices.Clone(c.pauses), History: c.History(),
		Reopens: c.reopens, PolicyVersion: c.policyVersion, ClosedAt: c.closedAt, UpdatedAt: c.updatedAt,
	}
}

// RestoreComplaint rebuilds a complaint from a stored snapshot. It is for adapters: it checks that
// the snapshot is one the package could have produced (dealer and id set, known state, channel,
// category, severity and level, version at least 1) but does not replay the rules.
func RestoreComplaint(s Snapshot) (*Complaint, error) {
	var v dealerkit.ValidationError
	if s.Dealer.IsZero() {
		v.AddCode("dealer", "", dealerkit.ReasonRequired, "required")
	}
	if s.ID == (uuid.UUID{}) {
		v.AddCode("id", "", dealerkit.ReasonRequired, "required")
	}
	if !stateEnum.Valid(s.State) {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if !s.Channel.Valid() {
		v.AddCode("channel", s.Channel.String(), dealerkit.ReasonUnknownValue, "unknown channel")
	}
	if !s.Category.Valid() {
		v.AddCode("category", s.Category.String(), dealerkit.ReasonUnknownValue, "unknown category")
	}
	if !s.Severity.Valid() {
		v.AddCode("severity", s.Severity.String(), dealerkit.ReasonUnknownValue, "unknown severity")
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
	// Rebuild, then copy through Snapshot so the complaint shares no slice or pointer with s.
	return complaintFrom(complaintFrom(s).Snapshot()), nil
}

func complaintFrom(s Snapshot) *Complaint {
	return &Complaint{
		dealer: s.Dealer, id: s.ID, version: s.Version, state: s.State, channel: s.Channel,
		category: s.Category, severity: s.Severity, level: s.Level, receivedAt: s.ReceivedAt,
		recordedAt: s.RecordedAt, recordedBy: s.RecordedBy, description: s.Description,
		complainant: s.Complainant, repairOrder: s.RepairOrder, vin: s.VIN, model: s.Model,
		staff: s.Staff, comeback: s.Comeback, source: s.Source, intakeKey: s.IntakeKey, intakeFP: s.IntakeFingerprint, repeatOf: s.RepeatOf,
		manager: s.Manager, rootCause: s.RootCause, solution: s.Solution, deadlines: s.Deadlines,
		pauses: s.Pauses, history: s.History, reopens: s.Reopens, policyVersion: s.PolicyVersion,
		closedAt: s.ClosedAt, updatedAt: s.UpdatedAt,
	}
}

// SetVersion is for adapters: after storing the complaint they set the version they stored, and
// clear the pending events they wrote.
func (c *Complaint) SetVersion(v int64) {
	c.version = v
	c.pending = nil
}

// PendingEvents are the events recorded since the complaint was created or loaded, for the adapter
// to store in the same transaction as the complaint.
func (c *Complaint) PendingEvents() []dealerkit.Event { return slices.Clone(c.pending) }

// Dealer is the dealer the complaint belongs to.
func (c *Complaint) Dealer() dealerkit.DealerID { return c.dealer }

// ID is the complaint's id.
func (c *Complaint) ID() uuid.UUID { return c.id }

// Version is the stored version, for optimistic concurrency.
func (c *Complaint) Version() int64 { return c.version }

// State is where the complaint stands.
func (c *Complaint) State() State { return c.state }

// Open reports whether the complaint is not closed.
func (c *Complaint) Open() bool { return c.state != StateClosed }

// Channel is how the complaint came in (§5.1).
func (c *Complaint) Channel() Channel { return c.channel }

// Category is what the complaint is about.
func (c *Complaint) Category() Category { return c.category }

// Severity sets the complaint's deadlines.
func (c *Complaint) Severity() Severity { return c.severity }

// Level is who the complaint is escalated to now.
func (c *Complaint) Level() Level { return c.level }

// ReceivedAt is when the dealership received the complaint (§5.1); the clock starts here.
func (c *Complaint) ReceivedAt() time.Time { return c.receivedAt }

// RecordedAt is when it was entered.
func (c *Complaint) RecordedAt() time.Time { return c.recordedAt }

// Description is the complaint in the customer's words.
func (c *Complaint) Description() string { return c.description }

// Complainant is who complained, with contact details. Services show it only to actors allowed
// dealerkit.ActionViewComplainant (see View).
func (c *Complaint) Complainant() Complainant { return c.complainant }

// Customer is the complainant's customer id; zero when the complaint is anonymous or the
// complainant unknown to the DMS.
func (c *Complaint) Customer() dealerkit.CustomerID { return c.complainant.Customer }

// CustomerKey is Complainant().Key(), for repeat detection and its index.
func (c *Complaint) CustomerKey() string { return c.complainant.Key() }

// RepairOrder is the linked repair order; zero when none.
func (c *Complaint) RepairOrder() uuid.UUID { return c.repairOrder }

// VIN is the vehicle's identification number; empty when unknown.
func (c *Complaint) VIN() aftersales.VIN { return c.vin }

// Model is the vehicle model, for §5.5 reports.
func (c *Complaint) Model() string { return c.model }

// Staff lists the staff members the complaint names.
func (c *Complaint) Staff() []Involved { return slices.Clone(c.staff) }

// Comeback reports whether the linked repair order was a comeback (返修) in aftersales.
func (c *Complaint) Comeback() bool { return c.comeback }

// Source is the aftersales event an automatic complaint came from; nil for one taken by staff.
func (c *Complaint) Source() *Source { return clonePtr(c.source) }

// IntakeKey is the idempotency key staff recorded the complaint under (IntakeInput.Key); empty
// when none was given. Adapters keep it in a column with a unique index per dealer (NULL when
// empty).
func (c *Complaint) IntakeKey() string { return c.intakeKey }

// RepeatOf is the earlier complaint of the same customer or vehicle inside the repeat window;
// zero when the complaint is not a repeat.
func (c *Complaint) RepeatOf() uuid.UUID { return c.repeatOf }

// IsRepeat reports whether the complaint is a repeat.
func (c *Complaint) IsRepeat() bool { return c.repeatOf != uuid.UUID{} }

// Manager is the manager the complaint was reported to (§5.2); zero before.
func (c *Complaint) Manager() dealerkit.StaffID { return c.manager }

// RootCause is the root cause from the policy's list (§5.5); empty until set.
func (c *Complaint) RootCause() string { return c.rootCause }

// Solution is the manager's latest solution (§5.3).
func (c *Complaint) Solution() string { return c.solution }

// Deadlines returns every deadline, met, missed, superseded or pending, in the order they were set.
func (c *Complaint) Deadlines() []Deadline { return slices.Clone(c.deadlines) }

// Pauses returns the times the clock was stopped waiting for the customer.
func (c *Complaint) Pauses() []Span { return slices.Clone(c.pauses) }

// Waiting reports whether the complaint is waiting for the customer now.
func (c *Complaint) Waiting() bool { return len(c.pauses) > 0 && c.pauses[len(c.pauses)-1].Open() }

// History returns every step with who took it and when.
func (c *Complaint) History() []Entry {
	out := slices.Clone(c.history)
	for i := range out {
		out[i].By = cloneRef(out[i].By)
	}
	return out
}

// Reopens counts reopenings (§5.4).
func (c *Complaint) Reopens() int { return c.reopens }

// PolicyVersion is the name of the policy version the complaint was received under, or last
// reopened under (§5.4): the version whose budgets and calendar its pending deadlines run on
// (§9.1).
func (c *Complaint) PolicyVersion() string { return c.policyVersion }

// roundStart is when the current round's clock started: receipt, or the last reopening.
func (c *Complaint) roundStart() time.Time {
	for _, d := range c.deadlines {
		if d.Round == c.reopens {
			return d.Start
		}
	}
	return c.receivedAt
}

// bindPolicy binds the rules of the complaint's own policy version, which its deadlines are
// recomputed with (§9.1); rules of another version are ignored.
func (c *Complaint) bindPolicy(own *Rules) {
	if own != nil && own.Version() == c.policyVersion {
		c.own = own
	}
}

// ownRules returns the rules of the complaint's own policy version: those bound by the Service,
// or r, the rules a command was handed, when none are (a caller driving the aggregate itself
// hands the version the complaint runs under).
func (c *Complaint) ownRules(r *Rules) *Rules {
	if c.own != nil {
		return c.own
	}
	return r
}

// ClosedAt is when the complaint was last closed; zero if it never was.
func (c *Complaint) ClosedAt() time.Time { return c.closedAt }

// UpdatedAt is when the complaint last changed.
func (c *Complaint) UpdatedAt() time.Time { return c.updatedAt }

// Missed counts the deadlines that were missed.
func (c *Complaint) Missed() int {
	n := 0
	for _, d := range c.deadlines {
		if d.Missed {
			n++
		}
	}
	return n
}

// NextDeadline is the earliest instant a pending deadline runs out; false when none will (the
// complaint is closed, every step is done, or the clock is stopped). Stores index it: the escalation
// scan asks for complaints whose next deadline is at or before now.
func (c *Complaint) NextDeadline() (time.Time, bool) {
	var next time.Time
	for _, d := range c.deadlines {
		if d.Pending() && !d.Due.IsZero() && (next.IsZero() || d.Due.Before(next)) {
			next = d.Due
		}
	}
	return next, !next.IsZero()
}

// record appends an event for a change that has been made and stamps the update time.
func (c *Complaint) record(typ, clause string, by dealerkit.ActorRef, at time.Time, from State, data any) {
	var raw json.RawMessage
	if data != nil {
		// The payloads are plain structs of this package; marshalling them cannot fail.
		raw, _ = json.Marshal(data)
	}
	fromName := "" // a new complaint comes from nowhere
	if stateEnum.Valid(from) {
		fromName = from.String()
	}
	c.updatedAt = at
	c.pending = append(c.pending, dealerkit.Event{
		Dealer: c.dealer, Aggregate: "complaint", AggregateID: c.id,
		Type: "complaint." + typ, Clause: clause, Actor: cloneRef(by), At: at,
		From: fromName, To: c.state.String(), Data: raw,
	})
}

func cloneRef(r dealerkit.ActorRef) dealerkit.ActorRef {
	r.Roles = slices.Clone(r.Roles)
	return r
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// MarshalJSON gives the Complaint's JSON form: its snapshot, the same as a store keeps.
func (x *Complaint) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }
