package appraisal

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Appraisal is one staff member's appraisal for one period (§3.1(3), §6): computed from the
// recorded facts as a draft, reviewed by the manager, signed off by a manager who is not the one
// appraised, then frozen with the scheme version and every figure it was made with; the staff
// member acknowledges it or objects, and the manager's answer is recorded. Build one with the
// Service; adapters rebuild one with RestoreAppraisal.
type Appraisal struct {
	dealer   dealerkit.DealerID
	id       uuid.UUID
	version  int64
	state    State
	staff    dealerkit.StaffID
	role     string
	from, to time.Time
	rules    Rules
	bases    map[string]decimal.Decimal
	values   []MetricValue // facts-derived values, one per dimension, as last measured
	ratings  []Rating
	result   Result
	history  []Entry
	created  time.Time
	updated  time.Time
	signed   *Entry

	pending []dealerkit.Event
}

// Rating is the manager's rating of a manual dimension, with the written reason it needs
// (§3.1(3), §6.2).
type Rating struct {
	Dimension string             `json:"dimension"`
	Value     decimal.Decimal    `json:"value"`
	Reason    string             `json:"reason"`
	By        dealerkit.ActorRef `json:"by"`
	At        time.Time          `json:"at"`
}

// Entry is one step of an appraisal's history: who did what, when, and what they wrote.
type Entry struct {
	Step string             `json:"step"`
	By   dealerkit.ActorRef `json:"by"`
	At   time.Time          `json:"at"`
	Note string             `json:"note,omitempty"`
}

// Snapshot is the whole state of an appraisal as plain data: what adapters store and
// RestoreAppraisal reads back. Its JSON form is stable.
type Snapshot struct {
	Dealer    dealerkit.DealerID         `json:"dealer"`
	ID        uuid.UUID                  `json:"id"`
	Version   int64                      `json:"version"`
	State     State                      `json:"state"`
	Staff     dealerkit.StaffID          `json:"staff"`
	Role      string                     `json:"role"`
	From      time.Time                  `json:"from"`
	To        time.Time                  `json:"to"`
	Rules     Rules                      `json:"rules"`
	Bases     map[string]decimal.Decimal `json:"bases,omitempty"`
	Values    []MetricValue              `json:"values"`
	Ratings   []Rating                   `json:"ratings,omitempty"`
	Result    Result                     `json:"result"`
	History   []Entry                    `json:"history"`
	SignedOff *Entry                     `json:"signed_off,omitempty"`
	CreatedAt time.Time                  `json:"created_at"`
	UpdatedAt time.Time                  `json:"updated_at"`
}

// Steps of the workflow, as named in the history, the events and StateError.
const (
	StepDraft       = "draft"
	StepRecompute   = "recompute"
	StepRate        = "rate"
	StepSignOff     = "sign_off"
	StepAcknowledge = "acknowledge"
	StepObject      = "object"
	StepAnswer      = "answer"
)

// Steps lists the workflow's steps after the draft.
func Steps() []string {
	return []string{StepRecompute, StepRate, StepSignOff, StepAcknowledge, StepObject, StepAnswer}
}

// transitions is the workflow's table: the steps allowed in each state and the state they lead to.
var transitions = map[State]map[string]State{
	StateDraft:     {StepRecompute: StateDraft, StepRate: StateDraft, StepSignOff: StateSignedOff},
	StateSignedOff: {StepAcknowledge: StateAcknowledged, StepObject: StateObjected},
	StateObjected:  {StepAnswer: StateAnswered},
	StateAnswered:  {StepAcknowledge: StateAcknowledged},
}

// Allowed reports whether step may be taken in s, and the state it leads to.
func Allowed(s State, step string) (State, bool) {
	to, ok := transitions[s][step]
	return to, ok
}

func (a *Appraisal) check(step string) (State, error) {
	to, ok := Allowed(a.state, step)
	if !ok {
		return 0, &StateError{State: a.state, Step: step}
	}
	return to, nil
}

const maxText = 2000

func checkNote(v *dealerkit.ValidationError, field, s string, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.Required(field)
	case len(s) > maxText:
		v.AddCode(field, "", dealerkit.ReasonTooLong, fmt.Sprintf("at most %d bytes", maxText))
	default:
		v.CheckText(field, s)
	}
}

// newAppraisal builds a draft from measured values (§6).
func newAppraisal(id uuid.UUID, by dealerkit.Actor, at time.Time, m Member, from, to time.Time, r Rules, values []MetricValue) *Appraisal {
	a := &Appraisal{dealer: by.Dealer(), id: id, state: StateDraft, staff: m.Staff, role: m.Role, from: from.UTC(), to: to.UTC(),
		rules: r, bases: cloneBases(m.Bases), values: values, created: at, updated: at}
	a.rescore()
	a.history = append(a.history, Entry{Step: StepDraft, By: by.Ref(), At: at})
	a.record(EventDrafted, "§6.1", by, at, 0, a.scored())
	return a
}

