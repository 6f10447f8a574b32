package parts

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/enum"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// POState is where a purchase order stands (§3.4.1, §3.4.2).
type POState uint8

// Purchase-order states.
const (
	PODraft          POState = iota + 1 // being drawn up; lines may change
	POOrdered                           // sent to the supplier, nothing received yet
	POPartlyReceived                    // some lines or quantities received
	POReceived                          // everything received, or the rest closed short
	POCancelled                         // withdrawn before anything was received
)

var poStateEnum = enum.New[POState]("parts.po_state", "state", "draft", "ordered", "partly_received", "received", "cancelled")

// POStates lists every state in flow order.
func POStates() []POState { return poStateEnum.All() }

func (s POState) String() string { return poStateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s POState) LabelKey() string { return poStateEnum.LabelKey(s) }

// ParsePOState parses the name String returns.
func ParsePOState(s string) (POState, error) { return poStateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s POState) MarshalText() ([]byte, error) { return poStateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *POState) UnmarshalText(b []byte) (err error) { *s, err = poStateEnum.Unmarshal(b); return }

// POCommand is an action on a purchase order, as its transition table names it.
type POCommand uint8

// Purchase-order commands.
const (
	POCmdAddLine        POCommand = iota + 1 // §3.4.1
	POCmdRemoveLine                          // §3.4.1
	POCmdPlace                               // §3.4.1 send to the supplier
	POCmdReceive                             // §3.4.2 goods arrive and are inspected
	POCmdCloseShort                          // §3.4.2 the rest will not come
	POCmdCancel                              // §3.4.1
	POCmdReverseReceipt                      // §3.4(1) a receipt posted in error is reversed
)

var poCommandEnum = enum.New[POCommand]("parts.po_command", "command", "add_line", "remove_line", "place",
	"receive", "close_short", "cancel", "reverse_receipt")

// POCommands lists every command.
func POCommands() []POCommand { return poCommandEnum.All() }

func (c POCommand) String() string { return poCommandEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c POCommand) LabelKey() string { return poCommandEnum.LabelKey(c) }

// poTransitions is the purchase order's state machine: for each state, the commands it allows and
// the state each leads to. Receiving and reversing a receipt have a second outcome, noted beside
// them.
var poTransitions = map[POState]map[POCommand]POState{
	PODraft: {POCmdAddLine: PODraft, POCmdRemoveLine: PODraft, POCmdPlace: POOrdered, POCmdCancel: POCancelled},
	POOrdered: {
		POCmdReceive: POPartlyReceived, // POReceived when nothing is outstanding
		POCmdCancel:  POCancelled,
	},
	POPartlyReceived: {
		POCmdReceive:        POPartlyReceived, // POReceived when nothing is outstanding
		POCmdCloseShort:     POReceived,
		POCmdReverseReceipt: POPartlyReceived, // POOrdered when nothing received remains
	},
	POReceived: {
		POCmdReverseReceipt: POPartlyReceived, // POOrdered when nothing received remains
	},
	POCancelled: {},
}

// POAllowed reports whether the state machine lets cmd run in state s, and the state it leads to.
func POAllowed(s POState, cmd POCommand) (POState, bool) {
	to, ok := poTransitions[s][cmd]
	return to, ok
}

// PurchaseLine is one part ordered.
type PurchaseLine struct {
	ID         uuid.UUID       `json:"id"`
	Part       uuid.UUID       `json:"part"`
	PartNumber PartNumber      `json:"part_number"`
	Unit       Unit            `json:"unit"`
	Quantity   decimal.Decimal `json:"quantity"`
	UnitCost   decimal.Decimal `json:"unit_cost"` // agreed cost per unit, 4 places
	Received   decimal.Decimal `json:"received"`  // accepted into stock, net of reversed receipts
	Rejected   decimal.Decimal `json:"rejected"`  // refused at inspection and sent back (§3.4.2)
	Closed     decimal.Decimal `json:"closed"`    // will not come: closed short
}

