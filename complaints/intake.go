package complaints

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// IntakeInput is a complaint as staff take it (§5.1).
type IntakeInput struct {
	Channel Channel `json:"channel"`
	// ReceivedAt is when the dealership received the complaint (an email that arrived overnight,
	// say); zero means when it is recorded. It may not lie in the future. The deadlines run from
	// it.
	ReceivedAt time.Time `json:"received_at"`
	Category   Category  `json:"category"`
	// Severity is the complaint's severity; zero means the policy's severity for the category.
	// One given overrides the policy; the "received" event records that staff set it and what
	// the policy said.
	Severity Severity `json:"severity"`
	// Description is the complaint in the customer's words. Required.
	Description string      `json:"description"`
	Complainant Complainant `json:"complainant"`
	// RepairOrder links the complaint to a repair order; the Service loads it and fills VIN,
	// model and staff from it where they are not given.
	RepairOrder uuid.UUID  `json:"repair_order"`
	VIN         string     `json:"vin"` // validated (check digit) when given
	Model       string     `json:"model"`
	Staff       []Involved `json:"staff"`
	// Key makes the intake idempotent (optional): a client's request id, at most 200 characters,
	// unique per dealer. Service.Record with a key already used returns the complaint recorded
	// under it when the rest of the input is the same, and a *KeyError when it is not. Kept as
	// Complaint.IntakeKey.
	Key string `json:"key"`
}

// maxKey is the longest intake key.
const maxKey = 200

// fingerprint identifies the request behind an intake key: the SHA-256 of the input as given
// (before the Service fills it from a repair order), without the key, the receipt time in UTC.
// Enums are taken as their numbers: their JSON refuses values that are not valid (a zero
// severity, say), and the fingerprint must not depend on it.
func (in IntakeInput) fingerprint() string {
	type involved struct {
		Staff string
		Role  uint8
	}
	plain := struct {
		Channel, Category, Severity uint8
		ReceivedAt                  string
		Description                 string
		Complainant                 Complainant
		RepairOrder                 string
		VIN, Model                  string
		Staff                       []involved
	}{uint8(in.Channel), uint8(in.Category), uint8(in.Severity), "", in.Description, in.Complainant,
		in.RepairOrder.String(), in.VIN, in.Model, nil}
	if !in.ReceivedAt.IsZero() {
		plain.ReceivedAt = in.ReceivedAt.UTC().Format(time.RFC3339Nano)
	}
	for _, s := range in.Staff {
		plain.Staff = append(plain.Staff, involved{s.Staff.String(), uint8(s.Role)})
	}
	b, _ := json.Marshal(plain) // strings and numbers only: cannot fail
	h := sha256.Sum256(append([]byte("complaints.intake\n"), b...))
	return hex.EncodeToString(h[:])
}

// facts are what the Service establishes around an intake: the linked order's comeback status,
// an earlier complaint this one repeats, the event an automatic complaint came from.
type facts struct {
	comeback bool
	repeatOf uuid.UUID
	source   *Source
	// fingerprint is the intake's (IntakeInput.fingerprint), taken before the Service filled it
	// from the repair order; empty means the input's own.
	fingerprint string
}

func (in IntakeInput) validate(at time.Time) (aftersales.VIN, error) {
	var v dealerkit.ValidationError
	if !in.Channel.Valid() {
		v.AddCode("channel", in.Channel.String(), dealerkit.ReasonUnknownValue, "unknown channel: phone, email, walk_in, online, follow_up_survey or delivery_objection") // §5.1
	}
	if !in.Category.Valid() {
		v.AddCode("category", in.Category.String(), dealerkit.ReasonUnknownValue, "unknown category")
	}
	if in.Severity != 0 && !in.Severity.Valid() {
		v.AddCode("severity", in.Severity.String(), dealerkit.ReasonUnknownValue, "unknown severity")
	}
	if strings.TrimSpace(in.Description) == "" {
		v.AddCode("description", "", dealerkit.ReasonRequired, "required: the complaint in the customer's words") // §5.1
	}
	if in.Key != "" && (strings.TrimSpace(in.Key) != in.Key || len(in.Key) > maxKey) {
		v.AddCode("key", in.Key, dealerkit.ReasonOutOfRange, "an intake key is at most 200 characters, without leading or trailing spaces")
	}
	if in.ReceivedAt.After(at) {
		v.AddCode("received_at", in.ReceivedAt.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "lies in the future") // §5.1
	}
	var vin aftersales.VIN
	if strings.TrimSpace(in.VIN) != "" {
		parsed, err := aftersales.ParseVIN(in.VIN)
		if err != nil {
			v.AddErr("vin", in.VIN, err)
		}
		vin = parsed
	}
	for i, s := range in.Staff {
		if s.Staff.IsZero() {
			v.AddCode(fmt.Sprintf("staff[%d].staff", i), "", dealerkit.ReasonRequired, "required")
		}
		if !s.Role.Valid() {
			v.AddCode(fmt.Sprintf("staff[%d].role", i), s.Role.String(), dealerkit.ReasonUnknownValue, "unknown role")
		}
	}
	return vin, v.Err()
}

