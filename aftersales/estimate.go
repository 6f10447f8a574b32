package aftersales

import (
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// LineInput describes an estimate line (§4.2.1) or proposed extra work (§4.3.2). Amounts are
// decimals; Quantity is standard hours for labour.
type LineInput struct {
	Kind        LineKind        `json:"kind"`
	Description string          `json:"description"`
	Operation   string          `json:"operation,omitempty"`
	PartNumber  string          `json:"part_number,omitempty"`
	Category    RepairCategory  `json:"category,omitzero"` // labour lines; defaults to CategoryMinor
	Skill       string          `json:"skill,omitempty"`
	Equipment   []string        `json:"equipment,omitempty"`
	Quantity    decimal.Decimal `json:"quantity"`
	UnitPrice   decimal.Decimal `json:"unit_price"`
	Discount    decimal.Decimal `json:"discount"` // a rate in [0, 1]
	PayType     PayType         `json:"pay_type"`
	// Origin is the kind of part a part line supplies; zero means OriginOriginal. It is shown to
	// the customer with the estimate, so approving the line is consent to it (§4.2.1). Labour
	// lines have none.
	Origin PartOrigin `json:"origin,omitzero"`
}

var one = decimal.NewFromInt(1)

func (in LineInput) validate() error {
	var v dealerkit.ValidationError
	in.check(&v)
	return v.Err()
}

// check adds the input's bad fields to v.
func (in LineInput) check(v *dealerkit.ValidationError) {
	v.CheckText("line", in)
	if !lineKindEnum.Valid(in.Kind) {
		v.AddCode("kind", in.Kind.String(), dealerkit.ReasonRequired, "labour or part is required")
	}
	if strings.TrimSpace(in.Description) == "" {
		v.AddCode("description", "", dealerkit.ReasonRequired, "required")
	}
	if in.Kind == LinePart && strings.TrimSpace(in.PartNumber) == "" {
		v.AddCode("part_number", "", dealerkit.ReasonRequired, "required on a part line")
	}
	if in.Kind == LineLabour && in.Category != 0 && !categoryEnum.Valid(in.Category) {
		v.AddCode("category", in.Category.String(), dealerkit.ReasonUnknownValue, "unknown repair category")
	}
	// Bounds first (§4.2.1, bounded numbers): nothing else compares a number beyond them.
	quantity := dealerkit.HoursBound() // labour hours, to the hundredth
	if in.Kind == LinePart {
		quantity = dealerkit.QuantityBound(3) // the catalogue's unit may allow fewer places
	}
	if v.Within("quantity", in.Quantity, quantity) && !in.Quantity.IsPositive() {
		v.AddCode("quantity", in.Quantity.String(), dealerkit.ReasonNotPositive, "must be positive")
	}
	if v.Within("unit_price", in.UnitPrice, dealerkit.PriceBound(dealerkit.DefaultCurrency)) && in.UnitPrice.IsNegative() {
		v.AddCode("unit_price", in.UnitPrice.String(), dealerkit.ReasonNegative, "must not be negative")
	}
	if v.Within("discount", in.Discount, dealerkit.RateBound()) && (in.Discount.IsNegative() || in.Discount.GreaterThan(one)) {
		v.AddCode("discount", in.Discount.String(), dealerkit.ReasonOutOfRange, "must be a rate between 0 and 1")
	}
	if !payTypeEnum.Valid(in.PayType) {
		v.AddCode("pay_type", in.PayType.String(), dealerkit.ReasonRequired, "customer, warranty or internal is required")
	}
	if in.Origin != 0 && !partOriginEnum.Valid(in.Origin) {
		v.AddCode("origin", in.Origin.String(), dealerkit.ReasonUnknownValue, "unknown part origin")
	} else if in.Origin != 0 && in.Kind != LinePart {
		v.AddCode("origin", in.Origin.String(), ReasonOnlyOnPartLines, "only a part line has an origin")
	}
}

func (in LineInput) line(id uuid.UUID, by dealerkit.Actor, at time.Time) Line {
	l := Line{ID: id, Kind: in.Kind, Description: strings.TrimSpace(in.Description),
		Operation: in.Operation, PartNumber: strings.TrimSpace(in.PartNumber), Skill: in.Skill,
		Equipment: append([]string(nil), in.Equipment...), Quantity: in.Quantity,
		UnitPrice: in.UnitPrice, Discount: in.Discount, PayType: in.PayType, Status: LineProposed,
		ProposedBy: by.Ref(), ProposedAt: at}
	if l.Kind == LineLabour {
		l.Category = in.Category
		if l.Category == 0 {
			l.Category = CategoryMinor
		}
	}
	if l.Kind == LinePart {
		l.Origin = in.Origin // §4.2.1: printed on the estimate the customer approves
		if l.Origin == 0 {
			l.Origin = OriginOriginal
		}
	}
	return l
}

// AddLine adds an estimate line (§4.2.1). It starts proposed: no work may be done on it until the
// customer approves it.
func (o *RepairOrder) AddLine(id uuid.UUID, by dealerkit.Actor, at time.Time, in LineInput) error {
	to, err := o.check(CmdAddLine)
	if err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return err
	}
	from := o.state
	o.lines = append(o.lines, in.line(id, by, at))
	o.state = to
	o.record(EventLineAdded, "§4.2.1", by, at, from, LineData{id})
	return nil
}