// MarshalJSON keeps the scale of the decimals.
func (l PurchaseLine) MarshalJSON() ([]byte, error) {
	type plain PurchaseLine
	return exactJSON(plain(l))
}

// Outstanding is what the supplier still owes: ordered less accepted and closed. Rejected goods
// stay outstanding: the supplier replaces them.
func (l PurchaseLine) Outstanding() decimal.Decimal { return l.Quantity.Sub(l.Received).Sub(l.Closed) }

// Receipt is one delivery (§3.4.2): what came, what passed the receiving inspection, at what cost.
type Receipt struct {
	ID           uuid.UUID          `json:"id"`
	Key          string             `json:"key"`         // the request's idempotency key
	Fingerprint  string             `json:"fingerprint"` // identifies the request behind the key
	At           time.Time          `json:"at"`
	By           dealerkit.ActorRef `json:"by"`
	Posting      uuid.UUID          `json:"posting,omitzero"` // the stock posting of what was accepted
	DeliveryNote string             `json:"delivery_note,omitempty"`
	OnTime       bool               `json:"on_time"` // delivered by the expected time
	Lines        []ReceiptLine      `json:"lines"`
	Reversed     bool               `json:"reversed,omitempty"`
}

// ReceiptLine is one purchase line in a delivery.
type ReceiptLine struct {
	Line         uuid.UUID       `json:"line"`
	Part         uuid.UUID       `json:"part"`
	Bin          string          `json:"bin"`
	Delivered    decimal.Decimal `json:"delivered"`
	Accepted     decimal.Decimal `json:"accepted"`
	Rejected     decimal.Decimal `json:"rejected"`
	RejectReason string          `json:"reject_reason,omitempty"`
	UnitCost     decimal.Decimal `json:"unit_cost"`
	// Value is the accepted quantity at the unit cost, rounded at this named point: the stock value
	// the receipt brings in.
	Value decimal.Decimal `json:"value"`
}

// MarshalJSON keeps the scale of the decimals.
func (l ReceiptLine) MarshalJSON() ([]byte, error) {
	type plain ReceiptLine
	return exactJSON(plain(l))
}

// Note is a dated, signed remark: why an order was cancelled or closed short.
type Note struct {
	At     time.Time          `json:"at"`
	By     dealerkit.ActorRef `json:"by"`
	Reason string             `json:"reason"`
}

// PurchaseOrder buys parts from one supplier (§3.4.1) and records what arrives (§3.4.2). It moves
// through an explicit state machine (poTransitions); a refused command returns a *StateError and
// changes nothing. Build one with NewPurchaseOrder; adapters rebuild one with
// RestorePurchaseOrder.
type PurchaseOrder struct {
	dealer     dealerkit.DealerID
	id         uuid.UUID
	number     string
	supplier   uuid.UUID
	state      POState
	lines      []PurchaseLine
	receipts   []Receipt
	createdBy  dealerkit.ActorRef
	createdAt  time.Time
	orderedAt  time.Time
	expectedAt time.Time
	closing    *Note
	updatedAt  time.Time
	version    int64
	recorder
}