// NewComplaint takes a complaint (§5.1). by is who records it, at when; r is the policy in force
// at receipt, which sets the severity (when the input names none), the deadlines and the calendar
// they run on. The complaint starts received, at the after-sales manager's level, with a
// "received" event pending. Every bad field is reported at once and nothing is built.
func NewComplaint(id uuid.UUID, by dealerkit.Actor, at time.Time, r *Rules, in IntakeInput) (*Complaint, error) {
	if !by.Valid() {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "actor", Reason: "a valid actor is required"}}}
	}
	return newComplaint(id, by.Dealer(), by.Ref(), at, r, in, facts{})
}

func newComplaint(id uuid.UUID, dealer dealerkit.DealerID, by dealerkit.ActorRef, at time.Time, r *Rules, in IntakeInput, f facts) (*Complaint, error) {
	vin, err := in.validate(at.UTC())
	return buildComplaint(id, dealer, by, at, r, in, vin, f, err)
}

// buildComplaint builds a complaint from an intake validate has checked already: invalid is what
// it said (nil when the input is valid) and vin the vehicle it parsed. It adds the checks of the
// id, the dealer and the rules, and reports every bad field at once.
func buildComplaint(id uuid.UUID, dealer dealerkit.DealerID, by dealerkit.ActorRef, at time.Time, r *Rules, in IntakeInput,
	vin aftersales.VIN, f facts, invalid error) (*Complaint, error) {
	at = at.UTC()
	var v dealerkit.ValidationError
	if invalid != nil {
		v = *invalid.(*dealerkit.ValidationError)
	}
	if id == (uuid.UUID{}) {
		v.AddCode("id", "", dealerkit.ReasonRequired, "required")
	}
	if dealer.IsZero() {
		v.AddCode("dealer", "", dealerkit.ReasonRequired, "required")
	}
	if r == nil {
		v.AddCode("rules", "", dealerkit.ReasonRequired, "the policy in force is required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	// Kept to the microsecond, as every store keeps it, so a store's filter on the receipt time
	// selects what Filter.Matches does.
	received := in.ReceivedAt.UTC().Truncate(time.Microsecond)
	if received.IsZero() {
		received = at
	}
	sev, policySev := in.Severity, r.SeverityOf(in.Category) // the severity comes from the policy (§5.1)
	var setBy string
	if sev == 0 {
		sev, policySev = policySev, 0
	} else {
		setBy = "staff" // staff chose it over the policy's: the event says so, and what the policy said
	}
	level := LevelManager // §3.1(4): the after-sales manager handles complaints
	if f.repeatOf != (uuid.UUID{}) {
		level = level.up() // a repeat complaint starts one level up
	}
	c := &Complaint{
		dealer: dealer, id: id, state: StateReceived, channel: in.Channel, category: in.Category,
		severity: sev, level: level, receivedAt: received, recordedAt: at, recordedBy: cloneRef(by),
		description: strings.TrimSpace(in.Description), complainant: trimContact(in.Complainant),
		repairOrder: in.RepairOrder, vin: vin, model: strings.TrimSpace(in.Model),
		staff: dedupeStaff(in.Staff), comeback: f.comeback, source: clonePtr(f.source),
		repeatOf: f.repeatOf, policyVersion: r.Version(),
	}
	if in.Key != "" {
		c.intakeKey, c.intakeFP = in.Key, cmp.Or(f.fingerprint, in.fingerprint())
	}
	// §5.2-§5.4: every step's deadline runs from receipt, in business time.
	c.startRound(r, received, Steps()...)
	c.history = append(c.history, Entry{At: at, By: cloneRef(by), To: StateReceived})
	var src int64
	if f.source != nil {
		src = f.source.Seq
	}
	c.record("received", "§5.1", by, at, 0, ReceivedPayload{c.channel, c.category, c.severity, c.level, received, c.repairOrder, string(c.vin), c.repeatOf, src, c.intakeKey, setBy, policySev, c.complainant.Customer})
	return c, nil
}

// startRound sets the deadlines of the given steps from start, for the current round.
func (c *Complaint) startRound(r *Rules, start time.Time, steps ...Step) {
	budgets := r.Deadlines(c.severity)
	for _, st := range steps {
		c.deadlines = append(c.deadlines, Deadline{Step: st, Round: c.reopens, Start: start, Budget: Duration(budgets.For(st))})
	}
	c.recompute(r.Calendar())
}

// recompute sets the due instant of every pending deadline from its start and budget, with the
// clock stopped during pauses; zero while a pause that has not ended stops it.
func (c *Complaint) recompute(cal *Calendar) {
	for i := range c.deadlines {
		d := &c.deadlines[i]
		if !d.Pending() {
			continue
		}
		due, ok := cal.AddExcluding(d.Start, d.Budget.D(), c.pauses)
		if !ok {
			due = time.Time{}
		}
		d.Due = due.UTC()
	}
}

func trimContact(c Complainant) Complainant {
	return Complainant{Name: strings.TrimSpace(c.Name), Phone: strings.TrimSpace(c.Phone),
		Email: strings.TrimSpace(c.Email), CustomerRef: strings.TrimSpace(c.CustomerRef), Customer: c.Customer}
}

func dedupeStaff(in []Involved) []Involved {
	var out []Involved
	for _, s := range in {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
