package aftersales

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// RepairOrder is the aggregate that carries a vehicle from reception to follow-up (§4). Its fields
// are unexported: it changes only through its methods, each of which checks the transition table
// (transitions.go) and the rule it implements, records an event and changes nothing when it
// refuses. Those methods are the domain internals: the Service applies them inside a Repository
// update after checking the actor, and storage adapters and adapters/storetest drive them
// directly. A host reads an order through its accessors and changes it through the Service (and
// parts.Service for what moves stock), never by calling them. Build one with Service.Open;
// adapters rebuild one with RestoreRepairOrder.
type RepairOrder struct {
	dealer        dealerkit.DealerID
	id            uuid.UUID
	number        string
	version       int64
	state         State
	openedBy      dealerkit.ActorRef
	reception     Reception
	lines         []Line
	clock         []ClockEntry
	notifications []Notification
	cleaning      *Cleaning
	inspections   []Inspection
	statement     *Statement
	responses     []Response
	payments      []Payment
	deliveredAt   time.Time
	deliveryKm    int64 // odometer as the vehicle left; 0 when not read
	survey        *Survey
	comebackOf    uuid.UUID
	cancellation  *Cancellation
	updatedAt     time.Time

	pending []dealerkit.Event // recorded since the order was loaded; stored with it
}

// Snapshot is the whole state of a repair order as plain data: what adapters store and
// RestoreRepairOrder reads back. Its JSON form is stable across versions of this package: fields
// are only ever added.
type Snapshot struct {
	Dealer        dealerkit.DealerID `json:"dealer"`
	ID            uuid.UUID          `json:"id"`
	Number        string             `json:"number"`
	Version       int64              `json:"version"`
	State         State              `json:"state"`
	OpenedBy      dealerkit.ActorRef `json:"opened_by"`
	Reception     Reception          `json:"reception"`
	Lines         []Line             `json:"lines"`
	Clock         []ClockEntry       `json:"clock,omitempty"`
	Notifications []Notification     `json:"notifications,omitempty"`
	Cleaning      *Cleaning          `json:"cleaning,omitempty"`
	Inspections   []Inspection       `json:"inspections,omitempty"`
	Statement     *Statement         `json:"statement,omitempty"`
	Responses     []Response         `json:"responses,omitempty"`
	Payments      []Payment          `json:"payments,omitempty"`
	DeliveredAt   time.Time          `json:"delivered_at,omitzero"`
	// DeliveryMileageKm is the odometer as the vehicle left, from which the warranty's distance
	// runs; 0 when it was not read.
	DeliveryMileageKm int64         `json:"delivery_mileage_km,omitempty"`
	Survey            *Survey       `json:"survey,omitempty"`
	ComebackOf        uuid.UUID     `json:"comeback_of,omitzero"`
	Cancellation      *Cancellation `json:"cancellation,omitempty"`
	UpdatedAt         time.Time     `json:"updated_at"`
}

// Snapshot returns a copy of the order's state that shares no slice, map or pointer with the order:
// changing it does not change the order, and a store may keep it as it is.
func (o *RepairOrder) Snapshot() Snapshot {
	s := Snapshot{
		Dealer: o.dealer, ID: o.id, Number: o.number, Version: o.version, State: o.state,
		OpenedBy: o.openedBy.Clone(), Reception: cloneReception(o.reception), Lines: o.Lines(),
		Clock: slices.Clone(o.clock), Notifications: o.Notifications(),
		Cleaning: o.Cleaning(), Inspections: o.Inspections(), Statement: o.Statement(),
		Responses: o.Responses(), Payments: o.Payments(),
		DeliveredAt: o.deliveredAt, DeliveryMileageKm: o.deliveryKm, Survey: o.Survey(), ComebackOf: o.comebackOf,
		Cancellation: o.Cancellation(), UpdatedAt: o.updatedAt,
	}
	return s
}