// NewPurchaseOrder starts a draft order to supplier. number is the order number printed for the
// supplier, unique within the dealer; empty means the id.
func NewPurchaseOrder(id uuid.UUID, by dealerkit.Actor, at time.Time, supplier uuid.UUID, number string) (*PurchaseOrder, error) {
	var v dealerkit.ValidationError
	if id == uuid.Nil || !by.Valid() {
		v.AddCode("id", "", dealerkit.ReasonRequired, "an id and a valid actor are required")
	}
	if supplier == uuid.Nil {
		v.AddCode("supplier", "", dealerkit.ReasonRequired, "required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	number = strings.TrimSpace(number)
	if number == "" {
		number = id.String()
	}
	o := &PurchaseOrder{dealer: by.Dealer(), id: id, number: number, supplier: supplier, state: PODraft,
		createdBy: by.Ref(), createdAt: at, updatedAt: at}
	o.record(o.dealer, "purchase_order", id, "created", "§3.4.1", by.Ref(), at, "", o.state.String(), POCreatedPayload{number, supplier})
	return o, nil
}

func (o *PurchaseOrder) check(cmd POCommand) (POState, error) {
	to, ok := POAllowed(o.state, cmd)
	if !ok {
		return 0, &StateError{Document: "purchase_order", State: o.state.String(), Command: cmd.String()}
	}
	return to, nil
}

func (o *PurchaseOrder) event(typ string, by dealerkit.Actor, at time.Time, from POState, data any) {
	clause := "§3.4.1"
	if typ == "received" || typ == "closed_short" {
		clause = "§3.4.2"
	} else if typ == "receipt_reversed" {
		clause = "§3.4(1)"
	}
	o.updatedAt = at
	o.record(o.dealer, "purchase_order", o.id, typ, clause, by.Ref(), at, from.String(), o.state.String(), data)
}

// AddLine orders qty of part at unitCost (§3.4.1). The part must be active and sourced from the
// order's supplier in the catalogue; the quantity must fit the part's unit and the cost have at
// most 4 places.
func (o *PurchaseOrder) AddLine(id uuid.UUID, by dealerkit.Actor, at time.Time, part *Part, qty, unitCost decimal.Decimal) error {
	to, err := o.check(POCmdAddLine)
	if err != nil {
		return err
	}
	if !part.Active() {
		return ErrInactivePart
	}
	if _, ok := part.Source(o.supplier); !ok {
		return ErrNotSourced // §3.4.1: buy from the catalogue's sources
	}
	var v dealerkit.ValidationError
	if id == uuid.Nil || slices.ContainsFunc(o.lines, func(l PurchaseLine) bool { return l.ID == id }) {
		v.AddCode("line", id.String(), dealerkit.ReasonRequired, "a new line id is required")
	}
	if !qty.IsPositive() || !part.Unit().Fits(qty) {
		v.Add("quantity", qty.String(), "must be positive and fit the unit "+part.Unit().String())
	}
	if !unitCost.IsPositive() || !places(unitCost, 4) {
		v.AddCode("unit_cost", unitCost.String(), dealerkit.ReasonNotPositive, "must be positive with at most 4 places")
	}
	if err := v.Err(); err != nil {
		return err
	}
	from := o.state
	o.lines = append(o.lines, PurchaseLine{ID: id, Part: part.ID(), PartNumber: part.Number(), Unit: part.Unit(),
		Quantity: qty, UnitCost: unitCost, Received: decimal.Zero, Rejected: decimal.Zero, Closed: decimal.Zero})
	o.state = to
	o.event("line_added", by, at, from, POLinePayload{id})
	return nil
}

// RemoveLine drops a line of a draft.
func (o *PurchaseOrder) RemoveLine(by dealerkit.Actor, at time.Time, line uuid.UUID) error {
	to, err := o.check(POCmdRemoveLine)
	if err != nil {
		return err
	}
	i := o.lineIndex(line)
	if i < 0 {
		return &LineError{Line: line, Err: ErrUnknownLine}
	}
	from := o.state
	o.lines = slices.Delete(slices.Clone(o.lines), i, i+1)
	o.state = to
	o.event("line_removed", by, at, from, POLinePayload{line})
	return nil
}

// Place sends the order to the supplier (§3.4.1). expectedAt is when the goods are due, after
// at: the Service derives it from the sources' lead times when the caller gives none. On-time
// delivery is measured against it (§3.4(2)).
func (o *PurchaseOrder) Place(by dealerkit.Actor, at, expectedAt time.Time) error {
	to, err := o.check(POCmdPlace)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if len(o.lines) == 0 {
		v.AddCode("lines", "", dealerkit.ReasonRequired, "at least one line is required")
	}
	if expectedAt.Before(at) {
		v.AddCode("expected_at", expectedAt.Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must not be before the order is placed")
	}
	if err := v.Err(); err != nil {
		return err
	}
	from := o.state
	o.orderedAt, o.expectedAt, o.state = at, expectedAt.UTC(), to
	o.event("placed", by, at, from, POPlacedPayload{o.expectedAt})
	return nil
}

// ReceiptInput is a delivery to record against a purchase order (§3.4.2).
type ReceiptInput struct {
	// Key is the idempotency key: recording the same delivery twice with the same key returns the
	// first receipt; the key with another request is refused (ErrKeyReused).
	Key          string             `json:"key"`
	DeliveryNote string             `json:"delivery_note"` // the supplier's delivery note number
	Lines        []ReceiptLineInput `json:"lines"`
}

// ReceiptLineInput is one purchase line of a delivery (§3.4.2).
type ReceiptLineInput struct {
	Line      uuid.UUID       `json:"line"`
	Delivered decimal.Decimal `json:"delivered"` // what the supplier delivered
	// Rejected is what failed the receiving inspection and goes back to the supplier; it stays
	// outstanding on the order. Delivered − Rejected is accepted into stock.
	Rejected     decimal.Decimal `json:"rejected"`
	RejectReason string          `json:"reject_reason"`
	// UnitCost is the invoiced cost per unit, at most 4 places; zero means the line's agreed cost.
	UnitCost decimal.Decimal `json:"unit_cost"`
	// Bin is where the accepted goods go; empty means the part's default bin (the Service fills
	// it in before calling Receive).
	Bin string `json:"bin"`
}

// Receive records a delivery and its receiving inspection (§3.4.2): for each line the quantity
// delivered, what was rejected back to the supplier and why, the invoiced unit cost and the bin
// the accepted goods go to. The accepted value is rounded at the receipt line with r. More may not
// be accepted than is outstanding. The order becomes received when nothing is outstanding, and
// otherwise partly received. posting is the id of the stock posting the Service makes of the
// accepted quantities, in the same transaction.
// fp identifies the request (see ReceiptInput.Key).
func (o *PurchaseOrder) Receive(id uuid.UUID, by dealerkit.Actor, at time.Time, posting uuid.UUID,
	in ReceiptInput, fp string, r dealerkit.Rounding) (Receipt, error) {
	to, err := o.check(POCmdReceive)
	if err != nil {
		return Receipt{}, err
	}
	var v dealerkit.ValidationError
	lines := in.Lines
	if len(lines) == 0 {
		v.AddCode("lines", "", dealerkit.ReasonRequired, "at least one line is required")
	}
	if strings.TrimSpace(in.Key) == "" || len(in.Key) > maxKey {
		v.AddCode("key", in.Key, dealerkit.ReasonRequired, "an idempotency key of 1 to 200 characters is required")
	} else if _, ok := o.ReceiptByKey(in.Key); ok {
		v.AddCode("key", in.Key, dealerkit.ReasonDuplicate, "already used for another receipt of this order")
	}
	rc := Receipt{ID: id, Key: in.Key, Fingerprint: fp, At: at, By: by.Ref(), Posting: posting,
		DeliveryNote: strings.TrimSpace(in.DeliveryNote), OnTime: !at.After(o.expectedAt)}
	accepted := map[uuid.UUID]decimal.Decimal{}
	var over error
	for k, in := range lines {
		f := func(sub string) string { return indexed("lines", k, sub) }
		i := o.lineIndex(in.Line)
		if i < 0 {
			return Receipt{}, &LineError{Line: in.Line, Err: ErrUnknownLine}
		}
		l := o.lines[i]
		cost := in.UnitCost
		if cost.IsZero() {
			cost = l.UnitCost
		}
		if !in.Delivered.IsPositive() || !l.Unit.Fits(in.Delivered) {
			v.Add(f("delivered"), in.Delivered.String(), "must be positive and fit the unit "+l.Unit.String())
		}
		if in.Rejected.IsNegative() || in.Rejected.GreaterThan(in.Delivered) || !l.Unit.Fits(in.Rejected) {
			v.AddCode(f("rejected"), in.Rejected.String(), dealerkit.ReasonOutOfRange, "must be between 0 and the delivered quantity")
		}
		if in.Rejected.IsPositive() && strings.TrimSpace(in.RejectReason) == "" {
			v.AddCode(f("reject_reason"), "", dealerkit.ReasonRequired, "say why the goods were rejected") // §3.4.2
		}
		if cost.IsNegative() || !places(cost, 4) {
			v.AddCode(f("unit_cost"), cost.String(), dealerkit.ReasonOutOfRange, "must be at least 0 with at most 4 places")
		}
		if strings.TrimSpace(in.Bin) == "" {
			v.AddCode(f("bin"), "", dealerkit.ReasonRequired, "required")
		}
		acc := in.Delivered.Sub(in.Rejected)
		accepted[in.Line] = accepted[in.Line].Add(acc)
		if left := l.Outstanding(); accepted[in.Line].GreaterThan(left) && over == nil {
			over = &QuantityError{Line: in.Line, Limit: left, Want: accepted[in.Line]} // §3.4.2
		}
		rc.Lines = append(rc.Lines, ReceiptLine{Line: in.Line, Part: l.Part, Bin: strings.TrimSpace(in.Bin),
			Delivered: in.Delivered, Accepted: acc, Rejected: in.Rejected, RejectReason: strings.TrimSpace(in.RejectReason),
			UnitCost: cost, Value: r.Round(acc.Mul(cost))})
	}
	if err := v.Err(); err != nil {
		return Receipt{}, err
	}
	if over != nil {
		return Receipt{}, over
	}
	from := o.state
	lines2 := slices.Clone(o.lines)
	for _, rl := range rc.Lines {
		i := o.lineIndex(rl.Line)
		lines2[i].Received = lines2[i].Received.Add(rl.Accepted)
		lines2[i].Rejected = lines2[i].Rejected.Add(rl.Rejected)
	}
	o.lines = lines2
	o.receipts = append(o.receipts, rc)
	o.state = to
	if !o.hasOutstanding() {
		o.state = POReceived
	}
	o.event("received", by, at, from, POReceivedPayload{id, rc.OnTime})
	return rc, nil
}

// CloseShort ends an order the supplier will not complete (§3.4.2): what is outstanding is closed
// and the order is received.
func (o *PurchaseOrder) CloseShort(by dealerkit.Actor, at time.Time, reason string) error {
	to, err := o.check(POCmdCloseShort)
	if err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "reason", Reason: "required"}}}
	}
	from := o.state
	lines := slices.Clone(o.lines)
	for i := range lines {
		lines[i].Closed = lines[i].Closed.Add(lines[i].Outstanding())
	}
	o.lines, o.state = lines, to
	o.closing = &Note{At: at, By: by.Ref(), Reason: strings.TrimSpace(reason)}
	o.event("closed_short", by, at, from, nil)
	return nil
}

