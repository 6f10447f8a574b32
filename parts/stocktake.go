package parts

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/enum"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// StocktakeState is where a stocktake stands (§3.4.4).
type StocktakeState uint8

// Stocktake states.
const (
	StocktakeCounting  StocktakeState = iota + 1 // book quantities frozen, counts being entered
	StocktakeSubmitted                           // every line counted, awaiting a manager's approval
	StocktakePosted                              // approved: variances posted as adjustments
	StocktakeCancelled                           // abandoned: nothing posted
)

var stocktakeStateEnum = enum.New[StocktakeState]("parts.stocktake_state", "state", "counting", "submitted", "posted", "cancelled")

// StocktakeStates lists every state.
func StocktakeStates() []StocktakeState { return stocktakeStateEnum.All() }

func (s StocktakeState) String() string { return stocktakeStateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s StocktakeState) LabelKey() string { return stocktakeStateEnum.LabelKey(s) }

// MarshalText implements encoding.TextMarshaler.
func (s StocktakeState) MarshalText() ([]byte, error) { return stocktakeStateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *StocktakeState) UnmarshalText(b []byte) (err error) {
	*s, err = stocktakeStateEnum.Unmarshal(b)
	return
}

// StocktakeCommand is an action on a stocktake, as its transition table names it.
type StocktakeCommand uint8

// Stocktake commands.
const (
	StocktakeCmdCount   StocktakeCommand = iota + 1 // §3.4.4 enter a count (a second one is a recount)
	StocktakeCmdSubmit                              // §3.4.4 hand the counts to a manager
	StocktakeCmdReopen                              // §3.4.4 the manager sends it back for more counting
	StocktakeCmdApprove                             // §3.1, §3.4.4 approve and post the variances
	StocktakeCmdCancel                              // abandon without posting
)

var stocktakeCommandEnum = enum.New[StocktakeCommand]("parts.stocktake_command", "command", "count", "submit", "reopen", "approve", "cancel")

// StocktakeCommands lists every command.
func StocktakeCommands() []StocktakeCommand { return stocktakeCommandEnum.All() }

func (c StocktakeCommand) String() string { return stocktakeCommandEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c StocktakeCommand) LabelKey() string { return stocktakeCommandEnum.LabelKey(c) }

// stocktakeTransitions is the stocktake's state machine.
var stocktakeTransitions = map[StocktakeState]map[StocktakeCommand]StocktakeState{
	StocktakeCounting:  {StocktakeCmdCount: StocktakeCounting, StocktakeCmdSubmit: StocktakeSubmitted, StocktakeCmdCancel: StocktakeCancelled},
	StocktakeSubmitted: {StocktakeCmdReopen: StocktakeCounting, StocktakeCmdApprove: StocktakePosted, StocktakeCmdCancel: StocktakeCancelled},
	StocktakePosted:    {},
	StocktakeCancelled: {},
}

// StocktakeAllowed reports whether the state machine lets cmd run in state s, and where it leads.
func StocktakeAllowed(s StocktakeState, cmd StocktakeCommand) (StocktakeState, bool) {
	to, ok := stocktakeTransitions[s][cmd]
	return to, ok
}

// Count is one count of a line (§3.4.4). Book is the row's on-hand when the count was entered:
// the frozen quantity plus every movement posted to the row since the freeze, so stock issued or
// received while the count goes on is accounted for and not mistaken for a variance.
type Count struct {
	Quantity decimal.Decimal    `json:"quantity"`
	By       dealerkit.ActorRef `json:"by"`
	At       time.Time          `json:"at"`
	Book     decimal.Decimal    `json:"book"`
	// Variance is Quantity − Book; VarianceValue its value at the row's cost when counted (an
	// estimate: the posted adjustment is costed when it is posted).
	Variance      decimal.Decimal `json:"variance"`
	VarianceValue decimal.Decimal `json:"variance_value"`
}

// MarshalJSON keeps the scale of the decimals.
func (c Count) MarshalJSON() ([]byte, error) { type plain Count; return exactJSON(plain(c)) }