// RestoreRepairOrder rebuilds an order from a stored snapshot. It is for adapters: it checks that
// the snapshot is one the package could have produced (known state, dealer and id set, version at
// least 1) but does not replay the rules.
func RestoreRepairOrder(s Snapshot) (*RepairOrder, error) {
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
	if s.Version < 1 {
		v.AddCode("version", "", dealerkit.ReasonOutOfRange, "must be at least 1")
	}
	// What the flow always leaves behind by each state: an order without it could not have been
	// produced by this package and would break the rules that rely on it.
	if s.State >= StateSettled && s.State <= StateClosed && s.Statement == nil {
		v.AddCode("statement", "", dealerkit.ReasonRequired, "required from settled on")
	}
	if (s.State == StateDelivered || s.State == StateClosed) && s.DeliveredAt.IsZero() {
		v.AddCode("delivered_at", "", dealerkit.ReasonRequired, "required once delivered")
	}
	if s.State == StateClosed && s.Survey == nil {
		v.AddCode("survey", "", dealerkit.ReasonRequired, "required once closed")
	}
	if s.State == StateCancelled && s.Cancellation == nil {
		v.AddCode("cancellation", "", dealerkit.ReasonRequired, "required once cancelled")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	// Rebuild, then copy through Snapshot (deep) so the order shares no slice, map or pointer with s.
	shared := orderOf(s) // on the stack: only its deep Snapshot is kept
	o := orderOf(shared.Snapshot())
	return &o, nil
}

// orderOf is the order a snapshot describes, sharing its slices and pointers.
func orderOf(s Snapshot) RepairOrder {
	return RepairOrder{
		dealer: s.Dealer, id: s.ID, number: s.Number, version: s.Version, state: s.State,
		openedBy: s.OpenedBy, reception: s.Reception, lines: s.Lines, clock: s.Clock,
		notifications: s.Notifications, cleaning: s.Cleaning, inspections: s.Inspections,
		statement: s.Statement, responses: s.Responses, payments: s.Payments,
		deliveredAt: s.DeliveredAt, deliveryKm: s.DeliveryMileageKm, survey: s.Survey, comebackOf: s.ComebackOf,
		cancellation: s.Cancellation, updatedAt: s.UpdatedAt,
	}
}

// SetVersion is for adapters only: once the order and its pending events are stored, they set the
// version they stored, which also clears the pending events. Called anywhere else (inside an
// Update's fn, say) it would make the store write the change without its events.
func (o *RepairOrder) SetVersion(v int64) {
	o.version = v
	o.pending = nil
}

// PendingEvents are the events recorded since the order was created or loaded, for the adapter to
// store in the same transaction as the order.
func (o *RepairOrder) PendingEvents() []dealerkit.Event { return slices.Clone(o.pending) }

// Dealer is the dealer the order belongs to.
func (o *RepairOrder) Dealer() dealerkit.DealerID { return o.dealer }

// ID is the order's id.
func (o *RepairOrder) ID() uuid.UUID { return o.id }

// Number is the order number printed on documents, unique within the dealer.
func (o *RepairOrder) Number() string { return o.number }

// Version is the stored version, for optimistic concurrency.
func (o *RepairOrder) Version() int64 { return o.version }

// State is where the order stands.
func (o *RepairOrder) State() State { return o.state }

// OpenedBy is the advisor (or manager) who received the customer (§3.2(1)).
func (o *RepairOrder) OpenedBy() dealerkit.ActorRef { return o.openedBy.Clone() }

// VIN is the vehicle's identification number.
func (o *RepairOrder) VIN() VIN { return o.reception.VIN }

// Reception is what was recorded at arrival.
func (o *RepairOrder) Reception() Reception { return cloneReception(o.reception) }

// Customer is the customer's DMS id recorded at reception; zero for an unregistered walk-in.
func (o *RepairOrder) Customer() dealerkit.CustomerID { return o.reception.Customer.ID }

// MarshalJSON encodes the order as its Snapshot: the same form a store keeps.
func (o *RepairOrder) MarshalJSON() ([]byte, error) { return json.Marshal(o.Snapshot()) }

// UnmarshalJSON decodes a Snapshot and rebuilds the order from it as RestoreRepairOrder does.
func (o *RepairOrder) UnmarshalJSON(b []byte) error {
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	r, err := RestoreRepairOrder(s)
	if err != nil {
		return err
	}
	*o = *r
	return nil
}

// OpenedAt is when the customer arrived.
func (o *RepairOrder) OpenedAt() time.Time { return o.reception.ArrivedAt }

// UpdatedAt is when the order last changed.
func (o *RepairOrder) UpdatedAt() time.Time { return o.updatedAt }

// DeliveredAt is when the vehicle was handed back; zero before.
func (o *RepairOrder) DeliveredAt() time.Time { return o.deliveredAt }

// DeliveryMileageKm is the odometer reading recorded as the vehicle left, and whether one was.
func (o *RepairOrder) DeliveryMileageKm() (int64, bool) { return o.deliveryKm, o.deliveryKm != 0 }

// ComebackOf is the earlier order this one returns to inside its repair-quality warranty; zero
// when it is not a comeback.
func (o *RepairOrder) ComebackOf() uuid.UUID { return o.comebackOf }

// IsComeback reports whether the order is a comeback (返修).
func (o *RepairOrder) IsComeback() bool { return o.comebackOf != uuid.UUID{} }

// Lines returns copies of the order's lines.
func (o *RepairOrder) Lines() []Line {
	out := make([]Line, len(o.lines))
	for i, l := range o.lines {
		out[i] = cloneLine(l)
	}
	return out
}

// Line returns a copy of one line.
func (o *RepairOrder) Line(id uuid.UUID) (Line, bool) {
	i := o.lineIndex(id)
	if i < 0 {
		return Line{}, false
	}
	return cloneLine(o.lines[i]), true
}

// Clock returns the clock entries.
func (o *RepairOrder) Clock() []ClockEntry { return slices.Clone(o.clock) }

// Notifications returns the customer contacts (§4.2.3).
func (o *RepairOrder) Notifications() []Notification {
	return cloneEach(o.notifications, cloneNotification)
}

// Cleaning returns the cleaning record, if any.
func (o *RepairOrder) Cleaning() *Cleaning { return clonePtrWith(o.cleaning, cloneCleaning) }

// Inspections returns every quality-inspection report, failed ones too.
func (o *RepairOrder) Inspections() []Inspection {
	return cloneEach(o.inspections, cloneInspection)
}

// Reworks counts failed inspections (§4.4.1).
func (o *RepairOrder) Reworks() int {
	n := 0
	for _, in := range o.inspections {
		if !in.Passed {
			n++
		}
	}
	return n
}

// Responses returns the customer's answers at delivery (§4.5.3).
func (o *RepairOrder) Responses() []Response { return cloneEach(o.responses, cloneResponse) }

// Payments returns the payments received.
func (o *RepairOrder) Payments() []Payment { return cloneEach(o.payments, clonePayment) }

// Paid is the sum of the payments.
func (o *RepairOrder) Paid() decimal.Decimal {
	sum := decimal.Zero
	for _, p := range o.payments {
		sum = sum.Add(p.Amount)
	}
	return sum
}

// Survey returns the follow-up survey, if any.
func (o *RepairOrder) Survey() *Survey {
	if o.survey == nil {
		return nil
	}
	s := *o.survey
	s.By = s.By.Clone()
	s.Scores = make(map[string]int, len(o.survey.Scores))
	maps.Copy(s.Scores, o.survey.Scores)
	return &s
}

// Cancellation returns the cancellation record, if any.
func (o *RepairOrder) Cancellation() *Cancellation {
	return clonePtrWith(o.cancellation, cloneCancellation)
}

// NextPromise is the earliest promised time among dispatched, unfinished jobs (§4.2.3).
func (o *RepairOrder) NextPromise() (time.Time, bool) {
	var next time.Time
	for _, l := range o.lines {
		if l.Job != nil && !l.Job.Done() && (next.IsZero() || l.Job.PromisedAt.Before(next)) {
			next = l.Job.PromisedAt
		}
	}
	return next, !next.IsZero()
}

func (o *RepairOrder) lineIndex(id uuid.UUID) int {
	for i := range o.lines {
		if o.lines[i].ID == id {
			return i
		}
	}
	return -1
}

// record appends an event for a change that has been made and stamps the order's update time.
func (o *RepairOrder) record(typ, clause string, by dealerkit.Actor, at time.Time, from State, data any) {
	var raw json.RawMessage
	if data != nil {
		// The payloads are plain structs of this package; marshalling them cannot fail.
		raw, _ = json.Marshal(data)
	}
	fromName := "" // a new order comes from nowhere
	if from != 0 {
		fromName = from.String()
	}
	o.updatedAt = at
	o.pending = append(o.pending, dealerkit.Event{
		Dealer: o.dealer, Aggregate: "repair_order", AggregateID: o.id,
		Type: typ, Clause: clause, Actor: by.Ref(), At: at,
		From: fromName, To: o.state.String(), Data: raw,
	})
}

func cloneLine(l Line) Line {
	l.Equipment = slices.Clone(l.Equipment)
	l.ProposedBy = l.ProposedBy.Clone()
	l.Decision = clonePtrWith(l.Decision, func(d *Decision) { d.By = d.By.Clone() })
	l.Job = clonePtrWith(l.Job, func(j *Job) { j.DispatchedBy = j.DispatchedBy.Clone() })
	return l
}

// The copies the order hands out share nothing with it, actors' role lists included.

func cloneNotification(n *Notification) { n.By = n.By.Clone() }
func cloneCleaning(c *Cleaning)         { c.By = c.By.Clone() }
func cloneResponse(r *Response)         { r.By = r.By.Clone() }
func clonePayment(p *Payment)           { p.By = p.By.Clone() }
func cloneCancellation(c *Cancellation) { c.By = c.By.Clone() }

func cloneInspection(in *Inspection) {
	in.Inspector = in.Inspector.Clone()
	in.Checklist = slices.Clone(in.Checklist)
	in.Rework = slices.Clone(in.Rework)
}

// cloneEach copies xs and lets deepen replace what each copy still shares.
func cloneEach[T any](xs []T, deepen func(*T)) []T {
	if xs == nil {
		return nil
	}
	out := slices.Clone(xs)
	for i := range out {
		deepen(&out[i])
	}
	return out
}

// clonePtrWith copies *p and lets deepen replace what the copy still shares.
func clonePtrWith[T any](p *T, deepen func(*T)) *T {
	if p == nil {
		return nil
	}
	v := *p
	deepen(&v)
	return &v
}

func cloneReception(r Reception) Reception {
	r.Findings = slices.Clone(r.Findings)
	r.Belongings = slices.Clone(r.Belongings)
	r.Concerns = slices.Clone(r.Concerns)
	return r
}