// Cancel withdraws an order before anything was received (§3.4.1).
func (o *PurchaseOrder) Cancel(by dealerkit.Actor, at time.Time, reason string) error {
	to, err := o.check(POCmdCancel)
	if err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "reason", Reason: "required"}}}
	}
	from := o.state
	o.state = to
	o.closing = &Note{At: at, By: by.Ref(), Reason: strings.TrimSpace(reason)}
	o.event("cancelled", by, at, from, nil)
	return nil
}

// ReverseReceipt undoes a receipt posted in error (§3.4(1): corrections are reversing movements):
// its accepted quantities are outstanding again and the receipt is marked reversed. The Service
// posts the reversing movements in the same transaction. A receipt is reversed at most once.
func (o *PurchaseOrder) ReverseReceipt(by dealerkit.Actor, at time.Time, receipt uuid.UUID, reason string) (Receipt, error) {
	to, err := o.check(POCmdReverseReceipt)
	if err != nil {
		return Receipt{}, err
	}
	k := slices.IndexFunc(o.receipts, func(r Receipt) bool { return r.ID == receipt })
	if k < 0 {
		return Receipt{}, &LineError{Line: receipt, Err: ErrUnknownLine}
	}
	if o.receipts[k].Reversed {
		return Receipt{}, &LineError{Line: receipt, Err: ErrNotReversible}
	}
	if strings.TrimSpace(reason) == "" {
		return Receipt{}, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "reason", Reason: "required"}}}
	}
	from := o.state
	lines := slices.Clone(o.lines)
	for _, rl := range o.receipts[k].Lines {
		i := o.lineIndex(rl.Line)
		lines[i].Received = lines[i].Received.Sub(rl.Accepted)
		lines[i].Rejected = lines[i].Rejected.Sub(rl.Rejected)
	}
	receipts := slices.Clone(o.receipts)
	receipts[k].Reversed = true
	o.lines, o.receipts, o.state = lines, receipts, to
	if !slices.ContainsFunc(o.lines, func(l PurchaseLine) bool { return l.Received.IsPositive() }) {
		o.state = POOrdered
	}
	o.event("receipt_reversed", by, at, from, POReceiptReversedPayload{receipt, reason})
	return receipts[k], nil
}