// CountLine is one stock row being counted.
type CountLine struct {
	ID       uuid.UUID  `json:"id"`
	Part     uuid.UUID  `json:"part"`
	Number   PartNumber `json:"number"`
	Category string     `json:"category"`
	Bin      string     `json:"bin"`
	Unit     Unit       `json:"unit"`
	// Frozen and FrozenValue are the book quantity and value when the stocktake started.
	Frozen      decimal.Decimal `json:"frozen"`
	FrozenValue decimal.Decimal `json:"frozen_value"`
	Counts      []Count         `json:"counts,omitempty"`
	// Posted is the adjustment movement made of the variance, once approved; its value is the
	// real cost of the variance.
	Posted      uuid.UUID       `json:"posted,omitzero"`
	PostedValue decimal.Decimal `json:"posted_value"`
}

// MarshalJSON keeps the scale of the decimals.
func (l CountLine) MarshalJSON() ([]byte, error) { type plain CountLine; return exactJSON(plain(l)) }

// Last returns the latest count, if any.
func (l CountLine) Last() (Count, bool) {
	if len(l.Counts) == 0 {
		return Count{}, false
	}
	return l.Counts[len(l.Counts)-1], true
}

// NeedsRecount reports whether the latest count is over the rule's threshold and has not been
// confirmed (§3.4.4). An earlier count confirms it when it was made by a different counter and
// found the same variance: the same quantity, less what moved in or out of the row between the two
// counts (Count.Book follows the row). A second count that contradicts the first, or the same
// counter counting again, confirms nothing: the line is counted until two counters agree.
func (l CountLine) NeedsRecount(rule RecountRule) bool {
	c, ok := l.Last()
	if !ok || !rule.Over(c) {
		return false
	}
	for _, k := range l.Counts[:len(l.Counts)-1] {
		if k.By.Staff != c.By.Staff && k.Variance.Equal(c.Variance) {
			return false
		}
	}
	return true
}

// Over reports whether a count's variance is over the rule's threshold: its value over OverValue,
// its quantity over OverRate of the book, or anything at all found where the book says nothing.
func (r RecountRule) Over(c Count) bool {
	if c.Variance.IsZero() {
		return false
	}
	if r.OverValue.IsPositive() && c.VarianceValue.Abs().GreaterThan(r.OverValue) {
		return true
	}
	if !c.Book.IsPositive() {
		return true
	}
	return r.OverRate.IsPositive() && c.Variance.Abs().GreaterThan(c.Book.Mul(r.OverRate))
}

// Stocktake is a count of stock rows so that book and stock agree (§3.4(4), §3.4.4). Starting it
// freezes each row's book quantity; counts are entered line by line (blind, without the book
// quantity, when Blind); lines over the policy threshold are counted again; a manager who did not
// count approves the variances, which are posted as adjustment movements with the reason and the
// stocktake as reference.
type Stocktake struct {
	dealer    dealerkit.DealerID
	id        uuid.UUID
	number    string
	state     StocktakeState
	blind     bool
	scope     string
	rule      RecountRule
	lines     []CountLine
	startedBy dealerkit.ActorRef
	startedAt time.Time
	submitted *Note
	approved  *Note
	posting   uuid.UUID
	closing   *Note
	updatedAt time.Time
	version   int64
	recorder
}

// StocktakeInput starts a stocktake.
type StocktakeInput struct {
	Number string `json:"number"` // unique within the dealer; empty means the id
	// Blind hides the book quantities from the counters (CountSheet), so they count what is there
	// rather than confirm what the book says.
	Blind bool `json:"blind"`
	// Bins and Category narrow the count to some bins or one category; empty counts everything.
	Bins     []string `json:"bins"`
	Category string   `json:"category"`
	Reason   string   `json:"reason"` // "month-end", "annual", "cycle count A-parts" …
}