// rescore scores the stored values and ratings under the appraisal's own rules.
func (a *Appraisal) rescore() {
	a.result = a.rules.Score(func(dm Dimension) MetricValue {
		if dm.Metric.Manual() {
			return a.ratingValue(dm)
		}
		for _, v := range a.values {
			if v.Metric == dm.Metric {
				return v
			}
		}
		return MetricValue{Metric: dm.Metric, Value: decimal.Zero, Records: []uuid.UUID{}}
	}, a.bases)
}

func (a *Appraisal) ratingValue(dm Dimension) MetricValue {
	for _, r := range a.ratings {
		if r.Dimension == dm.Key {
			return MetricValue{Metric: dm.Metric, Value: r.Value, Count: 1, Sample: 1, Records: []uuid.UUID{}, Note: r.Reason}
		}
	}
	return MetricValue{Metric: dm.Metric, Value: decimal.Zero, Records: []uuid.UUID{}, Note: "not rated yet"}
}

// Recompute measures the draft again from the facts as they stand (§6.2). A frozen appraisal is
// refused: it keeps the figures it was signed off with (§9.1).
func (a *Appraisal) Recompute(by dealerkit.Actor, at time.Time, values []MetricValue) error {
	to, err := a.check(StepRecompute)
	if err != nil {
		return err
	}
	a.values = values
	a.rescore()
	a.finish(StepRecompute, to, by, at, "", EventRecomputed, "§6.2", a.scored())
	return nil
}

// RateInput is the manager's rating of a manual dimension.
type RateInput struct {
	Dimension string          `json:"dimension"`
	Value     decimal.Decimal `json:"value"` // 0..100
	Reason    string          `json:"reason"`
}

// Rate sets a manual dimension in review (§3.1(3), §6.2): a value from 0 to 100 with a written
// reason. The manager appraised cannot rate themselves.
func (a *Appraisal) Rate(by dealerkit.Actor, at time.Time, in RateInput) error {
	to, err := a.check(StepRate)
	if err != nil {
		return err
	}
	if by.Staff() == a.staff {
		return ErrOwnAppraisal
	}
	var v dealerkit.ValidationError
	var dim *Dimension
	for i := range a.rules.Scheme.Dimensions {
		if a.rules.Scheme.Dimensions[i].Key == in.Dimension {
			dim = &a.rules.Scheme.Dimensions[i]
		}
	}
	switch {
	case strings.TrimSpace(in.Dimension) == "":
		v.Required("dimension")
	case dim == nil:
		v.AddCode("dimension", in.Dimension, dealerkit.ReasonUnknownValue, "no such dimension in the scheme")
	case !dim.Metric.Manual():
		v.AddErr("dimension", in.Dimension, ErrNotManual)
	}
	// Bounded (kernel bounds.go) before any comparison: comparing 1e-100000000 with 100 would
	// take as long as writing out its digits.
	if !v.Within("value", in.Value, dealerkit.PercentBound()) {
		// refused as out of range
	} else if in.Value.IsNegative() || in.Value.GreaterThan(hundred) {
		v.AddCode("value", in.Value.String(), dealerkit.ReasonOutOfRange, "must be between 0 and 100")
	} else if in.Value.Exponent() < -2 {
		v.AddCode("value", in.Value.String(), dealerkit.ReasonOutOfRange, "at most 2 decimal places")
	}
	checkNote(&v, "reason", in.Reason, true) // §6.2: a manager's rating carries a written reason
	if err := v.Err(); err != nil {
		return err
	}
	r := Rating{Dimension: in.Dimension, Value: in.Value, Reason: in.Reason, By: by.Ref(), At: at}
	a.ratings = slices.DeleteFunc(a.ratings, func(x Rating) bool { return x.Dimension == in.Dimension })
	a.ratings = append(a.ratings, r)
	a.rescore()
	a.finish(StepRate, to, by, at, in.Reason, EventRated, "§3.1(3)", RatedData{Dimension: r.Dimension, Value: r.Value,
		Reason: r.Reason, Scored: a.scored()})
	return nil
}