// ReceiptByKey returns the receipt recorded under an idempotency key.
func (o *PurchaseOrder) ReceiptByKey(key string) (Receipt, bool) {
	for _, r := range o.receipts {
		if r.Key == key {
			r.Lines = slices.Clone(r.Lines)
			return r, true
		}
	}
	return Receipt{}, false
}

// Accepted is the quantity a receipt accepted into stock.
func (r Receipt) Accepted() decimal.Decimal {
	return sumDec(r.Lines, func(l ReceiptLine) decimal.Decimal { return l.Accepted })
}

func (o *PurchaseOrder) hasOutstanding() bool {
	return slices.ContainsFunc(o.lines, func(l PurchaseLine) bool { return l.Outstanding().IsPositive() })
}

func (o *PurchaseOrder) lineIndex(id uuid.UUID) int {
	return slices.IndexFunc(o.lines, func(l PurchaseLine) bool { return l.ID == id })
}

// Dealer is the dealer the order belongs to.
func (o *PurchaseOrder) Dealer() dealerkit.DealerID { return o.dealer }

// ID is the order's id.
func (o *PurchaseOrder) ID() uuid.UUID { return o.id }

// Number is the order number, unique within the dealer.
func (o *PurchaseOrder) Number() string { return o.number }

// Supplier is who the order is placed with.
func (o *PurchaseOrder) Supplier() uuid.UUID { return o.supplier }