// NewStocktake freezes the book quantity of each row given (§3.4.4). The Service passes the rows
// of the scope with their parts, and the recount rule of the policy in force now. lineID makes
// the line ids.
func NewStocktake(id uuid.UUID, by dealerkit.Actor, at time.Time, in StocktakeInput, rows []*Stock,
	parts map[uuid.UUID]*Part, rule RecountRule, lineID func() uuid.UUID) (*Stocktake, error) {
	var v dealerkit.ValidationError
	if id == uuid.Nil || !by.Valid() {
		v.AddCode("id", "", dealerkit.ReasonRequired, "an id and a valid actor are required")
	}
	if strings.TrimSpace(in.Reason) == "" {
		v.AddCode("reason", "", dealerkit.ReasonRequired, "required")
	}
	if len(rows) == 0 {
		v.AddCode("scope", "", dealerkit.ReasonRequired, "no stock rows to count")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	st := &Stocktake{dealer: by.Dealer(), id: id, number: strings.TrimSpace(in.Number), state: StocktakeCounting,
		blind: in.Blind, scope: scopeText(in), rule: rule, startedBy: by.Ref(), startedAt: at, updatedAt: at}
	if st.number == "" {
		st.number = id.String()
	}
	for _, s := range rows {
		p := parts[s.Part()]
		if p == nil {
			continue
		}
		st.lines = append(st.lines, CountLine{ID: lineID(), Part: s.Part(), Number: p.Number(), Category: p.Category(),
			Bin: s.Bin(), Unit: p.Unit(), Frozen: s.OnHand(), FrozenValue: s.Value(), PostedValue: decimal.Zero})
	}
	slices.SortFunc(st.lines, func(a, b CountLine) int {
		return cmp.Or(cmp.Compare(a.Bin, b.Bin), cmp.Compare(a.Number, b.Number))
	})
	st.record(st.dealer, "stocktake", id, "started", "§3.4.4", by.Ref(), at, "", st.state.String(), StocktakeStartedPayload{len(st.lines), st.blind, st.scope})
	return st, nil
}

func scopeText(in StocktakeInput) string {
	var parts []string
	if len(in.Bins) > 0 {
		parts = append(parts, "bins "+strings.Join(in.Bins, ","))
	}
	if in.Category != "" {
		parts = append(parts, "category "+in.Category)
	}
	if len(parts) == 0 {
		parts = append(parts, "all stock")
	}
	return strings.Join(parts, "; ") + " (" + strings.TrimSpace(in.Reason) + ")"
}

func (st *Stocktake) check(cmd StocktakeCommand) (StocktakeState, error) {
	to, ok := StocktakeAllowed(st.state, cmd)
	if !ok {
		return 0, &StateError{Document: "stocktake", State: st.state.String(), Command: cmd.String()}
	}
	return to, nil
}

func (st *Stocktake) event(typ, clause string, by dealerkit.Actor, at time.Time, from StocktakeState, data any) {
	st.updatedAt = at
	st.record(st.dealer, "stocktake", st.id, typ, clause, by.Ref(), at, from.String(), st.state.String(), data)
}

// Count enters a count of a line (§3.4.4). book is the row as it stands now, so movements posted
// since the freeze are accounted for; the variance is valued at its cost. A line already counted
// is counted again (a recount); the latest count stands.
func (st *Stocktake) Count(by dealerkit.Actor, at time.Time, line uuid.UUID, qty decimal.Decimal, book *Stock, r dealerkit.Rounding) error {
	to, err := st.check(StocktakeCmdCount)
	if err != nil {
		return err
	}
	i := st.lineIndex(line)
	if i < 0 {
		return &LineError{Line: line, Err: ErrUnknownLine}
	}
	l := st.lines[i]
	if qty.IsNegative() || !l.Unit.Fits(qty) {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "quantity", Value: qty.String(), Reason: "must be at least 0 and fit the unit " + l.Unit.String()}}}
	}
	onHand, value := decimal.Zero, decimal.Zero
	if book != nil {
		onHand, value = book.OnHand(), book.Value()
	}
	c := Count{Quantity: qty, By: by.Ref(), At: at, Book: onHand, Variance: qty.Sub(onHand)}
	switch {
	case c.Variance.IsNegative():
		c.VarianceValue = dealerkit.Share(value, c.Variance.Neg(), onHand, r).Neg()
	case c.Variance.IsPositive() && book != nil:
		c.VarianceValue = book.foundValue(c.Variance, r, decimal.Zero)
	default:
		c.VarianceValue = decimal.Zero
	}
	from := st.state
	lines := slices.Clone(st.lines)
	lines[i].Counts = append(slices.Clone(l.Counts), c)
	st.lines, st.state = lines, to
	typ := "counted"
	if len(lines[i].Counts) > 1 {
		typ = "recounted"
	}
	st.event(typ, "§3.4.4", by, at, from, CountPayload{line, dealerkit.ExactDecimal(qty)})
	return nil
}