// RemoveLine withdraws a line the customer has not decided on yet.
func (o *RepairOrder) RemoveLine(id uuid.UUID, by dealerkit.Actor, at time.Time) error {
	to, err := o.check(CmdRemoveLine)
	if err != nil {
		return err
	}
	i := o.lineIndex(id)
	if i < 0 {
		return &LineError{Line: id, Err: ErrUnknownLine}
	}
	if o.lines[i].Status != LineProposed {
		return &LineError{Line: id, Err: ErrAlreadyDecided}
	}
	from := o.state
	o.lines = append(o.lines[:i:i], o.lines[i+1:]...)
	o.state = to
	o.record(EventLineRemoved, "§4.2.1", by, at, from, LineData{id})
	return nil
}

// DecisionInput is the customer's answer on one or more lines.
type DecisionInput struct {
	Lines    []uuid.UUID `json:"lines"`
	Approved bool        `json:"approved"`
	Channel  Channel     `json:"channel"` // §4.2.1: how the customer gave it (signature, phone, message, in person)
	Note     string      `json:"note,omitempty"`
}

// Decide records the customer's approval or refusal of proposed lines (§4.2.1 for the estimate,
// §4.3.2 for extra work), with who recorded it, when and through which channel. A refused line
// stays on the order as a declined recommendation. The first approval moves a received order to
// approved. The customer may also withdraw an approval, until work on the line starts.
func (o *RepairOrder) Decide(by dealerkit.Actor, at time.Time, in DecisionInput) error {
	to, err := o.check(CmdDecide)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if len(in.Lines) == 0 {
		v.AddCode("lines", "", dealerkit.ReasonRequired, "at least one line is required")
	}
	if !channelEnum.Valid(in.Channel) {
		v.AddCode("channel", in.Channel.String(), dealerkit.ReasonRequired, "how the customer answered is required") // §4.2.1
	}
	v.CheckText("note", in.Note)
	if err := v.Err(); err != nil {
		return err
	}
	idx := make([]int, len(in.Lines))
	withdrawn := false
	for k, id := range in.Lines {
		i := o.lineIndex(id)
		if i < 0 {
			return &LineError{Line: id, Err: ErrUnknownLine}
		}
		if err := o.decidable(o.lines[i], in.Approved); err != nil {
			return err
		}
		withdrawn = withdrawn || o.lines[i].Status == LineApproved
		idx[k] = i
	}
	status := LineDeclined
	if in.Approved {
		status = LineApproved
	}
	o.ownLines()
	for _, i := range idx {
		o.lines[i].Status = status
		o.lines[i].Decision = &Decision{Approved: in.Approved, By: by.Ref(), At: at, Channel: in.Channel, Note: in.Note}
		if !in.Approved {
			o.lines[i].Job = nil // a withdrawn job is no longer promised to anyone
		}
	}
	from := o.state
	if o.state != StateReceived || o.hasApprovedLine() {
		o.state = to
	}
	clause := "§4.2.1"
	if o.lines[idx[0]].Extra {
		clause = "§4.3.2"
	}
	typ := EventDeclined
	switch {
	case in.Approved:
		typ = EventApproved
	case withdrawn:
		typ = EventConsentWithdrawn
	}
	o.record(typ, clause, by, at, from, DecisionData{in.Lines, in.Channel})
	return nil
}