// State is where the order stands.
func (o *PurchaseOrder) State() POState { return o.state }

// Lines returns copies of the lines.
func (o *PurchaseOrder) Lines() []PurchaseLine { return slices.Clone(o.lines) }

// Line returns one line.
func (o *PurchaseOrder) Line(id uuid.UUID) (PurchaseLine, bool) {
	i := o.lineIndex(id)
	if i < 0 {
		return PurchaseLine{}, false
	}
	return o.lines[i], true
}

// Receipts returns copies of the deliveries, reversed ones too.
func (o *PurchaseOrder) Receipts() []Receipt {
	out := slices.Clone(o.receipts)
	for i := range out {
		out[i].Lines = slices.Clone(out[i].Lines)
		out[i].By = out[i].By.Clone()
	}
	return out
}

// OrderedAt is when the order was placed; zero while a draft.
func (o *PurchaseOrder) OrderedAt() time.Time { return o.orderedAt }

// ExpectedAt is when the goods are due; zero while a draft.
func (o *PurchaseOrder) ExpectedAt() time.Time { return o.expectedAt }

// CreatedAt is when the draft was started.
func (o *PurchaseOrder) CreatedAt() time.Time { return o.createdAt }

// Closing is why the order was cancelled or closed short, if it was.
func (o *PurchaseOrder) Closing() *Note { return cloneNote(o.closing) }