// Submit hands the counts to a manager (§3.4.4): every line must be counted, and every line over
// the recount threshold confirmed by a second counter (CountLine.NeedsRecount).
func (st *Stocktake) Submit(by dealerkit.Actor, at time.Time) error {
	to, err := st.check(StocktakeCmdSubmit)
	if err != nil {
		return err
	}
	for _, l := range st.lines {
		if len(l.Counts) == 0 {
			return &LineError{Line: l.ID, Err: ErrNotCounted}
		}
		if l.NeedsRecount(st.rule) {
			return &LineError{Line: l.ID, Err: ErrRecountNeeded} // §3.4.4
		}
	}
	from := st.state
	st.state = to
	st.submitted = &Note{At: at, By: by.Ref()}
	st.event("submitted", "§3.4.4", by, at, from, nil)
	return nil
}

// Reopen sends a submitted stocktake back for more counting (§3.4.4).
func (st *Stocktake) Reopen(by dealerkit.Actor, at time.Time, reason string) error {
	to, err := st.check(StocktakeCmdReopen)
	if err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "reason", Reason: "required"}}}
	}
	from := st.state
	st.state, st.submitted = to, nil
	st.event("reopened", "§3.4.4", by, at, from, ReasonPayload{reason})
	return nil
}

// Counted reports whether staff counted any line: counts and adjustments are separate duties, so
// they may not approve it (§3.4(4), §3.1).
func (st *Stocktake) Counted(staff dealerkit.StaffID) bool {
	for _, l := range st.lines {
		for _, c := range l.Counts {
			if c.By.Staff == staff {
				return true
			}
		}
	}
	return false
}

// Adjustment is a variance to post: the latest count less the book when it was counted.
type Adjustment struct {
	Line     uuid.UUID       `json:"line"`
	Part     uuid.UUID       `json:"part"`
	Bin      string          `json:"bin"`
	Quantity decimal.Decimal `json:"quantity"`
}

// Adjustments lists the lines with a variance, to be posted when the stocktake is approved.
func (st *Stocktake) Adjustments() []Adjustment {
	var out []Adjustment
	for _, l := range st.lines {
		if c, ok := l.Last(); ok && !c.Variance.IsZero() {
			out = append(out, Adjustment{Line: l.ID, Part: l.Part, Bin: l.Bin, Quantity: c.Variance})
		}
	}
	return out
}

// CheckApprover refuses an approver who counted (§3.4(4), §3.1).
func (st *Stocktake) CheckApprover(by dealerkit.Actor) error {
	if by.IsCustomer() || st.Counted(by.Staff()) {
		return ErrCounterApproves
	}
	return nil
}

// Approve records a manager's approval and the posting that adjusted stock by the variances
// (§3.1, §3.4.4). The approver may not have counted. posting is nil when nothing varied; otherwise
// its movements must be the stocktake's Adjustments, each referencing its count line
// (Movement.Reference.Line, from PostingLine.Line) for the part and bin of that line.
func (st *Stocktake) Approve(by dealerkit.Actor, at time.Time, posting *Posting) error {
	to, err := st.check(StocktakeCmdApprove)
	if err != nil {
		return err
	}
	if err := st.CheckApprover(by); err != nil {
		return err
	}
	from := st.state
	lines := slices.Clone(st.lines)
	value := decimal.Zero
	if posting != nil {
		for _, m := range posting.Movements() {
			i := st.lineIndex(m.Reference.Line)
			if i < 0 || lines[i].Part != m.Part || lines[i].Bin != m.Bin || lines[i].Posted != uuid.Nil {
				return &LineError{Line: m.Reference.Line, Err: ErrUnknownLine}
			}
			lines[i].Posted, lines[i].PostedValue = m.ID, m.Value
			value = value.Add(m.Value)
		}
		st.posting = posting.ID()
	}
	st.lines, st.state = lines, to
	st.approved = &Note{At: at, By: by.Ref()}
	st.event("approved", "§3.4.4", by, at, from, StocktakeApprovedPayload{st.posting, dealerkit.ExactDecimal(value)})
	return nil
}