// SignOff freezes the appraisal (§3.1(3)): from now on it keeps its scheme version and figures
// whatever happens to the records behind them. A manager never signs off their own.
func (a *Appraisal) SignOff(by dealerkit.Actor, at time.Time, note string) error {
	to, err := a.check(StepSignOff)
	if err != nil {
		return err
	}
	if by.Staff() == a.staff {
		return ErrOwnAppraisal // §3.1(3)
	}
	var v dealerkit.ValidationError
	checkNote(&v, "note", note, false)
	if err := v.Err(); err != nil {
		return err
	}
	e := Entry{Step: StepSignOff, By: by.Ref(), At: at, Note: note}
	a.signed = &e
	a.finish(StepSignOff, to, by, at, note, EventSignedOff, "§3.1(3)", a.scored())
	return nil
}

// Acknowledge records that the staff member accepts the appraisal.
func (a *Appraisal) Acknowledge(by dealerkit.Actor, at time.Time) error {
	to, err := a.check(StepAcknowledge)
	if err != nil {
		return err
	}
	if by.Staff() != a.staff {
		return ErrNotYours
	}
	a.finish(StepAcknowledge, to, by, at, "", EventAcknowledged, "§3.1(3)", nil)
	return nil
}

// Object records the staff member's objection, with their reason; it goes back to the manager
// (§3.1(3): feedback both ways).
func (a *Appraisal) Object(by dealerkit.Actor, at time.Time, reason string) error {
	to, err := a.check(StepObject)
	if err != nil {
		return err
	}
	if by.Staff() != a.staff {
		return ErrNotYours
	}
	var v dealerkit.ValidationError
	checkNote(&v, "reason", reason, true)
	if err := v.Err(); err != nil {
		return err
	}
	a.finish(StepObject, to, by, at, reason, EventObjected, "§3.1(3)", NoteData{Note: reason})
	return nil
}

// Answer records the manager's answer to an objection. The figures stay frozen: a correction is a
// matter for the records and the next period, or a new scheme version (§6.4).
func (a *Appraisal) Answer(by dealerkit.Actor, at time.Time, answer string) error {
	to, err := a.check(StepAnswer)
	if err != nil {
		return err
	}
	if by.Staff() == a.staff {
		return ErrOwnAppraisal
	}
	var v dealerkit.ValidationError
	checkNote(&v, "answer", answer, true)
	if err := v.Err(); err != nil {
		return err
	}
	a.finish(StepAnswer, to, by, at, answer, EventAnswered, "§3.1(3)", NoteData{Note: answer})
	return nil
}

func (a *Appraisal) finish(step string, to State, by dealerkit.Actor, at time.Time, note, typ, clause string, data any) {
	from := a.state
	a.state = to
	a.updated = at
	a.history = append(a.history, Entry{Step: step, By: by.Ref(), At: at, Note: note})
	a.record(typ, clause, by, at, from, data)
}

func (a *Appraisal) record(typ, clause string, by dealerkit.Actor, at time.Time, from State, data any) {
	var raw json.RawMessage
	if data != nil {
		if b, err := json.Marshal(data); err == nil {
			raw = b
		}
	}
	a.pending = append(a.pending, dealerkit.Event{Dealer: a.dealer, Aggregate: "appraisal", AggregateID: a.id, Type: typ,
		Clause: clause, Actor: by.Ref(), At: at, From: from.String(), To: a.state.String(), Data: raw})
}

func (a *Appraisal) scored() ScoredData {
	return ScoredData{Staff: a.staff, Role: a.role, Version: a.rules.Version, Complete: a.result.Complete, Total: a.result.Total,
		Grade: a.result.Grade, Reward: a.result.Reward, Penalty: a.result.Penalty}
}

// Dealer is the dealer the appraisal belongs to.
func (a *Appraisal) Dealer() dealerkit.DealerID { return a.dealer }

// ID is the appraisal's id.
func (a *Appraisal) ID() uuid.UUID { return a.id }

// Version is the stored version.
func (a *Appraisal) Version() int64 { return a.version }

// SetVersion is for adapters: once stored, the version is set and the pending events cleared.
func (a *Appraisal) SetVersion(v int64) { a.version, a.pending = v, nil }

// PendingEvents are the events recorded since the appraisal was created or loaded.
func (a *Appraisal) PendingEvents() []dealerkit.Event { return slices.Clone(a.pending) }

// State is where the appraisal stands.
func (a *Appraisal) State() State { return a.state }

// Staff is the staff member appraised.
func (a *Appraisal) Staff() dealerkit.StaffID { return a.staff }

// Role is the scheme's role.
func (a *Appraisal) Role() string { return a.role }

// From and To bound the period, [From, To).
func (a *Appraisal) From() time.Time { return a.from }

// To is the end of the period (exclusive).
func (a *Appraisal) To() time.Time { return a.to }

// Rules are the scheme version and rules the appraisal was made with.
func (a *Appraisal) Rules() Rules { return cloneRules(a.rules) }

// Result is the scored appraisal.
func (a *Appraisal) Result() Result { return cloneResult(a.result) }