// Version is the stored version.
func (o *PurchaseOrder) Version() int64 { return o.version }

// SetVersion is for adapters, as Part.SetVersion.
func (o *PurchaseOrder) SetVersion(v int64) { o.version, o.pending = v, nil }

// OnOrder is what is outstanding of part on the order while it is placed.
func (o *PurchaseOrder) OnOrder(part uuid.UUID) decimal.Decimal {
	if o.state != POOrdered && o.state != POPartlyReceived {
		return decimal.Zero
	}
	q := decimal.Zero
	for _, l := range o.lines {
		if l.Part == part {
			q = q.Add(l.Outstanding())
		}
	}
	return q
}

// POSnapshot is the stored form of a purchase order.
type POSnapshot struct {
	Dealer     dealerkit.DealerID `json:"dealer"`
	ID         uuid.UUID          `json:"id"`
	Number     string             `json:"number"`
	Supplier   uuid.UUID          `json:"supplier"`
	State      POState            `json:"state"`
	Lines      []PurchaseLine     `json:"lines"`
	Receipts   []Receipt          `json:"receipts,omitempty"`
	CreatedBy  dealerkit.ActorRef `json:"created_by"`
	CreatedAt  time.Time          `json:"created_at"`
	OrderedAt  time.Time          `json:"ordered_at,omitzero"`
	ExpectedAt time.Time          `json:"expected_at,omitzero"`
	Closing    *Note              `json:"closing,omitempty"`
	UpdatedAt  time.Time          `json:"updated_at"`
	Version    int64              `json:"version"`
}

// Snapshot returns a copy of the order, sharing nothing with it.
func (o *PurchaseOrder) Snapshot() POSnapshot {
	return POSnapshot{Dealer: o.dealer, ID: o.id, Number: o.number, Supplier: o.supplier, State: o.state,
		Lines: o.Lines(), Receipts: o.Receipts(), CreatedBy: o.createdBy.Clone(), CreatedAt: o.createdAt,
		OrderedAt: o.orderedAt, ExpectedAt: o.expectedAt, Closing: cloneNote(o.closing), UpdatedAt: o.updatedAt,
		Version: o.version}
}

// RestorePurchaseOrder rebuilds a stored order (for adapters).
func RestorePurchaseOrder(s POSnapshot) (*PurchaseOrder, error) {
	var v dealerkit.ValidationError
	restoreCommon(&v, s.Dealer, s.ID, s.Version)
	if !poStateEnum.Valid(s.State) {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	o := &PurchaseOrder{dealer: s.Dealer, id: s.ID, number: s.Number, supplier: s.Supplier, state: s.State,
		lines: s.Lines, receipts: s.Receipts, createdBy: s.CreatedBy, createdAt: s.CreatedAt,
		orderedAt: s.OrderedAt, expectedAt: s.ExpectedAt, closing: s.Closing, updatedAt: s.UpdatedAt,
		version: s.Version}
	c := o.Snapshot() // share nothing with s
	o.lines, o.receipts, o.createdBy, o.closing = c.Lines, c.Receipts, c.CreatedBy, c.Closing
	return o, nil
}

// MarshalJSON gives the purchase order's JSON form: its snapshot, the same as a store keeps.
func (x *PurchaseOrder) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x ReceiptLineInput) MarshalJSON() ([]byte, error) {
	type plain ReceiptLineInput
	return exactJSON(plain(x))
}