// Cancel abandons the stocktake; nothing is posted. A submitted stocktake awaits a manager's
// judgement of its counts, so no one who counted it may cancel it (ErrCounterApproves, §3.4(4)).
func (st *Stocktake) Cancel(by dealerkit.Actor, at time.Time, reason string) error {
	to, err := st.check(StocktakeCmdCancel)
	if err != nil {
		return err
	}
	if st.state == StocktakeSubmitted {
		if err := st.CheckApprover(by); err != nil {
			return err
		}
	}
	if strings.TrimSpace(reason) == "" {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "reason", Reason: "required"}}}
	}
	from := st.state
	st.state = to
	st.closing = &Note{At: at, By: by.Ref(), Reason: reason}
	st.event("cancelled", "§3.4.4", by, at, from, nil)
	return nil
}

func (st *Stocktake) lineIndex(id uuid.UUID) int {
	return slices.IndexFunc(st.lines, func(l CountLine) bool { return l.ID == id })
}

// SheetLine is a line of the count sheet handed to the counters. Book is hidden (zero, and
// BookShown false) on a blind stocktake.
type SheetLine struct {
	Line      uuid.UUID       `json:"line"`
	Bin       string          `json:"bin"`
	Number    PartNumber      `json:"number"`
	Unit      Unit            `json:"unit"`
	Book      decimal.Decimal `json:"book"`
	BookShown bool            `json:"book_shown"`
	Counted   bool            `json:"counted"`
	Recount   bool            `json:"recount"` // over the threshold: count it again
}

// Sheet is the count sheet, in bin order (§3.4.4). On a blind stocktake it does not show the book
// quantities.
func (st *Stocktake) Sheet() []SheetLine {
	out := make([]SheetLine, len(st.lines))
	for i, l := range st.lines {
		out[i] = SheetLine{Line: l.ID, Bin: l.Bin, Number: l.Number, Unit: l.Unit, Book: decimal.Zero,
			Counted: len(l.Counts) > 0, Recount: l.NeedsRecount(st.rule)}
		if !st.blind {
			out[i].Book, out[i].BookShown = l.Frozen, true
		}
	}
	return out
}

// Variance is the stocktake's result: lines counted, lines with a variance, and the variance's
// quantity per line and value in total, as counted (estimated) and as posted.
type Variance struct {
	Lines            int             `json:"lines"`
	Varied           int             `json:"varied"`
	Gain             decimal.Decimal `json:"gain"`
	Loss             decimal.Decimal `json:"loss"`               // counted value over and under the book (estimates)
	Net              decimal.Decimal `json:"net"`                // Gain + Loss
	Posted           decimal.Decimal `json:"posted"`             // value of the posted adjustments
	Recounted        int             `json:"recounted"`          // lines counted more than once
	MovedDuringCount int             `json:"moved_during_count"` // lines whose row moved between the freeze and the count
}

// Variance sums the stocktake's variances (§3.4.4).
func (st *Stocktake) Variance() Variance {
	v := Variance{Lines: len(st.lines), Gain: decimal.Zero, Loss: decimal.Zero, Net: decimal.Zero, Posted: decimal.Zero}
	for _, l := range st.lines {
		c, ok := l.Last()
		if !ok {
			continue
		}
		if len(l.Counts) > 1 {
			v.Recounted++
		}
		if !c.Book.Equal(l.Frozen) {
			v.MovedDuringCount++
		}
		if c.Variance.IsZero() {
			continue
		}
		v.Varied++
		if c.VarianceValue.IsPositive() {
			v.Gain = v.Gain.Add(c.VarianceValue)
		} else {
			v.Loss = v.Loss.Add(c.VarianceValue)
		}
		v.Posted = v.Posted.Add(l.PostedValue)
	}
	v.Net = v.Gain.Add(v.Loss)
	return v
}

// Dealer is the dealer the stocktake belongs to.
func (st *Stocktake) Dealer() dealerkit.DealerID { return st.dealer }

// ID is the stocktake's id.
func (st *Stocktake) ID() uuid.UUID { return st.id }

// Number is the stocktake's number.
func (st *Stocktake) Number() string { return st.number }

// State is where the stocktake stands.
func (st *Stocktake) State() StocktakeState { return st.state }

// Blind reports whether counters do not see the book quantities.
func (st *Stocktake) Blind() bool { return st.blind }

// Rule is the recount rule frozen at the start.
func (st *Stocktake) Rule() RecountRule { return st.rule }