// decidable says whether the customer may give this decision on l: any decision on a proposed
// line; and on an approved one, a refusal (consent withdrawn, §4.2.1) as long as no work has been
// done on it and none of its parts are out of the store.
func (o *RepairOrder) decidable(l Line, approve bool) error {
	switch {
	case l.Status == LineProposed:
		return nil
	case l.Status != LineApproved || approve:
		return &LineError{Line: l.ID, Err: ErrAlreadyDecided}
	case l.Issued.IsPositive():
		return &LineError{Line: l.ID, Err: ErrPartsOutstanding}
	case o.workStarted(l.ID):
		return &LineError{Line: l.ID, Err: ErrWorkStarted}
	}
	return nil
}

// workStarted reports whether anyone has clocked time on the line.
func (o *RepairOrder) workStarted(line uuid.UUID) bool {
	for _, c := range o.clock {
		if c.Line == line {
			return true
		}
	}
	return false
}

func (o *RepairOrder) hasApprovedLine() bool {
	for _, l := range o.lines {
		if l.Status == LineApproved {
			return true
		}
	}
	return false
}

// Notify records a progress contact with the customer (§4.2.3).
func (o *RepairOrder) Notify(by dealerkit.Actor, at time.Time, ch Channel, message string) error {
	to, err := o.check(CmdNotify)
	if err != nil {
		return err
	}
	if err := validateContact(ch, message); err != nil {
		return err
	}
	from := o.state
	o.notifications = append(o.notifications, Notification{At: at, By: by.Ref(), Channel: ch, Message: message})
	o.state = to
	o.record(EventCustomerNotified, "§4.2.3", by, at, from, nil)
	return nil
}

func validateContact(ch Channel, message string) error {
	var v dealerkit.ValidationError
	if !channelEnum.Valid(ch) {
		v.AddCode("channel", ch.String(), dealerkit.ReasonUnknownValue, "unknown channel")
	}
	if strings.TrimSpace(message) == "" {
		v.AddCode("message", "", dealerkit.ReasonRequired, "required")
	}
	v.CheckText("message", message)
	return v.Err()
}

// Cancel records that the customer withdrew before any work was dispatched.
func (o *RepairOrder) Cancel(by dealerkit.Actor, at time.Time, reason string) error {
	to, err := o.check(CmdCancel)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if strings.TrimSpace(reason) == "" {
		v.AddCode("reason", "", dealerkit.ReasonRequired, "required")
	}
	v.CheckText("reason", reason)
	if err := v.Err(); err != nil {
		return err
	}
	for _, l := range o.lines {
		if l.Issued.IsPositive() {
			return &LineError{Line: l.ID, Err: ErrPartsOutstanding} // §3.4.3: return them first
		}
	}
	from := o.state
	o.cancellation = &Cancellation{At: at, By: by.Ref(), Reason: reason}
	o.state = to
	o.record(EventCancelled, "§4.2.1", by, at, from, nil)
	return nil
}