// SignedOff is the sign-off, nil before.
func (a *Appraisal) SignedOff() *Entry { return cloneEntry(a.signed) }

// UpdatedAt is when it last changed.
func (a *Appraisal) UpdatedAt() time.Time { return a.updated }

// Snapshot returns a copy of the appraisal's state, sharing nothing with it.
func (a *Appraisal) Snapshot() Snapshot {
	return Snapshot{Dealer: a.dealer, ID: a.id, Version: a.version, State: a.state, Staff: a.staff, Role: a.role,
		From: a.from, To: a.to, Rules: cloneRules(a.rules), Bases: cloneBases(a.bases), Values: cloneValues(a.values),
		Ratings: cloneRatings(a.ratings), Result: cloneResult(a.result), History: cloneHistory(a.history), SignedOff: cloneEntry(a.signed),
		CreatedAt: a.created, UpdatedAt: a.updated}
}

// MarshalJSON is the snapshot's JSON.
func (a *Appraisal) MarshalJSON() ([]byte, error) { return json.Marshal(a.Snapshot()) }

// RestoreAppraisal rebuilds an appraisal from a stored snapshot. It is for adapters: it checks the
// snapshot is one the package could have produced but does not replay the rules.
func RestoreAppraisal(s Snapshot) (*Appraisal, error) {
	var v dealerkit.ValidationError
	if s.Dealer.IsZero() {
		v.Required("dealer")
	}
	if s.ID == (uuid.UUID{}) {
		v.Required("id")
	}
	if s.Staff.IsZero() {
		v.Required("staff")
	}
	if !s.State.Valid() {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if s.Version < 1 {
		v.AddCode("version", fmt.Sprint(s.Version), dealerkit.ReasonOutOfRange, "must be at least 1")
	}
	if !s.From.Before(s.To) {
		v.AddCode("to", s.To.String(), dealerkit.ReasonWrongOrder, "must be after from")
	}
	if s.State.Frozen() && s.SignedOff == nil {
		v.Required("signed_off")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	a := &Appraisal{dealer: s.Dealer, id: s.ID, version: s.Version, state: s.State, staff: s.Staff, role: s.Role,
		from: s.From.UTC(), to: s.To.UTC(), rules: cloneRules(s.Rules), bases: cloneBases(s.Bases), values: cloneValues(s.Values),
		ratings: cloneRatings(s.Ratings), result: cloneResult(s.Result), history: cloneHistory(s.History), created: s.CreatedAt.UTC(),
		updated: s.UpdatedAt.UTC(), signed: cloneEntry(s.SignedOff)}
	return a, nil
}

// cloneRatings, cloneHistory and cloneEntry copy with roles lists of their own, so an actor's
// roles changed in a copy handed out never change the appraisal.
func cloneRatings(rs []Rating) []Rating {
	out := slices.Clone(rs)
	for i := range out {
		out[i].By = out[i].By.Clone()
	}
	return out
}

func cloneHistory(es []Entry) []Entry {
	out := slices.Clone(es)
	for i := range out {
		out[i].By = out[i].By.Clone()
	}
	return out
}

func cloneEntry(e *Entry) *Entry {
	if e == nil {
		return nil
	}
	c := *e
	c.By = e.By.Clone()
	return &c
}

func cloneBases(m map[string]decimal.Decimal) map[string]decimal.Decimal {
	if m == nil {
		return nil
	}
	out := make(map[string]decimal.Decimal, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneValues(vs []MetricValue) []MetricValue {
	out := make([]MetricValue, len(vs))
	for i, v := range vs {
		out[i] = cloneValue(v)
	}
	return out
}

func cloneValue(v MetricValue) MetricValue {
	v.Records = slices.Clone(v.Records)
	if v.Records == nil {
		v.Records = []uuid.UUID{}
	}
	if v.ByCategory != nil {
		m := make(map[string]int, len(v.ByCategory))
		for k, n := range v.ByCategory {
			m[k] = n
		}
		v.ByCategory = m
	}
	return v
}

func cloneRules(r Rules) Rules {
	r.Scheme.Dimensions = slices.Clone(r.Scheme.Dimensions)
	r.Scheme.Outcomes = slices.Clone(r.Scheme.Outcomes)
	r.Bands = slices.Clone(r.Bands)
	return r
}

func cloneResult(r Result) Result {
	dims := make([]DimensionResult, len(r.Dimensions))
	for i, d := range r.Dimensions {
		d.Value = cloneValue(d.Value)
		dims[i] = d
	}
	r.Dimensions = dims
	r.Outcomes = slices.Clone(r.Outcomes)
	if r.Outcomes == nil {
		r.Outcomes = []OutcomeResult{}
	}
	return r
}