// Lines returns copies of the lines, with book quantities (for managers; counters get Sheet).
func (st *Stocktake) Lines() []CountLine {
	out := slices.Clone(st.lines)
	for i := range out {
		out[i].Counts = slices.Clone(out[i].Counts)
		for j := range out[i].Counts {
			out[i].Counts[j].By = out[i].Counts[j].By.Clone()
		}
	}
	return out
}

// StartedBy is who froze the book.
func (st *Stocktake) StartedBy() dealerkit.ActorRef { return st.startedBy.Clone() }

// StartedAt is when the book was frozen.
func (st *Stocktake) StartedAt() time.Time { return st.startedAt }

// Approved is the approval, once given.
func (st *Stocktake) Approved() *Note { return cloneNote(st.approved) }

// Posting is the adjustment posting; zero when nothing varied or before approval.
func (st *Stocktake) Posting() uuid.UUID { return st.posting }

// Version is the stored version.
func (st *Stocktake) Version() int64 { return st.version }

// SetVersion is for adapters, as Part.SetVersion.
func (st *Stocktake) SetVersion(v int64) { st.version, st.pending = v, nil }

// StocktakeSnapshot is the stored form of a stocktake.
type StocktakeSnapshot struct {
	Dealer    dealerkit.DealerID `json:"dealer"`
	ID        uuid.UUID          `json:"id"`
	Number    string             `json:"number"`
	State     StocktakeState     `json:"state"`
	Blind     bool               `json:"blind"`
	Scope     string             `json:"scope"`
	Rule      RecountRule        `json:"rule"`
	Lines     []CountLine        `json:"lines"`
	StartedBy dealerkit.ActorRef `json:"started_by"`
	StartedAt time.Time          `json:"started_at"`
	Submitted *Note              `json:"submitted,omitempty"`
	Approved  *Note              `json:"approved,omitempty"`
	Posting   uuid.UUID          `json:"posting,omitzero"`
	Closing   *Note              `json:"closing,omitempty"`
	UpdatedAt time.Time          `json:"updated_at"`
	Version   int64              `json:"version"`
}

// MarshalJSON keeps the scale of the rule's decimals.
func (r RecountRule) MarshalJSON() ([]byte, error) {
	type plain RecountRule
	return exactJSON(plain(r))
}

// Snapshot returns a copy of the stocktake, sharing nothing with it.
func (st *Stocktake) Snapshot() StocktakeSnapshot {
	return StocktakeSnapshot{Dealer: st.dealer, ID: st.id, Number: st.number, State: st.state, Blind: st.blind,
		Scope: st.scope, Rule: st.rule, Lines: st.Lines(), StartedBy: st.startedBy.Clone(), StartedAt: st.startedAt,
		Submitted: cloneNote(st.submitted), Approved: cloneNote(st.approved), Posting: st.posting,
		Closing: cloneNote(st.closing), UpdatedAt: st.updatedAt, Version: st.version}
}

// RestoreStocktake rebuilds a stored stocktake (for adapters).
func RestoreStocktake(s StocktakeSnapshot) (*Stocktake, error) {
	var v dealerkit.ValidationError
	restoreCommon(&v, s.Dealer, s.ID, s.Version)
	if !stocktakeStateEnum.Valid(s.State) {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	st := &Stocktake{dealer: s.Dealer, id: s.ID, number: s.Number, state: s.State, blind: s.Blind, scope: s.Scope,
		rule: s.Rule, lines: s.Lines, startedBy: s.StartedBy, startedAt: s.StartedAt, submitted: s.Submitted,
		approved: s.Approved, posting: s.Posting, closing: s.Closing, updatedAt: s.UpdatedAt, version: s.Version}
	c := st.Snapshot() // share nothing with s
	st.lines, st.startedBy, st.submitted, st.approved, st.closing = c.Lines, c.StartedBy, c.Submitted, c.Approved, c.Closing
	return st, nil
}

// MarshalJSON gives the Stocktake's JSON form: its snapshot, the same as a store keeps.
func (x *Stocktake) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x Adjustment) MarshalJSON() ([]byte, error) {
	type plain Adjustment
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x SheetLine) MarshalJSON() ([]byte, error) {
	type plain SheetLine
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x Variance) MarshalJSON() ([]byte, error) {
	type plain Variance
	return exactJSON(plain(x))
}
