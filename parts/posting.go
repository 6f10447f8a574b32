package parts

import (
	"cmp"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Kinds of document a movement refers to.
const (
	RefPurchaseOrder = "purchase_order" // §3.4.2 receipts
	RefRepairOrder   = "repair_order"   // §3.4.3 issues and returns; Line is the part line
	RefStocktake     = "stocktake"      // §3.4.4 count adjustments; Line is the count line
	RefMovement      = "movement"       // a reversal: ID is the movement reversed
	RefManual        = "manual"         // a manager's adjustment outside a stocktake (§3.1)
)

// Reference is the document a movement belongs to.
type Reference struct {
	Kind   string    `json:"kind"`
	ID     uuid.UUID `json:"id,omitzero"`
	Line   uuid.UUID `json:"line,omitzero"`
	Number string    `json:"number,omitempty"` // the document's number, for people
}

// Movement is one change of one stock row's on-hand: the ledger entry (§3.4(1), §3.4(4): book
// and stock agree because the book is the sum of the movements). Movements are immutable; a
// mistake is corrected by a reversing movement, never by editing one.
//
// Quantity and Value are signed: positive in, negative out. Inbound receipts, returns and
// reversals carry their value from the request; an adjustment in is valued at the row's current
// cost (or the part's, see PostingInput.FoundCost); a reversal out takes back the value the
// reversed movement brought in (Stock.takeBack); every other outbound movement is costed by
// Posting.Apply from the row as it stands when posted.
type Movement struct {
	ID        uuid.UUID          `json:"id"`
	Dealer    dealerkit.DealerID `json:"dealer"`
	Posting   uuid.UUID          `json:"posting"`
	Key       string             `json:"key"` // the posting's idempotency key
	Part      uuid.UUID          `json:"part"`
	Bin       string             `json:"bin"`
	Kind      MovementKind       `json:"kind"`
	Quantity  decimal.Decimal    `json:"quantity"`
	Value     decimal.Decimal    `json:"value"`
	UnitCost  decimal.Decimal    `json:"unit_cost"` // receipts: the invoiced cost per unit, 4 places
	Unreserve decimal.Decimal    `json:"unreserve"` // reserved quantity this outbound movement releases
	Reverses  uuid.UUID          `json:"reverses,omitzero"`
	Reason    string             `json:"reason"`
	Reference Reference          `json:"reference"`
	Actor     dealerkit.ActorRef `json:"actor"`
	At        time.Time          `json:"at"`
	// OnHandAfter and ValueAfter are the row's balance after this movement.
	OnHandAfter decimal.Decimal `json:"on_hand_after"`
	ValueAfter  decimal.Decimal `json:"value_after"`
}

// MarshalJSON keeps the scale of the decimals.
func (m Movement) MarshalJSON() ([]byte, error) { type plain Movement; return exactJSON(plain(m)) }

// Inbound reports whether the movement adds stock.
func (m Movement) Inbound() bool { return m.Quantity.IsPositive() }

// PostingLine is one movement of a posting request.
type PostingLine struct {
	ID       uuid.UUID       `json:"id"`
	Part     uuid.UUID       `json:"part"`
	Bin      string          `json:"bin"`
	Quantity decimal.Decimal `json:"quantity"` // signed: positive in, negative out
	// Value of an inbound receipt, return or reversal (at least 0). For an outbound reversal (of an
	// inbound movement) it is the value the reversed movement brought in (at least 0): the stock
	// leaves at that value (Stock.takeBack) rather than at the row's cost. Zero otherwise, since
	// outbound movements and adjustments in are valued when posted.
	Value     decimal.Decimal `json:"value"`
	UnitCost  decimal.Decimal `json:"unit_cost"` // receipts
	Unreserve decimal.Decimal `json:"unreserve"` // outbound: reserved quantity released with it
	Reverses  uuid.UUID       `json:"reverses"`  // reversals: the movement reversed
	// Line is the document line the movement belongs to (a repair-order part line of a pick
	// list); zero means the posting's Reference.Line.
	Line uuid.UUID `json:"line"`
}

// PostingInput is a request to change stock: one or more movements of one kind, under one
// idempotency key, with the valuation method and rounding of the policy in force.
type PostingInput struct {
	// Key is the idempotency key: the same key with the same request gives the original result,
	// with a different request an error (ErrKeyReused). Unique per dealer.
	Key string `json:"key"`
	// Fingerprint identifies the request behind the key; empty means one computed from the
	// posting's kind, reference, reason and lines.
	Fingerprint string             `json:"fingerprint"`
	Kind        MovementKind       `json:"kind"`
	Reference   Reference          `json:"reference"`
	Reason      string             `json:"reason"`
	Method      ValuationMethod    `json:"method"`
	Rounding    dealerkit.Rounding `json:"rounding"`
	Lines       []PostingLine      `json:"lines"`
	// FoundCost is, per part, the unit cost of stock found (an adjustment in) in a row that is
	// empty and never had a receipt: the part's cost across its rows (Service.partCost). Without
	// it such stock would be valued at zero. It is not part of the request's fingerprint.
	FoundCost map[uuid.UUID]decimal.Decimal `json:"found_cost"`
}

// Posting is one atomic change of stock: its movements are stored together or not at all, under
// one idempotency key (§3.4(1)). Build one with NewPosting; a store applies it with Apply, row by
// row, as described on StockRepository.Post.
type Posting struct {
	dealer      dealerkit.DealerID
	id          uuid.UUID
	key         string
	fingerprint string
	kind        MovementKind
	reference   Reference
	reason      string
	actor       dealerkit.ActorRef
	at          time.Time
	method      ValuationMethod
	rounding    dealerkit.Rounding
	movements   []Movement
	applied     []bool
	given       []decimal.Decimal // outbound reversals: the value the reversed movement brought in
	found       map[uuid.UUID]decimal.Decimal
	// When the request gave no fingerprint, it is computed from lines (the request's, in this
	// posting's own copy) on first use, once: the policy lab builds postings it never stores, and
	// hashed every one of them (issue 13).
	fingerprintOnce  sync.Once
	fingerprintLines []PostingLine
	lazy             bool
	// recoverable: the request's lines can be read back from the movements, for a store to
	// compute the fingerprint only when it is read (SnapshotLazy).
	recoverable bool
}

const maxKey = 200

// NewPosting checks a posting request and builds it. Its movements are sorted by part and bin:
// the order a store locks rows in, so two postings never wait on each other in a cycle.
//
// A receipt may have no lines: a key claim. A delivery whose goods were all rejected at
// inspection moves no stock, but its key is taken all the same (keys are one space per dealer,
// §3.4.2), so Service.Receive stores such a posting under it. A claim is stored like any posting
// (Post, PostingByKey, GetPosting) and has no movements and no event (see Claim).
func NewPosting(id uuid.UUID, by dealerkit.Actor, at time.Time, in PostingInput) (*Posting, error) {
	var v dealerkit.ValidationError
	if id == uuid.Nil || !by.Valid() {
		v.AddCode("id", "", dealerkit.ReasonRequired, "an id and a valid actor are required")
	}
	if strings.TrimSpace(in.Key) == "" || len(in.Key) > maxKey {
		v.AddCode("key", in.Key, dealerkit.ReasonRequired, "an idempotency key of 1 to 200 characters is required")
	}
	if !moveEnum.Valid(in.Kind) {
		v.AddCode("kind", in.Kind.String(), dealerkit.ReasonUnknownValue, "unknown movement kind")
	}
	if strings.TrimSpace(in.Reference.Kind) == "" {
		v.AddCode("reference.kind", "", dealerkit.ReasonRequired, "required")
	}
	if strings.TrimSpace(in.Reason) == "" {
		v.AddCode("reason", "", dealerkit.ReasonRequired, "required")
	}
	if !methodEnum.Valid(in.Method) {
		v.AddCode("method", in.Method.String(), dealerkit.ReasonUnknownValue, "unknown valuation method")
	}
	if err, ok := in.Rounding.Validate().(*dealerkit.ValidationError); ok {
		v.Fields = append(v.Fields, err.Fields...)
	}
	if len(in.Lines) == 0 && in.Kind != MoveReceipt {
		v.AddCode("lines", "", dealerkit.ReasonRequired, "at least one movement is required (only a receipt claims its key with none)")
	}
	ids := map[uuid.UUID]bool{}
	for i, l := range in.Lines {
		f := func(sub string) string { return indexed("lines", i, sub) }
		if l.ID == uuid.Nil || ids[l.ID] {
			v.AddCode(f("id"), l.ID.String(), dealerkit.ReasonRequired, "a unique id is required")
		}
		ids[l.ID] = true
		if l.Part == uuid.Nil {
			v.AddCode(f("part"), "", dealerkit.ReasonRequired, "required")
		}
		if strings.TrimSpace(l.Bin) == "" {
			v.AddCode(f("bin"), "", dealerkit.ReasonRequired, "required")
		}
		inbound, out := l.Quantity.IsPositive(), l.Quantity.IsNegative()
		switch {
		case !inbound && !out:
			v.AddCode(f("quantity"), l.Quantity.String(), dealerkit.ReasonNotPositive, "must not be zero")
		case inbound && in.Kind == MoveIssue, out && (in.Kind == MoveReceipt || in.Kind == MoveReturn):
			v.Add(f("quantity"), l.Quantity.String(), "the wrong sign for a "+in.Kind.String())
		}
		given := inbound && (in.Kind == MoveReceipt || in.Kind == MoveReturn) || in.Kind == MoveReversal
		if given && l.Value.IsNegative() || !given && !l.Value.IsZero() {
			v.AddCode(f("value"), l.Value.String(), dealerkit.ReasonOutOfRange, "given only for receipts, returns and reversals, at least 0")
		}
		if l.UnitCost.IsNegative() || !places(l.UnitCost, 4) || in.Kind != MoveReceipt && !l.UnitCost.IsZero() {
			v.AddCode(f("unit_cost"), l.UnitCost.String(), dealerkit.ReasonOutOfRange, "a receipt's cost per unit, at least 0 with at most 4 places")
		}
		if l.Unreserve.IsNegative() || l.Unreserve.IsPositive() && (!out || l.Unreserve.GreaterThan(l.Quantity.Neg())) {
			v.AddCode(f("unreserve"), l.Unreserve.String(), dealerkit.ReasonOutOfRange, "only on an outbound movement, at most its quantity")
		}
		if (in.Kind == MoveReversal) != (l.Reverses != uuid.Nil) {
			v.Add(f("reverses"), l.Reverses.String(), "a reversal, and only a reversal, names the movement it reverses")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p := &Posting{dealer: by.Dealer(), id: id, key: in.Key, fingerprint: in.Fingerprint, kind: in.Kind,
		reference: in.Reference, reason: strings.TrimSpace(in.Reason), actor: by.Ref(), at: at,
		method: in.Method, rounding: in.Rounding, found: maps.Clone(in.FoundCost)}
	lines := slices.Clone(in.Lines)
	slices.SortStableFunc(lines, func(a, b PostingLine) int {
		return cmp.Or(compareUUID(a.Part, b.Part), strings.Compare(a.Bin, b.Bin))
	})
	if len(lines) > 0 { // a claim's stay nil, as its stored form has always had them
		p.movements = make([]Movement, 0, len(lines))
	}
	for _, l := range lines {
		ref := in.Reference
		if l.Line != uuid.Nil {
			ref.Line = l.Line
		}
		p.movements = append(p.movements, Movement{ID: l.ID, Dealer: p.dealer, Posting: id, Key: p.key,
			Part: l.Part, Bin: strings.TrimSpace(l.Bin), Kind: in.Kind, Quantity: l.Quantity, Value: l.Value,
			UnitCost: l.UnitCost, Unreserve: l.Unreserve, Reverses: l.Reverses, Reason: p.reason,
			Reference: ref, Actor: p.actor, At: at})
	}
	p.applied = make([]bool, len(p.movements))
	if in.Kind == MoveReversal { // only a reversal's outbound movements read given (Apply)
		p.given = make([]decimal.Decimal, len(p.movements))
		for i, m := range p.movements {
			if m.Quantity.IsNegative() {
				p.given[i], p.movements[i].Value = m.Value, decimal.Zero
			}
		}
	}
	if p.fingerprint == "" {
		// §3.4(1): the same value as computing it here, from the request as it is now; lines is
		// this posting's own copy and kind, reference and reason are kept as values, so nothing
		// the caller changes later can move it.
		p.lazy, p.fingerprintLines = true, lines
		p.recoverable = linesRecoverable(in.Kind, in.Reference, lines)
	}
	return p, nil
}

func withoutIDs(ls []PostingLine) []PostingLine {
	out := slices.Clone(ls)
	for i := range out {
		out[i].ID = uuid.Nil
	}
	return out
}

// fingerprint identifies a request: the SHA-256 of the operation's name and the request in a
// canonical JSON form (canonical). Decimals render without trailing zeros, so 1.5 and 1.50 are
// the same request, whatever scale the types' own JSON keeps.
func fingerprint(op string, request any) string {
	b := make([]byte, 0, 1024)
	b = append(append(b, op...), '\n')
	v := reflect.ValueOf(request)
	if v.IsValid() {
		c := reflect.New(v.Type()).Elem() // a copy, addressable (see addr)
		c.Set(v)
		v = c
	}
	h := sha256.Sum256(appendCanonical(b, v)) // the JSON of canonical(request)
	return hex.EncodeToString(h[:])
}

// fingerprintName is the key a struct field has in the fingerprint: its JSON name, as
// encoding/json would use it; false for a field JSON leaves out (unexported, or tagged "-").
func fingerprintName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch name {
	case "-":
		return "", false
	case "":
		return f.Name, true
	}
	return name, true
}

// canonical is v as plain JSON data: structs as objects keyed by their JSON names, decimals as
// their shortest text, text marshalers (ids, enums, times) as their text; no MarshalJSON method
// takes part, so a request's identity does not move when a type's JSON form does.
func canonical(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == decimalType {
		return v.Interface().(decimal.Decimal).String()
	}
	if tm, ok := v.Interface().(encoding.TextMarshaler); ok && v.Kind() != reflect.Pointer {
		b, err := tm.MarshalText()
		if err != nil {
			return fmt.Sprint(v.Interface())
		}
		return string(b)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return canonical(v.Elem())
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			if name, ok := fingerprintName(v.Type().Field(i)); ok {
				out[name] = canonical(v.Field(i))
			}
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = canonical(v.Index(i))
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		iter := v.MapRange()
		for iter.Next() {
			out[fmt.Sprint(canonical(iter.Key()))] = canonical(iter.Value())
		}
		return out
	}
	return v.Interface()
}

// Apply applies movement i to before, the row as it stands in the store's transaction (nil when
// the row does not exist yet), and returns the row after it. It fills in the movement's value (for
// outbound movements and adjustments in) and its balance after. An outbound movement that would
// take more than the row's available stock (on-hand less reserved, plus what the movement itself
// releases), or release more than is reserved, is refused with a *StockError and the posting
// must not be stored.
//
// Apply converts the row to the posting's valuation method first (see Policy.Valuation). It may
// be called again for the same movement (a store retrying its transaction); the last call wins.
func (p *Posting) Apply(i int, before *Stock) (*Stock, error) {
	if i < 0 || i >= len(p.movements) {
		return nil, fmt.Errorf("parts: posting %s has no movement %d", p.id, i)
	}
	m := &p.movements[i]
	if before == nil {
		before = NewStock(p.dealer, m.Part, m.Bin)
	}
	if before.dealer != p.dealer || before.part != m.Part || before.bin != m.Bin {
		return nil, fmt.Errorf("parts: movement %s is for part %s in bin %q, not the row given", m.ID, m.Part, m.Bin)
	}
	s := before.clone()
	s.convert(p.method)
	if m.Quantity.IsNegative() {
		out := m.Quantity.Neg()
		if m.Unreserve.GreaterThan(s.reserved) {
			return nil, &StockError{Part: m.Part, Bin: m.Bin, Have: s.reserved, Want: m.Unreserve}
		}
		if avail := addDec(subDec(s.onHand, s.reserved), m.Unreserve); out.GreaterThan(avail) {
			return nil, &StockError{Part: m.Part, Bin: m.Bin, Have: avail, Want: out} // never negative, never another's reservation
		}
		if m.Kind == MoveReversal && i < len(p.given) {
			cost, err := s.takeBack(out, p.given[i], m.Reverses, p.rounding)
			if err != nil {
				return nil, err
			}
			m.Value = cost.Neg()
		} else {
			m.Value = s.take(out, p.rounding).Neg()
		}
		s.reserved = subDec(s.reserved, m.Unreserve)
	} else {
		value := m.Value
		if m.Kind == MoveAdjustment {
			value = s.foundValue(m.Quantity, p.rounding, p.found[m.Part])
		}
		// Stock coming back (a return, a reversed issue) goes back where it left from: the front
		// of the FIFO queue.
		s.put(m.Quantity, value, p.at, m.Kind == MoveReturn || m.Kind == MoveReversal, m.ID)
		m.Value = value
	}
	if m.Kind == MoveReceipt {
		s.lastUnitCost = m.UnitCost
	}
	if m.Kind == MoveReceipt || m.Kind == MoveIssue || m.Kind == MoveReturn || s.lastMovementAt.IsZero() {
		s.lastMovementAt = p.at
	}
	m.OnHandAfter, m.ValueAfter = s.onHand, s.value
	p.applied[i] = true
	return s, nil
}

// Applied reports whether every movement has been applied (or the posting was restored from
// storage).
func (p *Posting) Applied() bool { return !slices.Contains(p.applied, false) }

// PendingEvents is the posting's event, for the store to write in the same transaction. It
// carries the values Apply computed, so a store asks for it after applying every movement; before
// that it is empty. A claim changes no stock and has none: the purchase order records the receipt.
func (p *Posting) PendingEvents() []dealerkit.Event {
	if !p.Applied() || p.Claim() {
		return nil
	}
	// The data is PostingPayload's JSON, written by hand: every movement of stock records one.
	data := appendPostingPayload(make([]byte, 0, 256+160*len(p.movements)), p.key, p.reference, p.reason, p.movements)
	var r recorder
	r.recordJSON(p.dealer, AggregateStock, p.id, p.eventType(), p.Clause(), p.actor, p.at, "", "posted", data)
	return r.pending
}

// eventType is the type of the posting's event.
func (p *Posting) eventType() string {
	switch p.kind {
	case MoveReceipt:
		return EventStockReceived
	case MoveIssue:
		return EventStockIssued
	case MoveReturn:
		return EventStockReturned
	case MoveAdjustment:
		return EventStockAdjusted
	case MoveReversal:
		return EventStockReversed
	}
	return AggregateStock + "." // as the map this replaced gave for a kind it did not know
}

// Clause is the regulation clause the posting follows.
func (p *Posting) Clause() string {
	switch {
	case p.kind == MoveReceipt:
		return "§3.4.2"
	case p.kind == MoveIssue || p.kind == MoveReturn:
		return "§3.4.3"
	case p.kind == MoveAdjustment && p.reference.Kind == RefStocktake:
		return "§3.4.4"
	case p.kind == MoveAdjustment:
		return "§3.1"
	default:
		return "§3.4(1)"
	}
}

// Dealer is the dealer the posting belongs to.
func (p *Posting) Dealer() dealerkit.DealerID { return p.dealer }

// ID is the posting's id.
func (p *Posting) ID() uuid.UUID { return p.id }

// Key is the idempotency key.
func (p *Posting) Key() string { return p.key }

// Claim reports whether the posting only claims its key: a receipt with no movements, stored for
// a delivery that accepted nothing (see NewPosting).
func (p *Posting) Claim() bool { return len(p.movements) == 0 }

// Fingerprint identifies the request behind the key.
func (p *Posting) Fingerprint() string {
	if p.lazy {
		p.fingerprintOnce.Do(func() { // safe for concurrent first uses
			p.fingerprint = postingFingerprint(p.kind, p.reference, p.reason, p.fingerprintLines)
		})
	}
	return p.fingerprint
}

// Kind is the kind of every movement of the posting.
func (p *Posting) Kind() MovementKind { return p.kind }

// Reference is the document the posting belongs to.
func (p *Posting) Reference() Reference { return p.reference }

// Reason is why stock changed.
func (p *Posting) Reason() string { return p.reason }

// Actor is who posted it.
func (p *Posting) Actor() dealerkit.ActorRef { return p.actor.Clone() }

// At is when it was posted.
func (p *Posting) At() time.Time { return p.at }

// Method is the valuation method it was costed under.
func (p *Posting) Method() ValuationMethod { return p.method }

// Rounding is how its values were rounded.
func (p *Posting) Rounding() dealerkit.Rounding { return p.rounding }

// MovementCount is the number of movements: Apply's i runs from 0 to MovementCount()-1.
func (p *Posting) MovementCount() int { return len(p.movements) }

// RowOf is the stock row movement i changes, its part and bin; zero values for an i out of
// range. A store reads the rows before Apply with it, in this order (the lock order), without
// copying the movements as Movements does.
func (p *Posting) RowOf(i int) (part uuid.UUID, bin string) {
	if i < 0 || i >= len(p.movements) {
		return uuid.Nil, ""
	}
	return p.movements[i].Part, p.movements[i].Bin
}

// Movements returns copies of the movements, sorted by part and bin.
func (p *Posting) Movements() []Movement { return cloneMovements(p.movements, nil) }

// cloneMovements copies ms sharing nothing with them: one copy of a list of roles serves every
// movement whose roles are the same (a posting's movements all carry its actor's), and roles,
// when given, is already such a copy.
func cloneMovements(ms []Movement, roles []dealerkit.Role) []Movement {
	out := slices.Clone(ms)
	for i := range out {
		a := &out[i].Actor
		if roles == nil || !slices.Equal(a.Roles, roles) {
			roles = slices.Clone(a.Roles)
		}
		a.Roles = roles
	}
	return out
}

// Quantity is the sum of the movements' quantities.
func (p *Posting) Quantity() decimal.Decimal {
	return sumDec(p.movements, func(m Movement) decimal.Decimal { return m.Quantity })
}

// Value is the sum of the movements' values (negative for an issue).
func (p *Posting) Value() decimal.Decimal {
	return sumDec(p.movements, func(m Movement) decimal.Decimal { return m.Value })
}

// PostingSnapshot is the stored form of a posting.
type PostingSnapshot struct {
	Dealer      dealerkit.DealerID `json:"dealer"`
	ID          uuid.UUID          `json:"id"`
	Key         string             `json:"key"`
	Fingerprint string             `json:"fingerprint"`
	Kind        MovementKind       `json:"kind"`
	Reference   Reference          `json:"reference"`
	Reason      string             `json:"reason"`
	Actor       dealerkit.ActorRef `json:"actor"`
	At          time.Time          `json:"at"`
	Method      ValuationMethod    `json:"method"`
	Rounding    dealerkit.Rounding `json:"rounding"`
	Movements   []Movement         `json:"movements"`
}

// Snapshot returns a copy of the posting, sharing nothing with it.
func (p *Posting) Snapshot() PostingSnapshot {
	s, later := p.SnapshotLazy()
	if later {
		s.Fingerprint = p.Fingerprint()
	}
	return s
}

// SnapshotLazy is Snapshot for a store that keeps postings in memory. A posting's fingerprint is
// read only when its key comes back with a retried request, so when the request gave none and
// its lines can be read back from the movements, the snapshot leaves Fingerprint empty and later
// is true: the store sets it to SnapshotFingerprint of the snapshot, movements applied, when it
// gives the posting back. Computing every fingerprint, or keeping the request's lines to compute
// it from, each cost the memory store about a tenth of an issue (issue 12).
func (p *Posting) SnapshotLazy() (s PostingSnapshot, later bool) {
	later = p.lazy && p.recoverable
	actor := p.actor.Clone()
	s = PostingSnapshot{Dealer: p.dealer, ID: p.id, Key: p.key, Kind: p.kind, Reference: p.reference, Reason: p.reason,
		Actor: actor, At: p.at, Method: p.method, Rounding: p.rounding, Movements: cloneMovements(p.movements, actor.Roles)}
	if !later {
		s.Fingerprint = p.Fingerprint()
	}
	return s, later
}

// RestorePosting rebuilds a stored posting (for adapters). A restored posting counts as applied.
func RestorePosting(s PostingSnapshot) (*Posting, error) {
	var v dealerkit.ValidationError
	if s.Dealer.IsZero() {
		v.AddCode("dealer", "", dealerkit.ReasonRequired, "required")
	}
	if s.ID == uuid.Nil {
		v.AddCode("id", "", dealerkit.ReasonRequired, "required")
	}
	if s.Key == "" {
		v.AddCode("key", "", dealerkit.ReasonRequired, "required")
	}
	if !moveEnum.Valid(s.Kind) {
		v.AddCode("kind", s.Kind.String(), dealerkit.ReasonUnknownValue, "unknown movement kind")
	}
	if len(s.Movements) == 0 && s.Kind != MoveReceipt {
		v.AddCode("movements", "", dealerkit.ReasonRequired, "at least one (only a receipt's key claim has none)")
	}
	for i, m := range s.Movements {
		if m.Posting != s.ID || m.Dealer != s.Dealer {
			v.Add(indexed("movements", i, "posting"), m.Posting.String(), "belongs to another posting")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	applied := make([]bool, len(s.Movements))
	for i := range applied {
		applied[i] = true
	}
	actor := s.Actor.Clone()
	return &Posting{dealer: s.Dealer, id: s.ID, key: s.Key, fingerprint: s.Fingerprint, kind: s.Kind,
		reference: s.Reference, reason: s.Reason, actor: actor, at: s.At, method: s.Method,
		rounding: s.Rounding, movements: cloneMovements(s.Movements, actor.Roles), applied: applied}, nil
}

func compareUUID(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) }

// MarshalJSON gives the Posting's JSON form: its snapshot, the same as a store keeps.
func (x *Posting) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x PostingLine) MarshalJSON() ([]byte, error) {
	type plain PostingLine
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals, FoundCost's included.
func (in PostingInput) MarshalJSON() ([]byte, error) {
	type plain PostingInput
	return exactJSON(plain(in))
}
